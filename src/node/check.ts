import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { CONFIG_FILE, defaultConfig, parseConfig, type Config } from '../core/config';
import { parseMarkdown, unreadableDocument } from '../core/parse';
import { RULE_IDS } from '../core/rules';
import { WorkspaceIndex } from '../core/workspaceIndex';
import type { ParsedDocument } from '../core/model';
import { readMarkdown, walkMarkdown, type FileEntry } from './files';
import type { WorkerResult } from './worker';
import { cacheFileFor, contentHash, readCache, reviveDocument, serializeDocument, writeCache, type CachedDocument } from './cache';

/** A problem the user must fix before anything can be checked (exit code 2). */
export class UsageError extends Error {}

/** Reads the config: `configPath` when given, else `.grounded.yaml` in `root` if there is one. */
export function loadConfig(root: string, configPath?: string): Config {
  const file = configPath ?? path.join(root, CONFIG_FILE);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    if (!configPath && (e as NodeJS.ErrnoException).code === 'ENOENT') return defaultConfig();
    throw new UsageError(`cannot read config ${configPath ?? file}: ${(e as NodeJS.ErrnoException).code ?? e}`);
  }
  const { config, errors } = parseConfig(text, RULE_IDS);
  if (errors.length > 0) {
    const shown = path.relative(process.cwd(), file) || file;
    throw new UsageError(errors.map((e) => `${shown}:${e.line}:${e.column}: ${e.message}`).join('\n'));
  }
  return config;
}

export interface CheckOptions {
  config?: string;
  today: string;
  /** Reuse the parse of unchanged files from the last run (default true); `--no-cache` turns it off. */
  cache?: boolean;
  /** Where the cache lives (default: see `cacheFileFor`). */
  cacheFile?: string;
  /** Worker threads for a cold run: the number of threads in all (default: the cores, 2–4; 1 = none). */
  threads?: number;
  /** The worker script (default: `worker.js` beside this bundle). */
  workerFile?: string;
}

/** Below this many files one thread is faster than starting workers. */
const PARALLEL_MIN_FILES = 300;

type Parsed = { doc: ParsedDocument; hash?: string; data?: CachedDocument } | { error: string };

/**
 * Reads and parses `files` on worker threads and this one (issue 7). Returns undefined when one
 * thread should do it (few files, one core, no worker script); a worker that fails has its share
 * parsed here. The documents are the ones `parseMarkdown` gives, revived from the worker's data.
 */
function parseInParallel(files: FileEntry[], hash: boolean, options: CheckOptions): Parsed[] | undefined {
  const threads = Math.min(files.length < PARALLEL_MIN_FILES ? 1 : (options.threads ?? Math.min(4, Math.max(2, os.availableParallelism()))), Math.ceil(files.length / 50));
  const workerFile = options.workerFile ?? path.join(__dirname, 'worker.js');
  if (threads < 2 || !fs.existsSync(workerFile)) return undefined;
  const out: Parsed[] = new Array(files.length);
  const parseHere = (i: number) => {
    const read = readMarkdown(files[i].path);
    if (!('text' in read)) {
      out[i] = { error: read.error };
      return;
    }
    const doc = parseMarkdown(files[i].uri, read.text);
    out[i] = hash ? { doc, hash: contentHash(read.text), data: serializeDocument(doc) } : { doc };
  };
  // Thread t takes the files i with i % threads === t; thread 0 is this one.
  const signal = new Int32Array(new SharedArrayBuffer(4));
  const pending: { t: number; port: MessagePort; worker?: Worker }[] = [];
  for (let t = 1; t < threads; t++) {
    const share: { path: string; uri: string }[] = [];
    for (let i = t; i < files.length; i += threads) share.push({ path: files[i].path, uri: files[i].uri });
    const { port1, port2 } = new MessageChannel();
    try {
      const worker = new Worker(workerFile, { workerData: { files: share, hash, port: port2, signal }, transferList: [port2] });
      worker.unref();
      worker.on('error', () => undefined); // its share is parsed here when it posts nothing
      pending.push({ t, port: port1, worker });
    } catch {
      port1.close();
      pending.push({ t, port: port1 });
    }
  }
  for (let i = 0; i < files.length; i += threads) parseHere(i);
  const takeShare = (t: number, results: WorkerResult[] | undefined) => {
    let k = 0;
    for (let i = t; i < files.length; i += threads, k++) {
      const r = results?.[k];
      if (!r) parseHere(i);
      else if ('error' in r) out[i] = { error: r.error };
      else out[i] = { doc: reviveDocument(files[i].uri, r.text, r.doc), hash: r.hash, data: hash ? r.doc : undefined };
    }
  };
  let idle = 0;
  while (pending.length > 0) {
    const seen = Atomics.load(signal, 0);
    for (let j = pending.length - 1; j >= 0; j--) {
      const p = pending[j];
      const msg = p.worker ? receiveMessageOnPort(p.port) : undefined;
      if (!p.worker || msg) {
        const data = msg?.message as WorkerResult[] | { failed: string } | undefined;
        try {
          takeShare(p.t, Array.isArray(data) ? data : undefined);
        } catch {
          takeShare(p.t, undefined); // malformed data: parse the share here
        }
        p.port.close();
        void p.worker?.terminate();
        pending.splice(j, 1);
        idle = 0;
      }
    }
    if (pending.length === 0) break;
    // Wait for a worker to post; a worker that died posts nothing, so give up on it eventually.
    if (Atomics.wait(signal, 0, seen, 1000) === 'timed-out' && ++idle > 120) {
      for (const p of pending) p.worker = undefined;
    }
  }
  return out;
}

/** Indexes every Markdown file below `root`. */
export function indexFolder(root: string, options: CheckOptions): { index: WorkspaceIndex; root: string } {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(root);
  } catch {
    throw new UsageError(`no such folder: ${root}`);
  }
  if (!stat.isDirectory()) throw new UsageError(`not a folder: ${root}`);
  const config = loadConfig(root, options.config);
  const index = new WorkspaceIndex({ config, today: options.today });
  const walked = walkMarkdown(root, config);
  const useCache = options.cache !== false;
  const cacheFile = useCache ? (options.cacheFile ?? cacheFileFor(root)) : undefined;
  const cached = cacheFile ? readCache(cacheFile) : undefined;
  const fresh = new Map<string, { hash: string; doc: CachedDocument }>();
  let changed = false;
  // Cold (no usable cache): parse on worker threads too, then index in the walk's order.
  const parallel = (!cached || cached.size === 0) ? parseInParallel(walked.files, !!cached, options) : undefined;
  if (parallel) {
    walked.files.forEach((file, i) => {
      const r = parallel[i];
      if ('error' in r) {
        index.add(unreadableDocument(file.uri, r.error));
        return;
      }
      index.add(r.doc);
      if (cached && r.hash !== undefined && r.data) {
        fresh.set(file.rel, { hash: r.hash, doc: r.data });
        changed = true;
      }
    });
  }
  for (const file of parallel ? [] : walked.files) {
    const read = readMarkdown(file.path);
    if (!('text' in read)) {
      index.add(unreadableDocument(file.uri, read.error));
      continue;
    }
    if (!cached) {
      index.add(parseMarkdown(file.uri, read.text));
      continue;
    }
    const hash = contentHash(read.text);
    const hit = cached.get(file.rel);
    let doc: ParsedDocument | undefined;
    if (hit && hit.hash === hash) {
      try {
        doc = reviveDocument(file.uri, read.text, hit.doc);
        fresh.set(file.rel, hit);
      } catch {
        doc = undefined; // a damaged entry: parse the file instead
      }
    }
    if (!doc) {
      doc = parseMarkdown(file.uri, read.text);
      fresh.set(file.rel, { hash, doc: serializeDocument(doc) });
      changed = true;
    }
    index.add(doc);
  }
  for (const p of walked.problems) index.add(unreadableDocument(p.entry.uri, p.message));
  if (cacheFile && (changed || fresh.size !== cached!.size)) writeCache(cacheFile, fresh);
  return { index, root };
}
