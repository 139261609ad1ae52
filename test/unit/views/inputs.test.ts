import * as assert from 'node:assert/strict';
import { groupInputs, inputRows, teamSummaries } from '../../../src/core/views/inputs';
import { specRow } from '../../../src/core/views/coverage';
import { finding, indexOf, joinLines, spec, uri } from '../helpers';
import { input, metric } from '../loopHelpers';

function workspace() {
  return indexOf({
    'i1.md': input('I-1'),
    'i2.md': input('I-2', ['from: support', 'status: planned']),
    'i3.md': input('I-3', ['from: support', 'status: declined', 'reason: Not for us']),
    'i4.md': input('I-4', ['status: qualified', 'date: 2026-11-20']),
    'i5.md': input('I-5', ['from: success']),
    'f1.md': finding('F-1'),
    'm.md': metric('M-1', ['unit: "%"']),
    'x.md': finding('F-x', ['source: analytics', 'metric: M-1', 'value: 66', 'date: 2026-10-10']),
    'd.md': joinLines(
      '---',
      'id: D-1',
      'type: decision',
      'title: Do it',
      'status: accepted',
      'evidence: [F-1]',
      'inputs: [I-5]',
      '---',
      '',
    ),
    's.md': spec(
      'S-1',
      ['  - id: R-1', '    text: Do the thing', '    evidence: [F-1]', '    inputs: [I-1]'],
      ['status: shipped', 'shipped: 2026-10-01', 'metrics: [M-1]'],
    ),
  });
}

describe('the Inputs view model', () => {
  it('gives each input where it went, with the state of each place', () => {
    const rows = inputRows(workspace());
    const i1 = rows.find(r => r.id === 'I-1')!;
    assert.deepEqual(
      i1.places.map(p => [p.id, p.kind, p.spec, p.status, p.state]),
      [['R-1', 'requirement', 'S-1', 'shipped', 'grounded']],
    );
    assert.deepEqual(
      rows.find(r => r.id === 'I-5')!.places.map(p => [p.id, p.kind, p.status]),
      [['D-1', 'decision', 'accepted']],
    );
  });

  it('groups by team in the order of the format, or by status; the waiting ones are one filter away', () => {
    const index = workspace();
    assert.deepEqual(
      groupInputs(index).map(g => [g.label, g.inputs.map(r => r.id)]),
      [
        ['sales', ['I-1', 'I-4']],
        ['support', ['I-2', 'I-3']],
        ['success', ['I-5']],
      ],
    );
    assert.deepEqual(
      groupInputs(index, { grouping: 'status' }).map(g => g.label),
      ['new', 'qualified', 'planned', 'declined'],
    );
    // I-2 is planned but cited by nothing (a warning, not "waiting"); I-4 is recent.
    assert.deepEqual(
      groupInputs(index, { waitingOnly: true }).flatMap(g => g.inputs.map(r => r.id)),
      [],
    );
    const later = indexOf({
      'i4.md': input('I-4', ['status: qualified']),
      'i6.md': input('I-6', ['date: 2026-11-20']),
    });
    assert.deepEqual(
      groupInputs(later, { waitingOnly: true }).flatMap(g => g.inputs.map(r => [r.id, r.age])),
      [['I-4', 76]],
    );
  });

  it('sums up each team: raised, actioned, declined with a reason, waiting', () => {
    assert.deepEqual(teamSummaries(workspace()), [
      { team: 'sales', raised: 2, actioned: 1, declined: 0, waiting: 0 },
      { team: 'support', raised: 2, actioned: 0, declined: 1, waiting: 0 },
      { team: 'success', raised: 1, actioned: 1, declined: 0, waiting: 0 },
    ]);
  });

  it('the coverage row of a shipped spec carries its outcome per metric', () => {
    const index = workspace();
    const row = specRow(index, index.get(uri('s.md'))!);
    assert.equal(row.shipped, '2026-10-01');
    assert.deepEqual(
      row.outcomes.map(o => [o.metric, o.title, o.verdict, o.latest?.value, o.uri]),
      [['M-1', 'Metric M-1', 'missed', 66, uri('m.md')]],
    );
  });
});
