import type { ParsedDocument } from '../model';
import type { ItemType, Span } from '../types';
import type { WorkspaceIndex } from '../workspaceIndex';
import { completionContext, type CompletionContext } from './position';
import { searchItems } from './search';

export interface CompletionItem {
  id: string;
  /** What the item is: `finding · active`. */
  detail: string;
  type: ItemType;
  title: string;
  /** The span the ID replaces (the typed query). */
  span: Span;
  /** Rank, 0 = best; the editor keeps this order. */
  rank: number;
  /** The text the editor should filter against: the query, so that its own filter keeps every item. */
  filterText: string;
}

export interface CompletionResult {
  context: CompletionContext;
  items: CompletionItem[];
  /** True when more items match than were returned; the editor asks again as the user types. */
  incomplete: boolean;
}

export interface CompleteOptions {
  limit?: number;
}

/**
 * Completion of IDs at `offset`: in a link field only the types it accepts, in the body any
 * item. Ranked with fuse.js over ID, title, tags and the start of the body, so that a query
 * like `guest checkout` finds the finding about guest checkout. Undefined where no ID fits.
 */
export function complete(
  index: WorkspaceIndex,
  doc: ParsedDocument,
  offset: number,
  options: CompleteOptions = {},
): CompletionResult | undefined {
  const context = completionContext(doc, offset);
  if (!context) return undefined;
  const limit = options.limit ?? 50;
  const found = searchItems(index, context.query, context.accepts, limit + 1);
  const own = doc.item?.id;
  const items: CompletionItem[] = [];
  for (const e of found) {
    if (e.id === own) continue;
    items.push({
      id: e.id,
      detail: e.status ? `${e.type} · ${e.status}` : e.type,
      type: e.type,
      title: e.title,
      span: context.span,
      rank: items.length,
      filterText: context.query,
    });
    if (items.length >= limit) break;
  }
  return { context, items, incomplete: found.length > limit };
}
