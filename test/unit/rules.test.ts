import * as assert from 'node:assert/strict';
import { RULES } from '../../src/core';
import { indexOf, joinLines, rulesOf, finding, spec, all, uri } from './helpers';

/** A workspace where one finding (F-1) grounds one should-requirement: no rule fires but unused ones. */
const base = () => ({
  'f1.md': finding('F-1'),
  's.md': spec('S-1', ['  - id: R-1', '    text: Do the thing', '    evidence: [F-1]']),
});

describe('rules', () => {
  it('each rule has a module with an ID, severity and description', () => {
    assert.equal(new Set(RULES.map(r => r.id)).size, RULES.length);
    for (const r of RULES) {
      assert.match(r.id, /^[a-z]+(-[a-z]+)*$/);
      assert.ok(['error', 'warning', 'info'].includes(r.defaultSeverity));
      assert.ok(r.description.length > 10);
    }
  });

  it('a clean workspace has no diagnostics', () => {
    assert.deepEqual(rulesOf(indexOf(base())), []);
  });

  describe('yaml-syntax', () => {
    it('fires on broken YAML in an item, at the error', () => {
      const index = indexOf({ 'a.md': joinLines('---', 'id: F-1', 'type: finding', 'title: [unclosed', '---', '') });
      const d = index.diagnostics(uri('a.md'));
      assert.deepEqual(
        d.map(x => x.rule),
        ['yaml-syntax'],
      );
      assert.equal(d[0].range.start.line, 3);
    });
    it('does not fire on broken YAML in a file that is not an item', () => {
      const index = indexOf({ 'blog.md': joinLines('---', 'layout: post', 'title: [unclosed', '---', 'Hello F-1') });
      assert.deepEqual(rulesOf(index), []);
    });
    it('fires when the frontmatter of an item is never closed', () => {
      const index = indexOf({ 'a.md': joinLines('---', 'id: F-1', 'type: finding', 'title: x', '') });
      assert.deepEqual(rulesOf(index, 'a.md'), ['yaml-syntax']);
    });
    it('keeps the declarations of a broken item, so links to it do not break', () => {
      const index = indexOf({
        'a.md': joinLines('---', 'id: F-1', 'type: finding', 'title: "unclosed', '---', ''),
        's.md': spec('S-1', ['  - id: R-1', '    text: t', '    evidence: [F-1]']),
      });
      assert.ok(!rulesOf(index, 's.md').includes('broken-link'));
    });
  });

  describe('missing-id', () => {
    it('fires for an item without id and for a requirement without id', () => {
      const index = indexOf({
        'a.md': joinLines('---', 'type: persona', 'title: P', '---', ''),
        's.md': spec('S-1', ['  - text: no id', '    waiver: n/a']),
      });
      assert.deepEqual(rulesOf(index, 'a.md'), ['missing-id']);
      assert.deepEqual(rulesOf(index, 's.md'), ['missing-id']);
    });
    it('does not fire when the id is there', () => {
      assert.deepEqual(
        rulesOf(indexOf({ 'a.md': joinLines('---', 'id: P-1', 'type: persona', 'title: P', '---', '') })),
        [],
      );
    });
  });

  describe('duplicate-id', () => {
    it('fires in both files, each pointing at the other', () => {
      const index = indexOf({
        'a.md': finding('F-1'),
        'b.md': finding('F-1'),
        's.md': spec('S-1', ['  - id: R-1', '    text: t', '    evidence: [F-1]']),
      });
      const a = index.diagnostics(uri('a.md')).find(d => d.rule === 'duplicate-id')!;
      const b = index.diagnostics(uri('b.md')).find(d => d.rule === 'duplicate-id')!;
      assert.equal(a.related![0].uri, uri('b.md'));
      assert.equal(b.related![0].uri, uri('a.md'));
      assert.equal(a.related![0].range.start.line, 1);
    });
    it('fires when a requirement reuses an item ID', () => {
      const index = indexOf({ ...base(), 's2.md': spec('S-2', ['  - id: F-1', '    text: t', '    waiver: w']) });
      assert.ok(rulesOf(index, 's2.md').includes('duplicate-id'));
    });
    it('does not fire for IDs that differ only in case', () => {
      const index = indexOf({
        'a.md': finding('F-1'),
        'b.md': finding('f-1'),
        's.md': spec('S-1', ['  - id: R-1', '    text: t', '    evidence: [F-1, f-1]']),
      });
      assert.deepEqual(rulesOf(index), []);
    });
  });

  describe('invalid-field', () => {
    const cases: [string, string][] = [
      ['source: podcast', 'enum'],
      ['date: 2026-02-30', 'date'],
      ['date: March 2026', 'date'],
      ['sample: -3', 'integer'],
      ['sample: 2.5', 'integer'],
      ['confidence: sure', 'enum'],
      ['personas: {a: 1}', 'list'],
      ['superseded_by: [F-2, F-3]', 'one ID'],
    ];
    for (const [line, what] of cases) {
      it(`fires on \`${line}\` (${what})`, () => {
        const index = indexOf({ ...base(), 'f1.md': finding('F-1', [line]) });
        assert.ok(rulesOf(index, 'f1.md').includes('invalid-field'), rulesOf(index, 'f1.md').join());
      });
    }
    it('fires on an ID that does not start with a letter', () => {
      assert.ok(
        rulesOf(indexOf({ 'p.md': joinLines('---', 'id: 7-up', 'type: persona', 'title: x', '---') })).includes(
          'invalid-field',
        ),
      );
    });
    it('sits on the value, not the key', () => {
      const index = indexOf({ ...base(), 'f1.md': finding('F-1', ['confidence: sure']) });
      const d = index.diagnostics(uri('f1.md')).find(x => x.rule === 'invalid-field')!;
      assert.deepEqual([d.range.start.character, d.range.end.character], [12, 16]);
    });
    it('accepts valid values, one ID or a list', () => {
      const index = indexOf({
        ...base(),
        'f1.md': finding('F-1', [
          'sample: 12',
          'confidence: high',
          'status: active',
          'valid_until: 2027-03-01',
          'tags: [a, b]',
        ]),
      });
      assert.deepEqual(rulesOf(index), []);
    });
  });

  describe('missing-field', () => {
    it('fires for a finding without source and date and an item without title', () => {
      const index = indexOf({ ...base(), 'f2.md': joinLines('---', 'id: F-2', 'type: finding', '---', '') });
      assert.deepEqual(rulesOf(index, 'f2.md').filter(r => r === 'missing-field').length, 3);
    });
    it('does not fire for a persona with only a title', () => {
      assert.deepEqual(
        rulesOf(indexOf({ 'p.md': joinLines('---', 'id: P-1', 'type: persona', 'title: x', '---') })),
        [],
      );
    });
  });

  describe('unknown-field', () => {
    it('fires on a near miss and names the field', () => {
      const index = indexOf({
        ...base(),
        's.md': spec('S-1', ['  - id: R-1', '    text: t', '    evidense: [F-1]', '    waiver: w']),
      });
      const d = index.diagnostics(uri('s.md')).find(x => x.rule === 'unknown-field')!;
      assert.match(d.message, /`evidence`/);
      assert.equal(d.data!.suggestion, 'evidence');
    });
    it('does not fire on a custom field far from any known one', () => {
      const index = indexOf({ ...base(), 'f1.md': finding('F-1', ['researcher: kim']) });
      assert.deepEqual(rulesOf(index), []);
    });
  });

  describe('broken-link', () => {
    it('fires on an unknown ID and suggests the nearest', () => {
      const index = indexOf({
        ...base(),
        'f2.md': finding('F-014'),
        's.md': spec('S-1', ['  - id: R-1', '    text: t', '    evidence: [F-1, F-014, F-041]']),
      });
      const d = index.diagnostics(uri('s.md')).find(x => x.rule === 'broken-link')!;
      assert.match(d.message, /F-041/);
      assert.match(d.message, /Did you mean `F-014`/);
      assert.equal(d.range.start.line, 7);
    });
    it('does not fire when the ID exists', () => {
      assert.ok(!rulesOf(indexOf(base())).includes('broken-link'));
    });
  });

  describe('wrong-link-type', () => {
    it('fires when evidence names a persona', () => {
      const index = indexOf({
        ...base(),
        'p.md': joinLines('---', 'id: P-1', 'type: persona', 'title: x', '---'),
        's.md': spec('S-1', ['  - id: R-1', '    text: t', '    evidence: [F-1, P-1]']),
      });
      assert.deepEqual(rulesOf(index, 's.md'), ['wrong-link-type']);
    });
    it('does not fire when personas names a persona', () => {
      const index = indexOf({
        ...base(),
        'p.md': joinLines('---', 'id: P-1', 'type: persona', 'title: x', '---'),
        's.md': spec('S-1', ['  - id: R-1', '    text: t', '    evidence: [F-1]', '    personas: [P-1]']),
      });
      assert.deepEqual(rulesOf(index), []);
    });
  });

  describe('ungrounded-requirement and weak-requirement', () => {
    it('fires ungrounded for no evidence and weak for a must with one finding', () => {
      const index = indexOf({
        ...base(),
        's.md': spec('S-1', [
          '  - id: R-1',
          '    text: a',
          '    priority: must',
          '    evidence: F-1',
          '  - id: R-2',
          '    text: b',
        ]),
      });
      assert.deepEqual(rulesOf(index, 's.md'), ['weak-requirement', 'ungrounded-requirement']);
    });
    it('do not fire for a waived requirement', () => {
      const index = indexOf({ ...base(), 's2.md': spec('S-2', ['  - id: R-2', '    text: b', '    waiver: legal']) });
      assert.deepEqual(rulesOf(index, 's2.md'), []);
    });
    it('an empty waiver does not waive', () => {
      const index = indexOf({ ...base(), 's2.md': spec('S-2', ['  - id: R-2', '    text: b', '    waiver: "  "']) });
      assert.ok(rulesOf(index, 's2.md').includes('ungrounded-requirement'));
    });
  });

  describe('refuted-evidence and superseded-evidence', () => {
    it('fire on cited refuted and superseded findings, naming the successor', () => {
      const index = indexOf({
        ...base(),
        'f2.md': finding('F-2', ['status: refuted']),
        'f3.md': finding('F-3', ['status: superseded', 'superseded_by: F-1']),
        's.md': spec('S-1', ['  - id: R-1', '    text: a', '    evidence: [F-1, F-2, F-3]']),
      });
      const ds = index.diagnostics(uri('s.md'));
      assert.deepEqual(
        ds.map(d => d.rule),
        ['refuted-evidence', 'superseded-evidence'],
      );
      assert.match(ds[1].message, /successor `F-1`/);
      assert.equal(ds[1].data!.successor, 'F-1');
    });
    it('do not fire for active findings', () => {
      assert.deepEqual(rulesOf(indexOf(base())), []);
    });
  });

  describe('stale-evidence', () => {
    it('fires for a finding older than stale_after_days and for one past valid_until', () => {
      const index = indexOf({
        ...base(),
        'f2.md': finding('F-2', ['date: 2025-11-28']),
        'f3.md': finding('F-3', ['valid_until: 2026-11-28']),
        's.md': spec('S-1', ['  - id: R-1', '    text: a', '    evidence: [F-1, F-2, F-3]']),
      });
      assert.deepEqual(rulesOf(index, 's.md'), ['stale-evidence', 'stale-evidence']);
    });
    it('does not fire on the last fresh day, nor with a future valid_until, and follows the config', () => {
      const files = {
        ...base(),
        'f2.md': finding('F-2', ['date: 2025-11-29']),
        'f3.md': finding('F-3', ['valid_until: 2026-11-29', 'date: 2020-01-01']),
        's.md': spec('S-1', ['  - id: R-1', '    text: a', '    evidence: [F-1, F-2, F-3]']),
      };
      assert.deepEqual(rulesOf(indexOf(files)), []);
      assert.deepEqual(rulesOf(indexOf(files, { staleAfterDays: 200 }), 's.md'), ['stale-evidence']);
    });
  });

  describe('persona-mismatch', () => {
    const personas = {
      'p1.md': joinLines('---', 'id: P-1', 'type: persona', 'title: a', '---'),
      'p2.md': joinLines('---', 'id: P-2', 'type: persona', 'title: b', '---'),
    };
    it('fires when both sides are set and share none', () => {
      const index = indexOf({
        ...base(),
        ...personas,
        'f1.md': finding('F-1', ['personas: [P-2]']),
        's.md': spec('S-1', ['  - id: R-1', '    text: a', '    evidence: [F-1]'], ['personas: [P-1]']),
      });
      assert.deepEqual(rulesOf(index, 's.md'), ['persona-mismatch']);
    });
    it('does not fire when they share one, or when the finding has none', () => {
      const index = indexOf({
        ...base(),
        ...personas,
        'f1.md': finding('F-1', ['personas: [P-2, P-1]']),
        's.md': spec('S-1', ['  - id: R-1', '    text: a', '    evidence: [F-1]', '    personas: [P-1]']),
      });
      assert.deepEqual(rulesOf(index), []);
    });
  });

  describe('ungrounded-decision and superseded-decision', () => {
    const decision = (id: string, lines: string[]) =>
      joinLines('---', `id: ${id}`, 'type: decision', `title: ${id}`, ...lines, '---', '');
    it('fires on an accepted decision without valid evidence', () => {
      const index = indexOf({ ...base(), 'd.md': decision('D-1', ['status: accepted', 'evidence: [F-9]']) });
      assert.ok(rulesOf(index, 'd.md').includes('ungrounded-decision'));
    });
    it('does not fire on a proposed decision without evidence', () => {
      assert.deepEqual(rulesOf(indexOf({ ...base(), 'd.md': decision('D-1', ['status: proposed']) })), []);
    });
    it('fires when a spec cites a superseded decision, naming its successor', () => {
      const index = indexOf({
        ...base(),
        'd1.md': decision('D-1', ['status: superseded', 'superseded_by: D-2']),
        'd2.md': decision('D-2', ['status: accepted', 'evidence: [F-1]', 'supersedes: D-1']),
        's.md': spec('S-1', ['  - id: R-1', '    text: a', '    evidence: [F-1]'], ['decisions: [D-1, D-2]']),
      });
      const d = index.diagnostics(uri('s.md'));
      assert.deepEqual(
        d.map(x => x.rule),
        ['superseded-decision'],
      );
      assert.match(d[0].message, /`D-2`/);
    });
  });

  describe('unknown-reference', () => {
    it('fires on an ID-like token in an item body, not in code, comments or link URLs', () => {
      const body = joinLines(
        'See F-1 and F-99.',
        '`F-98` and <!-- F-97 -->',
        '```',
        'F-96',
        '```',
        '[F-1](https://x.test/F-95)',
      );
      const index = indexOf({ ...base(), 'f1.md': finding('F-1', [], body) });
      const d = index.diagnostics(uri('f1.md')).filter(x => x.rule === 'unknown-reference');
      assert.deepEqual(
        d.map(x => x.message.slice(0, 7)),
        ['`F-99` '],
      );
    });
    it('does not fire in notes that are not items, nor for unconfigured prefixes', () => {
      const index = indexOf({
        ...base(),
        'note.md': 'Mentions F-99.\n',
        'f1.md': finding('F-1', [], 'Uses X-1 and COVID-19.'),
      });
      assert.deepEqual(rulesOf(index), []);
    });
  });

  describe('unused-finding', () => {
    it('fires on an active finding nothing cites, tagged unnecessary', () => {
      const index = indexOf({ ...base(), 'f2.md': finding('F-2') });
      const d = index.diagnostics(uri('f2.md'));
      assert.deepEqual(
        d.map(x => x.rule),
        ['unused-finding'],
      );
      assert.deepEqual(d[0].tags, ['unnecessary']);
    });
    it('does not fire for a refuted finding, nor for one cited by a decision', () => {
      const index = indexOf({
        ...base(),
        'f2.md': finding('F-2', ['status: refuted']),
        'f3.md': finding('F-3'),
        'd.md': joinLines('---', 'id: D-1', 'type: decision', 'title: d', 'evidence: F-3', '---'),
      });
      assert.deepEqual(rulesOf(index), []);
    });
  });

  describe('unreadable-file', () => {
    it('is reported for non-items too', async () => {
      const { unreadableDocument } = await import('../../src/core');
      const index = indexOf(base());
      index.set(unreadableDocument(uri('bin.md'), 'This file is binary.'));
      assert.deepEqual(rulesOf(index, 'bin.md'), ['unreadable-file']);
    });
  });

  it('severities follow the config, and `off` silences a rule', () => {
    const files = { ...base(), 'f2.md': finding('F-2') };
    assert.equal(all(indexOf(files, { rules: { 'unused-finding': 'error' } }))[0].severity, 'error');
    assert.deepEqual(rulesOf(indexOf(files, { rules: { 'unused-finding': 'off' } })), []);
  });
});
