import type { ParsedDocument } from '../model';
import type { Span, TextEdit } from '../types';
import type { WorkspaceIndex } from '../workspaceIndex';
import { isValidId } from '../ids';
import { idAt } from './position';
import { escapeRegExp } from '../presentation';

export interface PrepareRenameResult {
  span: Span;
  placeholder: string;
}

/** A file to rename, because its name contains the ID. */
export interface FileRename {
  from: string;
  to: string;
}

export interface RenameResult {
  edits: TextEdit[];
  files: FileRename[];
}

/**
 * The ID that a rename at `offset` would change. Undefined when there is no known ID, so that
 * VS Code asks the next rename provider (the built-in Markdown one renames headers and links).
 */
export function prepareRename(
  index: WorkspaceIndex,
  doc: ParsedDocument,
  offset: number,
): PrepareRenameResult | undefined {
  const at = idAt(doc, offset);
  if (!at || index.lookup(at.id).length === 0) return undefined;
  return { span: at.span, placeholder: at.id };
}

/** Why `newName` cannot replace `oldId`, or undefined when it can. */
export function renameProblem(index: WorkspaceIndex, oldId: string, newName: string): string | undefined {
  if (newName === oldId) return undefined;
  if (!isValidId(newName))
    return `\`${newName}\` is not a valid ID: start with a letter, then use only letters, digits, \`-\` and \`_\`.`;
  if (index.lookup(newName).length > 0)
    return `\`${newName}\` already exists in this workspace folder: choose another ID.`;
  return undefined;
}

/**
 * Renames the ID at `offset` everywhere in the index: declarations, frontmatter links, body
 * references, and the names of the declaring files that contain the ID. Throws an Error with
 * a message for the user when the new name is invalid or taken.
 */
export function rename(
  index: WorkspaceIndex,
  doc: ParsedDocument,
  offset: number,
  newName: string,
): RenameResult | undefined {
  const prepared = prepareRename(index, doc, offset);
  if (!prepared) return undefined;
  return renameId(index, prepared.placeholder, newName);
}

export function renameId(index: WorkspaceIndex, oldId: string, newName: string): RenameResult {
  const problem = renameProblem(index, oldId, newName);
  if (problem) throw new Error(problem);
  const edits: TextEdit[] = [];
  const seen = new Set<string>();
  const add = (uri: string, span: Span) => {
    const key = `${uri}#${span.start}`;
    const target = index.get(uri);
    if (!target || seen.has(key)) return;
    seen.add(key);
    edits.push({ uri, range: target.lines.range(span), newText: newName });
  };
  const declarations = index.lookup(oldId);
  for (const decl of declarations) add(decl.uri, decl.span);
  for (const ref of index.references(oldId)) add(ref.uri, ref.span);
  const files: FileRename[] = [];
  if (newName !== oldId) {
    for (const decl of declarations) {
      if (decl.kind === 'requirement') continue;
      const to = renamedFile(decl.uri, oldId, newName);
      if (to) files.push({ from: decl.uri, to });
    }
  }
  return { edits, files };
}

/** The URI with `oldId` replaced in the file name, when the file name contains it as a whole token. */
export function renamedFile(uri: string, oldId: string, newName: string): string | undefined {
  const slash = uri.lastIndexOf('/');
  const name = uri.slice(slash + 1);
  const encodedOld = encodeURIComponent(oldId);
  const pattern = new RegExp(`(^|[^A-Za-z0-9_-])${escapeRegExp(encodedOld)}(?![A-Za-z0-9_-])`);
  const m = pattern.exec(name);
  if (!m) return undefined;
  const at = m.index + m[1].length;
  return uri.slice(0, slash + 1) + name.slice(0, at) + encodeURIComponent(newName) + name.slice(at + encodedOld.length);
}
