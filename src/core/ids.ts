import type { ItemType } from './types';

/** ID syntax of docs/format.md ("Documents and IDs"): a letter, then letters, digits, `-` and `_`. Case-sensitive. */
export const ID_PATTERN = /^[A-Za-z][A-Za-z0-9_-]*$/;

/** The ID prefix of each type, the one New Item, the snippets, the import and the quick fixes use. */
export const ID_PREFIXES: Readonly<Record<ItemType, string>> = {
  spec: 'S-',
  finding: 'F-',
  persona: 'P-',
  decision: 'D-',
  input: 'I-',
  metric: 'M-',
};

/** The type whose prefix `id` starts with (`F-12` is a finding), if any. */
export function typeOfId(id: string): ItemType | undefined {
  for (const [type, prefix] of Object.entries(ID_PREFIXES) as [ItemType, string][])
    if (id.startsWith(prefix)) return type;
  return undefined;
}

export function isValidId(value: string): boolean {
  return ID_PATTERN.test(value);
}

/** Levenshtein distance, giving up (returning `max + 1`) once it exceeds `max`. */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = new Array<number>(b.length + 1);
  let cur = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (cur[j] < rowMin) rowMin = cur[j];
    }
    if (rowMin > max) return max + 1;
    [prev, cur] = [cur, prev];
  }
  return prev[b.length];
}

/** The candidates nearest to `word` (at most `limit`, within a distance that grows with length). */
export function nearest(word: string, candidates: Iterable<string>, limit = 3): string[] {
  const max = word.length <= 4 ? 1 : word.length <= 8 ? 2 : 3;
  const scored: [string, number][] = [];
  const lower = word.toLowerCase();
  for (const c of candidates) {
    if (c === word) continue;
    const d = c.toLowerCase() === lower ? 0.5 : editDistance(word, c, max);
    if (d <= max) scored.push([c, d]);
  }
  scored.sort((x, y) => x[1] - y[1] || x[0].localeCompare(y[0]));
  return scored.slice(0, limit).map(s => s[0]);
}
