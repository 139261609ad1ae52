import type { Config } from './config';
import { folderExcluded, pathFilter } from './files';
import type { BodyRef, ParsedDocument } from './model';
import { parseMarkdown, unreadableDocument } from './parse';
import { WorkspaceIndex } from './workspaceIndex';

/*
 * The seam between the index and where documents come from (docs/performance.md), in the style of
 * vscode-markdown-languageservice's `IWorkspace`: a `Workspace` lists the Markdown files of one
 * folder that the config includes, reads them, stats them and reports changes. The Node adapter
 * (src/node/workspace.ts) walks the disk with a read-ahead thread, the VS Code adapter
 * (src/extension/workspace.ts) reads through `vscode.workspace.fs`, and `MemoryWorkspace` below
 * holds files in memory for the tests. `buildIndex` is the one loop that turns any of them into
 * a `WorkspaceIndex`, for the CLI, the editor and the tests alike.
 */

/** A value now, or later: the Node adapter answers at once, the VS Code adapter with promises. */
export type Maybe<T> = T | PromiseLike<T>;

export interface WorkspaceFile {
  uri: string;
  /** Relative to the folder, with `/`. */
  rel: string;
}

export interface Listing {
  /** The included Markdown files, in walk order (each folder's names sorted by code unit). */
  files: WorkspaceFile[];
  /** Paths that could not be listed (unreadable folders, symlink loops), with the reason. */
  problems: { file: WorkspaceFile; message: string }[];
}

/** A file's text (with its body's references when the reader already scanned them), or why it cannot be checked. */
export type FileRead =
  { text: string; body?: { start: number; refs: BodyRef[] } } | { error: string; missing?: boolean };

/** True for a read of a file that is not there (any more): deleted between the listing and the read, it is no document. */
export function isMissing(read: FileRead): boolean {
  return 'error' in read && read.missing === true;
}

/** What the snapshot caches compare: size, modification and change times, inode (NaN where unknown). */
export interface FileStat {
  size: number;
  mtime: number;
  ctime: number;
  ino: number;
}

/** The reads of a listing's files, asked for in order (`read(0)`, `read(1)`, …), so that a reader can read ahead. */
export interface FileReads {
  read(i: number): Maybe<FileRead>;
  /** The `stat` each file had when it was read, where the reader took one. */
  stat?(i: number): FileStat | undefined;
  /** Stops reading ahead; reads not asked for are dropped. */
  close(): void;
}

export interface WorkspaceChange {
  uri: string;
  kind: 'created' | 'changed' | 'deleted';
}

export interface Workspace {
  /** The folder's URI. */
  readonly root: string;
  /** `uri` relative to the folder with `/`, or undefined outside it. */
  relative(uri: string): string | undefined;
  /** The Markdown files that `filter` includes; folders it rejects are not entered. */
  list(filter: FileFilter): Maybe<Listing>;
  /** Starts reading `files`, in that order. */
  read(files: readonly WorkspaceFile[]): FileReads;
  /** One file's stat, or undefined when there is nothing at `uri`. */
  stat(uri: string): Maybe<FileStat | undefined>;
  /** Reports created, changed and deleted files, where the platform can. */
  onDidChange?(listener: (changes: WorkspaceChange[]) => void): { dispose(): void };
}

/**
 * The one include/exclude decision (docs/performance.md): which folders a walk enters and which files are
 * indexed. `includes` answers for any path, without a walk: a file is included when its name
 * ends in `.md` or `.markdown`, the config's `include` matches it, neither `exclude` nor
 * `node_modules` or `.git` does, and no folder above it is excluded. A walk that skips the
 * folders `folder` rejects and keeps the files `file` accepts lists the same files.
 */
export interface FileFilter {
  /** Whether a walk enters this folder (root-relative). */
  folder(rel: string): boolean;
  /** Whether a file in a folder the walk entered is included. */
  file(rel: string): boolean;
  /** Whether a file is included, checking every folder above it too. */
  includes(rel: string): boolean;
  /** Whether a walk follows symlinks that lead out of the folder (docs/limits.md). */
  followSymlinksOutsideRoot?: boolean;
}

export function fileFilter(
  config: Pick<Config, 'include' | 'exclude'> & Partial<Pick<Config, 'followSymlinksOutsideRoot'>>,
): FileFilter {
  const file = pathFilter(config);
  const excluded = folderExcluded(config);
  const folder = (rel: string) => {
    const name = rel.slice(rel.lastIndexOf('/') + 1);
    return name !== '.git' && name !== 'node_modules' && !excluded(rel);
  };
  return {
    folder,
    file,
    followSymlinksOutsideRoot: config.followSymlinksOutsideRoot === true,
    includes(rel) {
      if (!file(rel)) return false;
      for (let at = rel.indexOf('/'); at > 0; at = rel.indexOf('/', at + 1))
        if (!folder(rel.slice(0, at))) return false;
      return true;
    },
  };
}

export interface BuildOptions {
  config: Config;
  today: string;
  /** Texts that win over what the workspace reads (unsaved editors), by URI. */
  overlay?(uri: string): string | undefined;
  /** URIs to index before the others (open editors), in this order. */
  first?: readonly string[];
  /**
   * With `buildIndex`: gives the host a turn (resolves after pending events ran). Called once
   * `sliceMs` of work went by, so that indexing never holds up typing for longer.
   */
  pause?(): Promise<void>;
  /** Milliseconds of work between pauses (default 12). */
  sliceMs?: number;
  /** A clock for `sliceMs` (default `Date.now`). */
  now?(): number;
  /**
   * Documents of an earlier build (a snapshot) with the stat of the file each was read from:
   * a listed file whose stat is still the same is taken from here instead of being read and
   * parsed again (docs/performance.md: an instant reopen).
   */
  reuse?: ReadonlyMap<string, { doc: ParsedDocument; stat: FileStat }>;
  /** Collect the stat of every file read or reused (`BuildResult.stats`), for the next snapshot. */
  keepStats?: boolean;
}

export interface BuildProgress {
  /** `done` of `total` files are indexed; `total` is known once the folder is listed. */
  (done: number, total: number): void;
}

export interface BuildResult {
  index: WorkspaceIndex;
  listing: Listing;
  /** The files in the order they were indexed (`listing.files` with `first` moved ahead). */
  order: WorkspaceFile[];
  /** The reads of the files that were not reused (all of them without `reuse`), for their stats; closed. */
  reads: FileReads;
  /** With `keepStats`: each file's stat as it was read (or as the snapshot had it), by URI. */
  stats?: Map<string, FileStat>;
  /** How many documents came from `reuse`. */
  reused: number;
  /** Milliseconds spent listing, checking the stats of `reuse`, and reading and indexing (by `options.now`). */
  timings: { list: number; stat: number; index: number };
}

/** A marker the steps yield when the async driver may give the host a turn. */
const PAUSE: unique symbol = Symbol('pause');

/** How often (in files) the steps offer a pause and report progress. */
const STEP = 32;

/**
 * The steps of building an index, as a generator that yields what it waits for (a listing, a
 * read, or a chance to pause) and is resumed with the answer: `buildIndexSync` answers at once,
 * `buildIndex` awaits. Both therefore index the same files in the same order the same way.
 */
function* steps(
  workspace: Workspace,
  options: BuildOptions,
  progress?: BuildProgress,
): Generator<unknown, BuildResult, unknown> {
  const now = options.now ?? Date.now;
  const t0 = now();
  const index = new WorkspaceIndex({ config: options.config, today: options.today });
  const listing = (yield workspace.list(fileFilter(options.config))) as Listing;
  const t1 = now();
  const order = firstOrder(listing.files, options.first);
  progress?.(0, order.length);
  // Unsaved texts first; then what a snapshot still has (same stat); the rest is read.
  const texts: (string | undefined)[] = order.map(f => options.overlay?.(f.uri));
  const kept: (ParsedDocument | undefined)[] = new Array(order.length);
  const stats = options.keepStats ? new Map<string, FileStat>() : undefined;
  if (options.reuse?.size) {
    for (let i = 0; i < order.length; i++) {
      const before = texts[i] === undefined ? options.reuse.get(order[i].uri) : undefined;
      if (!before) continue;
      const stat = (yield workspace.stat(order[i].uri)) as FileStat | undefined;
      if (stat && sameStat(stat, before.stat)) {
        kept[i] = before.doc;
        stats?.set(order[i].uri, before.stat);
      }
      if ((i + 1) % STEP === 0) yield PAUSE;
    }
  }
  const t2 = now();
  const toRead = order.filter((_, i) => texts[i] === undefined && !kept[i]);
  const reads = workspace.read(toRead);
  let reused = 0;
  try {
    for (let i = 0, k = 0; i < order.length; i++) {
      const file = order[i];
      const text = texts[i];
      if (kept[i]) {
        index.add(kept[i]!);
        reused++;
      } else if (text !== undefined) index.add(documentOf(file.uri, { text }));
      else {
        const read = (yield reads.read(k)) as FileRead;
        const stat = stats && reads.stat?.(k);
        if (stat) stats!.set(file.uri, stat);
        k++;
        // Deleted since the listing (a branch switch): no document, rather than a ghost that cannot be read.
        if (!isMissing(read)) index.add(documentOf(file.uri, read));
      }
      if ((i + 1) % STEP === 0) {
        progress?.(i + 1, order.length);
        yield PAUSE;
      }
    }
  } finally {
    reads.close();
  }
  for (const p of listing.problems) index.add(unreadableDocument(p.file.uri, p.message));
  progress?.(order.length, order.length);
  return { index, listing, order, reads, stats, reused, timings: { list: t1 - t0, stat: t2 - t1, index: now() - t2 } };
}

/** Whether a file still has the stat it had: size, times and (where known) inode. */
export function sameStat(a: FileStat, b: FileStat): boolean {
  return a.size === b.size && a.mtime === b.mtime && sameOrUnknown(a.ctime, b.ctime) && sameOrUnknown(a.ino, b.ino);
}

function sameOrUnknown(a: number, b: number): boolean {
  return a === b || (Number.isNaN(a) && Number.isNaN(b));
}

/** A read as a parsed document, using the body scan the reader made when there is one. */
export function documentOf(uri: string, read: FileRead): ParsedDocument {
  if (!('text' in read)) return unreadableDocument(uri, read.error);
  return parseMarkdown(uri, read.text, read.body && { bodyRefs: read.body });
}

/** `files` with the ones named in `first` moved to the front, in `first`'s order. */
function firstOrder(files: WorkspaceFile[], first: readonly string[] | undefined): WorkspaceFile[] {
  if (!first?.length) return files;
  const byUri = new Map(files.map(f => [f.uri, f]));
  const ahead = first.map(u => byUri.get(u)).filter((f): f is WorkspaceFile => f !== undefined);
  if (ahead.length === 0) return files;
  const taken = new Set(ahead);
  return [...ahead, ...files.filter(f => !taken.has(f))];
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | undefined)?.then === 'function';
}

/** Builds the index of a workspace that answers synchronously (the CLI's, the tests'). */
export function buildIndexSync(workspace: Workspace, options: BuildOptions, progress?: BuildProgress): BuildResult {
  const run = steps(workspace, options, progress);
  let step = run.next();
  while (!step.done) {
    if (isThenable(step.value)) {
      run.return(undefined as never);
      throw new Error('buildIndexSync needs a workspace that answers synchronously');
    }
    step = run.next(step.value === PAUSE ? undefined : step.value);
  }
  return step.value;
}

/**
 * Builds the index of any workspace, giving the host a turn (`options.pause`) every `sliceMs`
 * of work: the editor's. `signal` abandons the build (a newer one started).
 */
export async function buildIndex(
  workspace: Workspace,
  options: BuildOptions,
  progress?: BuildProgress,
  signal?: { cancelled: boolean },
): Promise<BuildResult> {
  const run = steps(workspace, options, progress);
  const now = options.now ?? Date.now;
  const slice = options.sliceMs ?? 12;
  let since = now();
  let step = run.next();
  while (!step.done) {
    let answer: unknown = step.value;
    try {
      if (answer === PAUSE) {
        answer = undefined;
        if (options.pause && now() - since >= slice) {
          await options.pause();
          since = now();
        }
      } else if (isThenable(answer)) answer = await answer;
      if (signal?.cancelled) {
        run.return(undefined as never);
        throw new BuildCancelled();
      }
    } catch (e) {
      step = run.throw(e);
      continue;
    }
    step = run.next(answer);
  }
  return step.value;
}

export class BuildCancelled extends Error {
  constructor() {
    super('indexing was cancelled');
  }
}

/**
 * A workspace held in memory: root-relative paths to texts. A real implementation of the seam,
 * used by the unit tests (with `joinLines`) and usable by any host without a file system.
 */
export class MemoryWorkspace implements Workspace {
  readonly files = new Map<string, string>();
  private readonly listeners = new Set<(changes: WorkspaceChange[]) => void>();
  private readonly stats = new Map<string, FileStat>();
  private clock = 0;

  constructor(
    readonly root: string,
    files: Record<string, string> = {},
  ) {
    for (const [rel, text] of Object.entries(files)) this.write(rel, text);
  }

  uri(rel: string): string {
    return `${this.root}/${rel}`;
  }

  relative(uri: string): string | undefined {
    return uri.startsWith(`${this.root}/`) ? uri.slice(this.root.length + 1) : undefined;
  }

  /** Writes a file (creating it) and reports the change. */
  write(rel: string, text: string): void {
    const kind = this.files.has(rel) ? 'changed' : 'created';
    this.files.set(rel, text);
    this.stats.set(rel, {
      size: text.length,
      mtime: ++this.clock,
      ctime: this.clock,
      ino: this.stats.get(rel)?.ino ?? this.clock,
    });
    this.fire([{ uri: this.uri(rel), kind }]);
  }

  /** Deletes a file and reports it. */
  remove(rel: string): void {
    if (!this.files.delete(rel)) return;
    this.stats.delete(rel);
    this.fire([{ uri: this.uri(rel), kind: 'deleted' }]);
  }

  list(filter: FileFilter): Listing {
    // The order of a walk: folder by folder, each folder's names sorted by code unit.
    const rels = [...this.files.keys()].filter(rel => filter.includes(rel));
    rels.sort((a, b) => comparePaths(a.split('/'), b.split('/')));
    return { files: rels.map(rel => ({ uri: this.uri(rel), rel })), problems: [] };
  }

  read(files: readonly WorkspaceFile[]): FileReads {
    return {
      read: i => {
        const text = this.files.get(files[i].rel);
        return text === undefined ? { error: 'This file does not exist (any more).', missing: true } : { text };
      },
      stat: i => this.stats.get(files[i].rel),
      close: () => undefined,
    };
  }

  stat(uri: string): FileStat | undefined {
    const rel = this.relative(uri);
    return rel === undefined ? undefined : this.stats.get(rel);
  }

  onDidChange(listener: (changes: WorkspaceChange[]) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  private fire(changes: WorkspaceChange[]): void {
    for (const l of this.listeners) l(changes);
  }
}

/** Walk order: names compared segment by segment; a folder's files and subfolders interleave by name. */
function comparePaths(a: string[], b: string[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  return a.length - b.length;
}
