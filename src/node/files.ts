import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import picomatch from 'picomatch';
import type { Config } from '../core/config';

/** Larger Markdown files are reported, not read: no one writes a 5 MB spec by hand. */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;

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

/** Lists the Markdown files below `root` that the config includes, following symlinks safely. */
export function walkMarkdown(root: string, config: Pick<Config, 'include' | 'exclude'>): WalkResult {
  const isIncluded = picomatch(config.include, { dot: true });
  const isExcluded = picomatch(config.exclude, { dot: true });
  const result: WalkResult = { files: [], problems: [] };
  const entry = (abs: string): FileEntry => {
    const rel = path.relative(root, abs).split(path.sep).join('/');
    return { path: abs, rel, uri: pathToFileURL(abs).href };
  };
  const visit = (dir: string, ancestors: Set<string>) => {
    let names: fs.Dirent[];
    try {
      names = fs.readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      result.problems.push({ entry: entry(dir), message: `Cannot read this folder: ${(e as NodeJS.ErrnoException).code ?? e}` });
      return;
    }
    names.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const d of names) {
      const abs = path.join(dir, d.name);
      const rel = path.relative(root, abs).split(path.sep).join('/');
      let isDir = d.isDirectory();
      let isFile = d.isFile();
      if (d.isSymbolicLink()) {
        try {
          const st = fs.statSync(abs);
          isDir = st.isDirectory();
          isFile = st.isFile();
        } catch {
          if (/\.(md|markdown)$/i.test(d.name) && isIncluded(rel) && !isExcluded(rel)) {
            result.problems.push({ entry: entry(abs), message: 'This symlink points nowhere, or into a loop.' });
          }
          continue;
        }
      }
      if (isDir) {
        if (d.name === '.git' || d.name === 'node_modules' || isExcluded(rel) || isExcluded(rel + '/')) continue;
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
        visit(abs, ancestors);
        ancestors.delete(real);
      } else if (isFile && /\.(md|markdown)$/i.test(d.name) && isIncluded(rel) && !isExcluded(rel)) {
        result.files.push(entry(abs));
      }
    }
  };
  visit(root, new Set([fs.realpathSync(root)]));
  return result;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Reads a Markdown file as text, or says in one sentence why it cannot be checked. */
export function readMarkdown(file: string): { text: string } | { error: string } {
  let bytes: Buffer;
  try {
    const size = fs.statSync(file).size;
    if (size > MAX_FILE_BYTES) {
      return { error: `This file is ${(size / 1024 / 1024).toFixed(1)} MB, over the ${MAX_FILE_BYTES / 1024 / 1024} MB limit; it was not checked.` };
    }
    bytes = fs.readFileSync(file);
  } catch (e) {
    return { error: `This file cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)}).` };
  }
  return decodeMarkdown(bytes);
}

/** Decodes bytes as UTF-8 Markdown, refusing binary data. */
export function decodeMarkdown(bytes: Uint8Array): { text: string } | { error: string } {
  const head = bytes.subarray(0, 8192);
  if (head.includes(0)) return { error: 'This file is binary, not Markdown text; it was not checked.' };
  try {
    return { text: utf8.decode(bytes) };
  } catch {
    return { error: 'This file is not valid UTF-8 text; it was not checked. Save it as UTF-8.' };
  }
}
