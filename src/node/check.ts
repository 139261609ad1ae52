import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  buildIndexSync,
  CONFIG_FILE,
  defaultConfig,
  parseConfig,
  RULE_IDS,
  type Config,
  type WorkspaceIndex,
} from '../core';
import { readConfigText, recordStat } from './files';
import type { ReaderOptions } from './reader';
import { NodeWorkspace, type NodeReads } from './workspace';

/** A problem the user must fix before anything can be checked (exit code 2). */
export class UsageError extends Error {}

/** Reads the config: `configPath` when given, else `.grounded.yaml` in `root` if there is one. */
export function loadConfig(root: string, configPath?: string): Config {
  const file = configPath ?? path.join(root, CONFIG_FILE);
  const read = readConfigText(root, configPath);
  if (read === undefined) return defaultConfig();
  if (typeof read !== 'string') throw new UsageError(`cannot read config ${configPath ?? file}: ${read.error}`);
  const { config, errors } = parseConfig(read, RULE_IDS);
  if (errors.length > 0) {
    const shown = path.relative(process.cwd(), file) || file;
    throw new UsageError(errors.map(e => `${shown}:${e.line}:${e.column}: ${e.message}`).join('\n'));
  }
  return config;
}

export interface CheckOptions extends ReaderOptions {
  config?: string;
  today: string;
  /** Record the `stat` of every folder, file and problem path as it is walked or read, for the report cache. */
  recordStats?: boolean;
}

/** What `recordStats` gives: paths with four numbers each (see `recordStat`). */
export interface RecordedStats {
  paths: string[];
  stats: Float64Array;
}

/** Indexes every Markdown file below `root`. */
export function indexFolder(
  root: string,
  options: CheckOptions,
): { index: WorkspaceIndex; root: string; readOnWorker: number; recorded?: RecordedStats } {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(root);
  } catch {
    throw new UsageError(`no such folder: ${root}`);
  }
  if (!stat.isDirectory()) throw new UsageError(`not a folder: ${root}`);
  const config = loadConfig(root, options.config);
  // The one index builder (docs/performance.md) over the Node workspace: the walk, and the read-ahead thread.
  const workspace = new NodeWorkspace(root, {
    threads: options.threads,
    workerFile: options.workerFile,
    statDirs: options.recordStats,
  });
  const { index, reads } = buildIndexSync(workspace, { config, today: options.today });
  const walked = workspace.walked!;
  const { fromWorker, stats: readStats } = reads as typeof reads & NodeReads;
  let recorded: RecordedStats | undefined;
  if (options.recordStats) {
    const { dirs, files, problems } = walked;
    const paths = [...dirs, ...files.map(f => f.path), ...problems.map(p => p.entry.path)];
    const stats = new Float64Array(paths.length * 4);
    stats.set(walked.dirStats);
    stats.set(readStats, dirs.length * 4);
    problems.forEach((p, k) => {
      let st: fs.Stats | undefined;
      try {
        st = fs.statSync(p.entry.path);
      } catch {
        st = undefined;
      }
      recordStat(stats, dirs.length + files.length + k, st);
    });
    recorded = { paths, stats };
  }
  return { index, root, readOnWorker: fromWorker, recorded };
}
