import * as assert from 'node:assert/strict';
import { buildReport } from '../../src/core';
import { compareSnapshots, fingerprint, snapshot, stableMessage } from '../../src/node/compare';
import { finding, indexOf, joinLines, spec } from './helpers';

function snap(files: Record<string, string>) {
  const index = indexOf(files);
  const fileOf = (uri: string) => uri.replace('file:///ws/', '');
  return snapshot(index, buildReport(index, fileOf), fileOf);
}

const req = (id: string, priority: string, evidence?: string) => [
  `  - id: ${id}`,
  `    text: ${id}`,
  `    priority: ${priority}`,
  ...(evidence ? [`    evidence: [${evidence}]`] : []),
];

describe('compareSnapshots', () => {
  const base = snap({
    'f1.md': finding('F-1'),
    'f2.md': finding('F-2'),
    'f3.md': finding('F-3'),
    'a.md': spec(
      'S-a',
      [...req('R-1', 'must', 'F-1, F-2'), ...req('R-2', 'should', 'F-3')],
      [],
      joinLines('# A', '', 'Mentions F-404.'),
    ),
    'b.md': spec('S-b', req('R-3', 'should')),
  });

  it('is empty for identical trees', () => {
    const c = compareSnapshots(base, base, 'main');
    assert.deepEqual(
      [c.regressed, c.improved, c.evidenceRemoved, c.newDiagnostics, c.fixedDiagnostics],
      [[], [], [], [], []],
    );
    assert.ok(c.specs.every(s => s.status === 'unchanged'));
  });

  it('names why evidence stopped counting: deleted, refuted or unlinked', () => {
    const head = snap({
      'f1.md': finding('F-1', ['status: refuted']),
      'f3.md': finding('F-3'),
      'a.md': spec(
        'S-a',
        [...req('R-1', 'must', 'F-1, F-2'), ...req('R-2', 'should')],
        [],
        joinLines('# A', '', 'Mentions F-404.'),
      ),
      'b.md': spec('S-b', req('R-3', 'should', 'F-3')),
    });
    const c = compareSnapshots(base, head, 'main');
    assert.deepEqual(
      c.evidenceRemoved.map(e => `${e.requirement} ${e.evidence} ${e.reason}${e.status ? ` ${e.status}` : ''}`),
      ['R-1 F-1 invalid refuted', 'R-1 F-2 deleted', 'R-2 F-3 unlinked'],
    );
    assert.deepEqual(
      c.regressed.map(r => `${r.id} ${r.before}→${r.after}`),
      ['R-1 grounded→ungrounded', 'R-2 grounded→ungrounded'],
    );
    assert.deepEqual(
      c.improved.map(r => `${r.id} ${r.before}→${r.after}`),
      ['R-3 ungrounded→grounded'],
    );
    assert.equal(c.summary.before.coverage, 2 / 3);
    assert.equal(c.summary.after.coverage, 1 / 3);
  });

  it('matches diagnostics by their line text, not their line number, and follows renamed files', () => {
    const head = snap({
      'f1.md': finding('F-1'),
      'f2.md': finding('F-2'),
      'f3.md': finding('F-3'),
      'specs/alpha.md': spec(
        'S-a',
        [...req('R-1', 'must', 'F-1, F-2'), ...req('R-2', 'should', 'F-3')],
        ['status: review', 'owners: { product: dana }'],
        joinLines('# A', '', 'New intro.', '', 'Mentions F-404.', 'And F-405.'),
      ),
      'b.md': spec('S-b', req('R-3', 'should')),
    });
    const c = compareSnapshots(base, head, 'main');
    assert.deepEqual(c.renamed, { 'a.md': 'specs/alpha.md' });
    assert.deepEqual(
      c.newDiagnostics.map(d => d.message.slice(0, 7)),
      ['`F-405`'],
    );
    assert.deepEqual(c.fixedDiagnostics, []);
    assert.equal(c.specs.find(s => s.id === 'S-a')!.baseFile, 'a.md');
  });

  it('counts identical problems: a second copy of a known one is new', () => {
    const head = snap({
      'f1.md': finding('F-1'),
      'f2.md': finding('F-2'),
      'f3.md': finding('F-3'),
      'a.md': spec(
        'S-a',
        [...req('R-1', 'must', 'F-1, F-2'), ...req('R-2', 'should', 'F-3')],
        [],
        joinLines('# A', '', 'Mentions F-404.', 'Mentions F-404.'),
      ),
      'b.md': spec('S-b', req('R-3', 'should')),
    });
    const c = compareSnapshots(base, head, 'main');
    assert.equal(c.newDiagnostics.length, 1);
    assert.equal(c.newDiagnostics[0].rule, 'unknown-reference');
  });

  it('reports added and removed specs with their requirements', () => {
    const head = snap({
      'f1.md': finding('F-1'),
      'f2.md': finding('F-2'),
      'f3.md': finding('F-3'),
      'a.md': spec(
        'S-a',
        [...req('R-1', 'must', 'F-1, F-2'), ...req('R-2', 'should', 'F-3')],
        [],
        joinLines('# A', '', 'Mentions F-404.'),
      ),
      'c.md': spec('S-c', req('R-9', 'must')),
    });
    const c = compareSnapshots(base, head, 'main');
    assert.deepEqual(
      c.specs.map(s => `${s.id} ${s.status}`),
      ['S-a unchanged', 'S-c added', 'S-b removed'],
    );
    assert.deepEqual(
      c.regressed.map(r => `${r.id} ${r.before}→${r.after}`),
      ['R-9 null→ungrounded'],
    );
    assert.deepEqual(
      c.fixedDiagnostics.map(d => `${d.file} ${d.rule}`),
      ['b.md ungrounded-requirement'],
    );
  });
});

describe('fingerprint', () => {
  const d = {
    file: 'a.md',
    line: 3,
    column: 1,
    endLine: 3,
    endColumn: 4,
    severity: 'info',
    rule: 'stale-evidence',
    message: '`F-003` is 929 days old (from 2024-05-14; stale after 365).',
  };

  it('ignores the line number and surrounding whitespace, not the line text', () => {
    assert.equal(fingerprint(d, '  evidence: [F-003]'), fingerprint({ ...d, line: 40 }, 'evidence: [F-003]  '));
    assert.notEqual(fingerprint(d, 'evidence: [F-003]'), fingerprint(d, 'evidence: [F-004]'));
  });

  it('ignores ages and counts that change by themselves, not IDs or dates', () => {
    assert.equal(stableMessage(d.message), '`F-003` is # days old (from 2024-05-14; stale after #).');
    assert.equal(fingerprint(d, 'x'), fingerprint({ ...d, message: d.message.replace('929', '930') }, 'x'));
  });
});
