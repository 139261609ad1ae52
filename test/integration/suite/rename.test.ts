import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { GroundedApi } from '../../../src/extension/extension';
import { fixtureUri, getApi, indexedSuite, openDoc, positionOf, waitFor } from './util';

describe('editor: rename', function () {
  indexedSuite(this);

  it('prepares a rename on an ID with the ID as placeholder', async () => {
    const doc = await openDoc('specs/checkout.md');
    const result = await vscode.commands.executeCommand<{ range: vscode.Range; placeholder: string }>(
      'vscode.prepareRename',
      doc.uri,
      positionOf(doc, 'F-014, F-022', 2),
    );
    assert.equal(result.placeholder, 'F-014');
    assert.equal(doc.getText(result.range), 'F-014');
  });

  it('renames a finding in frontmatter and body across files', async () => {
    const doc = await openDoc('specs/checkout.md');
    const edit = await vscode.commands.executeCommand<vscode.WorkspaceEdit>(
      'vscode.executeDocumentRenameProvider',
      doc.uri,
      positionOf(doc, 'F-014, F-022', 2),
      'F-099',
    );
    const files = new Map(edit.entries().map(([uri, edits]) => [vscode.workspace.asRelativePath(uri), edits]));
    assert.deepEqual([...files.keys()].sort(), [
      'decisions/D-007.md',
      'findings/F-099 guest checkout.md',
      'notes/README.md',
      'specs/checkout.md',
    ]);
    for (const edits of files.values()) assert.ok(edits.every(e => e.newText === 'F-099'));
    // The finding's file is renamed too ("F-014 guest checkout.md"), and its edits address the new name.
    assert.equal(files.get('specs/checkout.md')!.length, 2);
    const spec = files.get('specs/checkout.md')!.map(e => doc.getText(e.range));
    assert.deepEqual(spec, ['F-014', 'F-014']);
  });

  it('refuses a new ID that already exists, or an invalid one, and changes nothing', async () => {
    const doc = await openDoc('specs/checkout.md');
    const pos = positionOf(doc, 'F-014, F-022', 2);
    for (const name of ['F-022', '9 lives']) {
      // An empty edit, not a rejection: a rejection would let the built-in Markdown rename
      // rewrite `[F-014, F-022]` as if it were a link. The reason is shown as an error message.
      const edit = await vscode.commands.executeCommand<vscode.WorkspaceEdit>(
        'vscode.executeDocumentRenameProvider',
        doc.uri,
        pos,
        name,
      );
      assert.equal(edit.size, 0, `renaming to ${name} edited ${JSON.stringify(edit.entries())}`);
    }
  });

  it('applies a rename across files, file name included', async () => {
    const temp = fixtureUri('findings/F-777 rename me.md');
    const renamed = fixtureUri('findings/F-778 rename me.md');
    const citing = fixtureUri('notes/tmp-rename-citing.md');
    await vscode.workspace.fs.writeFile(
      temp,
      new TextEncoder().encode(
        '---\nid: F-777\ntype: finding\ntitle: Rename me\nsource: survey\ndate: 2026-01-01\n---\nF-777 is this.\n',
      ),
    );
    await vscode.workspace.fs.writeFile(citing, new TextEncoder().encode('A note about F-777.\n'));
    const api = await getApi<GroundedApi>();
    try {
      await waitFor(
        () => api.model.document(citing) && api.model.document(temp),
        10000,
        'the temporary files were not indexed',
      );
      const doc = await openDoc('notes/tmp-rename-citing.md');
      const edit = await vscode.commands.executeCommand<vscode.WorkspaceEdit>(
        'vscode.executeDocumentRenameProvider',
        doc.uri,
        positionOf(doc, 'F-777', 1),
        'F-778',
      );
      assert.ok(await vscode.workspace.applyEdit(edit));
      await waitFor(
        () =>
          vscode.workspace.fs.stat(renamed).then(
            () => true,
            () => false,
          ),
        5000,
        'the file was not renamed',
      );
      assert.equal(doc.getText(), 'A note about F-778.\n');
      const moved = await vscode.workspace.openTextDocument(renamed);
      assert.match(moved.getText(), /^---\nid: F-778\n[\s\S]*\nF-778 is this\.\n$/);
    } finally {
      for (const d of vscode.workspace.textDocuments.filter(t => t.isDirty)) {
        if ([temp, renamed, citing].some(u => u.toString() === d.uri.toString())) await d.save();
      }
      // Close only the temporary files' tabs: closing every editor also closes the fixture
      // documents under the Markdown language server, which then fails the next request.
      const temps = new Set([temp, renamed, citing].map(u => u.toString()));
      const tabs = vscode.window.tabGroups.all
        .flatMap(g => g.tabs)
        .filter(t => t.input instanceof vscode.TabInputText && temps.has(t.input.uri.toString()));
      await vscode.window.tabGroups.close(tabs);
      for (const u of [temp, renamed, citing]) await vscode.workspace.fs.delete(u).then(undefined, () => undefined);
    }
  });

  it('leaves the rename of a Markdown heading to the built-in provider', async () => {
    // A fresh file: the Markdown server had lost track of fixture files that earlier tests closed.
    const uri = fixtureUri('specs/tmp-heading.md');
    const text = [
      '---',
      'id: S-tmp-heading',
      'type: spec',
      'title: Headings',
      'requirements:',
      '  - id: R-tmp-heading-1',
      '    text: Saved cards',
      '---',
      '## R-tmp-heading-1 Saved cards',
      '',
      'See [that part](#r-tmp-heading-1-saved-cards).',
      '',
    ].join('\n');
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
    try {
      const doc = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(doc);
      const pos = positionOf(doc, '## R-tmp-heading-1 Saved cards', 22);
      const edit = await waitFor(
        () =>
          vscode.commands.executeCommand<vscode.WorkspaceEdit | undefined>(
            'vscode.executeDocumentRenameProvider',
            doc.uri,
            pos,
            'R-tmp-heading-1 Stored cards',
          ),
        30000,
        'no rename edit for the heading',
      );
      assert.ok(edit.get(doc.uri).some(e => e.newText.includes('Stored cards')));
    } finally {
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      await vscode.workspace.fs.delete(uri).then(undefined, () => undefined);
    }
  });
});
