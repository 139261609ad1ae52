import * as vscode from 'vscode';
import { GroundedModel } from './model';
import { registerEditorFeatures } from './editor';
import { registerViews } from './views';

/** What the extension exports; the integration tests use it to read the model and the views. */
export interface GroundedApi {
  model: GroundedModel;
  /** Parts the views expose for tests (tree providers and the like). */
  views: Record<string, unknown>;
}

/**
 * Activation does no indexing itself: the model starts reading the folders in the background
 * and every feature answers from whatever is indexed so far.
 */
export function activate(context: vscode.ExtensionContext): GroundedApi {
  const model = new GroundedModel();
  context.subscriptions.push(model);
  registerEditorFeatures(context, model);
  const views = registerViews(context, model);
  model.start();
  return { model, views };
}

export function deactivate(): void {}
