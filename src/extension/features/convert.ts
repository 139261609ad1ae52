import * as vscode from 'vscode';
import {
  parseMarkdown,
  type FileRename,
  type GroundedService,
  type ParsedDocument,
  type Range,
  type TextEdit,
  type WorkspaceIndex,
} from '../../core';
import type { FolderState, GroundedModel } from '../model';

/*
 * The edge between the core's plain data and VS Code's types. Features convert here and
 * nowhere else.
 */

export const MARKDOWN: vscode.DocumentSelector = { language: 'markdown' };

export function toRange(range: Range): vscode.Range {
  return new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character);
}

export function toUri(uri: string): vscode.Uri {
  return vscode.Uri.parse(uri);
}

/**
 * One WorkspaceEdit for core text edits and file renames, so that a single undo reverts it.
 * Files are renamed first and their text edits then address the new names: VS Code refused
 * (applyEdit → false) an edit that changed a file's text and then renamed it.
 */
export function toWorkspaceEdit(edits: readonly TextEdit[], files: readonly FileRename[] = []): vscode.WorkspaceEdit {
  const edit = new vscode.WorkspaceEdit();
  const moved = new Map(files.map(f => [f.from, f.to]));
  for (const f of files) edit.renameFile(toUri(f.from), toUri(f.to), { overwrite: false });
  for (const e of edits) edit.replace(toUri(moved.get(e.uri) ?? e.uri), toRange(e.range), e.newText);
  return edit;
}

/** An untrusted Markdown string: no command links, no HTML. */
export function untrustedMarkdown(value: string): vscode.MarkdownString {
  const md = new vscode.MarkdownString(value, false);
  md.isTrusted = false;
  md.supportHtml = false;
  return md;
}

/** Whether Grounded's language features are on for a resource (`grounded.enable`). */
export class Settings implements vscode.Disposable {
  private readonly cache = new Map<string, boolean>();
  private readonly listener: vscode.Disposable;
  private readonly emitter = new vscode.EventEmitter<void>();
  /** Fires when any `grounded.*` setting changed. */
  readonly onDidChange = this.emitter.event;

  constructor() {
    this.listener = vscode.workspace.onDidChangeConfiguration(e => {
      if (!e.affectsConfiguration('grounded')) return;
      this.cache.clear();
      this.emitter.fire();
    });
  }

  enabled(uri: vscode.Uri): boolean {
    return this.get(uri, 'enable', true);
  }

  get(uri: vscode.Uri | undefined, key: string, fallback: boolean): boolean {
    const folder = uri ? (vscode.workspace.getWorkspaceFolder(uri)?.uri.toString() ?? '') : '';
    const cacheKey = `${folder}\0${key}`;
    let value = this.cache.get(cacheKey);
    if (value === undefined) {
      value = vscode.workspace.getConfiguration('grounded', uri).get<boolean>(key, fallback);
      this.cache.set(cacheKey, value);
    }
    return value;
  }

  dispose(): void {
    this.listener.dispose();
    this.emitter.dispose();
  }
}

export interface Resolved {
  doc: ParsedDocument;
  service: GroundedService;
  index: WorkspaceIndex;
  folder: FolderState;
}

/** What every feature needs: the model and the settings. */
export interface FeatureContext {
  model: GroundedModel;
  settings: Settings;
}

/**
 * The parsed document for an editor's text, up to date: pending typing is parsed first. A
 * document the index does not hold yet (indexing still running) is parsed on the spot.
 */
export function resolve(ctx: FeatureContext, document: vscode.TextDocument): Resolved | undefined {
  if (!ctx.settings.enabled(document.uri)) return undefined;
  ctx.model.flush(document);
  const found = ctx.model.document(document.uri);
  if (found) return found;
  const folder = ctx.model.folderOf(document.uri);
  if (!folder) return undefined;
  return {
    doc: parseMarkdown(document.uri.toString(), document.getText()),
    service: folder.service,
    index: folder.index,
    folder,
  };
}
