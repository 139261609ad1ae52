import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  CONFIG_FILE,
  createGroundedService,
  defaultConfig,
  fileFilter,
  parseConfig,
  parseMarkdown,
  RULE_IDS,
  unreadableDocument,
  type Config,
  type ConfigError,
  type FileStat,
  type GroundedService,
  type ParsedDocument,
  type WorkspaceIndex,
} from '../core';
import { readMarkdown, walkMarkdown } from './files';
import { NodeWorkspace } from './workspace';

/**
 * One folder indexed for a long-running server (the language server, the MCP server). Unlike
 * `grounded check`, a bad `.grounded.yaml` is not fatal here: its errors are kept for the server
 * to show, and the folder is indexed with the default config meanwhile.
 */
export interface LoadedFolder {
  /** Absolute path of the folder. */
  root: string;
  /** `file:` URI of the folder, without a trailing `/`. */
  uri: string;
  /** `file:` URI of the config file (which may not exist). */
  configUri: string;
  configErrors: ConfigError[];
  /** The core for this folder: its index and every feature over it. */
  service: GroundedService;
  /** `service.index`. */
  readonly index: WorkspaceIndex;
  /** What each file was when read (size, times, inode), by URI; and the config's. See `refreshFolder`. */
  stamps: Map<string, string>;
  configStamp: string;
  options: LoadOptions;
}

export interface LoadOptions {
  today: string;
  /** The config file relative to the folder (default `.grounded.yaml`). */
  configPath?: string;
}

/** The config of a folder, its errors, and the file it came from. */
export function readFolderConfig(
  root: string,
  configPath?: string,
): { config: Config; errors: ConfigError[]; file: string } {
  const file = path.resolve(root, configPath || CONFIG_FILE);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && !configPath) return { config: defaultConfig(), errors: [], file };
    return {
      config: defaultConfig(),
      errors: [{ line: 1, column: 1, message: `Cannot read the config file (${code ?? String(e)}).` }],
      file,
    };
  }
  const { config, errors } = parseConfig(text, RULE_IDS);
  return { config: errors.length ? defaultConfig() : config, errors, file };
}

/**
 * Reads and indexes every Markdown file of a folder that its config includes: the one index
 * builder (`buildIndexSync`) over the Node adapter of the Workspace seam, with its read-ahead
 * thread (worker.js beside the bundle).
 */
export function loadFolder(root: string, options: LoadOptions): LoadedFolder {
  const abs = path.resolve(root);
  const { config, errors, file } = readFolderConfig(abs, options.configPath);
  const stamps = new Map<string, string>();
  const service = createGroundedService({ workspace: new NodeWorkspace(abs), config, today: options.today });
  try {
    const built = service.buildSync({ keepStats: true });
    for (const [uri, st] of built.stats ?? []) stamps.set(uri, stampOfStat(st));
  } catch {
    // The folder is gone or unreadable: the service keeps its empty index.
  }
  return {
    root: abs,
    uri: pathToFileURL(abs).href.replace(/\/$/, ''),
    configUri: pathToFileURL(file).href,
    configErrors: errors,
    service,
    get index() {
      return this.service.index;
    },
    stamps,
    configStamp: stampOf(file),
    options,
  };
}

function stampOfStat(st: FileStat): string {
  return `${st.size}:${st.mtime}:${st.ctime}:${st.ino}`;
}

function stampOf(file: string): string {
  const st = fs.statSync(file, { throwIfNoEntry: false });
  return st ? stampOfStat({ size: st.size, mtime: st.mtimeMs, ctime: st.ctimeMs, ino: st.ino }) : '-';
}

/**
 * Brings a folder's index up to date with the disk, for a server that has no file watcher (the MCP
 * server, whose agent writes files with other tools): one walk and a \`stat\` per file, reading
 * only what changed. A changed config reads the whole folder again (the result is then a new one).
 */
export function refreshFolder(folder: LoadedFolder): LoadedFolder {
  const configFile = fileURLToPath(folder.configUri);
  if (stampOf(configFile) !== folder.configStamp) return loadFolder(folder.root, folder.options);
  let walked: ReturnType<typeof walkMarkdown>;
  try {
    walked = walkMarkdown(folder.root, folder.index.config);
  } catch {
    return folder;
  }
  const seen = new Set<string>();
  for (const entry of walked.files) {
    seen.add(entry.uri);
    const stamp = stampOf(entry.path);
    if (folder.stamps.get(entry.uri) === stamp) continue;
    folder.stamps.set(entry.uri, stamp);
    const read = readMarkdown(entry.path);
    const previous = folder.index.get(entry.uri);
    folder.index.set(
      'text' in read ? parseMarkdown(entry.uri, read.text, { previous }) : unreadableDocument(entry.uri, read.error),
    );
  }
  for (const p of walked.problems) {
    seen.add(p.entry.uri);
    folder.index.set(unreadableDocument(p.entry.uri, p.message));
  }
  for (const doc of [...folder.index.documents()]) {
    if (seen.has(doc.uri)) continue;
    folder.index.delete(doc.uri);
    folder.stamps.delete(doc.uri);
  }
  return folder;
}

/** The document at a `file:` URI as it is on disk; undefined when it no longer exists. */
export function readDocumentAt(uri: string): ParsedDocument | undefined {
  const file = fileURLToPath(uri);
  if (!fs.existsSync(file)) return undefined;
  const read = readMarkdown(file);
  return 'text' in read ? parseMarkdown(uri, read.text) : unreadableDocument(uri, read.error);
}

/** True when the folder's config includes the file at `uri` (a URI inside the folder). */
export function includes(folder: LoadedFolder, uri: string): boolean {
  if (!uri.startsWith(folder.uri + '/')) return false;
  const rel = decodeURIComponent(uri.slice(folder.uri.length + 1));
  return fileFilter(folder.index.config).includes(rel);
}
