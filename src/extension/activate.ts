import * as vscode from 'vscode';
import { GroundedModel } from './model';
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
 * What both entries do once they made the model for their host (extension.ts for Node,
 * web/extension.ts for a browser's web worker). Activation does no indexing itself: the model
 * starts reading the folders in the background and every feature answers from whatever is
 * indexed so far.
 */
export function activateWith(context: vscode.ExtensionContext, model: GroundedModel, activatedAt: number): GroundedApi {
  context.subscriptions.push(model);
  registerEditorFeatures(context, model);
  const views = registerViews(context, model);
  model.start();
  context.subscriptions.push({ dispose: disposeLog });
  return { model, views, activatedAt, extendMarkdownIt: md => extendMarkdownIt(md, model), notified: notifiedKinds };
}
