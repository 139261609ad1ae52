import type { ParsedDocument } from './model';
import { LineMap } from './text';
import type { FileStat } from './workspace';
import type { WorkspaceIndex } from './workspaceIndex';

/*
 * A snapshot of one folder's index (docs/performance.md): every document that was read from disk, as
 * parsed, with the stat of the file it was read from. The editor keeps one per folder in its
 * workspace storage; at the next start `buildIndex` takes from it each file whose stat is still
 * the same (as the CLI's warm cache does) and reads only what changed, was added or is new.
 * Documents come in chunks, so that a host can decode one chunk per turn of its event loop.
 */

/** Bump when `ParsedDocument` or the parse changes what it holds. */
export const SNAPSHOT_FORMAT = 1;

/** Documents per chunk: decoding one takes a few tens of milliseconds. */
export const SNAPSHOT_CHUNK = 500;

/** A document without its line map (made again from its text), and the stat of its file. */
export type SnapshotEntry = [Omit<ParsedDocument, 'lines'>, FileStat];

export interface SnapshotHeader {
  format: number;
  /** The Grounded build that wrote it: another build may parse differently. */
  version: string;
  /** The folder's URI. */
  root: string;
}

/** The documents of `index` that have a stat in `stats` (read from disk, unchanged since), in chunks. */
export function snapshotChunks(
  index: WorkspaceIndex,
  stats: ReadonlyMap<string, FileStat>,
  size = SNAPSHOT_CHUNK,
): SnapshotEntry[][] {
  const chunks: SnapshotEntry[][] = [];
  let chunk: SnapshotEntry[] = [];
  for (const doc of index.documents()) {
    const stat = stats.get(doc.uri);
    if (!stat) continue;
    const { lines: _lines, ...rest } = doc;
    chunk.push([rest, stat]);
    if (chunk.length >= size) {
      chunks.push(chunk);
      chunk = [];
    }
  }
  if (chunk.length) chunks.push(chunk);
  return chunks;
}

/** Adds one decoded chunk to the documents `buildIndex` may reuse; false for a chunk of the wrong shape. */
export function reviveChunk(chunk: unknown, into: Map<string, { doc: ParsedDocument; stat: FileStat }>): boolean {
  if (!Array.isArray(chunk)) return false;
  for (const entry of chunk as SnapshotEntry[]) {
    const [doc, stat] = Array.isArray(entry) ? entry : [];
    if (typeof doc?.uri !== 'string' || typeof doc.text !== 'string' || typeof stat?.size !== 'number') return false;
    into.set(doc.uri, { doc: { ...doc, lines: new LineMap(doc.text) }, stat });
  }
  return true;
}
