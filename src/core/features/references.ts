import type { ParsedDocument } from '../model';
import type { WorkspaceIndex } from '../workspaceIndex';
import type { Location } from './definition';
import { idAt } from './position';

/**
 * Every place that names the known ID at `offset`: frontmatter links and body tokens across
 * the workspace folder, plus its declarations when asked. Undefined when there is no ID.
 */
export function references(
  index: WorkspaceIndex,
  doc: ParsedDocument,
  offset: number,
  includeDeclaration = true,
): Location[] | undefined {
  const at = idAt(doc, offset);
  if (!at) return undefined;
  const declarations = index.lookup(at.id);
  const refs = index.references(at.id);
  if (declarations.length === 0 && refs.length === 0) return undefined;
  const out: Location[] = [];
  const add = (uri: string, span: { start: number; end: number }) => {
    const d = index.get(uri);
    if (d) out.push({ uri, range: d.lines.range(span) });
  };
  if (includeDeclaration) for (const decl of declarations) add(decl.uri, decl.span);
  for (const ref of refs) add(ref.uri, ref.span);
  return out;
}
