import * as assert from 'node:assert/strict';
import { coverageDescription, coverageRows, findingHealth, specState } from '../../../src/core/views/coverage';
import { escapeTooltip as escapeMarkdown } from '../../../src/core/presentation';
import { spec, finding } from '../helpers';
import { checkoutIndex } from './fixture';

describe('views: coverage rows', () => {
  it('gives each spec its coverage description and state', () => {
    const [row] = coverageRows(checkoutIndex());
    assert.equal(row.id, 'S-checkout');
    assert.equal(coverageDescription(row.coverage), '2/4 · 50%');
    assert.equal(specState(row.coverage), 'weak');
    assert.deepEqual(
      row.requirements.map(r => [r.id, r.state]),
      [
        ['R-1', 'grounded'],
        ['R-2', 'ungrounded'],
        ['R-3', 'ungrounded'],
        ['R-4', 'waived'],
        ['R-5', 'grounded'],
      ],
    );
  });

  it('lists findings and decisions under a requirement, with why they do or do not count', () => {
    const [row] = coverageRows(checkoutIndex());
    const r2 = row.requirements[1];
    assert.deepEqual(
      r2.evidence.map(e => [e.id, e.kind, e.valid, e.note]),
      [['F-031', 'finding', false, 'superseded by F-022']],
    );
    assert.match(r2.reason, /\*\*Ungrounded\*\*/);
    assert.match(r2.reason, /`F-031` does not count: superseded by F\\-022/);
    const r5 = row.requirements[4];
    assert.deepEqual(
      r5.evidence.map(e => [e.id, e.kind, e.valid, e.note]),
      [['D-007', 'decision', true, 'via: F-014, F-022']],
    );
    assert.match(r5.reason, /Grounded via `D-007`/);
  });

  it('points every row at the exact range of its ID', () => {
    const index = checkoutIndex();
    const [row] = coverageRows(index);
    const doc = index.get(row.uri)!;
    const text = (r: { start: { line: number; character: number }; end: { line: number; character: number } }) =>
      doc.text.slice(doc.lines.offsetAt(r.start), doc.lines.offsetAt(r.end));
    assert.equal(text(row.range), 'S-checkout');
    assert.equal(text(row.requirements[2].range), 'R-3');
  });

  it('filters to specs with gaps and to weak or ungrounded requirements, and sorts', () => {
    const index = checkoutIndex({
      'specs/done.md': spec('S-done', ['  - id: R-done', '    evidence: [F-014]']),
      'specs/a.md': spec('S-a-weak', ['  - id: R-a', '    priority: must', '    evidence: [F-014]']),
    });
    assert.deepEqual(
      coverageRows(index).map(r => r.id),
      ['S-a-weak', 'S-checkout', 'S-done'],
    );
    assert.deepEqual(
      coverageRows(index, { sort: 'name' }).map(r => r.id),
      ['S-a-weak', 'S-checkout', 'S-done'],
    );
    assert.deepEqual(
      coverageRows(index, { gapsOnly: true }).map(r => r.id),
      ['S-a-weak', 'S-checkout'],
    );
    const weak = coverageRows(index, { weakOnly: true });
    assert.deepEqual(
      weak.map(r => [r.id, r.requirements.map(q => q.id)]),
      [
        ['S-a-weak', ['R-a']],
        ['S-checkout', ['R-2', 'R-3']],
      ],
    );
  });

  it('marks stale and expired findings with the reason', () => {
    const index = checkoutIndex({ 'findings/F-040.md': finding('F-040', ['valid_until: 2026-01-01']) });
    assert.equal(findingHealth(index, index.item('F-030')!.item).stale, '1054 days old');
    assert.equal(findingHealth(index, index.item('F-040')!.item).stale, 'expired on 2026-01-01');
    assert.equal(findingHealth(index, index.item('F-014')!.item).stale, undefined);
  });

  it('escapes Markdown and HTML in tooltips', () => {
    assert.equal(escapeMarkdown('[x](command:evil) <b>*'), '\\[x\\]\\(command:evil\\) &lt;b&gt;\\*');
  });
});
