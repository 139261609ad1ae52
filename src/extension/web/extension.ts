import type * as vscode from 'vscode';
import { activateWith, type GroundedApi } from '../activate';
import { GroundedModel } from '../model';
import { jsonCodec, SnapshotStore } from '../snapshots';
import { VsCodeWorkspace } from '../workspace';

declare const GROUNDED_VERSION: string | undefined;

/**
 * The entry of a browser's web worker extension host (github.dev, vscode.dev; package.json
 * `browser`): every folder is read through `vscode.workspace.fs` (the VS Code adapter of the
 * Workspace seam), with no thread or process of its own, and snapshots are JSON written through
 * `vscode.workspace.fs` too.
 */
export function activate(context: vscode.ExtensionContext): GroundedApi {
  const activatedAt = Date.now();
  const snapshots = new SnapshotStore(
    context.storageUri,
    typeof GROUNDED_VERSION === 'string' ? GROUNDED_VERSION : '0.0.0-dev',
    jsonCodec,
  );
  return activateWith(
    context,
    new GroundedModel(undefined, folder => new VsCodeWorkspace(folder.uri), snapshots),
    activatedAt,
  );
}

export function deactivate(): void {}
