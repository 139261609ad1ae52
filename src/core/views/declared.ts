import type { Item, ParsedDocument } from '../model';
import type { Range } from '../types';

/** Where an item is declared, to open it: its document and the range of its ID (its `type` when it has none). */
export function declaredAt(doc: ParsedDocument, item: Item): { uri: string; range: Range } {
  return { uri: doc.uri, range: doc.lines.range(item.idSpan ?? item.typeSpan) };
}
