import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  InitializeRequest,
  InitializedNotification,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  StreamMessageReader,
  StreamMessageWriter,
  WorkDoneProgressCreateRequest,
  DiagnosticRefreshRequest,
  ExitNotification,
  ShutdownRequest,
  DidOpenTextDocumentNotification,
  type ClientCapabilities,
  type Diagnostic,
  type InitializeResult,
  type ProtocolConnection,
  type Registration,
} from 'vscode-languageserver-protocol/node';
import { CLI } from './cli';

/** The capabilities of a modern client (VS Code-like): links, documentChanges with file operations, progress. */
export const FULL_CAPABILITIES: ClientCapabilities = {
  textDocument: {
    definition: { linkSupport: true },
    publishDiagnostics: { relatedInformation: true },
    completion: { completionItem: { snippetSupport: false } },
    rename: { prepareSupport: true },
  },
  workspace: {
    workspaceEdit: { documentChanges: true, resourceOperations: ['create', 'rename', 'delete'] },
    didChangeWatchedFiles: { dynamicRegistration: true },
    workspaceFolders: true,
  },
  window: { workDoneProgress: true },
};

/** A real LSP client over stdio, speaking to the built `grounded lsp --stdio`. */
export class LspClient {
  readonly diagnostics = new Map<string, Diagnostic[]>();
  readonly registrations: Registration[] = [];
  refreshes = 0;
  private readonly waiters: (() => void)[] = [];
  stderr = '';

  private constructor(
    readonly child: ChildProcess,
    readonly connection: ProtocolConnection,
  ) {}

  static async start(
    folders: string[],
    options: { capabilities?: ClientCapabilities; initializationOptions?: unknown; args?: string[] } = {},
  ): Promise<{ client: LspClient; result: InitializeResult }> {
    const child = spawn(process.execPath, [CLI, 'lsp', ...(options.args ?? ['--stdio'])], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const connection = createProtocolConnection(
      new StreamMessageReader(child.stdout!),
      new StreamMessageWriter(child.stdin!),
    );
    const client = new LspClient(child, connection);
    child.stderr!.on('data', d => (client.stderr += String(d)));
    connection.onNotification(PublishDiagnosticsNotification.type, p => {
      client.diagnostics.set(p.uri, p.diagnostics);
      client.wake();
    });
    connection.onRequest(RegistrationRequest.type, p => {
      client.registrations.push(...p.registrations);
    });
    connection.onRequest(WorkDoneProgressCreateRequest.method, () => null);
    connection.onRequest(DiagnosticRefreshRequest.type, () => {
      client.refreshes++;
      client.wake();
    });
    connection.onRequest('workspace/configuration', () => []);
    connection.listen();
    const result = await connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: null,
      capabilities: options.capabilities ?? FULL_CAPABILITIES,
      workspaceFolders: folders.map(f => ({ uri: uriOf(f), name: path.basename(f) })),
      initializationOptions: options.initializationOptions,
    });
    await connection.sendNotification(InitializedNotification.type, {});
    return { client, result };
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }

  /** Resolves when `test` holds, checked after each notification; rejects after `ms`. */
  async until<T>(test: () => T | undefined | false, what: string, ms = 10_000): Promise<T> {
    const deadline = Date.now() + ms;
    for (;;) {
      const got = test();
      if (got) return got;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; server stderr: ${this.stderr}`);
      await new Promise<void>(resolve => {
        this.waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  }

  async open(file: string, text = fs.readFileSync(file, 'utf8'), version = 1): Promise<string> {
    const uri = uriOf(file);
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: 'markdown', version, text },
    });
    return uri;
  }

  async stop(): Promise<number | null> {
    const exited = new Promise<number | null>(resolve => this.child.once('exit', code => resolve(code)));
    try {
      await this.connection.sendRequest(ShutdownRequest.type);
      await this.connection.sendNotification(ExitNotification.type);
    } catch {
      this.child.kill();
    }
    const code = await exited;
    this.connection.dispose();
    return code;
  }
}

export function uriOf(file: string): string {
  return pathToFileURL(file).href;
}

/** A fresh copy of a folder in a temporary directory (tests change files on disk). */
export function copyFolder(from: string): string {
  const to = fs.mkdtempSync(path.join(fs.realpathSync(os.tmpdir()), 'grounded-lsp-'));
  fs.cpSync(from, to, { recursive: true });
  return to;
}

/** The zero-based position of the first `needle` in the file's text (plus `delta` characters). */
export function positionOf(text: string, needle: string, delta = 0): { line: number; character: number } {
  const at = text.indexOf(needle);
  if (at < 0) throw new Error(`no ${needle} in the text`);
  const before = text.slice(0, at + delta).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}
