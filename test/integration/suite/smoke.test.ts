import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, openDoc, positionOf, waitFor } from './util';

describe('smoke: Grounded in a real VS Code', () => {
  it('is installed as grounded.grounded', () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is not in the extension host`);
    assert.equal(ext.packageJSON.publisher, 'grounded');
    assert.equal(ext.packageJSON.name, 'grounded');
  });

  it('opens the fixture workspace', () => {
    const folders = vscode.workspace.workspaceFolders ?? [];
    assert.equal(folders.length, 1);
    assert.match(folders[0].uri.path, /\/test\/fixtures\/workspace$/);
  });

  it('activates when a Markdown file of the fixture is opened', async () => {
    const doc = await openDoc('findings/F-014 guest checkout.md');
    assert.equal(doc.languageId, 'markdown');
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    await waitFor(() => ext.isActive, 15000, `${EXTENSION_ID} did not activate`);
  });
});

describe('smoke: built-in Markdown features still work next to Grounded', () => {
  const note = 'notes/README.md';

  before(async function () {
    // VS Code's Markdown language server starts on first use; give it time once, here.
    this.timeout(90000);
    const doc = await openDoc(note);
    await waitFor(
      async () => {
        const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>(
          'vscode.executeDocumentSymbolProvider',
          doc.uri,
        );
        return symbols?.length > 0;
      },
      80000,
      'the built-in Markdown language server gives no document symbols',
    );
  });

  it('renames a header with the built-in provider', async () => {
    const doc = await openDoc(note);
    const pos = positionOf(doc, '## Heading', 4);
    // The Markdown language server starts lazily, so ask until it answers.
    const edit = await waitFor(
      () =>
        vscode.commands.executeCommand<vscode.WorkspaceEdit | undefined>(
          'vscode.executeDocumentRenameProvider',
          doc.uri,
          pos,
          'Renamed heading',
        ),
      15000,
      'no rename edit for the header',
    );
    const edits = edit.get(doc.uri);
    assert.ok(edits.length > 0, 'the rename changes nothing in the note');
    assert.ok(edits.some(e => e.newText.includes('Renamed heading')));
  });

  it('lists the relative link as a document link', async () => {
    const doc = await openDoc(note);
    // Grounded adds links for IDs (S-checkout also points at specs/checkout.md), so pick the
    // built-in one by its range.
    const link = await waitFor(
      async () => {
        const found = await vscode.commands.executeCommand<vscode.DocumentLink[]>(
          'vscode.executeLinkProvider',
          doc.uri,
          10,
        );
        return found?.find(l => doc.getText(l.range) === '../specs/checkout.md');
      },
      15000,
      'no document link on ../specs/checkout.md',
    );
    assert.ok(link.target, 'the link has no target');
    assert.ok(link.target.path.endsWith('/specs/checkout.md'), `the link goes to ${link.target.toString()}`);
  });

  it('goes from a header link to its header', async () => {
    const doc = await openDoc(note);
    const pos = positionOf(doc, '(#heading)', 3);
    const locations = await waitFor(
      async () => {
        const found = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>(
          'vscode.executeDefinitionProvider',
          doc.uri,
          pos,
        );
        return found?.length > 0 && found;
      },
      15000,
      'no definition for the header link',
    );
    const heading = positionOf(doc, '## Heading').line;
    assert.ok(
      locations.some(l => uriOf(l).toString() === doc.uri.toString() && rangeOf(l).start.line === heading),
      `no definition on line ${heading + 1}: ${JSON.stringify(locations)}`,
    );
  });
});

function uriOf(loc: vscode.Location | vscode.LocationLink): vscode.Uri {
  return 'targetUri' in loc ? loc.targetUri : loc.uri;
}

function rangeOf(loc: vscode.Location | vscode.LocationLink): vscode.Range {
  return 'targetUri' in loc ? (loc.targetSelectionRange ?? loc.targetRange) : loc.range;
}
