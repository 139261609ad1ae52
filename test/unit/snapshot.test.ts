import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import { generate, GENERATED_TODAY } from '../../bench/generate';
import {
  buildIndexSync,
  defaultConfig,
  MemoryWorkspace,
  type FileStat,
  type ParsedDocument,
  type Workspace,
  type WorkspaceIndex,
} from '../../src/core';
import { reviveChunk, snapshotChunks } from '../../src/core/snapshot';
import { NodeWorkspace } from '../../src/node/workspace';
import { finding, ROOT, spec } from './helpers';

/* An instant reopen (docs/performance.md): an index revived from a snapshot equals a fresh build, whatever changed meanwhile. */

const options = { config: defaultConfig(), today: GENERATED_TODAY };

/** A snapshot through V8's serializer, chunk by chunk, as the editor stores it. */
function roundTrip(
  index: WorkspaceIndex,
  stats: ReadonlyMap<string, FileStat>,
): Map<string, { doc: ParsedDocument; stat: FileStat }> {
  const stored = v8.serialize({ chunks: snapshotChunks(index, stats, 50).map(c => v8.serialize(c)) });
  const docs = new Map<string, { doc: ParsedDocument; stat: FileStat }>();
  for (const chunk of (v8.deserialize(stored) as { chunks: Uint8Array[] }).chunks)
    assert.ok(reviveChunk(v8.deserialize(chunk), docs));
  return docs;
}

/** What an index shows: each document as parsed (without its line map) and its diagnostics, by URI. */
function contents(index: WorkspaceIndex): Record<string, string> {
  const out: Record<string, string> = {};
  for (const doc of [...index.documents()].sort((a, b) => (a.uri < b.uri ? -1 : 1))) {
    const { lines, ...rest } = doc;
    out[doc.uri] = JSON.stringify([rest, lines.lineCount, index.diagnostics(doc.uri)]);
  }
  return out;
}

function reviveAndCompare(workspace: Workspace, snapshot: ReturnType<typeof roundTrip>, expectReused: number): void {
  const revived = buildIndexSync(workspace, { ...options, reuse: snapshot, keepStats: true });
  const fresh = buildIndexSync(workspace, options);
  assert.deepEqual(contents(revived.index), contents(fresh.index));
  assert.equal(revived.reused, expectReused);
  assert.equal(revived.stats!.size, fresh.index.size);
}

describe('reviving an index from a snapshot', function () {
  this.timeout(120000);

  it('equals a fresh build after files were edited (also keeping their size), added and deleted (in memory)', () => {
    const ws = new MemoryWorkspace(ROOT, {
      'specs/a.md': spec('S-1', ['  - id: R-1', '    text: Pay', '    evidence: [F-1, F-9]']),
      'f1.md': finding('F-1'),
      'f2.md': finding('F-2'),
      'f3.md': finding('F-3'),
      'notes/n.md': '# A note about F-2\n',
    });
    const first = buildIndexSync(ws, { ...options, keepStats: true });
    const snapshot = roundTrip(first.index, first.stats!);
    assert.equal(snapshot.size, 5);
    ws.write('f2.md', finding('F-2', ['status: refuted']));
    ws.write('specs/a.md', ws.files.get('specs/a.md')!.replace('F-9', 'F-8')); // the same size
    ws.remove('f3.md');
    ws.write('f4.md', finding('F-4'));
    reviveAndCompare(ws, snapshot, 2);
  });

  it('equals a fresh build after files changed on disk (the Node workspace, with real stats)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'grounded-snapshot-'));
    try {
      generate(dir, 300, 4);
      const ws = new NodeWorkspace(dir, { threads: 1 });
      const first = buildIndexSync(ws, { ...options, keepStats: true });
      const snapshot = roundTrip(first.index, first.stats!);
      const files = first.listing.files.map(f => path.join(dir, f.rel));
      assert.equal(snapshot.size, files.length);
      // Edited (one keeping its size), deleted, renamed, added.
      fs.appendFileSync(files[0], '\nSee F-0001.\n');
      const same = fs.readFileSync(files[1], 'utf8');
      const at = same.search(/[a-z]/);
      fs.writeFileSync(files[1], same.slice(0, at) + (same[at] === 'x' ? 'y' : 'x') + same.slice(at + 1));
      const when = new Date(Date.now() + 5000);
      fs.utimesSync(files[1], when, when);
      fs.rmSync(files[2]);
      fs.renameSync(files[3], path.join(path.dirname(files[3]), 'renamed.md'));
      fs.writeFileSync(path.join(dir, 'added.md'), finding('F-added'));
      reviveAndCompare(new NodeWorkspace(dir, { threads: 1 }), snapshot, files.length - 4);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads nothing again when nothing changed, and leaves out documents it has no stat for', () => {
    const ws = new MemoryWorkspace(ROOT, { 'f1.md': finding('F-1'), 'f2.md': finding('F-2') });
    const first = buildIndexSync(ws, {
      ...options,
      keepStats: true,
      overlay: uri => (uri.endsWith('f2.md') ? finding('F-2', ['title: Unsaved']) : undefined),
    });
    const snapshot = roundTrip(first.index, first.stats!);
    assert.deepEqual([...snapshot.keys()], [`${ROOT}/f1.md`], 'an unsaved text is not in the snapshot');
    reviveAndCompare(ws, snapshot, 1);
  });

  it('refuses a chunk of another shape', () => {
    assert.equal(reviveChunk([{ uri: 1 }], new Map()), false);
    assert.equal(reviveChunk('nope', new Map()), false);
  });
});
