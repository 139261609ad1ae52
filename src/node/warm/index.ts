import { ConfigFile, snapshotFolder } from '../check';
import type { Snapshot } from '../compare';
import { RecordingWorkspace } from './recording';
import { contextOf, StateCheck, type FolderState } from './state';
import {
  cacheStemFor,
  outputMemoFileFor,
  readOutputMemo,
  readReportCache,
  reportCacheFileFor,
  writeOutputMemo,
  writeReportCache,
} from './store';

/*
 * The warm path of `grounded check` (docs/performance.md), behind one function: a check of a
 * folder that has not changed since the last run prints what that run printed, or formats the
 * report it made, without walking, reading or parsing anything. A run with the cache on records
 * the state its report depends on (see `contextOf` and `RecordingWorkspace`); a later run whose
 * recorded stats all match saw the same files, which costs one `stat` per folder and file.
 */

export { cacheStemFor, outputMemoFileFor, reportCacheFileFor } from './store';
export type { FolderState } from './state';

/** One run of a check, as far as the caches are concerned. */
export interface WarmRequest {
  /** The folder (absolute). */
  root: string;
  /** `--config` (absolute), else `ROOT/.grounded.yaml`. */
  config?: string;
  today: string;
  /** Off with `--no-cache`: nothing is read from or written to the caches. */
  cache: boolean;
  /**
   * For a run whose whole output can be replayed: the format, and every input of the run besides
   * the folder, its config, `today` and the build (options, working folder, colour, the baseline
   * file's stat). Without it only the report cache is used (`--base`, `grounded baseline`).
   */
  memo?: { format: string; key: string };
}

/** Where a run writes; `env` chooses the cache folder (see `cacheStemFor`). */
export interface WarmIo {
  stdout(s: string | Uint8Array): void;
  stderr(s: string | Uint8Array): void;
  env?: NodeJS.ProcessEnv;
}

/** The folder a check reports on. */
export interface CheckedFolder {
  readonly root: string;
  /** Its config, read once for the run (and parsed once, when first asked for). */
  readonly config: ConfigFile;
  /**
   * Its snapshot: from the report cache while the folder is as it was (with the findings'
   * prints for a comparison when `evidence`), else indexed now. Throws a `UsageError` for a
   * missing root or a bad config.
   */
  snapshot(options?: { evidence?: boolean }): Snapshot;
}

/**
 * Runs `check` on the folder of `request`, or prints what the same run printed last time when
 * nothing it depends on has changed, and returns the exit code. A run that ends with 0 or 1 is
 * stored for the next one.
 */
export function withWarmCache<Io extends WarmIo>(
  request: WarmRequest,
  io: Io,
  check: (folder: CheckedFolder, io: Io) => number,
): number {
  const config = new ConfigFile(request.root, request.config);
  const context = request.cache ? contextOf(request.root, config, request.today) : undefined;
  if (context === undefined) return check(new Folder(request, config), io);
  const stem = cacheStemFor(request.root, io.env);
  const stateCheck = new StateCheck(context);
  const folder = new Folder(request, config, { context, stem, stateCheck });
  if (!request.memo) return check(folder, io);
  const memoFile = outputMemoFileFor(stem, request.memo.format);
  const hit = readOutputMemo(memoFile, request.memo.key, stateCheck);
  if (hit) {
    io.stdout(hit.stdout);
    if (hit.stderr.length > 0) io.stderr(hit.stderr);
    return hit.code;
  }
  const out = { stdout: [] as (string | Uint8Array)[], stderr: [] as (string | Uint8Array)[] };
  const recorded: Io = {
    ...io,
    stdout: s => {
      out.stdout.push(s);
      io.stdout(s);
    },
    stderr: s => {
      out.stderr.push(s);
      io.stderr(s);
    },
  };
  const code = check(folder, recorded);
  const bytes = (parts: (string | Uint8Array)[]) =>
    Buffer.concat(parts.map(p => (typeof p === 'string' ? Buffer.from(p, 'utf8') : p)));
  if (folder.state && (code === 0 || code === 1))
    writeOutputMemo(memoFile, request.memo.key, folder.state, {
      stdout: bytes(out.stdout),
      stderr: bytes(out.stderr),
      code,
    });
  return code;
}

class Folder implements CheckedFolder {
  readonly root: string;
  /** The state the snapshot was made from, when the caches are on. */
  state: FolderState | undefined;

  constructor(
    private readonly request: WarmRequest,
    readonly config: ConfigFile,
    private readonly cache?: { context: string; stem: string; stateCheck: StateCheck },
  ) {
    this.root = request.root;
  }

  snapshot(options: { evidence?: boolean } = {}): Snapshot {
    const { root, today } = this.request;
    if (!this.cache) return snapshotFolder(root, { config: this.config, today, evidence: options.evidence });
    const { context, stem, stateCheck } = this.cache;
    const reportFile = reportCacheFileFor(stem);
    const hit = readReportCache(reportFile, root, stateCheck);
    // A comparison needs the findings' prints, which a plain check leaves out of the cache.
    if (hit && (!options.evidence || hit.snap.evidence)) {
      this.state = hit.state;
      return hit.snap;
    }
    const workspace = new RecordingWorkspace(root);
    const snap = snapshotFolder(root, { config: this.config, today, evidence: options.evidence, workspace });
    const recorded = workspace.recorded();
    this.state = recorded && { context, ...recorded };
    if (this.state) writeReportCache(reportFile, this.state, snap);
    return snap;
  }
}
