import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { GroundedApi } from '../../../src/extension/extension';
import type { ViewsApi } from '../../../src/extension/views';
import { getApi, waitFor } from '../suite/util';
import { assertSameAsCli, cliRows, editorRows, hoverText, setup, uriIn } from './helpers';

/* A multi-root window (docs/performance.md): a generated 2,000-document folder and a small one, each with its own config. */

describe('a multi-root window of a 2,000-document folder and a small one', function () {
  this.timeout(180000);
  let api: GroundedApi;

  before(async () => {
    assert.ok(setup.big && setup.small, 'GROUNDED_IT_FOLDERS names the folders (run test/integration/folders.ts)');
    api = await getApi<GroundedApi>();
    await api.model.ready();
  });

  it('indexes each folder on its own, with its own config', () => {
    const states = api.model.all();
    assert.equal(states.length, 2);
    const big = api.model.folderOf(uriIn(setup.big, 'x.md'))!;
    const small = api.model.folderOf(uriIn(setup.small, 'x.md'))!;
    assert.ok(big.index.size > 1900, `the big folder has ${big.index.size} documents`);
    assert.equal(small.index.size, 2, "drafts/ is excluded by the small folder's config");
    assert.deepEqual(small.configErrors, []);
  });

  it("shows exactly the diagnostics of the CLI's --format json, on the 2,000-document folder", async () => {
    await assertSameAsCli(setup.big);
    assert.ok(cliRows(setup.big).length > 100, 'the generated folder has problems to compare');
  });

  it('shows exactly the diagnostics of the CLI on the small folder', async () => {
    await assertSameAsCli(setup.small);
    assert.ok(editorRows(setup.small).some(r => /Did you mean `F-cash`/.test(r.message)));
  });

  it('keeps a drafts/ file out when it is opened and edited (exclude: [drafts], as the CLI does)', async () => {
    const uri = uriIn(setup.small, 'drafts/idea.md');
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const edit = new vscode.WorkspaceEdit();
    edit.insert(uri, new vscode.Position(doc.lineCount - 1, 0), 'Links to F-nowhere.\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    await new Promise(r => setTimeout(r, 800)); // past the typing delay
    assert.equal(api.model.document(uri), undefined);
    assert.deepEqual(
      vscode.languages.getDiagnostics(uri).filter(d => d.source === 'grounded'),
      [],
    );
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('answers hovers and lists the specs of both folders in the Coverage view', async () => {
    assert.match(await hoverText(uriIn(setup.small, 'specs/pay.md'), 'F-cash,'), /Shop owners still take cash/);
    const { coverage } = api.views as unknown as ViewsApi;
    const folders = coverage.getChildren();
    assert.equal(folders.length, 2, 'one node per folder');
    const specs = folders.map(f => coverage.getChildren(f).filter(n => n.kind === 'spec').length);
    assert.ok(specs[0] > 10 && specs[1] === 1, `specs per folder: ${specs}`);
  });

  it('says how far indexing got, with counts, in both views while a folder is indexed again', async () => {
    const { coverageView, evidenceView } = api.views as unknown as ViewsApi;
    const config = uriIn(setup.big, '.grounded.yaml');
    const seen = new Set<string>();
    const watch = api.model.onDidProgress(() => {
      if (coverageView.message) seen.add(`${coverageView.message}|${evidenceView.message}`);
    });
    try {
      // The same config written again: the folder is read again, 2,000 documents.
      fs.writeFileSync(config.fsPath, fs.readFileSync(config.fsPath, 'utf8'));
      await waitFor(() => seen.size > 0, 30000, 'no progress message in the views');
      await api.model.folderOf(config)!.ready;
      await waitFor(
        () => api.model.indexingMessage() === undefined && coverageView.message === undefined,
        30000,
        'the progress message stayed',
      );
    } finally {
      watch.dispose();
    }
    const messages = [...seen];
    assert.ok(
      messages.every(m => /^Indexing [\d,]+ \/ 2,0\d\d\|Indexing [\d,]+ \/ 2,0\d\d$/.test(m)),
      messages.join('; '),
    );
    assert.ok(
      messages.some(m => !m.startsWith('Indexing 0 ')),
      'counts go up',
    );
  });

  it('reports a config error in one folder while the other keeps working', async () => {
    const config = uriIn(setup.small, '.grounded.yaml');
    const before = editorRows(setup.big).length;
    const original = fs.readFileSync(config.fsPath, 'utf8');
    fs.writeFileSync(config.fsPath, 'exclude: [drafts]\nstale_after_days: soon\n');
    try {
      const errors = await waitFor(
        () => {
          const list = vscode.languages.getDiagnostics(config).filter(d => d.source === 'grounded');
          return list.length > 0 && list;
        },
        30000,
        'no diagnostic on the broken .grounded.yaml',
      );
      assert.equal(errors[0].range.start.line, 1);
      const small = api.model.folderOf(config)!;
      await small.ready;
      assert.ok(small.configErrors.length > 0);
      // The small folder still checks with what it could read; the big one is untouched.
      assert.ok(small.index.get(uriIn(setup.small, 'specs/pay.md').toString()));
      assert.equal(editorRows(setup.big).length, before);
      const big = api.model.folderOf(uriIn(setup.big, 'x.md'))!;
      assert.deepEqual(big.configErrors, []);
      const spec = [...big.index.documents()].find(d => d.item?.type === 'spec' && d.links.length > 0)!;
      const cited = spec.links[0].id;
      const hover = await hoverText(vscode.Uri.parse(spec.uri), cited);
      assert.ok(hover.includes(cited), `the big folder still answers hovers (${cited})`);
    } finally {
      fs.writeFileSync(config.fsPath, original);
    }
    await waitFor(
      () => vscode.languages.getDiagnostics(config).filter(d => d.source === 'grounded').length === 0,
      30000,
      'the config error did not clear',
    );
    await assertSameAsCli(setup.small);
  });

  it('shows the lenses of a spec opened while its folder is first indexed as indexing, then its grounding, never a false "no evidence"', async () => {
    const uri = uriIn(setup.late!, 'specs/pay.md');
    const titles = async () => {
      const found = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100);
      return found.filter(l => l.command).map(l => `${l.range.start.line}:${l.command!.title}`);
    };
    // The spec is open (as a restored editor is at startup) when its folder comes.
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const added = new Promise<void>(resolve => {
      const once = vscode.workspace.onDidChangeWorkspaceFolders(() => {
        once.dispose();
        resolve();
      });
    });
    const at = vscode.workspace.workspaceFolders!.length;
    assert.ok(vscode.workspace.updateWorkspaceFolders(at, 0, { uri: vscode.Uri.file(setup.late!) }));
    try {
      await added;
      const state = api.model.folderOf(uri)!;
      assert.ok(state, 'the added folder has no state');
      const indexing = !state.complete;
      const early = await titles();
      assert.ok(
        indexing,
        'the 2,000-document folder was indexed before the spec was asked for its lenses: nothing was checked',
      );
      if (!state.complete) assert.deepEqual(early, ['5:Grounded: indexing…']);
      await state.ready;
      const late = await titles();
      assert.equal(late.length, 1, late.join('; '));
      assert.match(late[0], /^5:1 finding · qual · grounded/);
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      const i = vscode.workspace.workspaceFolders!.findIndex(f => f.uri.fsPath === vscode.Uri.file(setup.late!).fsPath);
      if (i >= 0) vscode.workspace.updateWorkspaceFolders(i, 1);
      await waitFor(() => api.model.all().length === 2, 10000, 'the added folder stayed');
    }
  });

  it('keeps a snapshot of each folder for the next start', async () => {
    await api.model.saveSnapshots();
  });
});
