import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { readMarkdown } from './files';

/**
 * The read-ahead thread of a cold check (issue 7). Opening, reading and decoding 10,000 files
 * took a sixth of a single-threaded cold run, much of it in the kernel; this thread does it
 * while the main thread parses. It posts the texts in batches, in the walk's order (strings are
 * copied; handing over the bytes instead made the main thread's GC slower). The main thread
 * parses them in that order, so the result is the one it gets reading them itself, which it
 * does for any file this thread never posts.
 */
export interface ReaderInput {
  paths: string[];
  port: MessagePort;
  /** Incremented (and notified) after each batch, so that the main thread can wait for it. */
  signal: Int32Array;
}

export interface ReaderBatch {
  start: number;
  reads: ({ text: string } | { error: string })[];
}

/** Files per message: small enough that the main thread starts early, large enough to keep messages few. */
export const READ_BATCH = 64;

const input = workerData as ReaderInput | undefined;
if (parentPort && input) {
  for (let start = 0; start < input.paths.length; start += READ_BATCH) {
    const batch: ReaderBatch = { start, reads: input.paths.slice(start, start + READ_BATCH).map(readMarkdown) };
    input.port.postMessage(batch);
    Atomics.add(input.signal, 0, 1);
    Atomics.notify(input.signal, 0);
  }
}
