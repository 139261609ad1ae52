import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  buildIndexSync,
  buildReport,
  createGroundedService,
  defaultConfig,
  MemoryWorkspace,
  parseMarkdown,
  traceItem,
  type GroundedService,
  type WorkspaceIndex,
} from '../../src/core';
import { checkDraft, coverageOf, getItem, searchTool } from '../../src/core/features/agent';
import { codeLenses } from '../../src/core/features/codeLens';
import { complete } from '../../src/core/features/completion';
import { definition } from '../../src/core/features/definition';
import { describeId, hover } from '../../src/core/features/hover';
import { documentLinks } from '../../src/core/features/links';
import { references } from '../../src/core/features/references';
import { prepareRename, rename, renameProblem } from '../../src/core/features/rename';
import { searchItems } from '../../src/core/features/search';
import { documentSymbols, workspaceSymbols } from '../../src/core/features/symbols';
import { REPO } from './corpora';

const ROOT = 'file:///acme';
const TODAY = '2026-11-29';

/** The example folder, file by file, as an in-memory workspace. */
function example(): MemoryWorkspace {
  const dir = path.join(REPO, 'examples', 'acme-checkout');
  const files: Record<string, string> = {};
  const walk = (rel: string) => {
    for (const d of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${d.name}` : d.name;
      if (d.isDirectory()) walk(r);
      else if (d.name.endsWith('.md')) files[r] = fs.readFileSync(path.join(dir, r), 'utf8');
    }
  };
  walk('');
  return new MemoryWorkspace(ROOT, files);
}

function service(workspace = example(), config = defaultConfig()): GroundedService {
  const s = createGroundedService({ workspace, config, today: TODAY });
  s.buildSync();
  return s;
}

/** Every diagnostic of an index, by URI, in document order. */
function diagnostics(index: WorkspaceIndex): Record<string, unknown> {
  return Object.fromEntries([...index.documents()].map(d => [d.uri, index.diagnostics(d.uri)]));
}

const rel = (uri: string) => uri.slice(ROOT.length + 1);

/** The offset of every ID-like token of a document (its frontmatter links, declarations and body references). */
function offsets(doc: ReturnType<typeof parseMarkdown>): number[] {
  return [
    ...doc.declarations.map(d => d.span.start + 1),
    ...doc.links.map(l => l.span.start + 1),
    ...doc.bodyRefs.map(r => r.span.start + 1),
    0,
    doc.text.length,
  ];
}

describe('the core service (createGroundedService)', () => {
  it('starts with an empty index and answers from the one its build gives', () => {
    const s = createGroundedService({ workspace: example(), config: defaultConfig(), today: TODAY });
    assert.equal(s.index.size, 0);
    const built = s.buildSync();
    assert.equal(s.index, built.index);
    assert.ok(s.index.size > 10, `${s.index.size} documents`);
    const fresh = buildIndexSync(example(), { config: defaultConfig(), today: TODAY }).index;
    assert.deepEqual(diagnostics(s.index), diagnostics(fresh));
    assert.equal(s.today, TODAY);
  });

  it('builds the same index asynchronously as synchronously', async () => {
    const s = createGroundedService({ workspace: example(), config: defaultConfig(), today: TODAY });
    const built = await s.build({ pause: () => Promise.resolve(), sliceMs: 0 });
    assert.equal(s.index, built.index);
    assert.deepEqual(diagnostics(s.index), diagnostics(service().index));
  });

  it('a cancelled build keeps the index it had', async () => {
    const s = service();
    const before = s.index;
    await assert.rejects(s.build({}, undefined, { cancelled: true }));
    assert.equal(s.index, before);
  });

  it('answers every feature as the core function does, at every ID of every document', () => {
    const s = service();
    const index = s.index;
    const file = rel;
    let asked = 0;
    for (const doc of index.documents()) {
      for (const at of offsets(doc)) {
        assert.deepEqual(s.hover(doc, at), hover(index, doc, at));
        assert.deepEqual(s.complete(doc, at), complete(index, doc, at));
        assert.deepEqual(s.definition(doc, at), definition(index, doc, at));
        assert.deepEqual(s.references(doc, at, false), references(index, doc, at, false));
        assert.deepEqual(s.prepareRename(doc, at), prepareRename(index, doc, at));
        const renamed = (f: () => unknown) => {
          try {
            return f();
          } catch (e) {
            return (e as Error).message;
          }
        };
        assert.deepEqual(
          renamed(() => s.rename(doc, at, 'F-999')),
          renamed(() => rename(index, doc, at, 'F-999')),
        );
        asked++;
      }
      assert.deepEqual(s.codeLenses(doc), codeLenses(index, doc));
      assert.deepEqual(s.documentLinks(doc), documentLinks(index, doc));
      assert.deepEqual(s.documentSymbols(doc), documentSymbols(doc));
      assert.deepEqual(s.diagnostics(doc.uri), index.diagnostics(doc.uri));
    }
    assert.ok(asked > 100, `${asked} offsets asked`);
    for (const id of index.allIds()) {
      assert.deepEqual(s.describeId(id), describeId(index, id));
      assert.deepEqual(s.trace(id), traceItem(index, id));
      assert.deepEqual(s.getItem(id, file), getItem(index, id, file));
      assert.deepEqual(s.renameProblem(id, 'F-001'), renameProblem(index, id, 'F-001'));
    }
    for (const query of ['', 'F-', 'guest checkout', 'S-']) {
      assert.deepEqual(s.search(query), searchItems(index, query));
      assert.deepEqual(s.search(query, ['finding'], 3), searchItems(index, query, ['finding'], 3));
      assert.deepEqual(s.workspaceSymbols(query), workspaceSymbols(index, query));
      assert.deepEqual(s.searchTool({ query }, file), searchTool(index, { query }, file));
    }
    assert.deepEqual(s.report(file), buildReport(index, file));
    assert.deepEqual(s.coverageOf(file), coverageOf(index, file));
    const draft = '---\nid: F-900\ntype: finding\ntitle: A draft\n---\nCites F-404.\n';
    assert.deepEqual(s.checkDraft(`${ROOT}/draft.md`, draft, file), checkDraft(index, `${ROOT}/draft.md`, draft, file));
  });

  it('keeps its index equal to a fresh build through edits, reads and deletes', () => {
    const workspace = example();
    const s = service(workspace);
    const [first, second] = [...s.index.documents()].filter(d => d.item?.id).map(d => d.uri);
    const text = s.get(first)!.text.replace(/\n---\n/, '\n---\nNow cites F-404 in the body.\n');
    s.setText(first, text);
    workspace.write(rel(first), text);
    s.setRead(second, { text: '---\ntype: finding\n---\nNo ID.\n' });
    workspace.write(rel(second), '---\ntype: finding\n---\nNo ID.\n');
    const last = [...s.index.documents()].at(-1)!.uri;
    const changed = s.delete(last);
    workspace.remove(rel(last));
    assert.ok(Array.isArray(changed));
    const fresh = buildIndexSync(workspace, { config: defaultConfig(), today: TODAY }).index;
    assert.deepEqual(diagnostics(s.index), diagnostics(fresh));
    assert.ok(
      s.diagnostics(first).some(d => d.rule === 'unknown-reference' || d.rule === 'broken-link'),
      'the edit shows',
    );
  });

  it('includes what the config includes, and nothing outside the workspace', () => {
    const s = createGroundedService({
      workspace: example(),
      config: { ...defaultConfig(), exclude: ['findings'] },
      today: TODAY,
    });
    assert.equal(s.includes(`${ROOT}/specs/checkout.md`), true);
    assert.equal(s.includes(`${ROOT}/findings/checkout/x.md`), false);
    assert.equal(s.includes('file:///elsewhere/x.md'), false);
  });
});
