import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, indexedSuite, openDoc, positionOf, waitFor } from './util';

describe('editor: rule documentation', function () {
  indexedSuite(this);

  afterEach(async () => {
    const tabs = vscode.window.tabGroups.all
      .flatMap(g => g.tabs)
      .filter(t => t.input instanceof vscode.TabInputText && t.input.uri.path.endsWith('/docs/rules.md'));
    await vscode.window.tabGroups.close(tabs);
  });

  it("links each diagnostic's code to its section of docs/rules.md in the package's repository", async () => {
    const repository = (vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as { repository: { url: string } })
      .repository.url;
    const web = repository.replace(/^git\+/, '').replace(/\.git$/, '');
    const spec = await openDoc('specs/checkout.md');
    const d = await waitFor(
      () =>
        vscode.languages
          .getDiagnostics(spec.uri)
          .find(x => x.source === 'grounded' && typeof x.code === 'object' && x.code.value === 'superseded-evidence'),
      15000,
      'no superseded-evidence on specs/checkout.md',
    );
    assert.equal(
      (d.code as { target: vscode.Uri }).target.toString(true),
      `${web}/blob/HEAD/docs/rules.md#superseded-evidence`,
    );
  });

  it('offers "Show documentation" on a diagnostic, which opens the bundled docs/rules.md at the rule', async () => {
    const spec = await openDoc('specs/checkout.md');
    const at = positionOf(spec, 'F-031', 1);
    const action = await waitFor(
      async () => {
        const found = await vscode.commands.executeCommand<vscode.CodeAction[]>(
          'vscode.executeCodeActionProvider',
          spec.uri,
          new vscode.Range(at, at),
        );
        return found.find(a => a.title === 'Show documentation for superseded-evidence');
      },
      15000,
      'no "Show documentation for superseded-evidence" action at F-031',
    );
    assert.equal(action.command?.command, 'grounded.showRuleDocs');
    await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
    const editor = await waitFor(
      () => {
        const e = vscode.window.activeTextEditor;
        return e?.document.uri.path.endsWith('/docs/rules.md') && e;
      },
      5000,
      'docs/rules.md did not open',
    );
    const extension = vscode.extensions.getExtension(EXTENSION_ID)!.extensionUri;
    assert.equal(editor.document.uri.toString(), vscode.Uri.joinPath(extension, 'docs', 'rules.md').toString());
    assert.equal(editor.document.lineAt(editor.selection.active.line).text, '## superseded-evidence');
  });

  it('opens any rule by its ID through the command', async () => {
    const editor = await vscode.commands.executeCommand<vscode.TextEditor>('grounded.showRuleDocs', 'unused-finding');
    assert.equal(editor.document.lineAt(editor.selection.active.line).text, '## unused-finding');
  });
});
