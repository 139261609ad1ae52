/**
 * One collator for every sort in the views: `localeCompare` with options builds a new collator
 * on each call, which made sorting 6,000 findings take seconds. Made on first use: loading the
 * core's index must cost nothing (a collator costs a `grounded check` 3 MB it never uses).
 */
let collator: Intl.Collator | undefined;

/** Natural, case-insensitive order: F-2 before F-10. */
export function compareText(a: string, b: string): number {
  return (collator ??= new Intl.Collator('en', { numeric: true, sensitivity: 'base' })).compare(a, b);
}

/** Plain code-unit order, for URIs and other keys that only need to be stable. */
export function compareRaw(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
