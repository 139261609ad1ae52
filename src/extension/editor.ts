import type * as vscode from 'vscode';
import type { GroundedModel } from './model';

/** Registers every editor language feature (the editor issue fills this in). */
export function registerEditorFeatures(_context: vscode.ExtensionContext, _model: GroundedModel): void {}
