import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { GroundedApi } from '../../../src/extension/extension';
import { fixtureUri, getApi, indexedSuite, positionOf, waitFor } from './util';

/** Grounded's items (their detail is `type · status`), in the order VS Code would sort them. */
async function groundedItems(
  doc: vscode.TextDocument,
  pos: vscode.Position,
  resolve = 0,
): Promise<vscode.CompletionItem[]> {
  const list = await vscode.commands.executeCommand<vscode.CompletionList>(
    'vscode.executeCompletionItemProvider',
    doc.uri,
    pos,
    undefined,
    resolve,
  );
  return list.items
    .filter(i => /^(finding|spec|decision|persona)( · |$)/.test(i.detail ?? ''))
    .sort((a, b) => String(a.sortText ?? '').localeCompare(String(b.sortText ?? '')));
}

const labelOf = (i: vscode.CompletionItem) => (typeof i.label === 'string' ? i.label : i.label.label);

describe('editor: completion', function () {
  indexedSuite(this);
  // A temporary spec to type in: the fixtures must not change, and the editor may auto-save.
  const uri = fixtureUri('specs/tmp-completion.md');
  const SPEC = [
    '---',
    'id: S-tmp-completion',
    'type: spec',
    'title: Completion playground',
    'requirements:',
    '  - id: R-tmp-completion-1',
    '    text: Nothing yet',
    '    priority: should',
    '---',
    '# Completion playground',
    '',
  ].join('\n');
  let editor: vscode.TextEditor;

  before(async () => {
    const api = await getApi<GroundedApi>();
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(SPEC));
    await waitFor(() => api.model.document(uri), 10000, 'the playground was not indexed');
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await vscode.workspace.fs.delete(uri).then(undefined, () => undefined);
  });

  beforeEach(async () => {
    editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const doc = editor.document;
    if (doc.getText() !== SPEC) await editor.edit(b => b.replace(new vscode.Range(0, 0, doc.lineCount, 0), SPEC));
  });

  /** Types `text` at the end of the requirement's `priority` line, as a user would, without saving. */
  async function typeInRequirement3(text: string): Promise<vscode.Position> {
    const doc = editor.document;
    const line = positionOf(doc, '    priority: should').line;
    const end = doc.lineAt(line).range.end;
    await editor.edit(b => b.insert(end, text));
    const last = doc.lineAt(line + text.split('\n').length - 1);
    return last.range.end;
  }

  it('ranks findings for a fuzzy query in an evidence list, and offers only findings', async () => {
    const pos = await typeInRequirement3('\n    evidence: [guest checkout');
    const items = await waitFor(
      async () => {
        const found = await groundedItems(editor.document, pos);
        return found.length > 0 && found;
      },
      5000,
      'no completion items',
    );
    assert.deepEqual(items.map(labelOf).slice(0, 2), ['F-022', 'F-014']);
    assert.ok(
      items.every(i => i.detail?.startsWith('finding · ')),
      'evidence takes findings only',
    );
    const f014 = items.find(i => labelOf(i) === 'F-014')!;
    assert.equal(f014.detail, 'finding · active');
    // The item replaces the whole query and keeps it as its filter text, so VS Code keeps the order.
    const range = f014.range as vscode.Range;
    assert.equal(editor.document.getText(range), 'guest checkout');
    assert.equal(f014.filterText, 'guest checkout');
  });

  it('finds a finding by words of its body and tags', async () => {
    const pos = await typeInRequirement3('\n    evidence: [abandon acount');
    const items = await groundedItems(editor.document, pos);
    assert.equal(labelOf(items[0]), 'F-014');
  });

  it('offers personas in a personas field and shows the preview as documentation', async () => {
    const pos = await typeInRequirement3('\n    personas: [');
    const items = await groundedItems(editor.document, pos, 5);
    assert.deepEqual(items.map(labelOf), ['P-smb-owner']);
    assert.equal(items[0].detail, 'persona');
    const doc = items[0].documentation as vscode.MarkdownString;
    assert.match(doc.value, /Small\\-business owner/);
  });

  it('completes an ID prefix in the body', async () => {
    const doc = editor.document;
    const end = doc.lineAt(doc.lineCount - 1).range.end;
    await editor.edit(b => b.insert(end, '\nSee D-0'));
    const items = await groundedItems(doc, doc.lineAt(doc.lineCount - 1).range.end);
    assert.equal(labelOf(items[0]), 'D-007');
    assert.equal(items[0].detail, 'decision · accepted');
  });
});
