import type * as vscode from 'vscode';
import { activateWith, type GroundedApi } from './activate';
import { GroundedModel } from './model';
import { buildStamp, nodeSnapshotIo, nodeWorkspaces, v8Codec } from './nodeWorkspace';
import { SnapshotStore } from './snapshots';

export type { GroundedApi } from './activate';

declare const GROUNDED_VERSION: string | undefined;

/**
 * The entry of a Node extension host (desktop, remote, Codespaces): `file:` folders are read by
 * the CLI's Node adapter with its read-ahead thread, and each folder's index is kept as a V8
 * snapshot in the workspace storage, so that a reopen reads only what changed.
 */
export function activate(context: vscode.ExtensionContext): GroundedApi {
  const activatedAt = Date.now();
  const snapshots = new SnapshotStore(
    context.storageUri,
    buildStamp(typeof GROUNDED_VERSION === 'string' ? GROUNDED_VERSION : '0.0.0-dev'),
    v8Codec,
    nodeSnapshotIo,
  );
  return activateWith(context, new GroundedModel(undefined, nodeWorkspaces, snapshots), activatedAt);
}

export function deactivate(): void {}
