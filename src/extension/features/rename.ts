import * as vscode from 'vscode';
import { prepareRename, renameId } from '../../core/features/rename';
import { MARKDOWN, resolve, toRange, toWorkspaceEdit, type FeatureContext } from './convert';

/**
 * Rename of IDs across the workspace folder, including file names that contain the ID. Off an
 * ID, prepareRename returns undefined so that VS Code asks the built-in Markdown provider
 * (headers, links). A taken or invalid new ID throws: VS Code shows the message.
 */
export function registerRename(ctx: FeatureContext): vscode.Disposable {
  return vscode.languages.registerRenameProvider(MARKDOWN, {
    prepareRename(document, position) {
      const r = resolve(ctx, document);
      if (!r) return undefined;
      const prepared = prepareRename(r.index, r.doc, document.offsetAt(position));
      if (!prepared) return undefined;
      return { range: toRange(r.doc.lines.range(prepared.span)), placeholder: prepared.placeholder };
    },
    provideRenameEdits(document, position, newName) {
      const r = resolve(ctx, document);
      if (!r) return undefined;
      const prepared = prepareRename(r.index, r.doc, document.offsetAt(position));
      if (!prepared) return undefined;
      const result = renameId(r.index, prepared.placeholder, newName.trim());
      return toWorkspaceEdit(result.edits, result.files);
    },
  });
}
