import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  CodeActionRequest,
  CodeLensRequest,
  CompletionRequest,
  CompletionResolveRequest,
  DefinitionRequest,
  DidChangeTextDocumentNotification,
  DidChangeWatchedFilesNotification,
  DidChangeWorkspaceFoldersNotification,
  DocumentDiagnosticRequest,
  DocumentSymbolRequest,
  FileChangeType,
  HoverRequest,
  PrepareRenameRequest,
  ReferencesRequest,
  RenameRequest,
  WorkspaceSymbolRequest,
  type CompletionItem,
  type CompletionList,
  type DocumentSymbol,
  type LocationLink,
  type MarkupContent,
  type RenameFile,
  type TextDocumentEdit,
} from 'vscode-languageserver-protocol/node';
import { grounded, REPO } from './cli';
import { copyFolder, FULL_CAPABILITIES, LspClient, positionOf, uriOf } from './lspClient';

function nonEmpty<T>(list: T[] | undefined): T[] | undefined {
  return list?.length ? list : undefined;
}

const EXAMPLE = path.join(REPO, 'examples', 'acme-checkout');
const TODAY = { today: '2026-11-29' };

describe('grounded lsp --stdio (a real LSP client over stdio)', function () {
  this.timeout(30_000);
  let root: string;
  let client: LspClient;
  let checkout: string;
  let checkoutText: string;
  let checkoutUri: string;

  before(async () => {
    root = copyFolder(EXAMPLE);
    ({ client } = await LspClient.start([root], { initializationOptions: TODAY }));
    checkout = path.join(root, 'specs', 'checkout.md');
    checkoutText = fs.readFileSync(checkout, 'utf8');
    checkoutUri = await client.open(checkout);
  });
  after(async () => {
    await client?.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('pushes the diagnostics of every document after indexing, with the rule as code and its docs', async () => {
    const onboarding = uriOf(path.join(root, 'specs', 'onboarding.md'));
    const list = await client.until(() => client.diagnostics.get(onboarding), 'diagnostics of onboarding.md');
    const broken = list.find(d => d.code === 'broken-link');
    assert.ok(broken, JSON.stringify(list));
    assert.equal(broken.severity, 1);
    assert.equal(broken.source, 'grounded');
    assert.equal(broken.range.start.line, 18);
    assert.match(broken.codeDescription!.href, /broken-link/);
    // .grounded.yaml makes ungrounded-requirement a warning.
    assert.equal(list.find(d => d.code === 'ungrounded-requirement')?.severity, 2);
    assert.ok(client.diagnostics.get(checkoutUri)?.some(d => d.code === 'superseded-evidence'));
  });

  it('registers file watchers for Markdown and the config', async () => {
    await client.until(() => client.registrations.length > 0, 'a registration');
    const watchers = client.registrations[0].registerOptions as { watchers: { globPattern: string }[] };
    assert.deepEqual(
      watchers.watchers.map(w => w.globPattern),
      ['**/*.{md,markdown}', '**/.grounded.yaml'],
    );
  });

  it('hovers an ID with its title and status, escaped Markdown', async () => {
    const h = await client.connection.sendRequest(HoverRequest.type, {
      textDocument: { uri: checkoutUri },
      position: positionOf(checkoutText, 'F-005', 2),
    });
    const value = (h!.contents as MarkupContent).value;
    assert.equal((h!.contents as MarkupContent).kind, 'markdown');
    assert.match(value, /`F-005`/);
    assert.match(value, /Guest checkout/i);
    assert.deepEqual(h!.range, { start: positionOf(checkoutText, 'F-005'), end: positionOf(checkoutText, 'F-005', 5) });
    assert.equal(
      await client.connection.sendRequest(HoverRequest.type, {
        textDocument: { uri: checkoutUri },
        position: positionOf(checkoutText, 'One-page checkout', 3),
      }),
      null,
    );
  });

  it('completes finding IDs in an evidence field, ranked, with the hover as documentation on resolve', async () => {
    const text = checkoutText.replace('evidence: [F-005]', 'evidence: [F-005, guest]');
    await client.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri: checkoutUri, version: 2 },
      contentChanges: [{ text }],
    });
    const list = (await client.connection.sendRequest(CompletionRequest.type, {
      textDocument: { uri: checkoutUri },
      position: positionOf(text, 'guest]', 5),
      context: { triggerKind: 1 },
    })) as CompletionList;
    assert.ok(list.items.length > 0);
    assert.ok(
      list.items.every(i => /^F-/.test(i.label)),
      list.items.map(i => i.label).join(' '),
    );
    const first = list.items[0];
    assert.equal(first.sortText, '0000');
    assert.deepEqual((first.textEdit as { range: unknown }).range, {
      start: positionOf(text, 'guest]'),
      end: positionOf(text, 'guest]', 5),
    });
    const resolved = (await client.connection.sendRequest(CompletionResolveRequest.type, first)) as CompletionItem;
    assert.match((resolved.documentation as MarkupContent).value, new RegExp('`' + first.label + '`'));
    await client.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri: checkoutUri, version: 3 },
      contentChanges: [{ text: checkoutText }],
    });
  });

  it('goes to the definition of an ID (a LocationLink when the client supports links)', async () => {
    const links = (await client.connection.sendRequest(DefinitionRequest.type, {
      textDocument: { uri: checkoutUri },
      position: positionOf(checkoutText, 'D-004', 1),
    })) as LocationLink[];
    assert.equal(links.length, 1);
    assert.equal(links[0].targetUri, uriOf(path.join(root, 'decisions', 'D-004-guest-checkout.md')));
    assert.equal(links[0].targetSelectionRange.start.line, 1);
  });

  it('finds references across the folder, with or without the declaration', async () => {
    const pos = { textDocument: { uri: checkoutUri }, position: positionOf(checkoutText, 'F-005', 1) };
    const withDecl = await client.connection.sendRequest(ReferencesRequest.type, {
      ...pos,
      context: { includeDeclaration: true },
    });
    const without = await client.connection.sendRequest(ReferencesRequest.type, {
      ...pos,
      context: { includeDeclaration: false },
    });
    assert.equal(withDecl!.length, without!.length + 1);
    assert.ok(withDecl!.some(l => l.uri.endsWith('F-005-guest-checkout-experiment.md')));
    assert.ok(without!.some(l => l.uri === checkoutUri));
  });

  it("prepares a rename on an ID only, and renames declaration and references with the open document's version", async () => {
    const prepared = await client.connection.sendRequest(PrepareRenameRequest.type, {
      textDocument: { uri: checkoutUri },
      position: positionOf(checkoutText, 'F-005', 2),
    });
    assert.deepEqual(prepared, {
      range: { start: positionOf(checkoutText, 'F-005'), end: positionOf(checkoutText, 'F-005', 5) },
      placeholder: 'F-005',
    });
    assert.equal(
      await client.connection.sendRequest(PrepareRenameRequest.type, {
        textDocument: { uri: checkoutUri },
        position: positionOf(checkoutText, 'One-page', 2),
      }),
      null,
    );
    const edit = await client.connection.sendRequest(RenameRequest.type, {
      textDocument: { uri: checkoutUri },
      position: positionOf(checkoutText, 'F-005', 2),
      newName: 'F-105',
    });
    const texts = edit!.documentChanges!.filter((c): c is TextDocumentEdit => 'textDocument' in c);
    const inCheckout = texts.find(t => t.textDocument.uri === checkoutUri)!;
    assert.equal(inCheckout.textDocument.version, 3, 'edits of an open document carry its version');
    assert.ok(inCheckout.edits.every(e => 'newText' in e && e.newText === 'F-105'));
    assert.ok(
      texts.some(
        t => t.textDocument.uri.endsWith('/F-005-guest-checkout-experiment.md') && t.textDocument.version === null,
      ),
    );
  });

  it('renames a file whose name holds the ID, before editing its text', async () => {
    const file = path.join(root, 'findings', 'admin', 'F-015 dark mode requests.md');
    const text = fs.readFileSync(file, 'utf8');
    const uri = await client.open(file, text);
    const edit = await client.connection.sendRequest(RenameRequest.type, {
      textDocument: { uri },
      position: positionOf(text, 'F-015', 1),
      newName: 'F-115',
    });
    const changes = edit!.documentChanges!;
    const rename = changes[0] as RenameFile;
    assert.equal(rename.kind, 'rename');
    assert.equal(rename.oldUri, uri);
    assert.equal(rename.newUri, uriOf(path.join(root, 'findings', 'admin', 'F-115 dark mode requests.md')));
    assert.ok(changes.some(c => 'textDocument' in c && c.textDocument.uri === rename.newUri));
    // The server never writes: the file is still there under its old name.
    assert.ok(fs.existsSync(file));
  });

  it('refuses a rename to a taken or invalid ID with a message', async () => {
    const at = { textDocument: { uri: checkoutUri }, position: positionOf(checkoutText, 'F-005', 2) };
    await assert.rejects(
      client.connection.sendRequest(RenameRequest.type, { ...at, newName: 'F-004' }),
      /already exists/,
    );
    await assert.rejects(
      client.connection.sendRequest(RenameRequest.type, { ...at, newName: 'not an id' }),
      /not a valid ID/,
    );
  });

  it('offers quick fixes: the successor of superseded evidence, the nearest ID or a new finding for a broken link', async () => {
    const superseded = client.diagnostics.get(checkoutUri)!.find(d => d.code === 'superseded-evidence')!;
    const actions = await client.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri: checkoutUri },
      range: superseded.range,
      context: { diagnostics: [superseded] },
    });
    const fix = actions!.find(a => 'title' in a && /successor F-011/.test(a.title)) as {
      edit: { documentChanges: TextDocumentEdit[] };
      isPreferred: boolean;
    };
    assert.ok(fix, JSON.stringify(actions));
    assert.equal(fix.isPreferred, true);
    assert.equal((fix.edit.documentChanges[0].edits[0] as { newText: string }).newText, 'F-011');

    const onboarding = path.join(root, 'specs', 'onboarding.md');
    const uri = uriOf(onboarding);
    const broken = client.diagnostics.get(uri)!.find(d => d.code === 'broken-link')!;
    const create = await client.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: broken.range,
      context: { diagnostics: [broken] },
    });
    const titles = create!.map(a => a.title);
    assert.ok(titles.includes('Change to F-008'), titles.join(' | '));
    const created = create!.find(a => a.title === 'Create finding F-08') as {
      edit: { documentChanges: { kind?: string; uri?: string }[] };
    };
    assert.equal(created.edit.documentChanges[0].kind, 'create');
  });

  it('shows CodeLens over requirements and findings', async () => {
    const lenses = await client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri: checkoutUri } });
    const titles = lenses!.map(l => l.command!.title);
    assert.ok(titles.includes('waived — no evidence'), titles.join(' | '));
    assert.ok(
      titles.some(t => /^1 finding · .* · grounded/.test(t)),
      titles.join(' | '),
    );
  });

  it('lists document symbols (the spec with its requirements) and workspace symbols', async () => {
    const symbols = (await client.connection.sendRequest(DocumentSymbolRequest.type, {
      textDocument: { uri: checkoutUri },
    })) as DocumentSymbol[];
    assert.equal(symbols[0].name, 'S-checkout');
    assert.deepEqual(
      symbols[0].children!.map(c => c.name),
      ['R-checkout-1', 'R-checkout-2', 'R-checkout-3', 'R-checkout-4', 'R-checkout-5', 'R-checkout-6'],
    );
    const found = await client.connection.sendRequest(WorkspaceSymbolRequest.type, { query: 'F-01' });
    assert.ok(
      found!.some(s => s.name.startsWith('F-014 ')),
      JSON.stringify(found),
    );
  });

  it('updates diagnostics as the user types, across documents', async () => {
    const text = checkoutText.replace('evidence: [F-005]', 'evidence: [F-999]');
    await client.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri: checkoutUri, version: 4 },
      contentChanges: [{ text }],
    });
    await client.until(
      () => client.diagnostics.get(checkoutUri)?.some(d => d.code === 'broken-link' && /F-999/.test(String(d.message))),
      'a broken-link diagnostic',
    );
    await client.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri: checkoutUri, version: 5 },
      contentChanges: [{ text: checkoutText }],
    });
    await client.until(
      () => !client.diagnostics.get(checkoutUri)?.some(d => d.code === 'broken-link'),
      'the broken link to go',
    );
  });

  it('follows files changed on disk through workspace/didChangeWatchedFiles', async () => {
    const onboarding = uriOf(path.join(root, 'specs', 'onboarding.md'));
    const file = path.join(root, 'findings', 'F-08.md');
    fs.writeFileSync(
      file,
      '---\nid: F-08\ntype: finding\ntitle: A new finding\nstatus: active\ndate: 2026-11-01\nsource: interview\nmethod: qualitative\n---\nBody.\n',
    );
    await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, {
      changes: [{ uri: uriOf(file), type: FileChangeType.Created }],
    });
    await client.until(
      () => !client.diagnostics.get(onboarding)?.some(d => d.code === 'broken-link'),
      'the broken link to F-08 to be fixed',
    );
    fs.rmSync(file);
    await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, {
      changes: [{ uri: uriOf(file), type: FileChangeType.Deleted }],
    });
    await client.until(
      () => client.diagnostics.get(onboarding)?.some(d => d.code === 'broken-link'),
      'the broken link to come back',
    );
  });

  it('reads .grounded.yaml again when it changes, and shows its errors on it', async () => {
    const config = path.join(root, '.grounded.yaml');
    const onboarding = uriOf(path.join(root, 'specs', 'onboarding.md'));
    const original = fs.readFileSync(config, 'utf8');
    fs.writeFileSync(config, original.replace('ungrounded-requirement: warning', 'ungrounded-requirement: error'));
    await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, {
      changes: [{ uri: uriOf(config), type: FileChangeType.Changed }],
    });
    await client.until(
      () => client.diagnostics.get(onboarding)?.find(d => d.code === 'ungrounded-requirement')?.severity === 1,
      'ungrounded-requirement as an error',
    );
    fs.writeFileSync(config, 'rules:\n  no-such-rule: error\n');
    await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, {
      changes: [{ uri: uriOf(config), type: FileChangeType.Changed }],
    });
    const errors = await client.until(() => nonEmpty(client.diagnostics.get(uriOf(config))), 'config errors');
    assert.equal(errors[0].code, 'config');
    assert.equal(errors[0].range.start.line, 1);
    fs.writeFileSync(config, original);
    await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, {
      changes: [{ uri: uriOf(config), type: FileChangeType.Changed }],
    });
    await client.until(() => client.diagnostics.get(uriOf(config))?.length === 0, 'config errors cleared');
  });
});

describe('grounded lsp: multi-root, pull diagnostics, plain clients', function () {
  this.timeout(30_000);

  it('keeps one index per workspace folder, and follows folders added and removed', async () => {
    const other = copyFolder(path.join(REPO, 'test', 'fixtures', 'cli', 'clean'));
    const { client } = await LspClient.start([EXAMPLE], { initializationOptions: TODAY });
    try {
      const spec = fs
        .readdirSync(other)
        .map(f => path.join(other, f))
        .find(f => f.endsWith('.md') && /type: spec/.test(fs.readFileSync(f, 'utf8')))!;
      const text = fs.readFileSync(spec, 'utf8').replace(/evidence: \[([^\]]*)\]/, 'evidence: [$1, F-005]');
      const uri = await client.open(spec, text);
      // Not a folder of the workspace yet: nothing answers for it.
      assert.equal(await client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } }), null);
      await client.connection.sendNotification(DidChangeWorkspaceFoldersNotification.type, {
        event: { added: [{ uri: uriOf(other), name: 'other' }], removed: [] },
      });
      // F-005 belongs to the other folder: here it is a broken link.
      const list = await client.until(() => nonEmpty(client.diagnostics.get(uri)), 'diagnostics in the added folder');
      assert.ok(
        list.some(d => d.code === 'broken-link' && /F-005/.test(String(d.message))),
        JSON.stringify(list),
      );
      await client.connection.sendNotification(DidChangeWorkspaceFoldersNotification.type, {
        event: { added: [], removed: [{ uri: uriOf(other), name: 'other' }] },
      });
      await client.until(() => client.diagnostics.get(uri)?.length === 0, 'diagnostics cleared with the folder');
    } finally {
      await client.stop();
      fs.rmSync(other, { recursive: true, force: true });
    }
  });

  it('answers textDocument/diagnostic and asks for a refresh after changes when the client pulls', async () => {
    const capabilities = {
      ...FULL_CAPABILITIES,
      textDocument: {
        ...FULL_CAPABILITIES.textDocument,
        diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false },
      },
      workspace: { ...FULL_CAPABILITIES.workspace, diagnostics: { refreshSupport: true } },
    };
    const { client, result } = await LspClient.start([EXAMPLE], { capabilities, initializationOptions: TODAY });
    try {
      assert.ok(result.capabilities.diagnosticProvider);
      const file = path.join(EXAMPLE, 'specs', 'onboarding.md');
      const text = fs.readFileSync(file, 'utf8');
      const uri = await client.open(file, text);
      const report = await client.connection.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri } });
      assert.equal(report.kind, 'full');
      assert.ok((report as { items: { code?: unknown }[] }).items.some(d => d.code === 'broken-link'));
      const before = client.refreshes;
      await client.connection.sendNotification(DidChangeTextDocumentNotification.type, {
        textDocument: { uri, version: 2 },
        contentChanges: [{ text: text.replace('F-08]', 'F-008]') }],
      });
      await client.until(() => client.refreshes > before, 'a diagnostic refresh');
      const after = await client.connection.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri } });
      assert.ok(!(after as { items: { code?: unknown }[] }).items.some(d => d.code === 'broken-link'));
      assert.equal(client.diagnostics.size, 0, 'a pulling client gets no pushed diagnostics');
    } finally {
      await client.stop();
    }
  });

  it('gives a client without documentChanges plain text edits, and Locations without link support', async () => {
    const { client } = await LspClient.start([EXAMPLE], { capabilities: {}, initializationOptions: TODAY });
    try {
      const file = path.join(EXAMPLE, 'specs', 'checkout.md');
      const text = fs.readFileSync(file, 'utf8');
      const uri = await client.open(file, text);
      const edit = await client.connection.sendRequest(RenameRequest.type, {
        textDocument: { uri },
        position: positionOf(text, 'F-005', 1),
        newName: 'F-105',
      });
      assert.equal(edit!.documentChanges, undefined);
      assert.ok(edit!.changes![uri].length > 0);
      const defs = (await client.connection.sendRequest(DefinitionRequest.type, {
        textDocument: { uri },
        position: positionOf(text, 'F-005', 1),
      })) as { uri: string }[];
      assert.ok(defs[0].uri.endsWith('F-005-guest-checkout-experiment.md'));
    } finally {
      await client.stop();
    }
  });

  it('exits when the client says exit, and refuses unknown options with exit code 2', async () => {
    const { client } = await LspClient.start([EXAMPLE]);
    assert.equal(await client.stop(), 0);
    const r = grounded(['lsp', '--socket=1234']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /only --stdio/);
    const help = grounded(['lsp', '--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /grounded lsp --stdio/);
  });
});
