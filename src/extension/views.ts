import type * as vscode from 'vscode';
import type { GroundedModel } from './model';

/** Registers the views, status bar item, report and commands (the views issue fills this in). */
export function registerViews(_context: vscode.ExtensionContext, _model: GroundedModel): Record<string, unknown> {
  return {};
}
