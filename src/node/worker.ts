import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { parseMarkdown } from '../core/parse';
import { readMarkdown } from './files';
import { contentHash, serializeDocument, type CachedDocument } from './cache';

/**
 * A cold-indexing worker (issue 7): reads and parses its share of the files and posts each
 * parsed document back in the cache's plain form, with the text (and its hash when the parse
 * cache is on). The main thread revives them and builds the index in the walk's order, so the
 * result is the one a single thread gives.
 */
export interface WorkerInput {
  files: { path: string; uri: string }[];
  hash: boolean;
  port: MessagePort;
  /** Incremented (and notified) once the results are posted, so the main thread can wait. */
  signal: Int32Array;
}

export type WorkerResult = { text: string; hash?: string; doc: CachedDocument } | { error: string };

const input = workerData as WorkerInput | undefined;
if (parentPort && input) {
  let out: WorkerResult[] | { failed: string };
  try {
    out = input.files.map((f): WorkerResult => {
      const read = readMarkdown(f.path);
      if (!('text' in read)) return { error: read.error };
      return { text: read.text, hash: input.hash ? contentHash(read.text) : undefined, doc: serializeDocument(parseMarkdown(f.uri, read.text)) };
    });
  } catch (e) {
    out = { failed: String(e) };
  }
  try {
    input.port.postMessage(out);
  } finally {
    Atomics.add(input.signal, 0, 1);
    Atomics.notify(input.signal, 0);
  }
}
