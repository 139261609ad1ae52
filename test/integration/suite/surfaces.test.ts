import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as vscode from 'vscode';
import {
  createProtocolConnection,
  DefinitionRequest,
  DidOpenTextDocumentNotification,
  ExitNotification,
  HoverRequest,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  ReferencesRequest,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type Diagnostic as LspDiagnostic,
  type Location,
  type MarkupContent,
  type ProtocolConnection,
} from 'vscode-languageserver-protocol/node';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { fixtureUri, indexedSuite, openDoc, positionOf, waitFor } from './util';

const CLI = path.resolve(__dirname, '../../../../dist/cli.js');

/** A place, the same whoever answers: a file path and a zero-based range. */
const place = (
  file: string,
  r: { start: { line: number; character: number }; end: { line: number; character: number } },
) => `${file}:${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
const SEVERITY = ['', 'error', 'warning', 'info', 'info'];

/**
 * The extension in this VS Code, the language server and the MCP server answer the same
 * questions on the fixture folder; their answers must agree. The servers are the built CLI,
 * spoken to by real clients over stdio.
 */
describe('surfaces: VS Code, grounded lsp and grounded mcp answer alike', function () {
  indexedSuite(this);
  let root: string;
  let lsp: ProtocolConnection;
  let server: ChildProcess;
  const pushed = new Map<string, LspDiagnostic[]>();
  let mcp: Client;

  before(async () => {
    root = fixtureUri('').fsPath.replace(/[\\/]$/, '');
    server = spawn(process.execPath, [CLI, 'lsp', '--stdio'], { stdio: ['pipe', 'pipe', 'ignore'] });
    lsp = createProtocolConnection(new StreamMessageReader(server.stdout!), new StreamMessageWriter(server.stdin!));
    lsp.onNotification(PublishDiagnosticsNotification.method, (p: { uri: string; diagnostics: LspDiagnostic[] }) => {
      pushed.set(fileURLToPath(p.uri), p.diagnostics);
    });
    lsp.listen();
    await lsp.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: null,
      capabilities: {},
      workspaceFolders: [{ uri: pathToFileURL(root).href, name: 'workspace' }],
    });
    await lsp.sendNotification(InitializedNotification.type, {});
    mcp = new Client({ name: 'surfaces-test', version: '1.0.0' });
    await mcp.connect(
      new StdioClientTransport({ command: process.execPath, args: [CLI, 'mcp', root], stderr: 'ignore' }),
    );
  });
  after(async () => {
    await mcp?.close();
    await lsp?.sendRequest(ShutdownRequest.type).catch(() => undefined);
    await lsp?.sendNotification(ExitNotification.type).catch(() => undefined);
    lsp?.dispose();
    server?.kill();
  });

  async function openInLsp(doc: vscode.TextDocument): Promise<string> {
    const uri = pathToFileURL(doc.uri.fsPath).href;
    await lsp.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: 'markdown', version: 1, text: doc.getText() },
    });
    return uri;
  }

  it('the same hover for an ID', async () => {
    const doc = await openDoc('specs/checkout.md');
    const uri = await openInLsp(doc);
    const at = positionOf(doc, 'F-014, F-022', 2);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, at);
    const ours = hovers
      .flatMap(h => h.contents.map(c => (typeof c === 'string' ? c : c.value)))
      .find(v => v.includes('`F-014`'));
    const fromLsp = await lsp.sendRequest(HoverRequest.type, { textDocument: { uri }, position: at });
    assert.ok(ours, 'no Grounded hover in VS Code');
    assert.equal((fromLsp!.contents as MarkupContent).value, ours);
  });

  it('the same definition, and the file that MCP get names', async () => {
    const doc = await openDoc('specs/checkout.md');
    const uri = await openInLsp(doc);
    const at = positionOf(doc, 'F-014, F-022', 2);
    const found = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>(
      'vscode.executeDefinitionProvider',
      doc.uri,
      at,
    );
    const inVsCode = found.map(l =>
      'targetUri' in l ? place(l.targetUri.fsPath, l.targetRange) : place(l.uri.fsPath, l.range),
    );
    const fromLsp = (await lsp.sendRequest(DefinitionRequest.type, {
      textDocument: { uri },
      position: at,
    })) as Location[];
    assert.deepEqual(
      fromLsp.map(l => place(fileURLToPath(l.uri), l.range)),
      inVsCode,
    );
    const got = (await mcp.callTool({ name: 'get', arguments: { id: 'F-014' } })) as unknown as {
      structuredContent: { file: string; line: number };
    };
    assert.equal(path.join(root, got.structuredContent.file), fromLsp[0] && fileURLToPath(fromLsp[0].uri));
    assert.equal(got.structuredContent.line, fromLsp[0].range.start.line + 1);
  });

  it('the same references, and the citations that MCP get lists', async () => {
    const doc = await openDoc('findings/F-014 guest checkout.md');
    const uri = await openInLsp(doc);
    const at = positionOf(doc, 'id: F-014', 5);
    const refs = await vscode.commands.executeCommand<vscode.Location[]>(
      'vscode.executeReferenceProvider',
      doc.uri,
      at,
    );
    const fromLsp = await lsp.sendRequest(ReferencesRequest.type, {
      textDocument: { uri },
      position: at,
      context: { includeDeclaration: true },
    });
    const sorted = (xs: string[]) => [...xs].sort();
    assert.deepEqual(
      sorted(fromLsp!.map(l => place(fileURLToPath(l.uri), l.range))),
      sorted(refs.map(l => place(l.uri.fsPath, l.range))),
    );
    const got = (await mcp.callTool({ name: 'get', arguments: { id: 'F-014' } })) as unknown as {
      structuredContent: { citedBy: { file: string; line: number }[]; mentionedIn: { file: string; line: number }[] };
    };
    const fromMcp = [...got.structuredContent.citedBy, ...got.structuredContent.mentionedIn].map(
      c => `${path.join(root, c.file)}:${c.line - 1}`,
    );
    const withoutDeclaration = fromLsp!
      .filter(l => !l.uri.endsWith('F-014%20guest%20checkout.md'))
      .map(l => `${fileURLToPath(l.uri)}:${l.range.start.line}`);
    assert.deepEqual(sorted(fromMcp), sorted(withoutDeclaration));
  });

  it('the same diagnostics for a document: in the editor, pushed by the server, and from MCP check', async () => {
    const doc = await openDoc('specs/checkout.md');
    await openInLsp(doc);
    const inVsCode = await waitFor(
      () => {
        const list = vscode.languages.getDiagnostics(doc.uri).filter(d => d.source === 'grounded');
        return list.length > 0 && list;
      },
      10000,
      'no Grounded diagnostics in VS Code',
    );
    const show = (
      rule: string,
      severity: string,
      message: string,
      r: { start: { line: number; character: number }; end: { line: number; character: number } },
    ) => `${place('', r)} ${severity} ${rule} ${message}`;
    const expected = inVsCode
      .map(d =>
        show(
          String(typeof d.code === 'object' ? d.code.value : d.code),
          ['error', 'warning', 'info', 'info'][d.severity],
          d.message,
          d.range,
        ),
      )
      .sort();
    const fromLsp = await waitFor(
      () => pushed.get(doc.uri.fsPath),
      10000,
      'no diagnostics pushed for specs/checkout.md',
    );
    assert.deepEqual(
      fromLsp.map(d => show(String(d.code), SEVERITY[d.severity ?? 1], String(d.message), d.range)).sort(),
      expected,
    );
    const checked = (await mcp.callTool({
      name: 'check',
      arguments: { path: 'specs/checkout.md', text: fs.readFileSync(doc.uri.fsPath, 'utf8') },
    })) as unknown as {
      structuredContent: {
        diagnostics: {
          rule: string;
          severity: string;
          message: string;
          line: number;
          column: number;
          endLine: number;
          endColumn: number;
        }[];
      };
    };
    const fromMcp = checked.structuredContent.diagnostics.map(d =>
      show(d.rule, d.severity, d.message, {
        start: { line: d.line - 1, character: d.column - 1 },
        end: { line: d.endLine - 1, character: d.endColumn - 1 },
      }),
    );
    assert.deepEqual(fromMcp.sort(), expected);
  });
});
