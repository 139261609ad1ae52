import * as vscode from 'vscode';
import { RULES } from '../../core';
import { MARKDOWN } from './convert';

/**
 * The rule docs inside VS Code, also offline: `grounded.showRuleDocs` opens the copy of
 * docs/rules.md that ships in the extension at the rule's section, and every Grounded diagnostic
 * gets a "Show documentation for …" action that runs it (as ESLint's extension does). The
 * diagnostic's code links to the same section on the web.
 */
export function registerRuleDocs(extensionUri: vscode.Uri): vscode.Disposable {
  const docsUri = vscode.Uri.joinPath(extensionUri, 'docs', 'rules.md');
  return vscode.Disposable.from(
    vscode.commands.registerCommand('grounded.showRuleDocs', (rule?: string) => showRuleDocs(docsUri, rule)),
    vscode.languages.registerCodeActionsProvider(
      MARKDOWN,
      {
        provideCodeActions(_document, _range, context) {
          const rules = new Set<string>();
          for (const d of context.diagnostics) {
            const code = typeof d.code === 'object' ? d.code.value : d.code;
            if (d.source === 'grounded' && typeof code === 'string') rules.add(code);
          }
          return [...rules].map(rule => {
            const action = new vscode.CodeAction(`Show documentation for ${rule}`, vscode.CodeActionKind.QuickFix);
            action.command = { command: 'grounded.showRuleDocs', title: action.title, arguments: [rule] };
            return action;
          });
        },
      },
      { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] },
    ),
  );
}

/** Opens docs/rules.md at `rule`'s heading; without a rule, asks for one. */
async function showRuleDocs(docsUri: vscode.Uri, rule?: string): Promise<vscode.TextEditor | undefined> {
  const id =
    typeof rule === 'string'
      ? rule
      : (
          await vscode.window.showQuickPick(
            RULES.map(r => ({ label: r.id, description: r.defaultSeverity, detail: r.description })),
            { placeHolder: 'Show the documentation of a rule', matchOnDetail: true },
          )
        )?.label;
  if (!id) return undefined;
  const document = await vscode.workspace.openTextDocument(docsUri);
  let line = 0;
  for (let i = 0; i < document.lineCount; i++) {
    if (document.lineAt(i).text === `## ${id}`) {
      line = i;
      break;
    }
  }
  const at = new vscode.Range(line, 0, line, 0);
  const editor = await vscode.window.showTextDocument(document, { selection: at, preview: true });
  editor.revealRange(at, vscode.TextEditorRevealType.AtTop);
  return editor;
}
