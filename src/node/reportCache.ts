import * as fs from 'node:fs';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import { CONFIG_FILE, defaultConfig, LineMap, parseConfig, RULE_IDS, type JsonReport } from '../core';
import type { EvidencePrint, Snapshot } from './compare';
import { writeAtomically } from './cache';
import { MAX_CACHE_BYTES, readConfigText, readMarkdown, readRegularFile, recordStat, walkMarkdown } from './files';

declare const GROUNDED_VERSION: string | undefined;

/**
 * The warm path of `grounded check` (docs/performance.md). A run records the state its report depends on:
 * the config text, `--today`, the Grounded build, and the `stat` data (size, modification and
 * change times, inode) of every folder it walked and every file it checked. A later run whose
 * stats all match saw the same files: a folder's times change whenever an entry is added,
 * removed or renamed in it, a file's whenever its contents do. Checking that costs one `stat`
 * per file and folder, not a walk, a read or a parse. Two files hold what such a run can reuse:
 * - the report cache (`NAME.report.bin`): the report and what comparisons and baselines need;
 *   source lines are read from disk only when asked for;
 * - the output memo (`NAME.FORMAT.out.bin`): the last run's standard output, standard error and
 *   exit code for one `--format` (as bytes, written out without decoding), under a key made of every other input of the run (options,
 *   working folder, colour, the baseline file's stat).
 * (Before this, a parse cache `NAME.json` held parsed documents; it is deleted when the report
 * cache is written, see cache.ts.) Both are written with `v8.serialize`, atomically, and ignored on any doubt (unreadable,
 * truncated, another format or version, another state or key). `--no-cache` and `--base`
 * bypass them.
 */
export const REPORT_CACHE_FORMAT = 3;

/** What a report depends on, checkable with one `stat` per path. */
export interface FolderState {
  /** The config text, `today`, the root, the version and the running bundle. */
  context: string;
  /** The folders walked, the files checked and the paths that could not be (absolute). */
  paths: string[];
  /** Four numbers per path (size, mtime, ctime, inode); NaN for a path that did not stat. */
  stats: Float64Array;
}

interface ReportCacheFile {
  format: number;
  version: string;
  state: FolderState;
  /** The report as JSON text: `JSON.parse` of it is several times faster than deserializing the objects. */
  report: string;
  fileIds: [string, string][];
  items: [string, { type: string; status: string }][];
  /** Present when the snapshot was made for `--base`. */
  evidence?: [string, EvidencePrint][];
}

/** What one run printed (UTF-8, written out as they are) and returned. */
export interface RunOutput {
  stdout: Uint8Array;
  stderr: Uint8Array;
  code: number;
}

interface OutputMemoFile extends RunOutput {
  format: number;
  version: string;
  state: FolderState;
  key: string;
}

function version(): string {
  return typeof GROUNDED_VERSION === 'string' ? GROUNDED_VERSION : '0.0.0-dev';
}

/** The report cache of the folder whose caches live at `stem` (see `cacheStemFor`). */
export function reportCacheFileFor(stem: string): string {
  return `${stem}.report.bin`;
}

/** The output memo of one `--format` for the folder whose caches live at `stem`. */
export function outputMemoFileFor(stem: string, format: string): string {
  return `${stem}.${format.replace(/[^a-z0-9-]/gi, '_')}.out.bin`;
}

/** The config text, `today` and the build, or undefined when the config cannot be used. */
function contextOf(
  root: string,
  options: { config?: string; today: string },
): { context: string; configText?: string } | undefined {
  const configFile = options.config ?? path.join(root, CONFIG_FILE);
  const configText = readConfigText(root, options.config);
  if (typeof configText === 'object') return undefined;
  // The running bundle's size and time too, so that a rebuilt Grounded of the same version
  // (a development build) does not reuse a report the old code made.
  const self = fs.statSync(__filename);
  const context = `${REPORT_CACHE_FORMAT}\0${version()}\0${self.size}\0${self.mtimeMs}\0${fs.realpathSync(root)}\0${configFile}\0${options.today}\0${configText ?? '\u0001none'}`;
  return { context, configText };
}

/** The `stat` of `file` at slot `i` (NaN for any path that cannot be stat'ed: missing, a loop). */
function statInto(stats: Float64Array, i: number, file: string): void {
  let st: fs.Stats | undefined;
  try {
    st = fs.statSync(file, { throwIfNoEntry: false });
  } catch {
    st = undefined;
  }
  recordStat(stats, i, st);
}

/**
 * What a report depends on besides the files: the config text, `today`, the root and the build.
 * Taken before the config is read for the check, so that a config changed meanwhile shows at
 * the next run. Undefined when the config cannot be read.
 */
export function stateContext(root: string, options: { config?: string; today: string }): string | undefined {
  try {
    return contextOf(root, options)?.context;
  } catch {
    return undefined;
  }
}

/**
 * The state of `root` now: a walk, with a `stat` of every folder before it is listed, then of
 * every file and problem path. A check records the same while it walks and reads
 * (`indexFolder`'s `recordStats`); this is the reference the tests compare it with. Undefined
 * when anything goes wrong (the normal path then reports it).
 */
export function folderState(root: string, options: { config?: string; today: string }): FolderState | undefined {
  try {
    const ctx = contextOf(root, options);
    if (!ctx) return undefined;
    let config = defaultConfig();
    if (ctx.configText !== undefined) {
      const parsed = parseConfig(ctx.configText, RULE_IDS);
      if (parsed.errors.length > 0) return undefined;
      config = parsed.config;
    }
    const walked = walkMarkdown(root, config, { statDirs: true });
    const paths = [...walked.dirs, ...walked.files.map(f => f.path), ...walked.problems.map(p => p.entry.path)];
    const stats = new Float64Array(paths.length * 4);
    stats.set(walked.dirStats);
    for (let i = walked.dirs.length; i < paths.length; i++) statInto(stats, i, paths[i]);
    return { context: ctx.context, paths, stats };
  } catch {
    return undefined;
  }
}

/** True when nothing `state` recorded has changed (Object.is, so NaN matches NaN). */
export function stateHolds(state: FolderState, root: string, options: { config?: string; today: string }): boolean {
  try {
    if (
      !Array.isArray(state?.paths) ||
      !(state.stats instanceof Float64Array) ||
      state.stats.length !== state.paths.length * 4
    )
      return false;
    // The output memo and the report cache of one run hold the same state: once a file was
    // found changed, the other copy is stale too, without a second stat of every path.
    if (lastStale && sameState(lastStale, state)) return false;
    if (contextOf(root, options)?.context !== state.context) return false;
    const now = new Float64Array(4);
    for (let i = 0; i < state.paths.length; i++) {
      statInto(now, 0, state.paths[i]);
      for (let k = 0; k < 4; k++) if (!Object.is(now[k], state.stats[4 * i + k])) return stale(state);
    }
    return true;
  } catch {
    return false;
  }
}

let lastStale: FolderState | undefined;

function stale(state: FolderState): false {
  lastStale = state;
  return false;
}

function sameState(a: FolderState, b: FolderState): boolean {
  if (a.context !== b.context || a.stats.length !== b.stats.length) return false;
  for (let i = 0; i < a.stats.length; i++) if (!Object.is(a.stats[i], b.stats[i])) return false;
  return a.paths.every((p, i) => p === b.paths[i]);
}

/** Reads a cache file written by `writeAtomically` (cache.ts) that `wanted` accepts and whose state holds, or undefined. */
function readCacheFile<T extends { format: number; version: string; state: FolderState }>(
  file: string,
  root: string,
  options: { config?: string; today: string },
  wanted: (data: T) => boolean,
): T | undefined {
  try {
    const read = readRegularFile(file, MAX_CACHE_BYTES);
    if (!('bytes' in read)) return undefined;
    const data = v8.deserialize(read.bytes) as T;
    if (
      data?.format !== REPORT_CACHE_FORMAT ||
      data.version !== version() ||
      !wanted(data) ||
      !stateHolds(data.state, root, options)
    )
      return undefined;
    return data;
  } catch {
    return undefined;
  }
}

/** The cached snapshot when the folder is still as it was, or undefined. */
export function readReportCache(
  file: string,
  root: string,
  options: { config?: string; today: string },
): { snap: Snapshot; state: FolderState } | undefined {
  const data = readCacheFile<ReportCacheFile>(file, root, options, d => typeof d.report === 'string');
  try {
    if (!data) return undefined;
    const report = JSON.parse(data.report) as JsonReport;
    if (
      typeof report?.summary !== 'object' ||
      !Array.isArray(report.diagnostics) ||
      !Array.isArray(report.specs) ||
      !Array.isArray(data.fileIds) ||
      !Array.isArray(data.items) ||
      (data.evidence !== undefined && !Array.isArray(data.evidence))
    ) {
      return undefined;
    }
    const lines = new Map<string, LineMap | undefined>();
    const snap: Snapshot = {
      report,
      fileIds: new Map(data.fileIds),
      items: new Map(data.items),
      ...(data.evidence ? { evidence: new Map(data.evidence) } : {}),
      lineText: (f, line) => {
        if (!lines.has(f)) {
          const read = readMarkdown(path.join(root, f));
          lines.set(f, 'text' in read ? new LineMap(read.text) : undefined);
        }
        return lines.get(f)?.lineText(line - 1) ?? '';
      },
    };
    return { snap, state: data.state };
  } catch {
    return undefined;
  }
}

/** Stores a snapshot made from the folder in `state`. */
export function writeReportCache(file: string, state: FolderState, snap: Snapshot): void {
  // The parse cache of earlier versions (tens of MB for a large folder) is of no use any more.
  try {
    fs.rmSync(file.replace(/\.report\.bin$/, '.json'), { force: true });
  } catch {
    // an unusable cache folder (a file in its place, HOME=/dev/null) only costs speed
  }
  const data: ReportCacheFile = {
    format: REPORT_CACHE_FORMAT,
    version: version(),
    state,
    report: JSON.stringify(snap.report),
    fileIds: [...snap.fileIds],
    items: [...snap.items],
    ...(snap.evidence ? { evidence: [...snap.evidence] } : {}),
  };
  writeAtomically(file, () => v8.serialize(data));
}

/** What the last run with the same `key` printed, when the folder is still as it was. */
export function readOutputMemo(
  file: string,
  key: string,
  root: string,
  options: { config?: string; today: string },
): RunOutput | undefined {
  const data = readCacheFile<OutputMemoFile>(
    file,
    root,
    options,
    d => d.key === key && d.stdout instanceof Uint8Array && d.stderr instanceof Uint8Array && Number.isInteger(d.code),
  );
  if (!data) return undefined;
  return { stdout: data.stdout, stderr: data.stderr, code: data.code };
}

/** Stores what a run printed for `key` from the folder in `state`. */
export function writeOutputMemo(file: string, key: string, state: FolderState, output: RunOutput): void {
  const data: OutputMemoFile = { format: REPORT_CACHE_FORMAT, version: version(), state, key, ...output };
  writeAtomically(file, () => v8.serialize(data));
}
