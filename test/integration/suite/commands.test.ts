import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { fixtureUri, waitFor } from './util';
import { closeTabs, evidenceTree, findSpec, viewsApi, removeLeftovers } from './views-helpers';
import { getApi } from './util';
import type { GroundedApi } from '../../../src/extension/extension';

async function removeCreated(uri: vscode.Uri): Promise<void> {
  await closeTabs(uri);
  await vscode.workspace.fs.delete(uri, { useTrash: false }).then(undefined, () => undefined);
  const api = await getApi<GroundedApi>();
  await waitFor(() => !api.model.document(uri), 10000, `${uri.path} stayed in the index`);
}

const CLI = path.resolve(__dirname, '../../../../dist/cli.js');

describe('views: commands', function () {
  // Opening editors is slow on a busy 2-core machine.
  this.timeout(60_000);
  after(removeLeftovers);
  it('creates a finding from the template with the next free ID, and opens it', async () => {
    const { api, views } = await viewsApi();
    const uri = await vscode.commands.executeCommand<vscode.Uri>('grounded.newFinding', {
      title: 'Buyers skip the newsletter box',
    });
    assert.ok(uri, 'no file was created');
    try {
      assert.match(uri.path, /\/findings\/F-032-buyers-skip-the-newsletter-box\.md$/);
      const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
      assert.match(
        text,
        /^---\nid: F-032\ntype: finding\ntitle: Buyers skip the newsletter box\nsource: interview\ndate: \d{4}-\d{2}-\d{2}\n/,
      );
      assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), uri.toString());
      await waitFor(() => api.model.document(uri)?.doc.item?.id === 'F-032', 10000, 'F-032 was not indexed');
      // A fresh finding is unused, so the template itself raises no error or warning.
      const problems = api.model
        .document(uri)!
        .index.diagnostics(uri.toString())
        .filter(d => d.severity !== 'info');
      assert.deepEqual(problems, []);
      await waitFor(
        () => evidenceTree(views).some(g => g.findings.some(f => f.id === 'F-032')),
        10000,
        'F-032 is not in the Evidence view',
      );
    } finally {
      await removeCreated(uri);
    }
  });

  it('creates a spec with a slug ID and one requirement to ground', async () => {
    const { views } = await viewsApi();
    const uri = await vscode.commands.executeCommand<vscode.Uri>('grounded.newSpec', {
      title: 'Order tracking',
      open: false,
    });
    try {
      assert.match(uri.path, /\/specs\/order-tracking\.md$/);
      const spec = await waitFor(() => findSpec(views, 'S-order-tracking'), 10000, 'the new spec is not in the tree');
      assert.equal(spec.kind === 'spec' && spec.row.requirements[0].id, 'R-order-tracking-1');
    } finally {
      await removeCreated(uri);
    }
  });

  it('copies the coverage summary as Markdown, the same summary as grounded check --format markdown', async () => {
    await viewsApi();
    const text = await vscode.commands.executeCommand<string>('grounded.copyCoverageSummary');
    assert.match(
      text,
      /^## Grounded: evidence coverage \d+%\n\n\*\*\d+ of \d+\*\* requirements grounded \(\d+ weak, \d+ ungrounded, \d+ waived\) in \d+ specs? · /,
    );
    // Three of the four requirements count (one is waived); one of them is grounded.
    assert.match(text, /\| `S-checkout` One-page checkout \| 33% \| 1\/3 \| 0 \| 2 \| 1 \|/);
    assert.equal(await vscode.env.clipboard.readText(), text);
    // The CLI on the same folder begins with the same summary; only its errors and warnings follow.
    const root = fixtureUri('').fsPath.replace(/[\\/]$/, '');
    const cli = execFileSync(
      process.execPath,
      [CLI, 'check', '.', '--format', 'markdown', '--fail-on', 'never', '--no-cache', '--no-baseline'],
      { cwd: root, encoding: 'utf8' },
    );
    assert.equal(cli.slice(0, text.length), text);
    assert.match(cli.slice(text.length), /^(\n<details><summary>Errors and warnings \(\d+\)<\/summary>\n[\s\S]*)?$/);
  });

  it('contributes every command to the palette with the Grounded category', async () => {
    const ext = vscode.extensions.getExtension('grounded.grounded')!;
    const contributed: { command: string; category?: string }[] = ext.packageJSON.contributes.commands;
    const registered = new Set(await vscode.commands.getCommands(true));
    const mine = contributed.filter(c =>
      /^grounded\.(new|open|export|refresh|copy|reveal|filter|toggle|clear|sort|group|show|linkEvidenceTo)/.test(
        c.command,
      ),
    );
    assert.ok(mine.length >= 20);
    for (const c of mine) {
      assert.equal(c.category, 'Grounded', c.command);
      assert.ok(registered.has(c.command), `${c.command} is contributed but not registered`);
    }
  });

  it('offers the first spec and finding in the welcome view of an empty folder', () => {
    const ext = vscode.extensions.getExtension('grounded.grounded')!;
    const welcome: { view: string; contents: string; when: string }[] = ext.packageJSON.contributes.viewsWelcome;
    const empty = welcome.find(w => w.view === 'grounded.coverage' && w.when.includes('!grounded.hasItems'))!;
    assert.ok(empty, 'no welcome content for a folder without Grounded documents');
    assert.match(empty.contents, /\[New Spec\]\(command:grounded\.newSpec\)/);
    assert.match(empty.contents, /\[New Finding\]\(command:grounded\.newFinding\)/);
    const container = ext.packageJSON.contributes.viewsContainers.activitybar.find(
      (c: { id: string }) => c.id === 'grounded',
    );
    assert.deepEqual(container, { id: 'grounded', title: 'Grounded', icon: 'media/grounded.svg' });
  });
});
