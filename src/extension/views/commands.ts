import * as vscode from 'vscode';
import type { FolderState, GroundedModel } from '../model';
import { exists } from '../model';
import { fileNameFor, folderFor, nextId, template, todayIso, type ItemType } from '../../core';

export interface NewItemArgs {
  /** Skips the input box. */
  title?: string;
  /** The workspace folder to create it in (URI or URI string); else the active editor's, or ask. */
  folder?: vscode.Uri | string;
  /** Open the new document (default true). */
  open?: boolean;
}

const TYPE_LABEL: Record<ItemType, string> = {
  spec: 'spec',
  finding: 'finding',
  persona: 'persona',
  decision: 'decision',
  input: 'input',
  metric: 'metric',
};
const PLACEHOLDER: Record<ItemType, string> = {
  spec: 'One-page checkout',
  finding: 'SMB owners abandon checkout when forced to create an account',
  persona: 'Small-business owner',
  decision: 'Offer guest checkout',
  input: 'Wholesale buyers want to pay by bank transfer',
  metric: 'Checkout conversion on mobile',
};

/**
 * Creates a spec, finding, persona or decision from its template with the next free ID,
 * through a WorkspaceEdit (so Undo removes the file again), then opens it. Returns its URI.
 */
export async function createItem(
  model: GroundedModel,
  type: ItemType,
  args: NewItemArgs = {},
): Promise<vscode.Uri | undefined> {
  const state = await pickFolder(model, args.folder);
  if (!state) return undefined;
  const title =
    args.title ??
    (await vscode.window.showInputBox({
      title: `New ${TYPE_LABEL[type]}`,
      prompt: `Title of the new ${TYPE_LABEL[type]}`,
      placeHolder: PLACEHOLDER[type],
      validateInput: v => (v.trim() ? undefined : 'Give it a title.'),
    }));
  if (title === undefined || !title.trim()) return undefined;
  // IDs must be unique in the whole folder, so wait for the first indexing to finish.
  await state.ready;
  const index = state.index;
  const ids = [...index.allIds()];
  const paths: string[] = [];
  for (const doc of index.documents()) {
    if (doc.item?.type === type) paths.push(relativePath(state, doc.uri));
  }
  const id = nextId(type, title.trim(), ids);
  const dir = folderFor(type, paths);
  let uri = vscode.Uri.joinPath(
    state.folder.uri,
    ...dir.split('/').filter(Boolean),
    fileNameFor(type, id, title.trim()),
  );
  for (let n = 2; await exists(uri); n++) {
    uri = vscode.Uri.joinPath(state.folder.uri, ...dir.split('/').filter(Boolean), fileNameFor(type, `${id}-${n}`, ''));
  }
  const { text, cursor } = template({ type, id, title: title.trim(), today: index.today || todayIso() });
  const edit = new vscode.WorkspaceEdit();
  edit.createFile(uri, { ignoreIfExists: false, contents: new TextEncoder().encode(text) });
  if (!(await vscode.workspace.applyEdit(edit))) {
    void vscode.window.showErrorMessage(`Grounded could not create ${vscode.workspace.asRelativePath(uri)}.`);
    return undefined;
  }
  if (args.open !== false) {
    const doc = await vscode.workspace.openTextDocument(uri);
    const pos = doc.positionAt(cursor);
    await vscode.window.showTextDocument(doc, { selection: new vscode.Range(pos, pos) });
  }
  return uri;
}

async function pickFolder(
  model: GroundedModel,
  folder: vscode.Uri | string | undefined,
): Promise<FolderState | undefined> {
  const all = model.all();
  if (folder) {
    const uri = typeof folder === 'string' ? vscode.Uri.parse(folder) : folder;
    return all.find(f => f.folder.uri.toString() === uri.toString()) ?? model.folderOf(uri);
  }
  const active = vscode.window.activeTextEditor?.document.uri;
  const fromEditor = active ? model.folderOf(active) : undefined;
  if (all.length === 1) return all[0];
  if (all.length === 0) {
    void vscode.window.showInformationMessage(
      'Open a folder first: Grounded keeps specs and findings in a workspace folder.',
    );
    return undefined;
  }
  if (fromEditor) return fromEditor;
  const picked = await vscode.window.showWorkspaceFolderPick({ placeHolder: 'Workspace folder for the new document' });
  return picked ? all.find(f => f.folder.uri.toString() === picked.uri.toString()) : undefined;
}

function relativePath(state: FolderState, uri: string): string {
  const base = state.folder.uri.path.replace(/\/$/, '');
  const path = vscode.Uri.parse(uri).path;
  return path.startsWith(base + '/') ? path.slice(base.length + 1) : path;
}
