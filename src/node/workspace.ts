import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { FileFilter, FileReads, FileStat, Listing, Workspace, WorkspaceFile } from '../core';
import { walkMarkdown, type FileEntry, type WalkOptions, type WalkResult } from './files';
import { FileReader, type ReaderOptions } from './reader';

export interface NodeWorkspaceOptions extends ReaderOptions, WalkOptions {
  /**
   * Never block the thread: reads that the reader thread has not delivered yet come as promises
   * (the extension host). Without it every answer is immediate (the CLI, `buildIndexSync`).
   */
  nonBlocking?: boolean;
  /** How a path becomes the URI the index keys it by, and back (default: Node's `file:` URLs). VS Code spells some characters differently. */
  uris?: { of(path: string): string; path(uri: string): string };
}

/**
 * The Node adapter of the `Workspace` seam (docs/performance.md): `walkMarkdown` lists, the read-ahead
 * thread (`FileReader`, docs/performance.md) reads. The thread starts before the walk, so that it is ready
 * by the time the list of files is.
 */
export class NodeWorkspace implements Workspace {
  readonly root: string;
  private reader: FileReader | undefined;

  constructor(
    readonly folder: string,
    private readonly options: NodeWorkspaceOptions = {},
  ) {
    this.root = (options.uris?.of(folder) ?? pathToFileURL(folder).href).replace(/\/$/, '');
  }

  relative(uri: string): string | undefined {
    if (!uri.startsWith('file:')) return undefined;
    const rel = path.relative(this.folder, this.pathOf(uri));
    return rel === '' || rel.startsWith('..') || path.isAbsolute(rel) ? undefined : rel.split(path.sep).join('/');
  }

  list(filter: FileFilter): Listing {
    this.reader?.close();
    this.reader = new FileReader(this.options);
    let walked: WalkResult;
    try {
      walked = walkMarkdown(this.folder, filter, this.options);
    } catch (e) {
      this.reader?.close();
      throw e;
    }
    const of = this.options.uris?.of;
    const entry = (e: FileEntry): FileEntry => (of ? { path: e.path, rel: e.rel, uri: of(e.path) } : e);
    return {
      files: of ? walked.files.map(entry) : walked.files,
      problems: walked.problems.map(p => ({ file: entry(p.entry), message: p.message })),
    };
  }

  private pathOf(uri: string): string {
    return this.options.uris?.path(uri) ?? fileURLToPath(uri);
  }

  read(files: readonly WorkspaceFile[]): FileReads {
    // A listing's entries already carry their paths; others (moved ahead, or from elsewhere) are converted.
    const entries = files.map(f =>
      'path' in f ? (f as FileEntry) : { path: this.pathOf(f.uri), rel: f.rel, uri: f.uri },
    );
    // The reader the listing started; without a listing, one that reads here.
    const reader = this.reader ?? new FileReader({ ...this.options, threads: 1 });
    this.reader = undefined;
    reader.start(entries);
    return {
      read: this.options.nonBlocking ? i => reader.readSoon(i) : i => reader.read(i),
      stat: i => statAt(reader.stats, i),
      close: () => reader.close(),
      get fromWorker() {
        return reader.fromWorker;
      },
    } as FileReads & NodeReads;
  }

  stat(uri: string): FileStat | undefined {
    try {
      const st = fs.statSync(this.pathOf(uri));
      return st.isFile() ? { size: st.size, mtime: st.mtimeMs, ctime: st.ctimeMs, ino: st.ino } : undefined;
    } catch {
      return undefined;
    }
  }

  /** Stops the reader thread of a listing whose files were not read. */
  close(): void {
    this.reader?.close();
    this.reader = undefined;
  }
}

/** What the Node reads add: how many came from the thread. */
export interface NodeReads {
  readonly fromWorker: number;
}

function statAt(stats: Float64Array, i: number): FileStat | undefined {
  const size = stats[4 * i];
  return Number.isNaN(size) || size === undefined
    ? undefined
    : { size, mtime: stats[4 * i + 1], ctime: stats[4 * i + 2], ino: stats[4 * i + 3] };
}
