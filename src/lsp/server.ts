import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  CodeActionKind,
  DidChangeWatchedFilesNotification,
  ErrorCodes,
  FileChangeType,
  ResponseError,
  TextDocuments,
  TextDocumentSyncKind,
  type ClientCapabilities,
  type CodeAction,
  type CodeLens,
  type CompletionItem,
  type Connection,
  type Diagnostic as LspDiagnostic,
  type InitializeParams,
  type InitializeResult,
  type Location,
  type LocationLink,
  type SymbolInformation,
  type TextDocumentEdit,
  type WorkspaceEdit,
  type WorkspaceFolder,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  CONFIG_FILE,
  parseMarkdown,
  todayIso,
  typeOfId,
  type Diagnostic,
  type FileRename,
  type GroundedService,
  type ItemType,
  type ParsedDocument,
  type TextEdit,
  type WorkspaceIndex,
} from '../core';
import { includes, loadFolder, readDocumentAt, type LoadedFolder } from '../node/folder';
import { COMPLETION_KINDS, configDiagnostic, SYMBOL_KINDS, toLspDiagnostic, toLspSymbol } from './convert';

/** What a client may pass as `initializationOptions`. */
export interface InitializationOptions {
  /** The config file relative to each folder (default `.grounded.yaml`). */
  configPath?: string;
  /** The date that staleness is judged against, YYYY-MM-DD (default: today). */
  today?: string;
}

/** A document with its folder's service (and the service's index). */
interface Resolved {
  doc: ParsedDocument;
  service: GroundedService;
  index: WorkspaceIndex;
}

/** A `file:` URI in the one spelling the index uses (Node's), whatever the client sent. */
export function canonicalUri(uri: string): string {
  if (!uri.startsWith('file:')) return uri;
  try {
    return pathToFileURL(fileURLToPath(uri)).href;
  } catch {
    return uri;
  }
}

/**
 * The Grounded language server: a thin adapter from LSP requests to the core's features over one
 * index per workspace folder. Open documents' texts win over the disk; files changed on disk
 * arrive through `workspace/didChangeWatchedFiles`. Diagnostics are pulled when the client can
 * pull them (LSP 3.17) and pushed otherwise.
 */
export class GroundedLanguageServer {
  private readonly documents = new TextDocuments(TextDocument);
  private readonly folders = new Map<string, LoadedFolder>();
  private capabilities: ClientCapabilities = {};
  private options: InitializationOptions = {};
  private pull = false;
  /** URIs pushed with a non-empty list, to be cleared when they have none any more. */
  private readonly pushed = new Set<string>();
  private initialFolders: WorkspaceFolder[] = [];
  /** Settles when the folders the client started with are indexed; requests wait for it. */
  private markReady: () => void = () => undefined;
  private readonly ready = new Promise<void>(resolve => (this.markReady = resolve));
  /** The client's spelling of each open document's URI, by the canonical one. */
  private readonly openUris = new Map<string, string>();

  constructor(private readonly connection: Connection) {
    connection.onInitialize(p => this.initialize(p));
    connection.onInitialized(() => this.initialized());
    this.documents.onDidOpen(e => {
      this.openUris.set(canonicalUri(e.document.uri), e.document.uri);
      this.updateFromText(e.document);
    });
    this.documents.onDidChangeContent(e => this.updateFromText(e.document));
    this.documents.onDidClose(e => {
      const uri = canonicalUri(e.document.uri);
      this.openUris.delete(uri);
      this.updateFromDisk(uri);
    });
    connection.onDidChangeWatchedFiles(p => {
      for (const change of p.changes) this.fileChanged(canonicalUri(change.uri), change.type);
    });
    connection.onHover(p =>
      this.at(p.textDocument.uri, p.position, (r, offset) => {
        const h = r.service.hover(r.doc, offset);
        return h ? { contents: { kind: 'markdown', value: h.markdown }, range: r.doc.lines.range(h.span) } : null;
      }),
    );
    connection.onCompletion(p =>
      this.at(p.textDocument.uri, p.position, (r, offset, folder) => {
        const result = r.service.complete(r.doc, offset);
        if (!result) return null;
        const { kind, query } = result.context;
        // In prose only an explicit request or a `-` after an ID-like prefix (`F-`) asks for IDs, as in VS Code.
        if (kind === 'body') {
          const ctx = p.context;
          if (ctx?.triggerKind === 2 && ctx.triggerCharacter !== '-') return null;
          if (ctx && ctx.triggerKind !== 1 && !/^[A-Za-z]+-/.test(query)) return null;
        }
        const items = result.items.map((c): CompletionItem => ({
          label: c.id,
          labelDetails: { description: c.title },
          kind: COMPLETION_KINDS[c.type],
          detail: c.detail,
          textEdit: { range: r.doc.lines.range(c.span), newText: c.id },
          filterText: c.filterText || c.id,
          sortText: String(c.rank).padStart(4, '0'),
          data: { folder: folder.uri, id: c.id },
        }));
        return { isIncomplete: result.incomplete || query !== '', items };
      }),
    );
    connection.onCompletionResolve(async item => {
      await this.ready;
      const data = item.data as { folder?: string; id?: string } | undefined;
      const folder = data?.folder ? this.folders.get(data.folder) : undefined;
      const markdown = folder && data?.id ? folder.service.describeId(data.id) : undefined;
      if (markdown) item.documentation = { kind: 'markdown', value: markdown };
      return item;
    });
    connection.onDefinition(p =>
      this.at(p.textDocument.uri, p.position, (r, offset) => {
        const result = r.service.definition(r.doc, offset);
        if (!result) return null;
        if (this.capabilities.textDocument?.definition?.linkSupport) {
          const origin = r.doc.lines.range(result.origin);
          return result.targets.map((t): LocationLink => ({
            originSelectionRange: origin,
            targetUri: t.uri,
            targetRange: t.range,
            targetSelectionRange: t.range,
          }));
        }
        return result.targets.map((t): Location => ({ uri: t.uri, range: t.range }));
      }),
    );
    connection.onReferences(p =>
      this.at(
        p.textDocument.uri,
        p.position,
        (r, offset) => r.service.references(r.doc, offset, p.context.includeDeclaration) ?? null,
      ),
    );
    connection.onPrepareRename(p =>
      this.at(p.textDocument.uri, p.position, (r, offset) => {
        const prepared = r.service.prepareRename(r.doc, offset);
        return prepared ? { range: r.doc.lines.range(prepared.span), placeholder: prepared.placeholder } : null;
      }),
    );
    connection.onRenameRequest(p =>
      this.at(p.textDocument.uri, p.position, (r, offset) => {
        let result;
        try {
          result = r.service.rename(r.doc, offset, p.newName);
        } catch (e) {
          throw new ResponseError(ErrorCodes.InvalidParams, (e as Error).message);
        }
        return result ? this.workspaceEdit(result.edits, result.files) : null;
      }),
    );
    connection.onCodeAction(p =>
      this.resolveAt(p.textDocument.uri, (r, folder) => {
        if (!r.doc.item) return null;
        const actions: CodeAction[] = [];
        for (const d of r.service.diagnostics(r.doc.uri)) {
          if (!overlaps(d.range, p.range)) continue;
          actions.push(...this.fixesFor(r, folder, d));
        }
        return actions;
      }),
    );
    connection.onCodeLens(p =>
      this.resolveAt(p.textDocument.uri, r =>
        // An empty command shows the title as text: LSP has no portable "pick findings" or "peek" command.
        r.service.codeLenses(r.doc).map((lens): CodeLens => ({
          range: r.doc.lines.range(lens.span),
          command: { title: lens.title, command: '' },
        })),
      ),
    );
    connection.onDocumentSymbol(p =>
      this.resolveAt(p.textDocument.uri, r => r.service.documentSymbols(r.doc).map(s => toLspSymbol(r.doc, s))),
    );
    connection.onWorkspaceSymbol(async p => {
      await this.ready;
      const out: SymbolInformation[] = [];
      for (const folder of this.folders.values()) {
        for (const s of folder.service.workspaceSymbols(p.query)) {
          const doc = folder.index.get(s.uri);
          if (!doc) continue;
          out.push({
            name: s.detail ? `${s.name} ${s.detail}` : s.name,
            kind: SYMBOL_KINDS[s.kind],
            containerName: s.container,
            location: { uri: s.uri, range: doc.lines.range(s.span) },
          });
        }
      }
      return out;
    });
    connection.languages.diagnostics.on(async p => {
      await this.ready;
      return { kind: 'full', items: this.diagnosticsOf(canonicalUri(p.textDocument.uri)) };
    });
    connection.languages.diagnostics.onWorkspace(async () => {
      await this.ready;
      const items = [];
      for (const folder of this.folders.values()) {
        items.push({
          kind: 'full' as const,
          uri: folder.configUri,
          version: null,
          items: folder.configErrors.map(configDiagnostic),
        });
        for (const doc of folder.index.documents()) {
          const list = folder.service.diagnostics(doc.uri);
          if (list.length)
            items.push({
              kind: 'full' as const,
              uri: doc.uri,
              version: this.open(doc.uri)?.version ?? null,
              items: list.map(toLspDiagnostic),
            });
        }
      }
      return { items };
    });
    this.documents.listen(connection);
  }

  private initialize(params: InitializeParams): InitializeResult {
    this.capabilities = params.capabilities;
    this.options = (params.initializationOptions ?? {}) as InitializationOptions;
    this.pull = !!params.capabilities.textDocument?.diagnostic;
    const rootUri = params.rootUri ?? (params.rootPath ? pathToFileURL(params.rootPath).href : undefined);
    this.initialFolders =
      params.workspaceFolders ?? (rootUri ? [{ uri: rootUri, name: rootUri.split('/').pop() ?? rootUri }] : []);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        hoverProvider: true,
        completionProvider: { triggerCharacters: ['-', '[', ',', ' '], resolveProvider: true },
        definitionProvider: true,
        referencesProvider: true,
        renameProvider: { prepareProvider: true },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        codeLensProvider: { resolveProvider: false },
        documentSymbolProvider: { label: 'Grounded' },
        workspaceSymbolProvider: true,
        ...(this.pull
          ? { diagnosticProvider: { identifier: 'grounded', interFileDependencies: true, workspaceDiagnostics: true } }
          : {}),
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'grounded', version: typeof GROUNDED_VERSION === 'string' ? GROUNDED_VERSION : '0.0.0-dev' },
    };
  }

  private async initialized(): Promise<void> {
    if (this.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration) {
      void this.connection.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: [{ globPattern: '**/*.{md,markdown}' }, { globPattern: `**/${CONFIG_FILE}` }],
      });
    }
    if (this.capabilities.workspace?.workspaceFolders) {
      this.connection.workspace.onDidChangeWorkspaceFolders(e => {
        for (const f of e.removed) this.removeFolder(canonicalUri(f.uri).replace(/\/$/, ''));
        for (const f of e.added) void this.addFolder(f);
      });
    }
    try {
      for (const f of this.initialFolders) await this.addFolder(f);
    } finally {
      this.markReady();
    }
  }

  private async addFolder(f: WorkspaceFolder): Promise<void> {
    if (!f.uri.startsWith('file:')) return;
    const progress = this.capabilities.window?.workDoneProgress
      ? await this.connection.window.createWorkDoneProgress()
      : undefined;
    progress?.begin(`Grounded: indexing ${f.name}`);
    try {
      const folder = loadFolder(fileURLToPath(f.uri), {
        today: this.options.today ?? todayIso(),
        configPath: this.options.configPath,
      });
      this.folders.set(folder.uri, folder);
      // Editors opened before the folder was indexed keep their unsaved text.
      for (const d of this.documents.all()) {
        const uri = canonicalUri(d.uri);
        if (includes(folder, uri)) folder.service.set(parseMarkdown(uri, d.getText()));
      }
      this.changed(folder, [folder.configUri, ...[...folder.index.documents()].map(d => d.uri)]);
    } finally {
      progress?.done();
    }
  }

  private removeFolder(uri: string): void {
    const folder = this.folders.get(uri);
    if (!folder) return;
    this.folders.delete(uri);
    if (!this.pull) {
      for (const u of [...this.pushed]) {
        if (u === folder.configUri || folder.index.get(u)) {
          this.pushed.delete(u);
          void this.connection.sendDiagnostics({ uri: u, diagnostics: [] });
        }
      }
    } else this.refresh();
  }

  /** The open document at a canonical URI. */
  private open(uri: string): TextDocument | undefined {
    const raw = this.openUris.get(uri);
    return raw === undefined ? undefined : this.documents.get(raw);
  }

  /** The folder holding a URI: the one with the longest matching path. */
  private folderOf(uri: string): LoadedFolder | undefined {
    let best: LoadedFolder | undefined;
    for (const f of this.folders.values())
      if (uri.startsWith(f.uri + '/') && (!best || f.uri.length > best.uri.length)) best = f;
    return best;
  }

  private updateFromText(document: TextDocument): void {
    const uri = canonicalUri(document.uri);
    const folder = this.folderOf(uri);
    if (!folder || !includes(folder, uri)) return;
    const previous = folder.index.get(uri);
    const text = document.getText();
    if (previous?.text === text) return;
    this.changed(folder, folder.service.setText(uri, text));
  }

  private updateFromDisk(uri: string): void {
    const folder = this.folderOf(uri);
    if (!folder) return;
    if (uri === folder.configUri) {
      void this.reload(folder);
      return;
    }
    if (!includes(folder, uri)) return;
    const doc = readDocumentAt(uri);
    this.changed(folder, doc ? folder.service.set(doc) : [uri, ...folder.service.delete(uri)]);
  }

  private fileChanged(uri: string, type: FileChangeType): void {
    const folder = this.folderOf(uri);
    if (!folder) return;
    if (uri === folder.configUri) {
      void this.reload(folder);
      return;
    }
    // An open editor's text wins over the disk until it is closed.
    if (type !== FileChangeType.Deleted && this.open(uri)) return;
    if (type === FileChangeType.Deleted) {
      if (folder.index.get(uri)) this.changed(folder, [uri, ...folder.service.delete(uri)]);
      return;
    }
    this.updateFromDisk(uri);
  }

  /** Reads the folder again after its config changed. */
  private async reload(old: LoadedFolder): Promise<void> {
    const before = [...old.index.documents()].map(d => d.uri);
    this.folders.delete(old.uri);
    await this.addFolder({ uri: old.uri, name: old.uri.split('/').pop() ?? old.uri });
    const folder = this.folders.get(old.uri);
    if (folder)
      this.changed(
        folder,
        before.filter(u => !folder.index.get(u)),
      );
  }

  /** Publishes (push) or asks the client to pull again (pull) the diagnostics of changed documents. */
  private changed(folder: LoadedFolder, uris: string[]): void {
    if (this.pull) {
      this.refresh();
      return;
    }
    for (const uri of uris) {
      const diagnostics =
        uri === folder.configUri ? folder.configErrors.map(configDiagnostic) : this.diagnosticsOf(uri);
      if (diagnostics.length === 0 && !this.pushed.has(uri)) continue;
      if (diagnostics.length) this.pushed.add(uri);
      else this.pushed.delete(uri);
      void this.connection.sendDiagnostics({ uri, version: this.open(uri)?.version, diagnostics });
    }
  }

  private refreshTimer: NodeJS.Timeout | undefined;

  /** Asks a pulling client to pull again, once per burst of changes. */
  private refresh(): void {
    if (!this.capabilities.workspace?.diagnostics?.refreshSupport || this.refreshTimer) return;
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = undefined;
      void this.connection.languages.diagnostics.refresh();
    }, 50);
  }

  private diagnosticsOf(uri: string): LspDiagnostic[] {
    const folder = this.folderOf(uri);
    if (!folder) return [];
    if (uri === folder.configUri) return folder.configErrors.map(configDiagnostic);
    return folder.index.get(uri) ? folder.service.diagnostics(uri).map(toLspDiagnostic) : [];
  }

  /**
   * The parsed document at a URI, with its folder's index. An open file that the config does not
   * include is parsed on the spot, so that hovers still work in it.
   */
  private resolve(rawUri: string): { r: Resolved; folder: LoadedFolder } | undefined {
    const uri = canonicalUri(rawUri);
    const folder = this.folderOf(uri);
    if (!folder) return undefined;
    const { service, index } = folder;
    const doc = index.get(uri);
    if (doc) return { r: { doc, service, index }, folder };
    const open = this.documents.get(rawUri);
    return open ? { r: { doc: parseMarkdown(uri, open.getText()), service, index }, folder } : undefined;
  }

  private async resolveAt<T>(uri: string, f: (r: Resolved, folder: LoadedFolder) => T): Promise<T | null> {
    await this.ready;
    const found = this.resolve(uri);
    return found ? f(found.r, found.folder) : null;
  }

  private at<T>(
    uri: string,
    position: { line: number; character: number },
    f: (r: Resolved, offset: number, folder: LoadedFolder) => T,
  ): Promise<T | null> {
    return this.resolveAt(uri, (r, folder) => f(r, r.doc.lines.offsetAt(position), folder));
  }

  private canDo(op: 'create' | 'rename'): boolean {
    const we = this.capabilities.workspace?.workspaceEdit;
    return !!we?.documentChanges && !!we.resourceOperations?.includes(op);
  }

  /**
   * Core edits as one WorkspaceEdit. File renames go first and the text edits then address the
   * new names; a client that cannot rename files gets the text edits alone.
   */
  private workspaceEdit(edits: readonly TextEdit[], files: readonly FileRename[] = []): WorkspaceEdit {
    if (!this.capabilities.workspace?.workspaceEdit?.documentChanges) {
      const changes: NonNullable<WorkspaceEdit['changes']> = {};
      for (const e of edits) (changes[e.uri] ??= []).push({ range: e.range, newText: e.newText });
      return { changes };
    }
    const renames = this.canDo('rename') ? files : [];
    const moved = new Map(renames.map(f => [f.from, f.to]));
    const byUri = new Map<string, TextDocumentEdit>();
    for (const e of edits) {
      const uri = moved.get(e.uri) ?? e.uri;
      let edit = byUri.get(uri);
      if (!edit)
        byUri.set(
          uri,
          (edit = {
            textDocument: { uri, version: moved.has(e.uri) ? null : (this.open(e.uri)?.version ?? null) },
            edits: [],
          }),
        );
      edit.edits.push({ range: e.range, newText: e.newText });
    }
    return {
      documentChanges: [
        ...renames.map(f => ({ kind: 'rename' as const, oldUri: f.from, newUri: f.to, options: { overwrite: false } })),
        ...byUri.values(),
      ],
    };
  }

  private fixesFor(r: Resolved, folder: LoadedFolder, d: Diagnostic): CodeAction[] {
    const { doc, service } = r;
    const data = (d.data ?? {}) as Record<string, unknown>;
    const span = { start: doc.lines.offsetAt(d.range.start), end: doc.lines.offsetAt(d.range.end) };
    const diagnostics = [toLspDiagnostic(d)];
    const fix = (title: string, edit: WorkspaceEdit, isPreferred = false): CodeAction => ({
      title,
      kind: CodeActionKind.QuickFix,
      diagnostics,
      isPreferred,
      edit,
    });
    const out: CodeAction[] = [];
    switch (d.rule) {
      case 'superseded-evidence': {
        const successor = data.successor as string | undefined;
        if (successor)
          out.push(
            fix(
              `Replace ${data.id} with its successor ${successor}`,
              this.workspaceEdit(service.replaceLinkEdits(doc, span, successor)),
              true,
            ),
          );
        break;
      }
      case 'unknown-field': {
        const suggestion = data.suggestion as string | undefined;
        if (suggestion)
          out.push(
            fix(
              `Rename \`${data.field}\` to \`${suggestion}\``,
              this.workspaceEdit(service.renameFieldEdits(doc, span, suggestion)),
              true,
            ),
          );
        break;
      }
      case 'broken-link':
      case 'unknown-reference': {
        const id = data.id as string;
        for (const s of (data.suggestions as string[] | undefined) ?? [])
          out.push(fix(`Change to ${s}`, this.workspaceEdit(service.replaceLinkEdits(doc, span, s))));
        const type = (data.target as ItemType | undefined) ?? typeOfId(id);
        if (type && this.canDo('create')) {
          const target = service.newItemUri(type, id, folder.uri);
          out.push(
            fix(`Create ${type} ${id}`, {
              documentChanges: [
                { kind: 'create', uri: target, options: { ignoreIfExists: true } },
                {
                  textDocument: { uri: target, version: null },
                  edits: [
                    {
                      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
                      newText: service.itemTemplate(type, id, r.index.options.today),
                    },
                  ],
                },
              ],
            }),
          );
        }
        break;
      }
    }
    return out;
  }
}

declare const GROUNDED_VERSION: string | undefined;

function overlaps(
  a: { start: { line: number; character: number }; end: { line: number; character: number } },
  b: typeof a,
): boolean {
  const before = (p: typeof a.start, q: typeof a.start) =>
    p.line < q.line || (p.line === q.line && p.character < q.character);
  return !before(a.end, b.start) && !before(b.end, a.start);
}
