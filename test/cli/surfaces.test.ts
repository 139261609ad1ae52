import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  DefinitionRequest,
  HoverRequest,
  ReferencesRequest,
  type Location,
  type MarkupContent,
} from 'vscode-languageserver-protocol/node';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { CheckResult } from '../../src/core';
import { definition } from '../../src/core/features/definition';
import { hover } from '../../src/core/features/hover';
import { references } from '../../src/core/features/references';
import { indexFolder } from '../../src/node/check';
import { REPO } from './cli';
import { LspClient, positionOf } from './lspClient';
import { call, mcpClient } from './mcpClient';

const EXAMPLE = path.join(REPO, 'examples', 'acme-checkout');
const TODAY = '2026-11-29';
const place = (
  file: string,
  r: { start: { line: number; character: number }; end: { line: number; character: number } },
) => `${path.relative(EXAMPLE, file)}:${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;

/**
 * The same questions on the example repo, asked of the language server and the MCP server (the
 * built CLI, over stdio) and of the core features that the VS Code extension's providers call,
 * on an index that `grounded check` builds. (test/integration/suite/surfaces.test.ts asks the
 * real extension in VS Code.)
 */
describe('surfaces on the example: grounded lsp, grounded mcp and the core the extension calls', function () {
  this.timeout(30_000);
  let lsp: LspClient;
  let mcp: Client;
  const { index } = indexFolder(EXAMPLE, { today: TODAY, threads: 1 });
  const file = path.join(EXAMPLE, 'specs', 'checkout.md');
  const text = fs.readFileSync(file, 'utf8');
  const uri = pathToFileURL(file).href;
  const doc = index.get(uri)!;

  before(async () => {
    ({ client: lsp } = await LspClient.start([EXAMPLE], { capabilities: {}, initializationOptions: { today: TODAY } }));
    await lsp.open(file, text);
    ({ client: mcp } = await mcpClient(EXAMPLE, ['--today', TODAY]));
  });
  after(async () => {
    await lsp?.stop();
    await mcp?.close();
  });

  for (const id of ['F-005', 'D-004', 'P-mobile-shopper', 'F-002']) {
    it(`hover, definition and references of ${id} agree`, async () => {
      const position = positionOf(text, id, 1);
      const offset = doc.lines.offsetAt(position);
      const h = await lsp.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position });
      assert.equal((h!.contents as MarkupContent).value, hover(index, doc, offset)!.markdown);

      const defs = (await lsp.connection.sendRequest(DefinitionRequest.type, {
        textDocument: { uri },
        position,
      })) as Location[];
      const core = definition(index, doc, offset)!.targets;
      assert.deepEqual(
        defs.map(d => place(fileURLToPath(d.uri), d.range)),
        core.map(t => place(fileURLToPath(t.uri), t.range)),
      );
      const got = await call(mcp, 'get', { id });
      const g = got.structuredContent as { file: string; line: number };
      assert.equal(`${g.file}:${g.line - 1}`, place(fileURLToPath(core[0].uri), core[0].range).replace(/:\d+-.*$/, ''));

      const refs = await lsp.connection.sendRequest(ReferencesRequest.type, {
        textDocument: { uri },
        position,
        context: { includeDeclaration: false },
      });
      const coreRefs = references(index, doc, offset, false)!;
      const sorted = (xs: string[]) => [...xs].sort();
      assert.deepEqual(
        sorted(refs!.map(l => place(fileURLToPath(l.uri), l.range))),
        sorted(coreRefs.map(l => place(fileURLToPath(l.uri), l.range))),
      );
    });
  }

  it('the diagnostics of every spec agree: pushed by the server, from MCP check, and from the index', async () => {
    for (const name of fs.readdirSync(path.join(EXAMPLE, 'specs'))) {
      const f = path.join(EXAMPLE, 'specs', name);
      const u = pathToFileURL(f).href;
      const core = index
        .diagnostics(u)
        .map(d => `${place(f, d.range)} ${d.severity} ${d.rule} ${d.message}`)
        .sort();
      // Nothing is pushed for a document without problems.
      const pushed = core.length
        ? await lsp.until(() => lsp.diagnostics.get(u), `diagnostics of ${name}`)
        : (lsp.diagnostics.get(u) ?? []);
      assert.deepEqual(
        pushed
          .map(d => `${place(f, d.range)} ${['', 'error', 'warning', 'info'][d.severity!]} ${d.code} ${d.message}`)
          .sort(),
        core,
        name,
      );
      const checked = await call(mcp, 'check', { path: `specs/${name}`, text: fs.readFileSync(f, 'utf8') });
      const rows = (checked.structuredContent as Pick<CheckResult, 'diagnostics'>).diagnostics;
      assert.deepEqual(
        rows
          .map(
            d =>
              `${place(f, { start: { line: d.line - 1, character: d.column - 1 }, end: { line: d.endLine - 1, character: d.endColumn - 1 } })} ${d.severity} ${d.rule} ${d.message}`,
          )
          .sort(),
        core,
        name,
      );
    }
  });
});
