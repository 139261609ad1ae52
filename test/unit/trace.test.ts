import * as assert from 'assert';
import { traceItem } from '../../src/core';
import { finding, indexOf, joinLines, spec, uri } from './helpers';

const input = (id: string, from: string, extra: string[] = []) =>
  joinLines(
    '---',
    `id: ${id}`,
    'type: input',
    `title: Input ${id}`,
    `from: ${from}`,
    'date: 2026-09-14',
    ...extra,
    '---',
    'What was said.',
    '',
  );
const metric = (id: string, extra: string[] = []) =>
  joinLines(
    '---',
    `id: ${id}`,
    'type: metric',
    `title: Metric ${id}`,
    'direction: increase',
    'baseline: 61.5',
    'target: 70',
    ...extra,
    '---',
    '',
  );

function workspace() {
  return indexOf({
    'inputs/I-1.md': input('I-1', 'sales'),
    'inputs/I-2.md': input('I-2', 'support'),
    'metrics/M-1.md': metric('M-1'),
    'findings/F-1.md': finding('F-1', ['inputs: [I-2]']),
    'findings/F-m1.md': finding('F-m1', ['source: analytics', 'metric: M-1', 'value: 66', 'date: 2026-10-01']),
    'findings/F-m2.md': finding('F-m2', ['source: analytics', 'metric: M-1', 'value: 72', 'date: 2026-11-01']),
    'specs/s.md': spec(
      'S-1',
      [
        '  - id: R-1',
        '    text: Pay by bank transfer',
        '    evidence: [F-1]',
        '    inputs: [I-1, I-2]',
        '  - id: R-2',
        '    text: Other',
        '    inputs: [I-1]',
      ],
      ['status: shipped', 'shipped: 2026-09-20', 'metrics: [M-1]'],
      '# Spec\n\nAsked in I-1.',
    ),
  });
}

describe('traceItem', () => {
  it('returns undefined for an ID that nothing declares', () => {
    assert.strictEqual(traceItem(workspace(), 'I-404'), undefined);
  });

  it('lists, for an input, each requirement and finding that cites it, with spec, status and state', () => {
    const t = traceItem(workspace(), 'I-2')!;
    assert.strictEqual(t.kind, 'input');
    assert.strictEqual(t.from, 'support');
    assert.deepStrictEqual(
      t.downstream.map(d => [d.id, d.kind, d.spec, d.status, d.state, d.field]),
      [
        ['F-1', 'finding', undefined, 'active', undefined, 'inputs'],
        ['R-1', 'requirement', 'S-1', 'shipped', 'grounded', 'inputs'],
      ],
    );
    assert.deepStrictEqual(t.upstream, []);
  });

  it("lists a requirement's evidence, inputs and metrics upstream, and body mentions apart", () => {
    const t = traceItem(workspace(), 'R-1')!;
    assert.strictEqual(t.state, 'grounded');
    assert.strictEqual(t.spec, 'S-1');
    assert.deepStrictEqual(
      t.upstream.map(u => `${u.field}:${u.id}:${u.kind}`),
      ['evidence:F-1:finding', 'inputs:I-1:input', 'inputs:I-2:input'],
    );
    const i1 = traceItem(workspace(), 'I-1')!;
    assert.deepStrictEqual(
      i1.downstream.map(d => d.id),
      ['R-1', 'R-2'],
    );
    assert.strictEqual(i1.mentions.length, 1);
    assert.strictEqual(i1.mentions[0].uri, uri('specs/s.md'));
  });

  it('gives a shipped spec its requirements and its outcome per metric', () => {
    const t = traceItem(workspace(), 'S-1')!;
    assert.deepStrictEqual(
      t.requirements!.map(r => [r.id, r.state]),
      [
        ['R-1', 'grounded'],
        ['R-2', 'ungrounded'],
      ],
    );
    assert.deepStrictEqual(
      t.upstream.map(u => u.id),
      ['M-1'],
    );
    assert.deepStrictEqual(t.outcomes, [
      {
        spec: 'S-1',
        metric: 'M-1',
        baseline: 61.5,
        target: 70,
        verdict: 'met',
        latest: { id: 'F-m2', value: 72, date: '2026-11-01' },
      },
    ]);
  });

  it('gives a metric its measurements in date order and the outcomes of the specs that name it', () => {
    const t = traceItem(workspace(), 'M-1')!;
    assert.deepStrictEqual(
      t.measurements!.map(m => [m.id, m.value]),
      [
        ['F-m1', 66],
        ['F-m2', 72],
      ],
    );
    assert.deepStrictEqual(
      t.outcomes!.map(o => [o.spec, o.verdict]),
      [['S-1', 'met']],
    );
    assert.deepStrictEqual(t.downstream.map(d => `${d.field}:${d.id}`).sort(), [
      'metric:F-m1',
      'metric:F-m2',
      'metrics:S-1',
    ]);
  });

  it('is plain JSON: a round trip through JSON changes nothing', () => {
    const t = traceItem(workspace(), 'S-1');
    assert.deepStrictEqual(JSON.parse(JSON.stringify(t)), t);
  });
});
