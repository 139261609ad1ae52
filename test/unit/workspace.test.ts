import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { generate, GENERATED_TODAY } from '../../bench/generate';
import {
  buildIndex,
  buildIndexSync,
  defaultConfig,
  fileFilter,
  MemoryWorkspace,
  type Config,
  type FileReads,
  type Workspace,
  type WorkspaceIndex,
} from '../../src/core';
import { NodeWorkspace, type NodeReads } from '../../src/node/workspace';
import { finding, joinLines, ROOT, spec } from './helpers';

/* The Workspace seam and the one index builder (docs/performance.md). */

const REPO = path.resolve(__dirname, '../../..');
const WORKER = path.join(REPO, 'dist', 'worker.js');

const config = (c: Partial<Config> = {}): Config => ({ ...defaultConfig(), ...c });

/** Every document's diagnostics, by root-relative path, for comparing two indexes of different roots. */
function diagnosticsOf(index: WorkspaceIndex, root: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const doc of index.documents()) {
    const rel = doc.uri.slice(root.length + 1);
    out[rel] = index
      .diagnostics(doc.uri)
      .map(d => `${d.range.start.line}:${d.range.start.character} ${d.rule} ${d.message}`);
  }
  return out;
}

describe('the include/exclude decision', () => {
  it('keeps a file below an excluded folder out, whether or not the walk gets there (exclude: [drafts])', () => {
    const filter = fileFilter(config({ exclude: ['drafts'] }));
    assert.equal(filter.folder('drafts'), false);
    assert.equal(filter.includes('drafts/idea.md'), false);
    assert.equal(filter.includes('drafts/deep/idea.md'), false);
    assert.equal(filter.includes('specs/drafts.md'), true);
    assert.equal(filter.includes('specs/a.md'), true);
  });

  it('skips node_modules and .git, and files that are not Markdown or not included', () => {
    const filter = fileFilter(config({ include: ['docs/**'] }));
    assert.equal(filter.includes('docs/a.md'), true);
    assert.equal(filter.includes('docs/A.MARKDOWN'), true);
    assert.equal(filter.includes('docs/a.txt'), false);
    assert.equal(filter.includes('other/a.md'), false);
    assert.equal(filter.includes('docs/node_modules/a.md'), false);
    assert.equal(filter.includes('docs/.git/a.md'), false);
  });

  it('lists the same files from the disk (the Node walker) as from memory, and as `includes` answers', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'grounded-filter-'));
    try {
      const files = [
        'a.md',
        'drafts/b.md',
        'drafts/deep/c.md',
        'specs/drafts.md',
        'specs/x.markdown',
        'specs/y.txt',
        'node_modules/d.md',
        'notes/e.md',
        'a-b.md',
        'a/z.md',
      ];
      for (const f of files) {
        fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
        fs.writeFileSync(path.join(dir, f), '# x\n');
      }
      for (const c of [
        { exclude: ['drafts'] },
        { exclude: ['drafts/**'] },
        { exclude: ['**/drafts/**', 'notes'] },
        { include: ['specs/**', 'a.md'] },
      ]) {
        const filter = fileFilter(config(c));
        const disk = new NodeWorkspace(dir, { threads: 1 });
        const fromDisk = disk.list(filter).files.map(f => f.rel);
        disk.close();
        const fromMemory = new MemoryWorkspace(ROOT, Object.fromEntries(files.map(f => [f, '# x\n'])))
          .list(filter)
          .files.map(f => f.rel);
        assert.deepEqual(fromMemory, fromDisk, JSON.stringify(c));
        assert.deepEqual([...fromDisk].sort(), files.filter(f => filter.includes(f)).sort(), JSON.stringify(c));
      }
      const drafts = new NodeWorkspace(dir, { threads: 1 });
      assert.deepEqual(
        drafts.list(fileFilter(config({ exclude: ['drafts'] }))).files.map(f => f.rel),
        ['a/z.md', 'a-b.md', 'a.md', 'notes/e.md', 'specs/drafts.md', 'specs/x.markdown'],
      );
      drafts.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('buildIndex', () => {
  const files = {
    'specs/checkout.md': spec('S-1', ['  - id: R-1', '    text: Pay fast', '    evidence: [F-1, F-9]']),
    'research/f1.md': finding('F-1'),
    'research/f2.md': finding('F-2'),
    'drafts/f3.md': finding('F-3'),
  };

  it('gives the same index whether driven synchronously or asynchronously, with pauses', async () => {
    const sync = buildIndexSync(new MemoryWorkspace(ROOT, files), { config: config(), today: GENERATED_TODAY });
    let pauses = 0;
    let clock = 0;
    const progress: [number, number][] = [];
    const async = await buildIndex(
      new MemoryWorkspace(ROOT, files),
      { config: config(), today: GENERATED_TODAY, pause: async () => void pauses++, sliceMs: 0, now: () => clock++ },
      (done, total) => progress.push([done, total]),
    );
    assert.deepEqual(diagnosticsOf(async.index, ROOT), diagnosticsOf(sync.index, ROOT));
    assert.deepEqual(progress[0], [0, 4]);
    assert.deepEqual(progress.at(-1), [4, 4]);
    assert.equal(pauses, 0, 'pauses come every 32 files');
  });

  it('indexes the documents named first before the others, and takes unsaved texts over the workspace', () => {
    const ws = new MemoryWorkspace(ROOT, files);
    const unsaved = finding('F-1', ['title: Unsaved']);
    const { order, index } = buildIndexSync(ws, {
      config: config(),
      today: GENERATED_TODAY,
      first: [`${ROOT}/specs/checkout.md`, `${ROOT}/missing.md`],
      overlay: uri => (uri === `${ROOT}/research/f1.md` ? unsaved : undefined),
    });
    assert.deepEqual(
      order.map(f => f.rel),
      ['specs/checkout.md', 'drafts/f3.md', 'research/f1.md', 'research/f2.md'],
    );
    assert.equal(index.get(`${ROOT}/research/f1.md`)?.item?.title, 'Unsaved');
  });

  it('leaves excluded folders out of the index', () => {
    const { index } = buildIndexSync(new MemoryWorkspace(ROOT, files), {
      config: config({ exclude: ['drafts'] }),
      today: GENERATED_TODAY,
    });
    assert.equal(index.get(`${ROOT}/drafts/f3.md`), undefined);
    assert.equal(index.size, 3);
  });

  it('refuses a workspace that answers with promises in the synchronous driver', () => {
    const ws = new MemoryWorkspace(ROOT, files);
    const asyncWs: Workspace = {
      root: ROOT,
      relative: u => ws.relative(u),
      list: async f => ws.list(f),
      read: f => ws.read(f),
      stat: u => ws.stat(u),
    };
    assert.throws(() => buildIndexSync(asyncWs, { config: config(), today: GENERATED_TODAY }), /synchronously/);
  });

  it('stops a cancelled build', async () => {
    const many = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`f${i}.md`, finding(`F-${i}`)]));
    const signal = { cancelled: false };
    const built = buildIndex(
      new MemoryWorkspace(ROOT, many),
      { config: config(), today: GENERATED_TODAY },
      done => done >= 32 && (signal.cancelled = true),
      signal,
    );
    await assert.rejects(built, /cancelled/);
  });

  it('reads a Markdown file with CRLF line ends', () => {
    const text = joinLines('---', 'id: F-1', 'type: finding', '---', '').replace(/\n/g, '\r\n');
    const { index } = buildIndexSync(new MemoryWorkspace(ROOT, { 'f.md': text }), {
      config: config(),
      today: GENERATED_TODAY,
    });
    assert.equal(index.get(`${ROOT}/f.md`)?.item?.id, 'F-1');
  });
});

describe('the Node workspace', function () {
  this.timeout(120000);
  let dir: string;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'grounded-nodews-'));
    generate(dir, 400, 3);
  });
  after(() => dir && fs.rmSync(dir, { recursive: true, force: true }));

  it('never blocks with the read-ahead thread, and gives what reading here gives', async function () {
    if (!fs.existsSync(WORKER)) this.skip();
    const here = buildIndexSync(new NodeWorkspace(dir, { threads: 1 }), { config: config(), today: GENERATED_TODAY });
    const ws = new NodeWorkspace(dir, { threads: 2, workerFile: WORKER, nonBlocking: true });
    let promised = 0;
    let inner: (FileReads & NodeReads) | undefined;
    const counting: Workspace = {
      root: ws.root,
      relative: u => ws.relative(u),
      list: f => ws.list(f),
      stat: u => ws.stat(u),
      read: files => {
        const reads = (inner = ws.read(files) as FileReads & NodeReads);
        const read = (i: number) => {
          const r = reads.read(i);
          if (typeof (r as Promise<unknown>).then === 'function') promised++;
          return r;
        };
        return { read, close: () => reads.close() };
      },
    };
    const threaded = await buildIndex(counting, {
      config: config(),
      today: GENERATED_TODAY,
      pause: () => new Promise(r => setImmediate(r)),
    });
    assert.ok(inner!.fromWorker > 300, `the thread read ${inner!.fromWorker}`);
    assert.ok(promised > 0, 'some reads waited for the thread');
    assert.deepEqual(diagnosticsOf(threaded.index, ws.root), diagnosticsOf(here.index, ws.root));
  });
});
