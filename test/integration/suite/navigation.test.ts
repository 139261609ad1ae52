import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { GroundedApi } from '../../../src/extension/extension';
import { fixtureUri, getApi, indexedSuite, openDoc, positionOf, waitFor } from './util';

const uriOf = (l: vscode.Location | vscode.LocationLink) => ('targetUri' in l ? l.targetUri : l.uri);
const rangeOf = (l: vscode.Location | vscode.LocationLink) => ('targetUri' in l ? l.targetRange : l.range);

describe('editor: navigation', function () {
  indexedSuite(this);

  it('goes from an ID in a spec to the finding that declares it', async () => {
    const doc = await openDoc('specs/checkout.md');
    const found = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>(
      'vscode.executeDefinitionProvider',
      doc.uri,
      positionOf(doc, 'F-014, F-022', 1),
    );
    const target = found.find(l => uriOf(l).toString() === fixtureUri('findings/F-014 guest checkout.md').toString());
    assert.ok(target, `no definition in the finding: ${JSON.stringify(found)}`);
    assert.deepEqual([rangeOf(target).start.line, rangeOf(target).start.character], [1, 4]);
  });

  it('goes to a definition from the body of a plain note', async () => {
    const doc = await openDoc('notes/README.md');
    const found = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>(
      'vscode.executeDefinitionProvider',
      doc.uri,
      positionOf(doc, 'S-checkout', 1),
    );
    assert.ok(found.some(l => uriOf(l).toString() === fixtureUri('specs/checkout.md').toString()));
  });

  it('finds every reference to a finding, in frontmatter and body, across files', async () => {
    const doc = await openDoc('findings/F-014 guest checkout.md');
    const refs = await vscode.commands.executeCommand<vscode.Location[]>(
      'vscode.executeReferenceProvider',
      doc.uri,
      positionOf(doc, 'id: F-014', 5),
    );
    const byFile = new Map<string, number>();
    for (const r of refs)
      byFile.set(vscode.workspace.asRelativePath(r.uri), (byFile.get(vscode.workspace.asRelativePath(r.uri)) ?? 0) + 1);
    assert.deepEqual(Object.fromEntries([...byFile].sort()), {
      'decisions/D-007.md': 1,
      'findings/F-014 guest checkout.md': 1,
      'notes/README.md': 1,
      // The evidence link and the body mention; not the ID inside a code span.
      'specs/checkout.md': 2,
    });
  });

  it('links IDs to their files, next to the built-in relative links', async () => {
    const doc = await openDoc('notes/README.md');
    const links = await waitFor(
      async () => {
        const found = await vscode.commands.executeCommand<vscode.DocumentLink[]>(
          'vscode.executeLinkProvider',
          doc.uri,
          10,
        );
        return (
          found.some(l => doc.getText(l.range) === 'F-014') &&
          found.some(l => l.target?.path.endsWith('/specs/checkout.md') && doc.getText(l.range).includes('..')) &&
          found
        );
      },
      15000,
      'ID links and the built-in link did not both show',
    );
    const f014 = links.find(l => doc.getText(l.range) === 'F-014')!;
    assert.ok(f014.target?.path.endsWith('/findings/F-014 guest checkout.md'));
  });

  it('lists requirements as document symbols and IDs as workspace symbols', async () => {
    const doc = await openDoc('specs/checkout.md');
    const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>(
      'vscode.executeDocumentSymbolProvider',
      doc.uri,
    );
    const flat = (list: vscode.DocumentSymbol[]): vscode.DocumentSymbol[] =>
      list.flatMap(s => [s, ...flat(s.children ?? [])]);
    const spec = flat(symbols).find(s => s.name === 'S-checkout');
    assert.ok(spec, 'no S-checkout symbol');
    assert.deepEqual(
      spec.children.map(c => c.name),
      ['R-checkout-1', 'R-checkout-2', 'R-checkout-3', 'R-checkout-4'],
    );
    const found = await vscode.commands.executeCommand<vscode.SymbolInformation[]>(
      'vscode.executeWorkspaceSymbolProvider',
      'R-checkout',
    );
    assert.deepEqual(
      found
        .filter(s => s.name.startsWith('R-checkout'))
        .map(s => s.name.split(' ')[0])
        .sort(),
      ['R-checkout-1', 'R-checkout-2', 'R-checkout-3', 'R-checkout-4'],
    );
  });
});

describe('editor: preview and contributions', function () {
  // Real VS Code on a shared machine: indexing, the Markdown server and file events can be slow.
  this.timeout(60000);
  it('renders known IDs as links with their title in the Markdown preview', async function () {
    // The Markdown engine loads its plugins on the first render, which is slow on a busy machine.
    this.timeout(60000);
    // The preview caches a document's tokens until it changes: render once the index is ready.
    await (await getApi<GroundedApi>()).model.ready();
    const doc = await openDoc('notes/README.md');
    const html = await waitFor(
      async () => {
        const rendered = await vscode.commands.executeCommand<string>('markdown.api.render', doc);
        return rendered.includes('grounded-id') && rendered;
      },
      45000,
      'the preview shows no Grounded links',
    );
    assert.match(
      html,
      /<a href="[^"]*findings\/F-014%20guest%20checkout\.md" title="F-014: SMB owners abandon checkout when forced to create an account" class="grounded-id"[^>]*>F-014<\/a>/,
    );
    assert.match(
      html,
      /<a href="[^"]*specs\/checkout\.md" title="S-checkout: One-page checkout" class="grounded-id"[^>]*>S-checkout<\/a>/,
    );
  });

  it('contributes snippets, the ID grammar and documented settings', async () => {
    const ext = vscode.extensions.getExtension('grounded.grounded')!;
    const contributes = ext.packageJSON.contributes;
    const read = async (rel: string) =>
      JSON.parse(
        new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(ext.extensionUri, rel))),
      );
    const snippets = await read(contributes.snippets[0].path);
    assert.deepEqual(Object.keys(snippets).sort(), [
      'Grounded decision',
      'Grounded finding',
      'Grounded input',
      'Grounded measurement',
      'Grounded metric',
      'Grounded persona',
      'Grounded requirement',
      'Grounded spec',
    ]);
    const grammar = await read(contributes.grammars[0].path);
    assert.equal(grammar.scopeName, contributes.grammars[0].scopeName);
    assert.deepEqual(contributes.grammars[0].injectTo, ['text.html.markdown']);
    for (const [key, setting] of Object.entries<{ markdownDescription?: string; scope?: string }>(
      contributes.configuration.properties,
    )) {
      assert.ok(setting.markdownDescription && setting.scope, `${key} needs a markdownDescription and a scope`);
    }
    assert.equal(contributes['markdown.markdownItPlugins'], true);
  });
});
