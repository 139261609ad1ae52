import { isUtf8 } from 'node:buffer';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CONFIG_FILE,
  decodeMarkdown,
  fileFilter,
  MAX_CONFIG_BYTES,
  MAX_FILE_BYTES,
  megabytes,
  tooLargeMessage,
  type Config,
  type FileFilter,
} from '../core';

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
}

export interface WalkOptions {
  /**
   * Called with each folder (absolute, the root first) just before it is listed, so that an
   * observer can take its `stat` then (the warm cache, src/node/warm/recording.ts).
   */
  beforeListing?(dir: string): void;
}

/**
 * Puts the four numbers the warm cache compares (size, modification and change times,
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

/**
 * Lists the Markdown files below `root` that the config (or its `fileFilter`) includes. Symlinks (docs/limits.md):
 * every real folder is walked once, by its own path when the walk reaches it so, and a file
 * reached by two paths counts once (a symlinked redirect is not a duplicate of its target); a
 * link that leads out of the root is not followed unless `followSymlinksOutsideRoot`. So a link
 * to `/`, a chain of folders that each link twice to the next, or a loop costs one visit per
 * real folder, and no file outside the root is read. Links to folders are walked after the
 * real tree, so that what they lead to is first reached by its own path.
 */
export function walkMarkdown(
  root: string,
  config: (Pick<Config, 'include' | 'exclude'> | FileFilter) & { followSymlinksOutsideRoot?: boolean },
  options: WalkOptions = {},
): WalkResult {
  const filter = 'includes' in config ? config : fileFilter(config);
  const wanted = filter.file;
  const result: WalkResult = { files: [], problems: [] };
  const entry = (abs: string, rel = path.relative(root, abs).split(path.sep).join('/')): FileEntry =>
    new Entry(abs, rel);
  const realRoot = fs.realpathSync(root);
  const allowed = (real: string) =>
    filter.followSymlinksOutsideRoot === true || config.followSymlinksOutsideRoot === true || isWithin(real, realRoot);
  /** Real folders walked. */
  const walked = new Set<string>();
  /** Links to folders, walked after the real tree. */
  const deferred: { abs: string; rel: string; real: string }[] = [];
  /** Files reached through a symlink, with their real paths: kept unless reached otherwise. */
  const linked = new Map<FileEntry, string>();
  /** Each walked folder's real path, for the real paths of the files found in it. */
  const realDirs = new Map<string, string>();
  // `relDir` is `dir` relative to the root with `/` (''), built by joining names rather than a
  // `path.relative` per entry (docs/performance.md: the walk is most of a warm run).
  const visit = (dir: string, real: string, relDir: string) => {
    walked.add(real);
    realDirs.set(dir, real);
    let names: fs.Dirent[];
    options.beforeListing?.(dir);
    try {
      names = fs.readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      result.problems.push({
        entry: entry(dir),
        message: `Cannot read this folder: ${(e as NodeJS.ErrnoException).code ?? e}`,
      });
      return;
    }
    names.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const d of names) {
      const abs = path.join(dir, d.name);
      const rel = relDir === '' ? d.name : `${relDir}/${d.name}`;
      if (d.isSymbolicLink()) {
        let st: fs.Stats;
        let target: string;
        try {
          st = fs.statSync(abs);
          target = fs.realpathSync(abs);
        } catch {
          if (wanted(rel))
            result.problems.push({ entry: entry(abs), message: 'This symlink points nowhere, or into a loop.' });
          continue;
        }
        if (st.isDirectory()) {
          if (filter.folder(rel) && allowed(target)) deferred.push({ abs, rel, real: target });
        } else if (st.isFile() && wanted(rel)) {
          if (!allowed(target)) {
            result.problems.push({
              entry: entry(abs, rel),
              message:
                'This symlink leads out of the folder; it was not followed (see `follow_symlinks_outside_root` in docs/limits.md).',
            });
            continue;
          }
          const e = entry(abs, rel);
          linked.set(e, target);
          result.files.push(e);
        }
        continue;
      }
      if (d.isDirectory()) {
        if (!filter.folder(rel)) continue;
        const realSub = path.join(real, d.name);
        if (!walked.has(realSub)) visit(abs, realSub, rel);
      } else if (d.isFile() && wanted(rel)) {
        result.files.push(entry(abs, rel));
      }
    }
  };
  visit(root, realRoot, '');
  for (let k = 0; k < deferred.length; k++) {
    const link = deferred[k];
    if (!walked.has(link.real)) visit(link.abs, link.real, link.rel);
  }
  if (linked.size > 0) {
    // A file reached by its own path wins; of several links to one file, the first.
    const seen = new Set<string>();
    for (const f of result.files)
      if (!linked.has(f)) seen.add(path.join(realDirs.get(path.dirname(f.path))!, path.basename(f.path)));
    result.files = result.files.filter(f => {
      const real = linked.get(f);
      if (real === undefined) return true;
      if (seen.has(real)) return false;
      seen.add(real);
      return true;
    });
  }
  return result;
}

/** Node's UTF-8 check and decoder: several times faster than a fatal `TextDecoder`. */
function decodeUtf8(bytes: Uint8Array): string | undefined {
  if (!isUtf8(bytes)) return undefined;
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Limits of the files Grounded reads besides Markdown (docs/limits.md). */
export { MAX_CONFIG_BYTES } from '../core';
export const MAX_BASELINE_BYTES = 64 * 1024 * 1024;
export const MAX_CACHE_BYTES = 512 * 1024 * 1024;

/** Why a file could not be read: an errno code, or `ENOTREG` (not a regular file), `EFBIG` (over the limit). */
export interface ReadFailure {
  code: string;
  /** The file's size, for EFBIG. */
  size?: number;
}

/** `O_NONBLOCK`: opening a FIFO for reading then returns at once instead of waiting for a writer. */
const OPEN_FLAGS = fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0);

/**
 * The one way Grounded reads a file (Markdown, config, baseline, caches): one open, an `fstat`
 * of what was opened, and at most `maxBytes` read. Anything but a regular file (a FIFO, which
 * would block for ever, `/dev/zero` or `/dev/urandom` behind a symlink, which never end, a
 * folder) is refused, and so is a file over the limit, before a byte is read. `stat` receives
 * the opened file's `stat` (see `recordStat`).
 */
export function readRegularFile(
  file: string,
  maxBytes: number,
  stat?: { into: Float64Array | number[]; at: number },
): { bytes: Buffer } | ReadFailure {
  let fd: number | undefined;
  if (stat) recordStat(stat.into, stat.at, undefined);
  try {
    fd = fs.openSync(file, OPEN_FLAGS);
    const st = fs.fstatSync(fd);
    // The stat of what is read, for the warm cache (taken before reading: a later write shows).
    if (stat) recordStat(stat.into, stat.at, st);
    if (st.isDirectory()) return { code: 'EISDIR' };
    if (!st.isFile()) return { code: 'ENOTREG' };
    const size = st.size;
    if (size > maxBytes) return { code: 'EFBIG', size };
    const bytes = Buffer.allocUnsafe(size);
    let read = 0;
    while (read < size) {
      const n = fs.readSync(fd, bytes, read, size - read, null);
      if (n === 0) break;
      read += n;
    }
    return { bytes: read === size ? bytes : bytes.subarray(0, read) };
  } catch (e) {
    return { code: (e as NodeJS.ErrnoException).code ?? String(e) };
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** A read failure in words, for messages such as "cannot read config X: …". */
export function describeFailure(f: ReadFailure, maxBytes: number): string {
  if (f.code === 'ENOTREG') return 'not a regular file (a device, FIFO or socket); it was not read';
  if (f.code === 'EISDIR') return 'a folder, not a file';
  if (f.code === 'EFBIG')
    return `${megabytes(f.size ?? 0)} MB, over the ${Math.round(maxBytes / 1024 / 1024)} MB limit`;
  return f.code;
}

/**
 * True unless `file` is a symlink that leads out of `root` (a pull request can add one: git
 * stores symlinks). A missing file is inside.
 */
export function staysInside(file: string, root: string): boolean {
  let st: fs.Stats | undefined;
  try {
    st = fs.lstatSync(file);
  } catch {
    return true;
  }
  if (!st.isSymbolicLink()) return true;
  try {
    return isWithin(fs.realpathSync(file), fs.realpathSync(root));
  } catch {
    return true; // a broken link: opening it fails with ENOENT
  }
}

/** True when the real path `real` is `realRoot` or below it. */
export function isWithin(real: string, realRoot: string): boolean {
  return real === realRoot || real.startsWith(realRoot.endsWith(path.sep) ? realRoot : realRoot + path.sep);
}

/**
 * The text of the config (`configPath`, else `ROOT/.grounded.yaml`): undefined when the default
 * file does not exist, or why it cannot be read. The default file must not be a symlink out of
 * the folder (its text would show in error messages).
 */
export function readConfigText(root: string, configPath?: string): string | { error: string } | undefined {
  const file = configPath ?? path.join(root, CONFIG_FILE);
  if (!configPath && !staysInside(file, root))
    return { error: 'it is a symlink to a file outside the folder; it was not read' };
  const read = readRegularFile(file, MAX_CONFIG_BYTES);
  if ('bytes' in read) return read.bytes.toString('utf8');
  if (!configPath && read.code === 'ENOENT') return undefined;
  return { error: describeFailure(read, MAX_CONFIG_BYTES) };
}

/**
 * Reads a Markdown file as text, or says in one sentence why it cannot be checked; `stat`
 * receives the file's `stat` (see `recordStat`).
 */
export function readMarkdown(
  file: string,
  stat?: { into: Float64Array | number[]; at: number },
): { text: string } | { error: string; missing?: boolean } {
  const read = readRegularFile(file, MAX_FILE_BYTES, stat);
  if ('bytes' in read) return decodeMarkdown(read.bytes, decodeUtf8);
  if (read.code === 'EFBIG') return { error: tooLargeMessage(read.size ?? 0) };
  if (read.code === 'ENOTREG')
    return { error: 'This is not a regular file (a device, FIFO or socket); it was not read.' };
  // Not there (any more): deleted since it was listed.
  if (read.code === 'ENOENT') return { error: 'This file does not exist (any more).', missing: true };
  return { error: `This file cannot be read (${read.code}).` };
}
