import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { grounded, REPO } from './cli';
import { copyFolder } from './lspClient';
import { call, mcpClient } from './mcpClient';

const EXAMPLE = path.join(REPO, 'examples', 'acme-checkout');

describe('grounded mcp (the MCP SDK client over stdio)', function () {
  this.timeout(30_000);
  let root: string;
  let client: Client;

  before(async () => {
    root = copyFolder(EXAMPLE);
    ({ client } = await mcpClient(root));
  });
  after(async () => {
    await client?.close();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('lists five read-only tools with input schemas', async () => {
    const { tools } = await client.listTools();
    assert.deepEqual(tools.map(t => t.name).sort(), ['check', 'coverage', 'get', 'search', 'trace']);
    for (const t of tools) {
      assert.equal(t.annotations?.readOnlyHint, true, t.name);
      assert.equal(t.inputSchema.type, 'object');
    }
    assert.match(client.getInstructions() ?? '', /never write files/);
  });

  it('search ranks findings by their words, with JSON and the same JSON as text', async () => {
    const r = await call(client, 'search', { query: 'guest checkout', type: ['finding'] });
    assert.ok(!r.isError);
    const results = r.structuredContent!.results as { id: string; type: string; file: string; title: string }[];
    assert.equal(results[0].id, 'F-005');
    assert.equal(results[0].file, 'findings/checkout/F-005-guest-checkout-experiment.md');
    assert.ok(results.every(x => x.type === 'finding'));
    assert.deepEqual(JSON.parse(r.content[0].text), r.structuredContent);
  });

  it('search filters by persona, source and status', async () => {
    const byPersona = await call(client, 'search', {
      query: '',
      type: ['finding'],
      persona: 'P-bookkeeper',
      limit: 100,
    });
    const ids = byPersona.structuredContent!.results as { id: string; personas: string[] }[];
    assert.ok(ids.length > 0);
    assert.ok(ids.every(x => x.personas.includes('P-bookkeeper')));
    const superseded = await call(client, 'search', { query: '', status: 'superseded', limit: 100 });
    assert.deepEqual((superseded.structuredContent!.results as { id: string }[]).map(x => x.id).sort(), [
      'D-001',
      'F-002',
    ]);
    const bySource = await call(client, 'search', { query: '', type: ['finding'], source: 'survey', limit: 100 });
    const rows = bySource.structuredContent!.results as { source: string }[];
    assert.ok(rows.length > 0 && rows.every(x => x.source === 'survey'), JSON.stringify(rows));
  });

  it('get returns the frontmatter, the body and who cites it; a requirement with its grounding', async () => {
    const r = await call(client, 'get', { id: 'F-005' });
    const got = r.structuredContent as {
      kind: string;
      frontmatter: { title: string };
      body: string;
      citedBy: { by: string; field: string; file: string }[];
    };
    assert.equal(got.kind, 'finding');
    assert.match(got.frontmatter.title, /Guest checkout/);
    assert.ok(got.body.length > 0);
    assert.ok(
      got.citedBy.some(c => c.by === 'R-checkout-1' && c.file === 'specs/checkout.md'),
      JSON.stringify(got.citedBy),
    );
    const req = await call(client, 'get', { id: 'R-onb-4' });
    assert.equal((req.structuredContent as { state: string }).state, 'ungrounded');
  });

  it('trace answers as grounded trace --format json does', async () => {
    const r = await call(client, 'trace', { id: 'F-005' });
    const cli = grounded(['trace', 'F-005', root, '--format', 'json', '--today', '2026-11-29']);
    assert.equal(cli.code, 0, cli.stderr);
    assert.deepEqual(r.structuredContent, JSON.parse(cli.stdout));
    assert.match(r.content[0].text, /F-005/);
  });

  it('check reports the diagnostics of an unsaved draft as if it were saved, and writes nothing', async () => {
    const draft = [
      '---',
      'id: S-returns',
      'type: spec',
      'title: Returns',
      'status: draft',
      'requirements:',
      '  - id: R-ret-1',
      '    text: Buyers can start a return as a guest',
      '    priority: must',
      '    evidence: [F-005, F-999]',
      '---',
      '# Returns',
      '',
    ].join('\n');
    const r = await call(client, 'check', { path: 'specs/returns.md', text: draft });
    assert.ok(!r.isError, r.content[0].text);
    const got = r.structuredContent as {
      file: string;
      diagnostics: { rule: string; line: number; column: number }[];
      requirements: { id: string; state: string }[];
    };
    assert.equal(got.file, 'specs/returns.md');
    const broken = got.diagnostics.find(d => d.rule === 'broken-link')!;
    assert.deepEqual([broken.line, broken.column], [10, 23]);
    assert.deepEqual(got.requirements, [
      { id: 'R-ret-1', state: 'weak', priority: 'must', evidence: ['F-005'], via: [] },
    ]);
    assert.ok(!fs.existsSync(path.join(root, 'specs', 'returns.md')));
    // The draft is not left in the index.
    const after = await call(client, 'get', { id: 'S-returns' });
    assert.equal(after.isError, true);
  });

  it('check of an existing file uses the draft instead of the saved text', async () => {
    const text = fs.readFileSync(path.join(root, 'specs', 'onboarding.md'), 'utf8').replace('F-08]', 'F-008]');
    const r = await call(client, 'check', { path: 'specs/onboarding.md', text });
    assert.ok(!(r.structuredContent!.diagnostics as { rule: string }[]).some(d => d.rule === 'broken-link'));
    // The saved text is what the index holds again: F-08 is still broken there.
    const saved = await call(client, 'get', { id: 'R-onb-3' });
    assert.deepEqual((saved.structuredContent as { evidence: string[] }).evidence, ['F-009']);
  });

  it('coverage gives every spec and the summary, or one spec', async () => {
    const all = await call(client, 'coverage', {});
    const cli = JSON.parse(
      grounded(['check', root, '--format', 'json', '--today', '2026-11-29', '--no-cache', '--fail-on', 'never']).stdout,
    );
    assert.deepEqual(all.structuredContent, { summary: cli.summary, specs: cli.specs });
    const one = await call(client, 'coverage', { spec: 'S-checkout' });
    assert.deepEqual(
      (one.structuredContent!.specs as { id: string }[]).map(s => s.id),
      ['S-checkout'],
    );
  });

  it('sees files the agent wrote on disk since the last call', async () => {
    const file = path.join(root, 'findings', 'F-200.md');
    fs.writeFileSync(
      file,
      '---\nid: F-200\ntype: finding\ntitle: Returns are hard to find\nstatus: active\ndate: 2026-11-01\nsource: interview\nmethod: qualitative\n---\nBody.\n',
    );
    try {
      const r = await call(client, 'get', { id: 'F-200' });
      assert.ok(!r.isError, r.content[0].text);
    } finally {
      fs.rmSync(file);
    }
    const gone = await call(client, 'get', { id: 'F-200' });
    assert.equal(gone.isError, true);
  });

  it('answers bad arguments with error results, and keeps serving', async () => {
    const unknown = await call(client, 'get', { id: 'F-0055' });
    assert.equal(unknown.isError, true);
    assert.match(unknown.content[0].text, /No item or requirement has the ID `F-0055`.*Did you mean `F-005`/);
    const outside = await call(client, 'check', { path: '../elsewhere.md', text: '' });
    assert.equal(outside.isError, true);
    assert.match(outside.content[0].text, /outside the folder/);
    const notMd = await call(client, 'check', { path: 'specs/x.txt', text: '' });
    assert.match(notMd.content[0].text, /not a Markdown file/);
    const notSpec = await call(client, 'coverage', { spec: 'F-005' });
    assert.match(notSpec.content[0].text, /not a spec/);
    const badType = await call(client, 'search', { query: 'x', type: ['nonsense'] });
    assert.equal(badType.isError, true);
    const missing = await call(client, 'get', {});
    assert.equal(missing.isError, true);
    const ok = await call(client, 'search', { query: 'F-005' });
    assert.equal((ok.structuredContent!.results as { id: string }[])[0].id, 'F-005');
  });

  it('refuses a missing folder and unknown options with exit code 2', () => {
    const r = grounded(['mcp', path.join(root, 'no-such-folder')]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /no such folder/);
    assert.equal(grounded(['mcp', '--nope']).code, 2);
    const help = grounded(['mcp', '--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /grounded mcp \[ROOT\]/);
  });
});
