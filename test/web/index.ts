// The web extension's suite: the tests module that `run.js --web` has the workbench load into its
// web worker extension host, where Grounded runs from its `browser` entry (dist/web/extension.js)
// as in github.dev. It is bundled for the browser, so it can use no Node built-in either; a small
// runner of its own stands in for mocha, and prints like the desktop suite (see output-mark.ts).
import * as vscode from 'vscode';
import type { GroundedApi } from '../../src/extension/extension';
import type { ViewsApi } from '../../src/extension/views';

const MARK = '[exthost] ';
const log = (line: string) => console.log(MARK + line);

function ok(value: unknown, message: string): asserts value {
  if (!value) throw new Error(message);
}

async function waitFor<T>(
  f: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  what: string,
  ms = 20_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const v = await f();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}${last instanceof Error ? ` (${last.message})` : ''}`);
    await new Promise(r => setTimeout(r, 100));
  }
}

function folderUri(rel: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  ok(folder, 'no workspace folder is open');
  return vscode.Uri.joinPath(folder.uri, ...rel.split('/'));
}

async function open(rel: string): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(folderUri(rel));
  await vscode.window.showTextDocument(doc);
  return doc;
}

function at(doc: vscode.TextDocument, needle: string, delta = 0): vscode.Position {
  const i = doc.getText().indexOf(needle);
  ok(i >= 0, `${needle} not in ${doc.uri.path}`);
  return doc.positionAt(i + delta);
}

const hoverText = (hovers: vscode.Hover[]) =>
  hovers.flatMap(h => h.contents.map(c => (typeof c === 'string' ? c : c.value))).join('\n');

async function api(): Promise<GroundedApi> {
  const ext = vscode.extensions.getExtension<GroundedApi>('grounded.grounded');
  ok(ext, 'Grounded is not installed in this extension host');
  const exported = ext.isActive ? ext.exports : await ext.activate();
  await exported.model.ready();
  return exported;
}

const tests: [string, () => Promise<void>][] = [
  [
    'runs in the web worker extension host, without Node',
    async () => {
      const ext = vscode.extensions.getExtension('grounded.grounded');
      ok(ext, 'not installed');
      ok(
        typeof (globalThis as { process?: unknown }).process === 'undefined',
        'process exists: this is not a web worker',
      );
      ok(
        ext.extensionKind === vscode.ExtensionKind.UI,
        `extensionKind is ${ext.extensionKind}, not UI (the local web worker)`,
      );
      ok(vscode.env.uiKind === vscode.UIKind.Web, 'not the web UI');
      await api();
    },
  ],
  [
    'indexes the folder through vscode.workspace.fs',
    async () => {
      const { model } = await api();
      const checkout = model.document(folderUri('specs/checkout.md'));
      ok(checkout?.doc.item?.id === 'S-checkout', 'specs/checkout.md is not indexed');
      ok(checkout.index.item('F-014'), 'F-014 (a file with a space in its name) is not indexed');
    },
  ],
  [
    'hovers an ID with its title',
    async () => {
      const doc = await open('specs/checkout.md');
      const hovers = await waitFor(async () => {
        const h = await vscode.commands.executeCommand<vscode.Hover[]>(
          'vscode.executeHoverProvider',
          doc.uri,
          at(doc, 'F-014', 2),
        );
        return hoverText(h).includes('`F-014`') && h;
      }, 'a Grounded hover on F-014');
      ok(/forced to create an account/.test(hoverText(hovers)), hoverText(hovers));
    },
  ],
  [
    'shows diagnostics, and updates them as the user types',
    async () => {
      const doc = await open('specs/checkout.md');
      const grounded = () => vscode.languages.getDiagnostics(doc.uri).filter(d => d.source === 'grounded');
      await waitFor(
        () => grounded().some(d => (typeof d.code === 'object' ? d.code.value : d.code) === 'ungrounded-requirement'),
        'an ungrounded-requirement diagnostic',
      );
      const edit = new vscode.WorkspaceEdit();
      edit.replace(doc.uri, new vscode.Range(at(doc, 'F-031'), at(doc, 'F-031', 5)), 'F-777');
      ok(await vscode.workspace.applyEdit(edit), 'the edit was refused');
      try {
        await waitFor(() => grounded().some(d => /F-777/.test(d.message)), 'a diagnostic for F-777');
      } finally {
        const back = new vscode.WorkspaceEdit();
        back.replace(doc.uri, new vscode.Range(at(doc, 'F-777'), at(doc, 'F-777', 5)), 'F-031');
        await vscode.workspace.applyEdit(back);
        await waitFor(() => !grounded().some(d => /F-777/.test(d.message)), 'the F-777 diagnostic to go');
        // The text is the saved one again; saving clears the dirty state without changing the file.
        await doc.save();
      }
    },
  ],
  [
    'completes finding IDs in an evidence field',
    async () => {
      const doc = await open('specs/checkout.md');
      const list = await vscode.commands.executeCommand<vscode.CompletionList>(
        'vscode.executeCompletionItemProvider',
        doc.uri,
        at(doc, 'F-014', 2),
      );
      const labels = list.items.map(i => (typeof i.label === 'string' ? i.label : i.label.label));
      ok(labels.includes('F-014') && labels.includes('F-030'), labels.join(' '));
    },
  ],
  [
    'goes to the definition of an ID',
    async () => {
      const doc = await open('specs/checkout.md');
      const targets = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>(
        'vscode.executeDefinitionProvider',
        doc.uri,
        at(doc, 'F-014', 2),
      );
      const uris = targets.map(t => ('targetUri' in t ? t.targetUri : t.uri).path);
      ok(
        uris.some(p => p.endsWith('/findings/F-014 guest checkout.md')),
        uris.join(' '),
      );
    },
  ],
  [
    'fills the Coverage view',
    async () => {
      const views = (await api()).views as unknown as ViewsApi;
      const spec = await waitFor(() => {
        const roots = views.coverage
          .getChildren()
          .flatMap(n => (n.kind === 'folder' ? views.coverage.getChildren(n) : [n]));
        return roots.find(n => n.kind === 'spec' && n.row.id === 'S-checkout');
      }, 'S-checkout in the Coverage view');
      const item = views.coverage.getTreeItem(spec);
      ok(String(item.description).startsWith('1/3 · 33%'), String(item.description));
    },
  ],
  [
    'opens the coverage report',
    async () => {
      const views = (await api()).views as unknown as ViewsApi;
      await vscode.commands.executeCommand('grounded.openReport');
      const html = await waitFor(() => views.reportHtml(), 'the report');
      ok(html.includes('S-checkout'), 'the report does not show S-checkout');
      ok(/script-src 'nonce-[A-Za-z0-9]+'/.test(html.replace(/&#39;/g, "'")), 'no nonce in the CSP');
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    },
  ],
];

/** Runs the tests in order; rejects when any fails (the workbench then exits with 1). */
export async function run(): Promise<void> {
  let failed = 0;
  log('web: Grounded in the web worker extension host');
  for (const [name, test] of tests) {
    const started = Date.now();
    try {
      await test();
      log(`  ✔ ${name} (${Date.now() - started}ms)`);
    } catch (e) {
      failed++;
      log(`  ✖ ${name}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  log(`${tests.length - failed} passed, ${failed} failed`);
  if (failed) throw new Error(`${failed} web test(s) failed`);
}
