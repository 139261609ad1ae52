import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import { LineMap, type JsonReport } from '../../core';
import { writeAtomically } from '../cache';
import type { EvidencePrint, Snapshot } from '../compare';
import { MAX_CACHE_BYTES, readMarkdown, readRegularFile } from '../files';
import { WARM_CACHE_FORMAT, type FolderState, type StateCheck } from './state';

/*
 * The two files a warm run can reuse (docs/performance.md), each `v8.serialize`d with the state
 * it was made from, written atomically, and ignored on any doubt (unreadable, truncated, another
 * format or version, another state or key):
 * - the report cache (`NAME.report.bin`): the report and what comparisons and baselines need;
 *   source lines are read from disk only when asked for;
 * - the output memo (`NAME.FORMAT.out.bin`): the last run's standard output, standard error and
 *   exit code for one `--format`, as bytes, under a key made of every other input of the run.
 */

/**
 * Where the caches of `root` live, as a path without extension: under `GROUNDED_CACHE_DIR`,
 * `ROOT/node_modules/.cache/grounded`, or the OS cache folder, named by a hash of the folder.
 */
export function cacheStemFor(root: string, env: NodeJS.ProcessEnv = process.env): string {
  let dir = env.GROUNDED_CACHE_DIR;
  if (!dir) {
    if (fs.existsSync(path.join(root, 'node_modules'))) dir = path.join(root, 'node_modules', '.cache', 'grounded');
    else if (process.platform === 'win32') dir = path.join(env.LOCALAPPDATA ?? os.tmpdir(), 'grounded', 'cache');
    else if (process.platform === 'darwin') dir = path.join(os.homedir(), 'Library', 'Caches', 'grounded');
    else dir = path.join(env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'grounded');
  }
  let real = root;
  try {
    real = fs.realpathSync(root);
  } catch {
    // the walk reports a missing root
  }
  const name = crypto.createHash('sha1').update(real).digest('hex').slice(0, 20);
  return path.join(dir, name);
}

interface CacheFile {
  format: number;
  /** What it was made from; its context names the version. */
  state: FolderState;
}

interface ReportCacheFile extends CacheFile {
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

interface OutputMemoFile extends CacheFile, RunOutput {
  key: string;
}

/** The report cache of the folder whose caches live at `stem` (see `cacheStemFor`). */
export function reportCacheFileFor(stem: string): string {
  return `${stem}.report.bin`;
}

/** The output memo of one `--format` for the folder whose caches live at `stem`. */
export function outputMemoFileFor(stem: string, format: string): string {
  return `${stem}.${format.replace(/[^a-z0-9-]/gi, '_')}.out.bin`;
}

/** Reads a cache file that `wanted` accepts and whose state holds, or undefined. */
function readCacheFile<T extends CacheFile>(
  file: string,
  check: StateCheck,
  wanted: (data: T) => boolean,
): T | undefined {
  try {
    const read = readRegularFile(file, MAX_CACHE_BYTES);
    if (!('bytes' in read)) return undefined;
    const data = v8.deserialize(read.bytes) as T;
    if (data?.format !== WARM_CACHE_FORMAT || !wanted(data) || !check.holds(data.state)) return undefined;
    return data;
  } catch {
    return undefined;
  }
}

/** The cached snapshot of `root` when the folder is still as it was, or undefined. */
export function readReportCache(
  file: string,
  root: string,
  check: StateCheck,
): { snap: Snapshot; state: FolderState } | undefined {
  const data = readCacheFile<ReportCacheFile>(file, check, d => typeof d.report === 'string');
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
  const data: ReportCacheFile = {
    format: WARM_CACHE_FORMAT,
    state,
    report: JSON.stringify(snap.report),
    fileIds: [...snap.fileIds],
    items: [...snap.items],
    ...(snap.evidence ? { evidence: [...snap.evidence] } : {}),
  };
  writeAtomically(file, () => v8.serialize(data));
}

/** What the last run with the same `key` printed, when the folder is still as it was. */
export function readOutputMemo(file: string, key: string, check: StateCheck): RunOutput | undefined {
  const data = readCacheFile<OutputMemoFile>(
    file,
    check,
    d => d.key === key && d.stdout instanceof Uint8Array && d.stderr instanceof Uint8Array && Number.isInteger(d.code),
  );
  if (!data) return undefined;
  return { stdout: data.stdout, stderr: data.stderr, code: data.code };
}

/** Stores what a run printed for `key` from the folder in `state`. */
export function writeOutputMemo(file: string, key: string, state: FolderState, output: RunOutput): void {
  const data: OutputMemoFile = { format: WARM_CACHE_FORMAT, state, key, ...output };
  writeAtomically(file, () => v8.serialize(data));
}
