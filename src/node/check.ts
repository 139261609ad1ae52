import * as fs from 'node:fs';
import * as path from 'node:path';
import { CONFIG_FILE, defaultConfig, parseConfig, type Config } from '../core/config';
import { parseMarkdown, unreadableDocument } from '../core/parse';
import { RULE_IDS } from '../core/rules';
import { WorkspaceIndex } from '../core/workspaceIndex';
import type { ParsedDocument } from '../core/model';
import { readMarkdown, walkMarkdown } from './files';
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
  for (const file of walked.files) {
    const read = readMarkdown(file.path);
    if (!('text' in read)) {
      index.set(unreadableDocument(file.uri, read.error));
      continue;
    }
    if (!cached) {
      index.set(parseMarkdown(file.uri, read.text));
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
    index.set(doc);
  }
  for (const p of walked.problems) index.set(unreadableDocument(p.entry.uri, p.message));
  if (cacheFile && (changed || fresh.size !== cached!.size)) writeCache(cacheFile, fresh);
  return { index, root };
}
