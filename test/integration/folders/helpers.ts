// Helpers of the folders suite: the setup that folders.ts passes, and the comparison of what
// VS Code holds with the CLI's JSON report.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { JsonReport } from '../../../src/core/report';
import type { FoldersSetup } from '../foldersSetup';
import { waitFor } from '../suite/util';

export const setup = JSON.parse(process.env.GROUNDED_IT_FOLDERS ?? '{}') as FoldersSetup;
type Row = JsonReport['diagnostics'][number];

const SEVERITY: Record<number, string> = {
  [vscode.DiagnosticSeverity.Error]: 'error',
  [vscode.DiagnosticSeverity.Warning]: 'warning',
  [vscode.DiagnosticSeverity.Information]: 'info',
};

export function codeOf(d: vscode.Diagnostic): string {
  const code = d.code;
  return typeof code === 'object' ? String(code.value) : String(code);
}

/** Every Grounded diagnostic VS Code holds for files below `folder`, as the CLI's JSON rows, sorted. */
export function editorRows(folder: string): Row[] {
  const rows: Row[] = [];
  for (const [uri, list] of vscode.languages.getDiagnostics()) {
    if (uri.scheme !== 'file') continue;
    const rel = path.relative(folder, uri.fsPath);
    if (rel.startsWith('..') || path.isAbsolute(rel)) continue;
    for (const d of list) {
      if (d.source !== 'grounded' || codeOf(d) === 'config') continue;
      const r = d.range;
      rows.push({
        file: rel.split(path.sep).join('/'),
        line: r.start.line + 1,
        column: r.start.character + 1,
        endLine: r.end.line + 1,
        endColumn: r.end.character + 1,
        severity: SEVERITY[d.severity],
        rule: codeOf(d),
        message: d.message,
      });
    }
  }
  return sorted(rows);
}

function sorted(rows: Row[]): Row[] {
  const key = (r: Row) =>
    `${r.file}\u0000${String(r.line).padStart(6, '0')}\u0000${String(r.column).padStart(6, '0')}\u0000${r.rule}\u0000${r.message}`;
  return rows
    .map(r => ({
      file: r.file,
      line: r.line,
      column: r.column,
      endLine: r.endLine,
      endColumn: r.endColumn,
      severity: r.severity,
      rule: r.rule,
      message: r.message,
    }))
    .sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

export function cliRows(folder: string): Row[] {
  return sorted((JSON.parse(fs.readFileSync(setup.expected[folder], 'utf8')) as JsonReport).diagnostics);
}

/** Waits until VS Code holds as many diagnostics as the CLI reported, then compares them all. */
export async function assertSameAsCli(folder: string): Promise<void> {
  const want = cliRows(folder);
  await waitFor(
    () => editorRows(folder).length >= want.length,
    90000,
    `fewer diagnostics in the editor than the CLI's ${want.length} for ${folder}`,
  ).catch(() => undefined);
  assert.deepEqual(editorRows(folder), want);
}

export const uriIn = (folder: string, rel: string) => vscode.Uri.file(path.join(folder, ...rel.split('/')));

export async function hoverText(uri: vscode.Uri, needle: string): Promise<string> {
  const doc = await vscode.workspace.openTextDocument(uri);
  const at = doc.positionAt(doc.getText().indexOf(needle) + 1);
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, at);
  return hovers.flatMap(h => h.contents.map(c => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n');
}
