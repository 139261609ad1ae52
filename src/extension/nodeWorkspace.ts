import * as fs from 'node:fs';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import * as vscode from 'vscode';
import { NodeWorkspace } from '../node/workspace';
import { writeAtomically } from '../node/cache';
import type { SnapshotCodec, SnapshotIo } from './snapshots';
import { VsCodeWorkspace, type WorkspaceFactory } from './workspace';

/**
 * The workspaces of a Node extension host (docs/performance.md): `file:` folders are walked and read by the
 * CLI's Node adapter, its read-ahead thread included, without ever blocking the host's thread;
 * other schemes (remote, virtual) go through `vscode.workspace.fs`.
 */
export const nodeWorkspaces: WorkspaceFactory = folder =>
  folder.uri.scheme === 'file'
    ? new NodeWorkspace(folder.uri.fsPath, {
        nonBlocking: true,
        workerFile: path.join(__dirname, 'worker.js'),
        uris: { of: p => vscode.Uri.file(p).toString(), path: u => vscode.Uri.parse(u).fsPath },
      })
    : new VsCodeWorkspace(folder.uri);

/** V8's serializer: several times faster than JSON for a folder's parsed documents, and it keeps shared objects shared. */
export const v8Codec: SnapshotCodec = {
  encode: value => v8.serialize(value),
  decode: bytes => v8.deserialize(bytes),
};

/** The running build, for the snapshot: its version and when this bundle was built (a rebuild may parse differently). */
export function buildStamp(version: string): string {
  try {
    return `${version}+${fs.statSync(__filename).mtimeMs}`;
  } catch {
    return version;
  }
}

/** The snapshot files through Node's file system for `file:` storage (vscode.workspace.fs otherwise): one read, no round trips. */
export const nodeSnapshotIo: SnapshotIo = {
  read: async file => (file.scheme === 'file' ? fs.promises.readFile(file.fsPath) : vscode.workspace.fs.readFile(file)),
  write: async (file, bytes) => {
    if (file.scheme === 'file') writeAtomically(file.fsPath, () => bytes);
    else {
      await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(file, '..'));
      await vscode.workspace.fs.writeFile(file, bytes);
    }
  },
};
