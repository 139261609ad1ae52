import * as assert from 'node:assert/strict';
import { buildReport, specCoverage } from '../../src/core';
import { indexOf, joinLines, finding, spec, uri } from './helpers';

const decision = (id: string, status: string, evidence: string) =>
  joinLines('---', `id: ${id}`, 'type: decision', `title: ${id}`, `status: ${status}`, `evidence: ${evidence}`, '---');

function states(files: Record<string, string>, config = {}) {
  const index = indexOf(files, config);
  const doc = index.get(uri('s.md'))!;
  return { index, spec: doc.item!, states: doc.item!.requirements.map(r => index.grounding(r)) };
}

describe('grounding and coverage', () => {
  const findings = { 'f1.md': finding('F-1'), 'f2.md': finding('F-2'), 'f3.md': finding('F-3', ['status: refuted']) };

  it('counts active findings against the minimum for the priority', () => {
    const { states: s } = states({
      ...findings,
      's.md': spec('S-1', [
        '  - id: R-1',
        '    priority: must',
        '    evidence: [F-1, F-2]',
        '  - id: R-2',
        '    priority: must',
        '    evidence: [F-1, F-3]',
        '  - id: R-3',
        '    priority: could',
        '    evidence: [F-3]',
        '  - id: R-4',
        '    evidence: [F-2]',
      ]),
    });
    assert.deepEqual(
      s.map(g => g.state),
      ['grounded', 'weak', 'ungrounded', 'grounded'],
    );
  });

  it('grounds via accepted decisions only, counting each finding once', () => {
    const { states: s } = states({
      ...findings,
      'd1.md': decision('D-1', 'accepted', '[F-1, F-2]'),
      'd2.md': decision('D-2', 'proposed', '[F-1, F-2]'),
      's.md': spec('S-1', [
        '  - id: R-1',
        '    priority: must',
        '    decisions: [D-1]',
        '  - id: R-2',
        '    priority: must',
        '    decisions: [D-2]',
        '  - id: R-3',
        '    priority: must',
        '    evidence: [F-1, F-1]',
        '    decisions: [D-1]',
      ]),
    });
    assert.deepEqual(
      s.map(g => [g.state, g.evidence, g.via]),
      [
        ['grounded', ['F-1', 'F-2'], ['D-1']],
        ['ungrounded', [], []],
        ['grounded', ['F-1', 'F-2'], ['D-1']],
      ],
    );
  });

  it('a waiver applies only when not grounded, and ends at waiver_until', () => {
    const { states: s } = states({
      ...findings,
      's.md': spec('S-1', [
        '  - id: R-1',
        '    evidence: [F-1]',
        '    waiver: not needed',
        '  - id: R-2',
        '    priority: must',
        '    evidence: [F-1]',
        '    waiver: legal',
        '  - id: R-3',
        '    waiver: legal',
        '    waiver_until: 2026-11-28',
        '  - id: R-4',
        '    waiver: legal',
        '    waiver_until: 2026-11-29',
      ]),
    });
    assert.deepEqual(
      s.map(g => g.state),
      ['grounded', 'waived', 'ungrounded', 'waived'],
    );
  });

  it('coverage is grounded ÷ (requirements − waived), and none when that is zero', () => {
    const { index, spec: sp } = states({
      ...findings,
      's.md': spec('S-1', [
        '  - id: R-1',
        '    evidence: F-1',
        '  - id: R-2',
        '    waiver: w',
        '  - id: R-3',
        '  - id: R-4',
        '    evidence: F-2',
      ]),
      'w.md': spec('S-2', ['  - id: R-9', '    waiver: w']).replace('S-2', 'S-2'),
    });
    const c = specCoverage(index, sp);
    assert.deepEqual([c.grounded, c.waived, c.requirements], [2, 1, 4]);
    assert.equal(c.coverage, 2 / 3);
    const report = buildReport(index, u => u.replace('file:///ws/', ''));
    assert.equal(report.specs.find(x => x.id === 'S-2')!.coverage, null);
    assert.equal(report.summary.coverage, 2 / 3);
    assert.equal(report.summary.waived, 2);
  });

  it('min_evidence from the config changes the thresholds', () => {
    const files = { ...findings, 's.md': spec('S-1', ['  - id: R-1', '    evidence: [F-1]']) };
    assert.equal(states(files, { minEvidence: { must: 2, should: 2, could: 1 } }).states[0].state, 'weak');
  });
});
