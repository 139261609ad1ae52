import * as vscode from 'vscode';
import {
  decodeMarkdown,
  MAX_FILE_BYTES,
  tooLargeMessage,
  type FileFilter,
  type FileRead,
  type FileReads,
  type FileStat,
  type Listing,
  type Workspace,
  type WorkspaceChange,
  type WorkspaceFile,
} from '../core';

/** How many reads (or folder listings) are in flight at once: enough to hide latency, few enough for a remote file system. */
export const READ_CONCURRENCY = 16;

/** Makes the `Workspace` of one folder; the Node entry swaps in the Node reader for `file:` folders. */
export type WorkspaceFactory = (folder: vscode.WorkspaceFolder) => Workspace;

/**
 * The VS Code adapter of the `Workspace` seam (docs/performance.md): lists a folder by walking it with
 * `vscode.workspace.fs.readDirectory` under the one `FileFilter`, and reads with
 * `vscode.workspace.fs` with at most `READ_CONCURRENCY` reads in flight, ahead of the builder.
 * It works on any file system provider (remote, virtual, the web).
 */
export class VsCodeWorkspace implements Workspace {
  readonly root: string;

  constructor(private readonly folder: vscode.Uri) {
    this.root = folder.toString().replace(/\/$/, '');
  }

  relative(uri: string): string | undefined {
    return uri.startsWith(`${this.root}/`) ? decodeURIComponent(uri.slice(this.root.length + 1)) : undefined;
  }

  async list(filter: FileFilter): Promise<Listing> {
    const listing: Listing = { files: [], problems: [] };
    // Each folder's entries, sorted by name as the Node walker sorts them; listed in parallel, flattened in walk order.
    const walk = async (dir: vscode.Uri, rel: string, limit: Limiter): Promise<WalkNode[]> => {
      let entries: [string, vscode.FileType][];
      try {
        entries = await limit(() => Promise.resolve(vscode.workspace.fs.readDirectory(dir)));
      } catch (e) {
        const file = { uri: dir.toString(), rel };
        return [{ problem: { file, message: `Cannot read this folder: ${(e as vscode.FileSystemError).code ?? e}` } }];
      }
      entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
      const out: Promise<WalkNode[]>[] = [];
      for (const [name, type] of entries) {
        const childRel = rel === '' ? name : `${rel}/${name}`;
        const child = vscode.Uri.joinPath(dir, name);
        // Symlinks are followed by type; VS Code's providers resolve them (and report loops as errors).
        if (type & vscode.FileType.Directory) {
          if (filter.folder(childRel)) out.push(walk(child, childRel, limit));
        } else if (type & vscode.FileType.File && filter.file(childRel)) {
          out.push(Promise.resolve([{ file: { uri: child.toString(), rel: childRel } }]));
        }
      }
      return (await Promise.all(out)).flat();
    };
    for (const node of await walk(this.folder, '', limiter(READ_CONCURRENCY))) {
      if (node.file) listing.files.push(node.file);
      else if (node.problem) listing.problems.push(node.problem);
    }
    return listing;
  }

  read(files: readonly WorkspaceFile[]): FileReads {
    const pending = new Map<number, Promise<FileRead>>();
    const stats: (FileStat | undefined)[] = [];
    let next = 0;
    let closed = false;
    const fill = () => {
      while (!closed && next < files.length && pending.size < READ_CONCURRENCY) {
        const i = next++;
        pending.set(
          i,
          readFile(vscode.Uri.parse(files[i].uri), st => (stats[i] = st)),
        );
      }
    };
    return {
      read: i => {
        fill();
        const got = pending.get(i) ?? readFile(vscode.Uri.parse(files[i].uri), st => (stats[i] = st));
        pending.delete(i);
        return got.then(read => {
          fill();
          return read;
        });
      },
      stat: i => stats[i],
      close: () => {
        closed = true;
        pending.clear();
      },
    };
  }

  async stat(uri: string): Promise<FileStat | undefined> {
    try {
      const st = await vscode.workspace.fs.stat(vscode.Uri.parse(uri));
      return st.type & vscode.FileType.File ? fromVsStat(st) : undefined;
    } catch {
      return undefined;
    }
  }

  onDidChange(listener: (changes: WorkspaceChange[]) => void): vscode.Disposable {
    const watcher = vscode.workspace.createFileSystemWatcher(
      new vscode.RelativePattern(this.folder, '**/*.{md,markdown}'),
    );
    const fire = (kind: WorkspaceChange['kind']) => (uri: vscode.Uri) => listener([{ uri: uri.toString(), kind }]);
    return vscode.Disposable.from(
      watcher,
      watcher.onDidCreate(fire('created')),
      watcher.onDidChange(fire('changed')),
      watcher.onDidDelete(fire('deleted')),
    );
  }
}

type WalkNode = { file?: WorkspaceFile; problem?: Listing['problems'][number] };

type Limiter = <T>(task: () => Promise<T>) => Promise<T>;

/** Runs at most `n` tasks at a time, the others in the order they came. */
function limiter(n: number): Limiter {
  let running = 0;
  const queue: (() => void)[] = [];
  return async task => {
    if (running >= n) await new Promise<void>(r => queue.push(r));
    running++;
    try {
      return await task();
    } finally {
      running--;
      queue.shift()?.();
    }
  };
}

function fromVsStat(st: vscode.FileStat): FileStat {
  return { size: st.size, mtime: st.mtime, ctime: st.ctime, ino: NaN };
}

/** Reads one file as Markdown (a stat first, for the size limit), or says why it cannot be checked. */
export async function readFile(uri: vscode.Uri, stat?: (st: FileStat) => void): Promise<FileRead> {
  try {
    const st = await vscode.workspace.fs.stat(uri);
    stat?.(fromVsStat(st));
    // Only regular files: a FIFO or /dev/zero behind a symlink would never end (docs/limits.md).
    if (!(st.type & vscode.FileType.File))
      return { error: 'This is not a regular file (a device, FIFO or socket); it was not read.' };
    if (st.size > MAX_FILE_BYTES) return { error: tooLargeMessage(st.size) };
    return decodeMarkdown(await vscode.workspace.fs.readFile(uri));
  } catch (e) {
    // Deleted between the listing (or the change event) and the read: no document.
    if ((e as vscode.FileSystemError).code === 'FileNotFound')
      return { error: 'This file does not exist (any more).', missing: true };
    return { error: `This file cannot be read (${(e as Error).message}).` };
  }
}
