import * as vscode from 'vscode';
import { GroundedModel } from './model';
import { buildStamp, nodeWorkspaces, v8Codec } from './nodeWorkspace';
import { SnapshotStore } from './snapshots';

declare const GROUNDED_VERSION: string | undefined;
import { registerEditorFeatures } from './editor';
import { registerViews } from './views';
import { extendMarkdownIt } from './preview';
import { disposeLog, notifiedKinds } from './log';

/** What the extension exports; the integration tests use it to read the model and the views. */
export interface GroundedApi {
  model: GroundedModel;
  /** Parts the views expose for tests (tree providers and the like). */
  views: Record<string, unknown>;
  /** When `activate` ran (`Date.now()`), for the editor benchmark. */
  activatedAt: number;
  /** The Markdown preview's plugin hook (`markdown.markdownItPlugins`): IDs become links. */
  extendMarkdownIt<T>(md: T): T;
  /** The kinds of problem shown as a notification that opens the log (log.ts), for tests. */
  notified(): string[];
}

/**
 * Activation does no indexing itself: the model starts reading the folders in the background
 * and every feature answers from whatever is indexed so far.
 */
export function activate(context: vscode.ExtensionContext): GroundedApi {
  const activatedAt = Date.now();
  // One snapshot of each folder's index in the workspace storage: a reopen reads only what changed.
  const snapshots = new SnapshotStore(context.storageUri, buildStamp(typeof GROUNDED_VERSION === 'string' ? GROUNDED_VERSION : '0.0.0-dev'), v8Codec);
  const model = new GroundedModel(undefined, nodeWorkspaces, snapshots);
  context.subscriptions.push(model);
  registerEditorFeatures(context, model);
  const views = registerViews(context, model);
  model.start();
  context.subscriptions.push({ dispose: disposeLog });
  return { model, views, activatedAt, extendMarkdownIt: (md) => extendMarkdownIt(md, model), notified: notifiedKinds };
}

export function deactivate(): void {}
