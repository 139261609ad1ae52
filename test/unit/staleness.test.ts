import * as assert from 'node:assert/strict';
import { staleness } from '../../src/core';
import { findingHealth } from '../../src/core/views/coverage';
import { finding, indexOf, spec, uri } from './helpers';

describe('staleness: one predicate for the rule and the views', () => {
  const today = '2026-11-29';
  // Around each edge: the day `stale_after_days` is reached and passed, `valid_until` before,
  // on and after today, a `valid_until` that overrides an old date, and no date at all.
  const cases: [string, string[]][] = [
    ['F-fresh', ['date: 2026-06-01']],
    ['F-edge', ['date: 2025-11-29']],
    ['F-past-edge', ['date: 2025-11-28']],
    ['F-old', ['date: 2020-01-01']],
    ['F-until-past', ['date: 2026-06-01', 'valid_until: 2026-11-28']],
    ['F-until-today', ['date: 2026-06-01', 'valid_until: 2026-11-29']],
    ['F-until-future-old', ['date: 2020-01-01', 'valid_until: 2027-01-01']],
    ['F-nodate', ['date: ']],
  ];
  const files: Record<string, string> = {
    'specs/s.md': spec('S-1', [`  - id: R-1`, `    evidence: [${cases.map(c => c[0]).join(', ')}]`]),
  };
  for (const [id, extra] of cases) files[`findings/${id}.md`] = finding(id, extra);

  it('flags a finding in the rule exactly when the views call it stale', () => {
    const index = indexOf(files, {}, today);
    const flagged = new Set(
      index
        .diagnostics(uri('specs/s.md'))
        .filter(d => d.rule === 'stale-evidence')
        .map(d => (d.data as { id: string }).id),
    );
    const stale = cases.map(([id]) => id).filter(id => findingHealth(index, index.item(id)!.item).stale);
    assert.deepEqual([...flagged].sort(), [...stale].sort());
    assert.deepEqual(stale.sort(), ['F-old', 'F-past-edge', 'F-until-past']);
  });

  it('says why', () => {
    assert.deepEqual(staleness({ date: '2025-11-28' }, today, 365), { kind: 'old', date: '2025-11-28', age: 366 });
    assert.deepEqual(staleness({ validUntil: '2026-01-01', date: '2026-06-01' }, today, 365), {
      kind: 'expired',
      validUntil: '2026-01-01',
    });
    assert.equal(staleness({ validUntil: '2027-01-01', date: '2000-01-01' }, today, 365), undefined);
    assert.equal(staleness({}, today, 365), undefined);
  });
});
