import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { fixtureUri, indexedSuite, waitFor } from './util';

async function lenses(uri: vscode.Uri): Promise<{ line: number; title: string; command: string; args: unknown[] }[]> {
  // The command needs the document loaded.
  await vscode.workspace.openTextDocument(uri);
  const found = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100);
  return found
    .filter(l => l.command)
    .map(l => ({
      line: l.range.start.line,
      title: l.command!.title,
      command: l.command!.command,
      args: l.command!.arguments ?? [],
    }))
    .sort((a, b) => a.line - b.line);
}

describe('editor: CodeLens', function () {
  indexedSuite(this);

  it('shows the grounding of each requirement, with Link evidence where it has none', async () => {
    const uri = fixtureUri('specs/checkout.md');
    const found = await waitFor(
      async () => {
        const l = await lenses(uri);
        return l.length >= 4 && l;
      },
      10000,
      'no lenses on the spec',
    );
    assert.deepEqual(
      found.map(l => [l.line, l.title]),
      [
        [8, '2 findings · qual + quant · grounded'],
        [12, 'no evidence — Link evidence…'],
        [16, 'no evidence — Link evidence…'],
        [19, 'waived — no evidence'],
      ],
    );
    const link = found[1];
    assert.equal(link.command, 'grounded.linkEvidence');
    assert.equal((link.args[0] as vscode.Uri).toString(), uri.toString());
    assert.equal(link.args[1], 'R-checkout-2');
  });

  it('shows how often a finding is cited', async () => {
    const f014 = await lenses(fixtureUri('findings/F-014 guest checkout.md'));
    assert.deepEqual(
      f014.map(l => l.title),
      ['cited by 1 requirement and 1 decision'],
    );
    assert.equal(f014[0].command, 'editor.action.showReferences');
    const f030 = await lenses(fixtureUri('findings/F-030.md'));
    assert.deepEqual(
      f030.map(l => l.title),
      ['not cited'],
    );
  });

  it('turns off with grounded.codeLens.enabled', async () => {
    const config = vscode.workspace.getConfiguration('grounded');
    await config.update('codeLens.enabled', false, vscode.ConfigurationTarget.Global);
    try {
      await waitFor(async () => (await lenses(fixtureUri('specs/checkout.md'))).length === 0, 5000, 'lenses stayed');
    } finally {
      await config.update('codeLens.enabled', undefined, vscode.ConfigurationTarget.Global);
    }
  });
});
