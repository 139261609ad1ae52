import type { ParsedDocument } from '../model';
import type { Range, Span } from '../types';
import type { WorkspaceIndex } from '../workspaceIndex';
import { idAt } from './position';

/** A place in a document of the index. */
export interface Location {
  uri: string;
  range: Range;
}

/** A definition: where the ID is declared, and the span it was asked from. */
export interface DefinitionResult {
  origin: Span;
  targets: (Location & { span: Span })[];
}

/** Where the known ID at `offset` is declared; undefined elsewhere so other providers answer. */
export function definition(index: WorkspaceIndex, doc: ParsedDocument, offset: number): DefinitionResult | undefined {
  const at = idAt(doc, offset);
  if (!at) return undefined;
  const targets: DefinitionResult['targets'] = [];
  for (const decl of index.lookup(at.id)) {
    const target = index.get(decl.uri);
    if (target) targets.push({ uri: decl.uri, span: decl.span, range: target.lines.range(decl.span) });
  }
  return targets.length ? { origin: at.span, targets } : undefined;
}
