import * as vscode from 'vscode';
import { GroundedModel } from './model';
import { nodeWorkspaces } from './nodeWorkspace';
import { registerEditorFeatures } from './editor';
import { registerViews } from './views';
import { extendMarkdownIt } from './preview';

/** What the extension exports; the integration tests use it to read the model and the views. */
export interface GroundedApi {
  model: GroundedModel;
  /** Parts the views expose for tests (tree providers and the like). */
  views: Record<string, unknown>;
  /** The Markdown preview's plugin hook (`markdown.markdownItPlugins`): IDs become links. */
  extendMarkdownIt<T>(md: T): T;
}

/**
 * Activation does no indexing itself: the model starts reading the folders in the background
 * and every feature answers from whatever is indexed so far.
 */
export function activate(context: vscode.ExtensionContext): GroundedApi {
  const model = new GroundedModel(undefined, nodeWorkspaces);
  context.subscriptions.push(model);
  registerEditorFeatures(context, model);
  const views = registerViews(context, model);
  model.start();
  return { model, views, extendMarkdownIt: (md) => extendMarkdownIt(md, model) };
}

export function deactivate(): void {}
