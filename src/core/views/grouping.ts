/**
 * What the grouped views share (the Evidence view's findings, the Inputs view's inputs): the
 * rows of one item type, by ID, and the rows grouped under keys. Pure.
 */
import type { Item } from '../model';
import type { ItemType, Range } from '../types';
import type { WorkspaceIndex } from '../workspaceIndex';
import { compareText } from './sort';
import { declaredAt } from './declared';

/** The key of the group of rows with no value for the grouping ("No persona", "No team"): it sorts last. */
export const NO_KEY = '\u0000none';

/** A group a row shows under: its key, label and (for some groupings) a detail. */
export interface GroupKey {
  key: string;
  label: string;
  detail?: string;
}

/** A row of a grouped view: an item's ID and title, what `itemRows`' caller adds, and where the item is declared. */
export interface ItemRow {
  id: string;
  title: string;
  uri: string;
  range: Range;
}

/** Every item of `type` with an ID as a row, with the fields `row(item)` gives, by ID. */
export function itemRows<R extends ItemRow>(
  index: WorkspaceIndex,
  type: ItemType,
  row: (item: Item & { id: string }) => Omit<R, keyof ItemRow>,
): R[] {
  const rows: R[] = [];
  for (const doc of index.documents()) {
    const item = doc.item;
    if (item?.type !== type || !item.id) continue;
    const fields = row(item as Item & { id: string });
    rows.push({ id: item.id, title: item.title ?? '', ...fields, ...declaredAt(doc, item) } as R);
  }
  return rows.sort((a, b) => compareText(a.id, b.id));
}

/**
 * `rows` grouped under the keys `keysOf(row)` names (a row may show under several; a group takes
 * its label and detail from its first row): the keys in `order` first, in that order, then the
 * others by label, the groups whose key starts with NUL (`NO_KEY`) last.
 */
export function groupRows<R>(
  rows: readonly R[],
  keysOf: (row: R) => readonly GroupKey[],
  order: readonly string[] = [],
): Array<GroupKey & { rows: R[] }> {
  const groups = new Map<string, GroupKey & { rows: R[] }>();
  for (const row of rows)
    for (const { key, label, detail } of keysOf(row)) {
      let g = groups.get(key);
      if (!g) groups.set(key, (g = { key, label, detail, rows: [] }));
      g.rows.push(row);
    }
  const rank = (k: string) => (order.includes(k) ? order.indexOf(k) : k.startsWith('\u0000') ? 999 : 500);
  return [...groups.values()].sort((a, b) => rank(a.key) - rank(b.key) || compareText(a.label, b.label));
}
