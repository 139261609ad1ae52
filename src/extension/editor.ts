import * as vscode from 'vscode';
import type { GroundedModel } from './model';
import { Settings, type FeatureContext } from './features/convert';
import { registerHover } from './features/hover';
import { registerCompletion } from './features/completion';
import { registerNavigation } from './features/navigation';
import { registerRename } from './features/rename';
import { registerCodeLens } from './features/codeLens';
import { registerCodeActions } from './features/codeActions';
import { registerRuleDocs } from './features/ruleDocs';
import { registerDiagnostics } from './diagnostics';

/**
 * Registers every editor language feature. Each provider answers from the model's index for
 * IDs only, so VS Code's built-in Markdown features keep working next to them.
 */
export function registerEditorFeatures(context: vscode.ExtensionContext, model: GroundedModel): void {
  const settings = new Settings();
  const ctx: FeatureContext = { model, settings };
  context.subscriptions.push(
    settings,
    registerDiagnostics(model, settings),
    registerHover(ctx),
    registerCompletion(ctx),
    registerNavigation(ctx),
    registerRename(ctx),
    registerCodeLens(ctx),
    registerCodeActions(ctx),
    registerRuleDocs(context.extensionUri),
  );
}
