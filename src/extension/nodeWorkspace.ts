import * as fs from 'node:fs';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import * as vscode from 'vscode';
import { NodeWorkspace } from '../node/workspace';
import type { SnapshotCodec } from './snapshots';
import { VsCodeWorkspace, type WorkspaceFactory } from './workspace';

/**
 * The workspaces of a Node extension host (issue 15): `file:` folders are walked and read by the
 * CLI's Node adapter, its read-ahead thread included, without ever blocking the host's thread;
 * other schemes (remote, virtual) go through `vscode.workspace.fs`.
 */
export const nodeWorkspaces: WorkspaceFactory = (folder) =>
  folder.uri.scheme === 'file'
    ? new NodeWorkspace(folder.uri.fsPath, {
        nonBlocking: true,
        workerFile: path.join(__dirname, 'worker.js'),
        uris: { of: (p) => vscode.Uri.file(p).toString(), path: (u) => vscode.Uri.parse(u).fsPath },
      })
    : new VsCodeWorkspace(folder.uri);

/** V8's serializer: several times faster than JSON for a folder's parsed documents, and it keeps shared objects shared. */
export const v8Codec: SnapshotCodec = {
  encode: (value) => v8.serialize(value),
  decode: (bytes) => v8.deserialize(bytes),
};

/** The running build, for the snapshot: its version and when this bundle was built (a rebuild may parse differently). */
export function buildStamp(version: string): string {
  try {
    return `${version}+${fs.statSync(__filename).mtimeMs}`;
  } catch {
    return version;
  }
}
