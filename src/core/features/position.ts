import type { Declaration, LinkRef, ParsedDocument } from '../model';
import type { Span } from '../types';
import { FIELDS, fieldShape } from '../schema';
import type { ItemType } from '../types';

/** An ID under the cursor, with what kind of place holds it. */
export interface IdAtOffset {
  id: string;
  span: Span;
  /** Set when the ID is a frontmatter link. */
  link?: LinkRef;
  /** Set when the ID is declared here (`id:` of an item or requirement). */
  declaration?: Declaration;
}

const within = (span: Span, offset: number) => offset >= span.start && offset <= span.end;

/**
 * The ID at `offset`: a declaration, a frontmatter link or an ID-like token of the body.
 * Whether it names a known item is for the caller to decide.
 */
export function idAt(doc: ParsedDocument, offset: number): IdAtOffset | undefined {
  if (doc.frontmatter && offset <= doc.bodyStart) {
    for (const declaration of doc.declarations) {
      if (within(declaration.span, offset)) return { id: declaration.id, span: declaration.span, declaration };
    }
    for (const link of doc.links) if (within(link.span, offset)) return { id: link.id, span: link.span, link };
    return undefined;
  }
  const refs = doc.bodyRefs;
  // Body references are in text order: binary search for the first that ends at or after offset.
  let lo = 0;
  let hi = refs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (refs[mid].span.end < offset) lo = mid + 1;
    else hi = mid;
  }
  const ref = refs[lo];
  return ref && within(ref.span, offset) ? { id: ref.id, span: ref.span } : undefined;
}

/** Where completion is asked for: a link field of the frontmatter, or the body. */
export interface CompletionContext {
  kind: 'link' | 'body';
  /** The field name (`evidence`), for links. */
  field?: string;
  /** The item types the place accepts; undefined means any. */
  accepts?: ItemType[];
  /** The text typed so far that the chosen ID replaces. */
  query: string;
  span: Span;
}

const ID_CHARS = /[A-Za-z0-9_-]/;

/**
 * Works out what completion at `offset` is for. In the frontmatter it reads the current line
 * (and, for a block list entry, the key above it), because the text being typed is usually not
 * valid YAML yet; `undefined` means "not a place for IDs".
 */
export function completionContext(doc: ParsedDocument, offset: number): CompletionContext | undefined {
  const text = doc.text;
  if (doc.frontmatter && offset >= doc.frontmatter.start && offset <= doc.frontmatter.end) {
    const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
    const before = text.slice(lineStart, offset);
    let key: string | undefined;
    let valueStart: number;
    const keyed = /^(\s*(?:-\s+)?)([A-Za-z_][\w-]*)\s*:\s*/.exec(before);
    if (keyed) {
      key = keyed[2];
      valueStart = lineStart + keyed[0].length;
    } else {
      const entry = /^(\s*)-\s+/.exec(before);
      if (!entry) return undefined;
      valueStart = lineStart + entry[0].length;
      key = parentKey(text, lineStart, entry[1].length);
    }
    if (!key) return undefined;
    const indent = /^\s*/.exec(before)![0].length;
    const target = linkTarget(doc, key, indent > 0 || /^\s*-/.test(before));
    if (!target) return undefined;
    // The query runs from the last separator (`[`, `,`) to the cursor.
    let start = offset;
    while (start > valueStart && !/[[,]/.test(text[start - 1])) start--;
    while (start < offset && /\s/.test(text[start])) start++;
    const query = text.slice(start, offset);
    if (/[\]}#"']/.test(query)) return undefined;
    let end = offset;
    while (end < text.length && ID_CHARS.test(text[end])) end++;
    return { kind: 'link', field: key, accepts: [target], query, span: { start, end } };
  }
  if (offset < doc.bodyStart) return undefined;
  let start = offset;
  while (start > doc.bodyStart && ID_CHARS.test(text[start - 1])) start--;
  let end = offset;
  while (end < text.length && ID_CHARS.test(text[end])) end++;
  if (start < offset && !/[A-Za-z]/.test(text[start])) return undefined;
  return { kind: 'body', query: text.slice(start, offset), span: { start, end } };
}

/** The key of the block list that a `- entry` line at `indent` belongs to. */
function parentKey(text: string, lineStart: number, indent: number): string | undefined {
  let end = lineStart - 1;
  while (end > 0) {
    const start = text.lastIndexOf('\n', end - 1) + 1;
    const line = text.slice(start, end);
    end = start - 1;
    if (line.trim() === '') continue;
    const lineIndent = /^\s*/.exec(line)![0].length;
    const keyed = /^\s*(?:-\s+)?([A-Za-z_][\w-]*)\s*:\s*$/.exec(line);
    if (keyed && lineIndent <= indent) return keyed[1];
    if (/^\s*-\s/.test(line) && lineIndent === indent) continue;
    if (lineIndent < indent || !/^\s*-/.test(line)) return undefined;
  }
  return undefined;
}

/** The item type a link field accepts: a requirement's field when nested, the item's otherwise. */
function linkTarget(doc: ParsedDocument, key: string, nested: boolean): ItemType | undefined {
  const type = doc.item?.type;
  if (!type) return undefined;
  const fields = nested && type === 'spec' ? FIELDS.requirement : FIELDS[type];
  const shape = fieldShape(fields, key) ?? fieldShape(FIELDS[type], key);
  return shape?.kind === 'link' ? shape.target : undefined;
}
