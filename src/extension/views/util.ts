import * as vscode from 'vscode';
import type { GroundingState, Range } from '../../core';

/** A core range as a VS Code range. */
export function toRange(r: Range): vscode.Range {
  return new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
}

/** The command a tree node runs on click: open the document with the range selected. */
export function openCommand(uri: string, range: Range | undefined, title = 'Open'): vscode.Command {
  const options: vscode.TextDocumentShowOptions = range ? { selection: toRange(range), preserveFocus: false } : {};
  return { command: 'vscode.open', title, arguments: [vscode.Uri.parse(uri), options] };
}

export const STATE_ICONS: Record<GroundingState, vscode.ThemeIcon> = {
  grounded: new vscode.ThemeIcon('pass-filled', new vscode.ThemeColor('charts.green')),
  weak: new vscode.ThemeIcon('warning', new vscode.ThemeColor('charts.yellow')),
  ungrounded: new vscode.ThemeIcon('error', new vscode.ThemeColor('charts.red')),
  waived: new vscode.ThemeIcon('circle-slash', new vscode.ThemeColor('disabledForeground')),
};

/** Runs `fn` once, `ms` after the last call. */
export function debounce(fn: () => void, ms: number): { (): void; dispose(): void } {
  let timer: NodeJS.Timeout | undefined;
  const call = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      fn();
    }, ms);
  };
  call.dispose = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
  };
  return call;
}

/** A `MarkdownString` that renders workspace text but runs nothing: no commands, no HTML. */
export function safeMarkdown(value: string): vscode.MarkdownString {
  const md = new vscode.MarkdownString(value, true);
  md.isTrusted = false;
  md.supportHtml = false;
  return md;
}
