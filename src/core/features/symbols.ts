import type { ParsedDocument } from '../model';
import type { DeclarationKind, Span } from '../types';
import type { WorkspaceIndex } from '../workspaceIndex';

export interface DocumentSymbol {
  name: string;
  detail: string;
  kind: DeclarationKind;
  /** The whole thing (for a requirement its list entry). */
  span: Span;
  /** The ID itself. */
  selection: Span;
  children: DocumentSymbol[];
}

/** The item of a document with its requirements as children; empty for plain Markdown. */
export function documentSymbols(doc: ParsedDocument): DocumentSymbol[] {
  const item = doc.item;
  if (!item?.id || !item.idSpan) return [];
  const children: DocumentSymbol[] = [];
  for (const r of item.requirements) {
    if (!r.id || !r.idSpan) continue;
    children.push({
      name: r.id,
      detail: r.text ?? '',
      kind: 'requirement',
      span: r.span,
      selection: r.idSpan,
      children: [],
    });
  }
  const end = doc.frontmatter ? doc.frontmatter.end : item.idSpan.end;
  return [
    {
      name: item.id,
      detail: item.title ?? '',
      kind: item.type,
      span: { start: 0, end },
      selection: item.idSpan,
      children,
    },
  ];
}

export interface WorkspaceSymbol {
  name: string;
  detail: string;
  kind: DeclarationKind;
  uri: string;
  span: Span;
  /** The spec of a requirement. */
  container?: string;
}

/**
 * Declarations whose ID or title contains the query's characters in order (VS Code filters
 * and ranks again). At most `limit`, so that a short query on a big workspace stays cheap.
 */
export function workspaceSymbols(index: WorkspaceIndex, query: string, limit = 500): WorkspaceSymbol[] {
  const q = query.toLowerCase().replace(/\s+/g, '');
  const out: WorkspaceSymbol[] = [];
  for (const doc of index.documents()) {
    for (const decl of doc.declarations) {
      let title = '';
      if (decl.kind === 'requirement') title = doc.item?.requirements.find(r => r.id === decl.id)?.text ?? '';
      else title = doc.item?.title ?? '';
      if (q && !subsequence(q, decl.id.toLowerCase()) && !subsequence(q, title.toLowerCase())) continue;
      out.push({
        name: decl.id,
        detail: title,
        kind: decl.kind,
        uri: decl.uri,
        span: decl.span,
        container: decl.parent,
      });
      if (out.length >= limit) return out;
    }
  }
  return out;
}

function subsequence(needle: string, hay: string): boolean {
  let i = 0;
  for (let j = 0; j < hay.length && i < needle.length; j++) if (hay[j] === needle[i]) i++;
  return i === needle.length;
}
