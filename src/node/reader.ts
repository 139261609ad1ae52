import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import type { BodyRef } from '../core';
import { readMarkdown, type FileEntry } from './files';
import type { ReaderBatch, ReaderInput } from './worker';

export interface ReaderOptions {
  /**
   * Threads in all: 2 (the default with two cores or more, or `GROUNDED_THREADS`) reads files on a
   * second thread; 1 reads them here.
   */
  threads?: number;
  /** The worker script (default: `worker.js` beside this bundle). */
  workerFile?: string;
}

/** Below this many files reading here is faster than starting a thread. */
const PARALLEL_MIN_FILES = 300;

/** A file's text, with its body's references when the reader thread scanned them. */
export type Read = { text: string; body?: { start: number; refs: BodyRef[] } } | { error: string; missing?: boolean };

/**
 * The files' texts in the walk's order: `read(i)` for i = 0, 1, 2, … (docs/performance.md). With enough files
 * and a second core, a worker thread reads ahead while this thread parses what it has read;
 * otherwise, or for whatever the worker does not deliver, this thread reads the file itself.
 */
export class FileReader {
  private readonly ready = new Map<number, Read>();
  private worker: Worker | undefined;
  private port: MessagePort | undefined;
  private readonly signal = new Int32Array(new SharedArrayBuffer(4));
  /** How many files came from the worker (for tests). */
  fromWorker = 0;

  private files: FileEntry[] = [];
  /** Each file's `stat` when it was read, four numbers per file (see `recordStat`). */
  stats = new Float64Array(0);

  /**
   * Starts the thread (when allowed) before the folder is walked, so that it is ready by the
   * time the list of files is; `start` hands it the list.
   */
  constructor(options: ReaderOptions) {
    const threads = options.threads ?? (Number(process.env.GROUNDED_THREADS) || Math.min(2, os.availableParallelism()));
    const workerFile = options.workerFile ?? path.join(__dirname, 'worker.js');
    if (threads < 2 || !fs.existsSync(workerFile)) return;
    const { port1, port2 } = new MessageChannel();
    try {
      const input: ReaderInput = { port: port2, signal: this.signal };
      this.worker = new Worker(workerFile, { workerData: input, transferList: [port2] });
      this.worker.unref();
      this.worker.on('error', () => undefined); // what it did not post is read here
      this.port = port1;
    } catch {
      port1.close();
    }
  }

  /** The files to read, in order. With few of them, reading here is faster and the thread stops. */
  start(files: FileEntry[]): void {
    this.files = files;
    this.stats = new Float64Array(files.length * 4);
    if (files.length < PARALLEL_MIN_FILES) this.close();
    else this.port?.postMessage(files.map(f => f.path));
  }

  read(i: number): Read {
    const got = this.ready.get(i) ?? this.wait(i);
    this.ready.delete(i);
    if (got) {
      this.fromWorker++;
      return got;
    }
    return readMarkdown(this.files[i].path, { into: this.stats, at: i });
  }

  /**
   * `read` for a thread that must not block (the extension host's): what the thread
   * posted is taken at once, else the answer waits for its batch without holding the thread up.
   */
  readSoon(i: number): Read | Promise<Read> {
    if (this.port) this.drain();
    if (this.ready.has(i) || !this.port) return this.read(i);
    return this.waitSoon(i).then(() => this.read(i));
  }

  private drain(): void {
    for (let msg = receiveMessageOnPort(this.port!); msg; msg = receiveMessageOnPort(this.port!))
      this.unpack(msg.message as ReaderBatch);
  }

  /** `wait` with `Atomics.waitAsync`: resolves once file `i` arrived or the worker is given up on. */
  private async waitSoon(i: number): Promise<void> {
    while (this.port && !this.ready.has(i)) {
      const seen = Atomics.load(this.signal, 0);
      this.drain();
      if (this.ready.has(i)) return;
      const waited = (Atomics as unknown as AtomicsWithWaitAsync).waitAsync(
        this.signal,
        0,
        seen,
        seen === 0 ? 3000 : 500,
      );
      if ((waited.async ? await waited.value : waited.value) === 'timed-out') this.close();
    }
  }

  /**
   * Waits for the batch with file `i`; undefined once the worker is gone or too slow. A worker
   * that dies posts nothing more, and its events cannot arrive while this thread waits, so it
   * is given up on when no batch comes for a while (longer for the first, while it starts).
   */
  private wait(i: number): Read | undefined {
    while (this.port) {
      const seen = Atomics.load(this.signal, 0);
      for (let msg = receiveMessageOnPort(this.port); msg; msg = receiveMessageOnPort(this.port))
        this.unpack(msg.message as ReaderBatch);
      const got = this.ready.get(i);
      if (got) return got;
      if (Atomics.wait(this.signal, 0, seen, seen === 0 ? 3000 : 500) === 'timed-out') this.close();
    }
    return undefined;
  }

  /** Files and body references out of a batch; a malformed one is ignored (its files are read here). */
  private unpack(batch: ReaderBatch): void {
    if (
      typeof batch?.start !== 'number' ||
      !Array.isArray(batch.reads) ||
      !(batch.refSpans instanceof Int32Array) ||
      !(batch.stats instanceof Float64Array)
    )
      return;
    this.stats.set(batch.stats.subarray(0, 4 * Math.max(0, this.files.length - batch.start)), 4 * batch.start);
    const ids = batch.refIds.split('\n');
    let r = 0;
    batch.reads.forEach((read, k) => {
      const count = batch.refCounts[k];
      if ('text' in read && batch.bodyStarts[k] >= 0) {
        const refs: BodyRef[] = new Array(count);
        for (let n = 0; n < count; n++, r++)
          refs[n] = { id: ids[r], span: { start: batch.refSpans[2 * r], end: batch.refSpans[2 * r + 1] } };
        this.ready.set(batch.start + k, { text: read.text, body: { start: batch.bodyStarts[k], refs } });
      } else {
        r += count;
        this.ready.set(batch.start + k, read);
      }
    });
  }

  close(): void {
    this.port?.close();
    this.port = undefined;
    void this.worker?.terminate();
    this.worker = undefined;
  }
}

/** `Atomics.waitAsync` (Node 16+; not in the ES2022 library types). */
interface AtomicsWithWaitAsync {
  waitAsync(
    array: Int32Array,
    index: number,
    value: number,
    timeout: number,
  ): { async: false; value: 'not-equal' | 'timed-out' } | { async: true; value: Promise<'ok' | 'timed-out'> };
}
