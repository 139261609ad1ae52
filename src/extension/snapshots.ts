import * as vscode from 'vscode';
import {
  reviveChunk,
  SNAPSHOT_FORMAT,
  snapshotChunks,
  type FileStat,
  type ParsedDocument,
  type SnapshotHeader,
  type WorkspaceIndex,
} from '../core';

/** Turns values into bytes and back: V8's serializer in a Node host, JSON elsewhere. */
export interface SnapshotCodec {
  encode(value: unknown): Uint8Array;
  decode(bytes: Uint8Array): unknown;
}

/** Where the snapshot files are read and written: `vscode.workspace.fs`, or Node's file system in a Node host. */
export interface SnapshotIo {
  read(file: vscode.Uri): Promise<Uint8Array>;
  /** Writes through a temporary file and a rename. */
  write(file: vscode.Uri, bytes: Uint8Array): Promise<void>;
}

const vscodeIo: SnapshotIo = {
  read: async file => vscode.workspace.fs.readFile(file),
  write: async (file, bytes) => {
    const tmp = file.with({ path: `${file.path}.tmp` });
    await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(file, '..'));
    await vscode.workspace.fs.writeFile(tmp, bytes);
    await vscode.workspace.fs.rename(tmp, file, { overwrite: true });
  },
};

export const jsonCodec: SnapshotCodec = {
  encode: value => new TextEncoder().encode(JSON.stringify(value)),
  decode: bytes => JSON.parse(new TextDecoder().decode(bytes)),
};

interface SnapshotFile {
  header: SnapshotHeader;
  /** Each chunk of `SnapshotEntry` values, encoded on its own. */
  chunks: Uint8Array[];
}

/**
 * Keeps one snapshot of each folder's index in the extension's workspace storage (docs/performance.md),
 * written through a temporary file and a rename, read back one chunk per turn. Any doubt (no
 * storage, an unreadable or foreign file, another format or build) means no snapshot: the
 * folder is then read as on a first start.
 */
export class SnapshotStore {
  constructor(
    private readonly dir: vscode.Uri | undefined,
    private readonly version: string,
    private readonly codec: SnapshotCodec = jsonCodec,
    private readonly io: SnapshotIo = vscodeIo,
  ) {}

  private fileOf(folder: vscode.Uri): vscode.Uri | undefined {
    return this.dir && vscode.Uri.joinPath(this.dir, `index-${fnv1a(folder.toString())}.bin`);
  }

  /** The documents of the folder's last snapshot, by URI, or undefined when there is none to trust. */
  async load(
    folder: vscode.Uri,
    pause: () => Promise<void>,
  ): Promise<Map<string, { doc: ParsedDocument; stat: FileStat }> | undefined> {
    const file = this.fileOf(folder);
    if (!file) return undefined;
    try {
      const outer = this.codec.decode(await this.io.read(file)) as SnapshotFile;
      const h = outer?.header;
      if (
        h?.format !== SNAPSHOT_FORMAT ||
        h.version !== this.version ||
        h.root !== folder.toString() ||
        !Array.isArray(outer.chunks)
      )
        return undefined;
      const docs = new Map<string, { doc: ParsedDocument; stat: FileStat }>();
      for (const chunk of outer.chunks) {
        if (!reviveChunk(this.codec.decode(chunk), docs)) return undefined;
        await pause();
      }
      return docs;
    } catch {
      return undefined;
    }
  }

  /** Writes the folder's snapshot, one chunk per turn; a failure only costs speed next time. */
  async save(
    folder: vscode.Uri,
    index: WorkspaceIndex,
    stats: ReadonlyMap<string, FileStat>,
    pause: () => Promise<void>,
  ): Promise<boolean> {
    const file = this.fileOf(folder);
    if (!file || !this.dir) return false;
    try {
      const chunks: Uint8Array[] = [];
      for (const chunk of snapshotChunks(index, stats)) {
        chunks.push(this.codec.encode(chunk));
        await pause();
      }
      const header: SnapshotHeader = { format: SNAPSHOT_FORMAT, version: this.version, root: folder.toString() };
      await this.io.write(file, this.codec.encode({ header, chunks } satisfies SnapshotFile));
      return true;
    } catch {
      return false;
    }
  }
}

/** A short stable name for a folder URI (FNV-1a, 32 bits, hex): no crypto module on the web. */
function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}
