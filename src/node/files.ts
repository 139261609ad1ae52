import { isUtf8 } from 'node:buffer';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Config } from '../core/config';
import { MAX_FILE_BYTES, decodeMarkdown, tooLargeMessage } from '../core/files';
import { fileFilter, type FileFilter } from '../core/workspace';

export interface FileEntry {
  /** Absolute path. */
  path: string;
  /** Relative to the root, with `/`. */
  rel: string;
  uri: string;
}

export interface WalkResult {
  files: FileEntry[];
  /** Paths that could not be walked (symlink loops, unreadable folders), with the reason. */
  problems: { entry: FileEntry; message: string }[];
  /** Every folder the walk listed (absolute, the root first): the report cache stats them. */
  dirs: string[];
  /** With `statDirs`: each folder's `stat` (see `recordStat`), taken before it was listed. */
  dirStats: number[];
}

/**
 * Puts the four numbers the report cache compares (size, modification and change times,
 * inode) of `st` at slot `i` of `into`, or NaN for a path that could not be stat'ed.
 */
export function recordStat(into: Float64Array | number[], i: number, st: fs.Stats | undefined): void {
  into[4 * i] = st ? st.size : NaN;
  into[4 * i + 1] = st ? st.mtimeMs : NaN;
  into[4 * i + 2] = st ? st.ctimeMs : NaN;
  into[4 * i + 3] = st ? st.ino : NaN;
}

/** A walked file; its URI is made when first asked for (a warm run only stats the files). */
class Entry implements FileEntry {
  private href: string | undefined;

  constructor(
    readonly path: string,
    readonly rel: string,
  ) {}

  get uri(): string {
    return (this.href ??= pathToFileURL(this.path).href);
  }
}

/** Lists the Markdown files below `root` that the config (or its `fileFilter`) includes, following symlinks safely. */
export function walkMarkdown(root: string, config: Pick<Config, 'include' | 'exclude'> | FileFilter, options: { statDirs?: boolean } = {}): WalkResult {
  const filter = 'includes' in config ? config : fileFilter(config);
  const wanted = filter.file;
  const result: WalkResult = { files: [], problems: [], dirs: [], dirStats: [] };
  const entry = (abs: string, rel = path.relative(root, abs).split(path.sep).join('/')): FileEntry => new Entry(abs, rel);
  // `relDir` is `dir` relative to the root with `/` (''), built by joining names rather than a
  // `path.relative` per entry (issue 7: the walk is most of a warm run).
  const visit = (dir: string, ancestors: Set<string>, relDir: string) => {
    let names: fs.Dirent[];
    // A folder's times change when an entry is added or removed: taken before the listing, a
    // change during the walk shows at the next run.
    if (options.statDirs) {
      let st: fs.Stats | undefined;
      try {
        st = fs.statSync(dir);
      } catch {
        st = undefined;
      }
      recordStat(result.dirStats, result.dirs.length, st);
    }
    result.dirs.push(dir);
    try {
      names = fs.readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      result.problems.push({ entry: entry(dir), message: `Cannot read this folder: ${(e as NodeJS.ErrnoException).code ?? e}` });
      return;
    }
    names.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const d of names) {
      const abs = path.join(dir, d.name);
      const rel = relDir === '' ? d.name : `${relDir}/${d.name}`;
      let isDir = d.isDirectory();
      let isFile = d.isFile();
      if (d.isSymbolicLink()) {
        try {
          const st = fs.statSync(abs);
          isDir = st.isDirectory();
          isFile = st.isFile();
        } catch {
          if (wanted(rel)) {
            result.problems.push({ entry: entry(abs), message: 'This symlink points nowhere, or into a loop.' });
          }
          continue;
        }
      }
      if (isDir) {
        if (!filter.folder(rel)) continue;
        let real: string;
        try {
          real = fs.realpathSync(abs);
        } catch {
          continue;
        }
        if (ancestors.has(real)) {
          result.problems.push({ entry: entry(abs), message: `This symlink makes a loop back to ${path.relative(root, real) || '.'}; it was not followed.` });
          continue;
        }
        ancestors.add(real);
        visit(abs, ancestors, rel);
        ancestors.delete(real);
      } else if (isFile && wanted(rel)) {
        result.files.push(entry(abs, rel));
      }
    }
  };
  visit(root, new Set([fs.realpathSync(root)]), '');
  return result;
}

/** Node's UTF-8 check and decoder: several times faster than a fatal `TextDecoder`. */
function decodeUtf8(bytes: Uint8Array): string | undefined {
  if (!isUtf8(bytes)) return undefined;
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * Reads a Markdown file as text, or says in one sentence why it cannot be checked; `stat`
 * receives the file's `stat` (see `recordStat`). One open, `fstat` and read: a `stat` by path
 * first cost a second path lookup per file (issue 7).
 */
export function readMarkdown(file: string, stat?: { into: Float64Array | number[]; at: number }): { text: string } | { error: string } {
  let fd: number | undefined;
  if (stat) recordStat(stat.into, stat.at, undefined);
  try {
    fd = fs.openSync(file, 'r');
    const st = fs.fstatSync(fd);
    // The stat of what is read, for the report cache (taken before reading: a later write shows).
    if (stat) recordStat(stat.into, stat.at, st);
    const size = st.size;
    if (size > MAX_FILE_BYTES) return { error: tooLargeMessage(size) };
    const bytes = Buffer.allocUnsafe(size);
    let read = 0;
    while (read < size) {
      const n = fs.readSync(fd, bytes, read, size - read, null);
      if (n === 0) break;
      read += n;
    }
    return decodeMarkdown(bytes.subarray(0, read), decodeUtf8);
  } catch (e) {
    return { error: `This file cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)}).` };
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}
