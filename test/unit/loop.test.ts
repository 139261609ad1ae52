import * as assert from 'node:assert/strict';
import { defaultConfig, parseConfig, parseMarkdown, RULE_IDS, specOutcomes } from '../../src/core';
import { finding, indexOf, joinLines, rulesOf, spec, uri } from './helpers';
import { input, metric } from './loopHelpers';

const measurement = (id: string, value: string, date: string, extra: string[] = []) =>
  finding(id, ['source: analytics', 'metric: M-1', `value: ${value}`, `date: ${date}`, ...extra]);
const grounded = ['  - id: R-1', '    text: Do it', '    evidence: [F-1]'];

describe('inputs (docs/format.md ("Input"))', () => {
  it('reads an input with its fields and defaults', () => {
    const doc = parseMarkdown(
      uri('i.md'),
      input('I-1', [
        'by: Sam, account executive',
        'customers: [Northwind, Contoso]',
        'segment: enterprise',
        'link: https://crm.example/t/1',
      ]),
    );
    const item = doc.item!;
    assert.deepEqual(
      [item.type, item.from, item.by, item.customers, item.segment, item.importance, item.status, item.link],
      [
        'input',
        'sales',
        'Sam, account executive',
        ['Northwind', 'Contoso'],
        'enterprise',
        'medium',
        'new',
        'https://crm.example/t/1',
      ],
    );
    assert.deepEqual(doc.problems, []);
  });

  it('reports a bad team, importance or status as invalid-field, and a missing team as missing-field', () => {
    const index = indexOf({
      'i.md': input('I-1', ['from: finance', 'importance: urgent', 'status: open']),
      'j.md': joinLines('---', 'id: I-2', 'type: input', 'title: x', 'date: 2026-11-01', '---', ''),
    });
    assert.deepEqual(rulesOf(index, 'i.md'), ['unanswered-input', 'invalid-field', 'invalid-field', 'invalid-field']);
    assert.deepEqual(rulesOf(index, 'j.md'), ['missing-field']);
  });

  it('links inputs from specs, requirements, decisions and findings; a wrong type or a missing ID is reported', () => {
    const index = indexOf({
      'i.md': input('I-1'),
      'f1.md': finding('F-1', ['inputs: [I-1]']),
      's.md': spec('S-1', [...grounded, '    inputs: [I-1, F-1, I-404]'], ['inputs: [I-1]']),
    });
    assert.deepEqual(rulesOf(index, 's.md'), ['wrong-link-type', 'broken-link']);
    assert.deepEqual(rulesOf(index, 'i.md'), []);
    assert.deepEqual(rulesOf(index, 'f1.md'), []);
  });

  it('never counts an input as evidence: grounding ignores it', () => {
    const index = indexOf({
      'i.md': input('I-1'),
      's.md': spec('S-1', [
        '  - id: R-1',
        '    text: Asked for',
        '    inputs: [I-1]',
        '  - id: R-2',
        '    text: Cited wrongly',
        '    evidence: [I-1]',
      ]),
    });
    assert.deepEqual(rulesOf(index, 's.md'), ['ungrounded-requirement', 'ungrounded-requirement', 'wrong-link-type']);
    const s = index.get(uri('s.md'))!.item!;
    assert.deepEqual(
      s.requirements.map(r => index.grounding(r).state),
      ['ungrounded', 'ungrounded'],
    );
  });

  describe('unanswered-input', () => {
    it('fires on a new or qualified input older than input_response_days that nothing cites, on its id', () => {
      const index = indexOf({
        'a.md': input('I-1'),
        'b.md': input('I-2', ['status: qualified']),
        'c.md': input('I-3', ['date: 2026-11-20']),
      });
      const d = index.diagnostics(uri('a.md'));
      assert.deepEqual(
        d.map(x => [x.rule, x.range.start.line]),
        [['unanswered-input', 1]],
      );
      assert.match(d[0].message, /I-1` from sales has waited 76 days/);
      assert.deepEqual(rulesOf(index, 'b.md'), ['unanswered-input']);
      assert.deepEqual(rulesOf(index, 'c.md'), []);
    });
    it('does not fire once something cites it, and follows input_response_days', () => {
      const cited = indexOf({
        'a.md': input('I-1'),
        's.md': spec('S-1', grounded, ['inputs: [I-1]']),
        'f1.md': finding('F-1'),
      });
      assert.deepEqual(rulesOf(cited, 'a.md'), []);
      assert.deepEqual(rulesOf(indexOf({ 'a.md': input('I-1') }, { inputResponseDays: 100 }), 'a.md'), []);
    });
    it('fires again when the citation is removed (incremental)', () => {
      const index = indexOf({
        'a.md': input('I-1'),
        's.md': spec('S-1', grounded, ['inputs: [I-1]']),
        'f1.md': finding('F-1'),
      });
      assert.deepEqual(rulesOf(index, 'a.md'), []);
      index.set(parseMarkdown(uri('s.md'), spec('S-1', grounded)));
      assert.deepEqual(rulesOf(index, 'a.md'), ['unanswered-input']);
    });
  });

  describe('declined-without-reason', () => {
    it('fires on a declined input without a reason, on its status', () => {
      const index = indexOf({
        'a.md': input('I-1', ['status: declined']),
        'b.md': input('I-2', ['status: declined', 'reason: Out of scope for 2026']),
      });
      const d = index.diagnostics(uri('a.md'));
      assert.deepEqual(
        d.map(x => [x.rule, x.range.start.line]),
        [['declined-without-reason', 6]],
      );
      assert.deepEqual(rulesOf(index, 'b.md'), []);
    });
  });

  describe('planned-input-not-actioned', () => {
    it('fires on a planned or done input that nothing cites, and not once it is cited', () => {
      const index = indexOf({
        'a.md': input('I-1', ['status: planned']),
        'b.md': input('I-2', ['status: done']),
        'c.md': input('I-3', ['status: planned']),
        'd.md': joinLines('---', 'id: D-1', 'type: decision', 'title: x', 'inputs: [I-3]', '---', ''),
      });
      assert.deepEqual(rulesOf(index, 'a.md'), ['planned-input-not-actioned']);
      assert.deepEqual(rulesOf(index, 'b.md'), ['planned-input-not-actioned']);
      assert.deepEqual(rulesOf(index, 'c.md'), []);
    });
    it('does not count a mention in the body as citing it', () => {
      const index = indexOf({
        'a.md': input('I-1', ['status: planned']),
        's.md': spec('S-1', grounded, [], '# S\n\nSee I-1.'),
        'f1.md': finding('F-1'),
      });
      assert.deepEqual(rulesOf(index, 'a.md'), ['planned-input-not-actioned']);
    });
  });
});

describe('metrics and outcomes (docs/format.md ("Metric"))', () => {
  it('reads a metric and a measurement; a measurement defaults to quantitative', () => {
    const m = parseMarkdown(
      uri('m.md'),
      metric('M-1', ['unit: "%"', 'owners: [product, cx]', 'source: https://analytics.example/d/12']),
    ).item!;
    assert.deepEqual(
      [m.unit, m.direction, m.baseline, m.target, m.owners, m.source],
      ['%', 'increase', 61.5, 70, ['product', 'cx'], 'https://analytics.example/d/12'],
    );
    const f = parseMarkdown(uri('f.md'), finding('F-m', ['source: interview', 'metric: M-1', 'value: 64.2'])).item!;
    assert.deepEqual([f.metric?.id, f.value, f.method], ['M-1', 64.2, 'quantitative']);
  });

  it('value, baseline and target must be numbers and direction one of its values', () => {
    const index = indexOf({
      'm.md': metric('M-1', ['baseline: lots', 'target: "70"', 'direction: up']),
      'f.md': finding('F-m', ['metric: M-1', 'value: high']),
    });
    assert.deepEqual(rulesOf(index, 'm.md'), ['invalid-field', 'invalid-field', 'invalid-field']);
    assert.deepEqual(rulesOf(index, 'f.md'), ['invalid-field']);
  });

  it('metrics or metric: naming a non-metric is wrong-link-type; a missing one broken-link', () => {
    const index = indexOf({
      'f1.md': finding('F-1'),
      'f.md': finding('F-m', ['metric: F-1', 'value: 3']),
      's.md': spec('S-1', [...grounded, '    metrics: [M-404]'], ['metrics: [F-1]']),
    });
    assert.deepEqual(rulesOf(index, 'f.md'), ['wrong-link-type']);
    assert.deepEqual(rulesOf(index, 's.md'), ['wrong-link-type', 'broken-link']);
  });

  it('unused-finding does not fire on a measurement', () => {
    const index = indexOf({
      'm.md': metric('M-1'),
      'f.md': measurement('F-m', '66', '2026-10-01'),
      'g.md': finding('F-2'),
    });
    assert.deepEqual(rulesOf(index, 'f.md'), []);
    assert.deepEqual(rulesOf(index, 'g.md'), ['unused-finding']);
  });

  describe('missing-metric', () => {
    it('fires on an approved or shipped spec that names no metric, on its id', () => {
      const files = { 'f1.md': finding('F-1'), 'm.md': metric('M-1') };
      const none = indexOf({ ...files, 's.md': spec('S-1', grounded, ['status: approved']) });
      assert.deepEqual(
        none.diagnostics(uri('s.md')).map(d => [d.rule, d.range.start.line]),
        [['missing-metric', 1]],
      );
      assert.deepEqual(rulesOf(indexOf({ ...files, 's.md': spec('S-1', grounded, ['status: review']) }), 's.md'), []);
      assert.deepEqual(
        rulesOf(
          indexOf({ ...files, 's.md': spec('S-1', [...grounded, '    metrics: [M-1]'], ['status: approved']) }),
          's.md',
        ),
        [],
      );
    });
  });

  describe('outcomes', () => {
    const shipped = (extra: string[] = []) =>
      spec('S-1', grounded, ['status: shipped', 'shipped: 2026-09-20', 'metrics: [M-1]', ...extra]);
    it('is met when the latest measurement since shipping reaches the target, missed otherwise', () => {
      const met = indexOf({
        'f1.md': finding('F-1'),
        'm.md': metric('M-1'),
        'a.md': measurement('F-a', '75', '2026-10-01'),
        'b.md': measurement('F-b', '71', '2026-11-01'),
        's.md': shipped(),
      });
      const s = met.get(uri('s.md'))!.item!;
      assert.deepEqual(
        specOutcomes(met, s).map(o => [o.verdict, o.latest?.id]),
        [['met', 'F-b']],
      );
      assert.deepEqual(rulesOf(met, 's.md'), []);
      const missed = indexOf({
        'f1.md': finding('F-1'),
        'm.md': metric('M-1'),
        'a.md': measurement('F-a', '75', '2026-10-01'),
        'b.md': measurement('F-b', '65', '2026-11-01'),
        's.md': shipped(),
      });
      const d = missed.diagnostics(uri('s.md'));
      assert.deepEqual(
        d.map(x => x.rule),
        ['missed-target'],
      );
      assert.match(d[0].message, /`M-1` missed its target: 65 on 2026-11-01 \(`F-b`\)/);
      assert.equal(missed.get(uri('s.md'))!.text.slice(...offsets(missed, d[0])), 'M-1');
    });
    it('follows the direction: a decrease metric is met at or below the target', () => {
      const index = indexOf({
        'f1.md': finding('F-1'),
        'm.md': metric('M-1', ['direction: decrease', 'baseline: 9', 'target: 5']),
        'a.md': measurement('F-a', '5', '2026-10-01'),
        's.md': shipped(),
      });
      assert.deepEqual(
        specOutcomes(index, index.get(uri('s.md'))!.item!).map(o => o.verdict),
        ['met'],
      );
    });
    it('ignores measurements from before the ship date: unmeasured-outcome after outcome_after_days', () => {
      const index = indexOf({
        'f1.md': finding('F-1'),
        'm.md': metric('M-1'),
        'a.md': measurement('F-a', '75', '2026-09-01'),
        's.md': shipped(),
      });
      const d = index.diagnostics(uri('s.md'));
      assert.deepEqual(
        d.map(x => x.rule),
        ['unmeasured-outcome'],
      );
      assert.match(d[0].message, /`M-1` has no measurement since `S-1` shipped on 2026-09-20/);
      assert.deepEqual(
        rulesOf(
          indexOf({ 'f1.md': finding('F-1'), 'm.md': metric('M-1'), 's.md': shipped() }, { outcomeAfterDays: 90 }),
          's.md',
        ),
        [],
      );
    });
    it("sits on the requirement's metric when only a requirement names it", () => {
      const index = indexOf({
        'f1.md': finding('F-1'),
        'm.md': metric('M-1'),
        's.md': spec('S-1', [...grounded, '    metrics: [M-1]'], ['status: shipped', 'shipped: 2026-09-20']),
      });
      const d = index.diagnostics(uri('s.md'));
      assert.deepEqual(
        d.map(x => [x.rule, x.range.start.line]),
        [['unmeasured-outcome', 10]],
      );
    });
    it('a new or changed measurement updates the spec (incremental)', () => {
      const index = indexOf({
        'f1.md': finding('F-1'),
        'm.md': metric('M-1'),
        'a.md': measurement('F-a', '65', '2026-10-01'),
        's.md': shipped(),
      });
      assert.deepEqual(rulesOf(index, 's.md'), ['missed-target']);
      const affected = index.set(parseMarkdown(uri('a.md'), measurement('F-a', '72', '2026-10-01')));
      assert.ok(affected.includes(uri('s.md')));
      assert.deepEqual(rulesOf(index, 's.md'), []);
      index.set(parseMarkdown(uri('m.md'), metric('M-1', ['target: 80'])));
      assert.deepEqual(rulesOf(index, 's.md'), ['missed-target']);
      index.delete(uri('a.md'));
      assert.deepEqual(rulesOf(index, 's.md'), ['unmeasured-outcome']);
    });
  });
});

describe('configuration for the loop', () => {
  it('reads input_response_days and outcome_after_days, and rejects a bad value with its line', () => {
    const { config, errors } = parseConfig(joinLines('input_response_days: 14', 'outcome_after_days: 60'), RULE_IDS);
    assert.deepEqual([errors, config.inputResponseDays, config.outcomeAfterDays], [[], 14, 60]);
    const bad = parseConfig(joinLines('stale_after_days: 10', 'outcome_after_days: soon'), RULE_IDS);
    assert.deepEqual(
      bad.errors.map(e => [e.line, e.message]),
      [[2, '`outcome_after_days` must be a positive whole number of days']],
    );
  });
  it('the default reference prefixes include I- and M-', () => {
    assert.ok(defaultConfig().referencePrefixes.includes('I-') && defaultConfig().referencePrefixes.includes('M-'));
    const index = indexOf({
      'f1.md': finding('F-1'),
      's.md': spec('S-1', grounded, [], '# S\n\nAsked in I-77 and moves M-9.'),
    });
    assert.deepEqual(rulesOf(index, 's.md'), ['unknown-reference', 'unknown-reference']);
  });
});

function offsets(
  index: ReturnType<typeof indexOf>,
  d: { uri: string; range: { start: { line: number; character: number }; end: { line: number; character: number } } },
): [number, number] {
  const doc = index.get(d.uri)!;
  return [doc.lines.offsetAt(d.range.start), doc.lines.offsetAt(d.range.end)];
}
