import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  buildIndexSync,
  buildReport,
  CONFIG_FILE,
  defaultConfig,
  parseConfig,
  RULE_IDS,
  type Config,
  type Workspace,
  type WorkspaceIndex,
} from '../core';
import { snapshot, type Snapshot } from './compare';
import { readConfigText } from './files';
import type { ReaderOptions } from './reader';
import { NodeWorkspace, type NodeReads } from './workspace';

/** A problem the user must fix before anything can be checked (exit code 2). */
export class UsageError extends Error {}

/**
 * The config of one folder, read once: `configPath` when given, else `.grounded.yaml` in `root`
 * if there is one. The text is read when this is made (the warm cache compares it), and parsed
 * the first time `config()` is asked for, so that a run reads and parses it once.
 */
export class ConfigFile {
  /** The config file's path (it need not exist). */
  readonly file: string;
  /** The file's text; undefined when the default file does not exist, or why it cannot be read. */
  readonly text: string | { error: string } | undefined;
  private parsed: Config | undefined;

  constructor(
    root: string,
    private readonly configPath?: string,
  ) {
    this.file = configPath ?? path.join(root, CONFIG_FILE);
    this.text = readConfigText(root, configPath);
  }

  /** The parsed config; throws a `UsageError` when it cannot be read or has errors. */
  config(): Config {
    if (this.parsed) return this.parsed;
    const read = this.text;
    if (read === undefined) return (this.parsed = defaultConfig());
    if (typeof read !== 'string')
      throw new UsageError(`cannot read config ${this.configPath ?? this.file}: ${read.error}`);
    const { config, errors } = parseConfig(read, RULE_IDS);
    if (errors.length > 0) {
      const shown = path.relative(process.cwd(), this.file) || this.file;
      throw new UsageError(errors.map(e => `${shown}:${e.line}:${e.column}: ${e.message}`).join('\n'));
    }
    return (this.parsed = config);
  }
}

/** Reads the config: `configPath` when given, else `.grounded.yaml` in `root` if there is one. */
export function loadConfig(root: string, configPath?: string): Config {
  return new ConfigFile(root, configPath).config();
}

export interface CheckOptions extends ReaderOptions {
  /** The config file, or the config the run has read already. */
  config?: string | ConfigFile;
  today: string;
  /** What to index through (default: a `NodeWorkspace` of `root`). */
  workspace?: Workspace;
}

/** Indexes every Markdown file below `root`. */
export function indexFolder(
  root: string,
  options: CheckOptions,
): { index: WorkspaceIndex; root: string; readOnWorker: number } {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(root);
  } catch {
    throw new UsageError(`no such folder: ${root}`);
  }
  if (!stat.isDirectory()) throw new UsageError(`not a folder: ${root}`);
  const config = (
    options.config instanceof ConfigFile ? options.config : new ConfigFile(root, options.config)
  ).config();
  // The one index builder (docs/performance.md) over the Node workspace: the walk, and the read-ahead thread.
  const workspace =
    options.workspace ?? new NodeWorkspace(root, { threads: options.threads, workerFile: options.workerFile });
  const { index, reads } = buildIndexSync(workspace, { config, today: options.today });
  return { index, root, readOnWorker: (reads as Partial<NodeReads>).fromWorker ?? 0 };
}

/**
 * Indexes a folder and takes the snapshot that reports, comparisons and baselines are made from
 * (with the findings' prints for a comparison when `evidence`).
 */
export function snapshotFolder(root: string, options: CheckOptions & { evidence?: boolean }): Snapshot {
  const { index } = indexFolder(root, options);
  const paths = new Map<string, string>();
  const fileOf = (uri: string) => {
    let p = paths.get(uri);
    if (p === undefined) paths.set(uri, (p = path.relative(root, fileURLToPath(uri)).split(path.sep).join('/')));
    return p;
  };
  return snapshot(index, buildReport(index, fileOf), fileOf, { evidence: options.evidence });
}
