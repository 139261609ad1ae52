import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { bodyStartOf, scanBody } from '../core';
import { readMarkdown } from './files';

/**
 * The read-ahead thread of a cold check (docs/performance.md). Opening, reading and decoding 10,000 files,
 * and scanning their bodies for references, took a quarter of a single-threaded cold run; this
 * thread does it while the main thread parses the frontmatter and builds the index. It posts
 * the texts in batches, in the walk's order (strings are copied; handing over the bytes instead
 * made the main thread's GC slower), with each body's references packed into one string of IDs
 * and one array of offsets. The main thread parses in that order with those references, so the
 * result is the one it gets on its own, which it falls back to for any file this thread never
 * posts.
 */
export interface ReaderInput {
  /** The files to read come as the first message on it (an array of paths); batches go back on it. */
  port: MessagePort;
  /** Incremented (and notified) after each batch, so that the main thread can wait for it. */
  signal: Int32Array;
}

export interface ReaderBatch {
  start: number;
  reads: ({ text: string } | { error: string })[];
  /** Per file: where its body starts (-1 for a file that could not be read). */
  bodyStarts: number[];
  /** Per file: how many references its body has. */
  refCounts: number[];
  /** The references' IDs, in order, each followed by a line break (IDs have none). */
  refIds: string;
  /** The references' start and end offsets, in order. */
  refSpans: Int32Array;
  /** Each file's `stat` when it was opened, four numbers each (see `recordStat` in files.ts). */
  stats: Float64Array;
}

/** Files per message: small enough that the main thread starts early, large enough to keep messages few. */
export const READ_BATCH = 64;

/** Reads, decodes and scans `paths` as one batch. */
export function readBatch(start: number, paths: string[]): ReaderBatch {
  const stats = new Float64Array(paths.length * 4);
  const reads = paths.map((p, at) => readMarkdown(p, { into: stats, at }));
  const bodyStarts: number[] = [];
  const refCounts: number[] = [];
  const ids: string[] = [];
  const spans: number[] = [];
  for (const read of reads) {
    if (!('text' in read)) {
      bodyStarts.push(-1);
      refCounts.push(0);
      continue;
    }
    const from = bodyStartOf(read.text);
    const refs = scanBody(read.text, from);
    bodyStarts.push(from);
    refCounts.push(refs.length);
    for (const r of refs) {
      ids.push(r.id, '\n');
      spans.push(r.span.start, r.span.end);
    }
  }
  return { start, reads, bodyStarts, refCounts, refIds: ids.join(''), refSpans: Int32Array.from(spans), stats };
}

const input = workerData as ReaderInput | undefined;
if (parentPort && input) {
  input.port.once('message', (paths: string[]) => {
    for (let start = 0; start < paths.length; start += READ_BATCH) {
      const batch = readBatch(start, paths.slice(start, start + READ_BATCH));
      input.port.postMessage(batch, [batch.refSpans.buffer as ArrayBuffer, batch.stats.buffer as ArrayBuffer]);
      Atomics.add(input.signal, 0, 1);
      Atomics.notify(input.signal, 0);
    }
    input.port.close();
  });
}
