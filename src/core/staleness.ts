import type { Item } from './model';
import { daysBetween } from './schema';

/** Why a finding is stale (docs/format.md, "Finding"): past its `valid_until`, or older than `stale_after_days`. */
export type Staleness = { kind: 'expired'; validUntil: string } | { kind: 'old'; date: string; age: number };

/**
 * The one staleness predicate, shared by the `stale-evidence` rule and the views. A finding with a
 * `valid_until` is stale only after that day, whatever its age; one without is stale when its
 * `date` is more than `staleAfterDays` before `today`. Undefined when the finding is fresh.
 */
export function staleness(
  finding: Pick<Item, 'date' | 'validUntil'>,
  today: string,
  staleAfterDays: number,
): Staleness | undefined {
  if (finding.validUntil)
    return finding.validUntil < today ? { kind: 'expired', validUntil: finding.validUntil } : undefined;
  if (!finding.date) return undefined;
  const age = daysBetween(finding.date, today);
  return age > staleAfterDays ? { kind: 'old', date: finding.date, age } : undefined;
}
