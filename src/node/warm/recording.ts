import { fileURLToPath } from 'node:url';
import type { FileFilter, FileReads, FileStat, Listing, Workspace, WorkspaceFile } from '../../core';
import { NodeWorkspace, type NodeWorkspaceOptions } from '../workspace';
import { statInto, type FolderState } from './state';

/**
 * The Node workspace (src/node/workspace.ts), recording as it goes the state of the folder that
 * a report depends on (docs/performance.md): the `stat` of every folder just before it is
 * listed, so that an entry added, removed or renamed during the walk shows at the next run; the
 * `stat` each file had when it was read (the reader's `fstat` of the open file, on whichever
 * thread read it); and the `stat` of every path the listing could not walk or read.
 */
export class RecordingWorkspace implements Workspace {
  private readonly inner: NodeWorkspace;
  private readonly folders: string[] = [];
  private readonly folderStats: number[] = [];
  private listing: Listing | undefined;
  private reads: { files: readonly WorkspaceFile[]; reads: FileReads } | undefined;

  constructor(folder: string, options: NodeWorkspaceOptions = {}) {
    this.inner = new NodeWorkspace(folder, {
      ...options,
      beforeListing: dir => {
        statInto(this.folderStats, this.folders.length, dir);
        this.folders.push(dir);
        options.beforeListing?.(dir);
      },
    });
  }

  get root(): string {
    return this.inner.root;
  }

  relative(uri: string): string | undefined {
    return this.inner.relative(uri);
  }

  list(filter: FileFilter): Listing {
    this.folders.length = 0;
    this.folderStats.length = 0;
    this.reads = undefined;
    return (this.listing = this.inner.list(filter));
  }

  read(files: readonly WorkspaceFile[]): FileReads {
    const reads = this.inner.read(files);
    this.reads = { files, reads };
    return reads;
  }

  stat(uri: string): FileStat | undefined {
    return this.inner.stat(uri);
  }

  /**
   * The paths and stats recorded by the last listing and its reads, the paths that could not be
   * walked or read stat'ed now; undefined before the files were read.
   */
  recorded(): Omit<FolderState, 'context'> | undefined {
    if (!this.listing || !this.reads) return undefined;
    const { files, reads } = this.reads;
    const problems = this.listing.problems.map(p => pathOf(p.file));
    const paths = [...this.folders, ...files.map(pathOf), ...problems];
    const stats = new Float64Array(paths.length * 4);
    stats.set(this.folderStats);
    let at = this.folders.length;
    files.forEach((_, i) => {
      const st = reads.stat?.(i);
      stats.set(st ? [st.size, st.mtime, st.ctime, st.ino] : [NaN, NaN, NaN, NaN], 4 * at++);
    });
    for (const p of problems) statInto(stats, at++, p);
    return { paths, stats };
  }
}

/** A listed file's path: the Node workspace's entries carry it. */
function pathOf(file: WorkspaceFile): string {
  return 'path' in file ? (file as { path: string }).path : fileURLToPath(file.uri);
}
