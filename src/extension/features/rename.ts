import * as vscode from 'vscode';
import { MARKDOWN, resolve, toRange, toWorkspaceEdit, type FeatureContext } from './convert';

/**
 * Rename of IDs across the workspace folder, including file names that contain the ID. Off an
 * ID, prepareRename returns undefined so that VS Code asks the built-in Markdown provider
 * (headers, links). A taken or invalid new ID is refused with a message and changes nothing.
 */
export function registerRename(ctx: FeatureContext): vscode.Disposable {
  return vscode.languages.registerRenameProvider(MARKDOWN, {
    prepareRename(document, position) {
      const r = resolve(ctx, document);
      if (!r) return undefined;
      const prepared = r.service.prepareRename(r.doc, document.offsetAt(position));
      if (!prepared) return undefined;
      return { range: toRange(r.doc.lines.range(prepared.span)), placeholder: prepared.placeholder };
    },
    provideRenameEdits(document, position, newName) {
      const r = resolve(ctx, document);
      if (!r) return undefined;
      const prepared = r.service.prepareRename(r.doc, document.offsetAt(position));
      if (!prepared) return undefined;
      const problem = r.service.renameProblem(prepared.placeholder, newName.trim());
      if (problem) {
        // Throwing would hand the rename to the next provider: the built-in Markdown one, which
        // reads \`[F-014, F-022]\` in the frontmatter as a link and would rewrite it. So say why
        // here and return an empty edit, which ends the search.
        void vscode.window.showErrorMessage(`Cannot rename ${prepared.placeholder}: ${problem.replace(/`/g, '')}`);
        return new vscode.WorkspaceEdit();
      }
      const result = r.service.renameId(prepared.placeholder, newName.trim());
      return toWorkspaceEdit(result.edits, result.files);
    },
  });
}
