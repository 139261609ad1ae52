import type { ParsedDocument } from '../model';
import type { Span } from '../types';
import type { WorkspaceIndex } from '../workspaceIndex';
import type { Location } from './definition';

export interface DocumentLink {
  span: Span;
  target: Location;
  /** The tooltip: the title of what the link points at. */
  tooltip: string;
}

/** Links from every known ID named in the document (frontmatter links and body) to its declaration. */
export function documentLinks(index: WorkspaceIndex, doc: ParsedDocument): DocumentLink[] {
  const out: DocumentLink[] = [];
  const add = (id: string, span: Span) => {
    const [decl] = index.lookup(id);
    if (!decl || decl.uri === doc.uri) return;
    const target = index.get(decl.uri);
    if (!target) return;
    const title = decl.kind === 'requirement' ? index.requirement(id)?.requirement.text : target.item?.title;
    out.push({
      span,
      target: { uri: decl.uri, range: target.lines.range(decl.span) },
      tooltip: title ? `${id}: ${title}` : id,
    });
  };
  for (const link of doc.links) add(link.id, link.span);
  for (const ref of doc.bodyRefs) add(ref.id, ref.span);
  return out;
}
