import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { GroundedApi } from '../../../src/extension/extension';
import { fixtureUri, getApi, indexedSuite, positionOf, waitFor } from './util';

const SPEC = [
  '---',
  'id: S-tmp-quickfix',
  'type: spec',
  'title: Quick fix playground',
  'requirements:',
  '  - id: R-tmp-1',
  '    text: Pay in one click',
  '    priority: could',
  '    evidense: [F-014]',
  '  - id: R-tmp-2',
  '    text: Keep old evidence',
  '    priority: could',
  '    evidence: [F-031]',
  '  - id: R-tmp-3',
  '    text: Nothing yet',
  '    priority: could',
  '---',
  '# Quick fix playground',
  '',
  'F-404 is quoted here but does not exist.',
  '',
].join('\n');

describe('editor: quick fixes', function () {
  indexedSuite(this);
  const uri = fixtureUri('specs/tmp-quickfix.md');
  let editor: vscode.TextEditor;
  let api: GroundedApi;

  before(async () => {
    api = await getApi<GroundedApi>();
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(SPEC));
    await waitFor(() => api.model.document(uri), 10000, 'the playground spec was not indexed');
  });

  after(async () => {
    const tabs = vscode.window.tabGroups.all
      .flatMap(g => g.tabs)
      .filter(t => t.input instanceof vscode.TabInputText && t.input.uri.toString() === uri.toString());
    await vscode.window.tabGroups.close(tabs);
    await vscode.workspace.fs.delete(uri).then(undefined, () => undefined);
  });

  beforeEach(async () => {
    editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    assert.equal(editor.document.getText(), SPEC);
  });

  async function actionsAt(needle: string, offset = 1): Promise<vscode.CodeAction[]> {
    const pos = positionOf(editor.document, needle, offset);
    return waitFor(
      async () => {
        const found = await vscode.commands.executeCommand<vscode.CodeAction[]>(
          'vscode.executeCodeActionProvider',
          uri,
          new vscode.Range(pos, pos),
        );
        return found.length > 0 && found;
      },
      10000,
      `no code action at ${needle}`,
    );
  }

  async function apply(action: vscode.CodeAction): Promise<void> {
    if (action.edit) assert.ok(await vscode.workspace.applyEdit(action.edit));
    if (action.command)
      await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
  }

  /** Undoes in the playground's editor and checks that the text is as before. */
  async function undoAndCheck(): Promise<void> {
    editor = await vscode.window.showTextDocument(editor.document);
    await vscode.commands.executeCommand('undo');
    await waitFor(() => editor.document.getText() === SPEC, 5000, 'undo did not restore the text');
  }

  it('renames a near-miss field', async () => {
    const fix = (await actionsAt('evidense')).find(a => a.title === 'Rename `evidense` to `evidence`');
    assert.ok(fix?.edit, 'no rename-field fix');
    assert.equal(fix.isPreferred, true);
    await apply(fix);
    assert.match(editor.document.getText(), /\n {4}evidence: \[F-014\]\n/);
    await undoAndCheck();
  });

  it('replaces superseded evidence with its successor', async () => {
    const fix = (await actionsAt('F-031')).find(a => a.title === 'Replace F-031 with its successor F-022');
    assert.ok(fix, 'no successor fix');
    await apply(fix);
    assert.match(editor.document.getText(), /\n {4}evidence: \[F-022\]\n/);
    await undoAndCheck();
  });

  it('links evidence to a requirement without an evidence field', async () => {
    const fix = (await actionsAt('R-tmp-3')).find(a => a.title === 'Link evidence to R-tmp-3…');
    assert.ok(fix?.command, 'no link-evidence fix');
    assert.deepEqual(fix.command.arguments?.slice(1), ['R-tmp-3']);
    // The command asks with a quick pick; a third argument stands for the user's choice.
    await vscode.commands.executeCommand(fix.command.command, ...fix.command.arguments!, 'F-014');
    assert.match(
      editor.document.getText(),
      /\n {4}text: Nothing yet\n {4}priority: could\n {4}evidence: \[F-014\]\n---/,
    );
    await undoAndCheck();
  });

  it('links evidence into an existing flow list', async () => {
    await vscode.commands.executeCommand('grounded.linkEvidence', uri, 'R-tmp-2', ['F-014', 'F-022']);
    assert.match(editor.document.getText(), /\n {4}evidence: \[F-031, F-014, F-022\]\n/);
    await undoAndCheck();
  });

  it('adds a waiver with a reason', async () => {
    const fix = (await actionsAt('R-tmp-3')).find(a => a.title === 'Add a waiver to R-tmp-3…');
    assert.ok(fix?.command, 'no waiver fix');
    await vscode.commands.executeCommand(fix.command.command, ...fix.command.arguments!, 'Legal: required by the bank');
    assert.match(editor.document.getText(), /\n {4}priority: could\n {4}waiver: "Legal: required by the bank"\n---/);
    await undoAndCheck();
  });

  it('creates a finding for an unknown ID from the template, and opens it', async () => {
    const fix = (await actionsAt('F-404')).find(a => a.title === 'Create finding F-404');
    assert.ok(fix?.edit && fix.command, 'no create-finding fix');
    const created = fixtureUri('findings/F-404.md');
    try {
      await apply(fix);
      await waitFor(
        () => vscode.window.activeTextEditor?.document.uri.toString() === created.toString(),
        5000,
        'the new finding was not opened',
      );
      const doc = vscode.window.activeTextEditor!.document;
      assert.match(
        doc.getText(),
        /^---\nid: F-404\ntype: finding\ntitle: \nsource: interview\ndate: \d{4}-\d{2}-\d{2}\n/,
      );
      await vscode.commands.executeCommand('undo');
      await waitFor(() => doc.getText() === '' || doc.isClosed, 5000, 'undo did not remove the template');
    } finally {
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      await vscode.workspace.fs.delete(created).then(undefined, () => undefined);
    }
  });
});
