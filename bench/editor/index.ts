// The tests module of `npm run bench:editor` (bench/editor.ts): measures Grounded inside the
// extension host of a real VS Code, on the folder the runner opened. The window is opened
// twice with the same profile (run.ts --reopen): the first pass measures a cold start,
// keystrokes, hovers, completions and the heap; the second a reopen. Results are merged into
// the JSON file named by GROUNDED_BENCH_OUT.
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { GroundedApi } from '../../src/extension/extension';
import { markedLog } from '../../test/integration/output-mark';

export interface PassResult {
  /** `Date.now()` of the extension's activation, of this module's start, of opening the spec. */
  activatedAt: number;
  moduleAt: number;
  openedAt: number;
  /** When VS Code first held diagnostics for the spec, and when the index was complete with them all published. */
  firstAt: number;
  completeAt: number;
  documents: number;
  reused: number;
  heapMb: number;
  rssMb: number;
  /** The model's phases of the folder's indexing (snapshot load, list, stat check, read and index, total). */
  timings?: Record<string, number>;
}

export interface EditorResults {
  pass1?: PassResult & {
    keystroke: number[];
    hover: number[];
    completion: number[];
  };
  pass2?: PassResult;
}

function grounded(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter(d => d.source === 'grounded');
}

/** What the diagnostics of `uri` say and where: it changes with any change of them. */
function shown(uri: vscode.Uri): string {
  return grounded(uri)
    .map(d => `${d.range.start.line}:${d.range.start.character}:${d.range.end.character} ${d.message}`)
    .join('\n');
}

/** Resolves at the first moment `test` holds, checked on every diagnostics change and every 5 ms. */
function when(test: () => boolean, limitMs = 600_000): Promise<number> {
  return new Promise((resolve, reject) => {
    if (test()) return resolve(Date.now());
    const done = (at: number) => {
      sub.dispose();
      clearInterval(timer);
      clearTimeout(limit);
      resolve(at);
    };
    const sub = vscode.languages.onDidChangeDiagnostics(() => test() && done(Date.now()));
    const timer = setInterval(() => test() && done(Date.now()), 5);
    const limit = setTimeout(() => {
      sub.dispose();
      clearInterval(timer);
      reject(new Error('timed out'));
    }, limitMs);
  });
}

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

async function measurePass(api: GroundedApi, uri: vscode.Uri, moduleAt: number): Promise<PassResult> {
  const openedAt = Date.now();
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(doc);
  const firstAt = await when(() => grounded(uri).length > 0);
  await api.model.ready();
  const state = api.model.folderOf(uri)!;
  const want = state.index.diagnostics(uri.toString()).length;
  const completeAt = await when(() => grounded(uri).length === want);
  await sleep(3000); // the rest of the folder is published and settles
  const mem = process.memoryUsage();
  return {
    activatedAt: api.activatedAt,
    moduleAt,
    openedAt,
    firstAt,
    completeAt,
    documents: state.index.size,
    reused: state.reused,
    heapMb: mem.heapUsed / 1048576,
    rssMb: mem.rss / 1048576,
    timings: state.timings,
  };
}

/** Keystrokes that change the spec's diagnostics: a digit typed after a cited ID (a broken link), then deleted. */
async function keystrokes(uri: vscode.Uri, count: number): Promise<number[]> {
  const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
  const samples: number[] = [];
  for (let k = 0; k < count; k++) {
    const text = editor.document.getText();
    const evidence =
      text.indexOf('evidence: [', text.indexOf(`R-bench-large-${(k * 29) % 300}\n`)) + 'evidence: ['.length;
    const at = editor.document.positionAt(text.indexOf(',', evidence));
    const before = shown(uri);
    const start = Date.now();
    await editor.edit(e => e.insert(at, '7'));
    await when(() => shown(uri) !== before, 10_000);
    samples.push(Date.now() - start);
    const after = shown(uri);
    const again = Date.now();
    await editor.edit(e => e.delete(new vscode.Range(at, at.translate(0, 1))));
    await when(() => shown(uri) !== after, 10_000);
    samples.push(Date.now() - again);
    await sleep(50);
  }
  return samples;
}

/** Round trips through VS Code's commands at cited IDs (hover) and inside evidence lists (completion). */
async function roundTrips(
  uri: vscode.Uri,
  command: 'vscode.executeHoverProvider' | 'vscode.executeCompletionItemProvider',
  count: number,
): Promise<number[]> {
  const doc = await vscode.workspace.openTextDocument(uri);
  const text = doc.getText();
  const samples: number[] = [];
  for (let k = 0; k < count; k++) {
    const evidence =
      text.indexOf('evidence: [', text.indexOf(`R-bench-large-${(k * 37) % 300}\n`)) + 'evidence: ['.length;
    const at = doc.positionAt(command === 'vscode.executeHoverProvider' ? evidence + 2 : evidence);
    const start = performance.now();
    await vscode.commands.executeCommand(command, uri, at);
    samples.push(performance.now() - start);
  }
  return samples;
}

export async function run(): Promise<void> {
  try {
    await measure();
  } catch (err) {
    markedLog(
      `bench:editor failed in the extension host: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
    );
    throw err;
  }
}

async function measure(): Promise<void> {
  const moduleAt = Date.now();
  const out = process.env.GROUNDED_BENCH_OUT!;
  const spec = vscode.Uri.file(process.env.GROUNDED_BENCH_SPEC!);
  const passFile = process.env.GROUNDED_IT_PASS_FILE;
  const pass = passFile && fs.existsSync(passFile) ? fs.readFileSync(passFile, 'utf8').trim() : '1';
  const ext = vscode.extensions.getExtension<GroundedApi>('grounded.grounded')!;
  const api = ext.isActive ? ext.exports : await ext.activate();
  const results: EditorResults = fs.existsSync(out) ? JSON.parse(fs.readFileSync(out, 'utf8')) : {};
  const measured = await measurePass(api, spec, moduleAt);
  markedLog(
    `pass ${pass}: first diagnostics ${measured.firstAt - measured.activatedAt} ms after activation, all ${measured.completeAt - measured.activatedAt} ms, ${measured.reused} of ${measured.documents} documents from the snapshot; indexing ${JSON.stringify(measured.timings)}`,
  );
  if (pass === '1') {
    const keystroke = await keystrokes(spec, 20);
    const hover = await roundTrips(spec, 'vscode.executeHoverProvider', 60);
    const completion = await roundTrips(spec, 'vscode.executeCompletionItemProvider', 60);
    results.pass1 = { ...measured, keystroke, hover, completion };
    // The editor's text went back to the disk's; the snapshot is written before the window closes.
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await api.model.saveSnapshots();
  } else {
    results.pass2 = measured;
  }
  fs.writeFileSync(out, JSON.stringify(results, null, 2));
}
