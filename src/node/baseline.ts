import * as fs from 'node:fs';
import * as path from 'node:path';
import { UsageError } from './check';
import { describeFailure, MAX_BASELINE_BYTES, readRegularFile, staysInside } from './files';
import { lineHash, stableMessage, type ReportDiagnostic, type Snapshot } from './compare';

export const BASELINE_FILE = '.grounded-baseline.json';

/** One known problem. Keyed without its line number so that unrelated edits do not revive it. */
export interface BaselineEntry {
  file: string;
  rule: string;
  /** The message with standalone numbers (ages, counts) replaced by `#`. */
  message: string;
  /** sha256 of the trimmed source line, first 16 hex digits. */
  line: string;
  /** How many identical problems there are. */
  count: number;
}

export interface Baseline {
  version: 1;
  /** Why this file exists, for whoever finds it in the repository. */
  comment: string;
  entries: BaselineEntry[];
}

function key(e: Pick<BaselineEntry, 'file' | 'rule' | 'message' | 'line'>): string {
  return `${e.file}\u0000${e.rule}\u0000${e.message}\u0000${e.line}`;
}

function entryOf(d: ReportDiagnostic, snap: Snapshot): Omit<BaselineEntry, 'count'> {
  return {
    file: d.file,
    rule: d.rule,
    message: stableMessage(d.message),
    line: lineHash(snap.lineText(d.file, d.line)),
  };
}

/** The baseline of every diagnostic in a snapshot, sorted so that the file diffs well. */
export function createBaseline(snap: Snapshot): Baseline {
  const byKey = new Map<string, BaselineEntry>();
  for (const d of snap.report.diagnostics) {
    const e = entryOf(d, snap);
    const k = key(e);
    const found = byKey.get(k);
    if (found) found.count++;
    else byKey.set(k, { ...e, count: 1 });
  }
  const entries = [...byKey.values()].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  return {
    version: 1,
    comment:
      'Known problems that `grounded check` does not report. Written by `grounded baseline`; run it again to accept the current state.',
    entries,
  };
}

/** Splits diagnostics into those the baseline knows (up to each entry's count) and the rest. */
export function applyBaseline(snap: Snapshot, baseline: Baseline): { kept: ReportDiagnostic[]; suppressed: number } {
  const left = new Map<string, number>();
  for (const e of baseline.entries) left.set(key(e), (left.get(key(e)) ?? 0) + e.count);
  const kept: ReportDiagnostic[] = [];
  let suppressed = 0;
  for (const d of snap.report.diagnostics) {
    const k = key(entryOf(d, snap));
    const n = left.get(k) ?? 0;
    if (n > 0) {
      left.set(k, n - 1);
      suppressed++;
    } else kept.push(d);
  }
  return { kept, suppressed };
}

/** Reads a baseline file; `undefined` when it does not exist and was not asked for by name. */
export function readBaseline(file: string, required: boolean, root?: string): Baseline | undefined {
  // The default baseline must not lead out of the folder: its entries would show in the report.
  if (!required && root !== undefined && !staysInside(file, root))
    throw new UsageError(`cannot read baseline ${file}: it is a symlink to a file outside the folder; it was not read`);
  const read = readRegularFile(file, MAX_BASELINE_BYTES);
  if (!('bytes' in read)) {
    if (!required && read.code === 'ENOENT') return undefined;
    throw new UsageError(`cannot read baseline ${file}: ${describeFailure(read, MAX_BASELINE_BYTES)}`);
  }
  const text = read.bytes.toString('utf8');
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new UsageError(
      `${file} is not valid JSON (${(e as Error).message}); run \`grounded baseline\` to write it again`,
    );
  }
  const b = data as Baseline;
  const valid =
    b &&
    b.version === 1 &&
    Array.isArray(b.entries) &&
    b.entries.every(
      e =>
        e &&
        typeof e.file === 'string' &&
        typeof e.rule === 'string' &&
        typeof e.message === 'string' &&
        typeof e.line === 'string' &&
        Number.isInteger(e.count) &&
        e.count > 0,
    );
  if (!valid)
    throw new UsageError(`${file} is not a Grounded baseline (version 1); run \`grounded baseline\` to write it again`);
  return b;
}

/**
 * Writes the baseline through a new temporary file and a rename, so that it never writes through
 * a symlink (the rename replaces the path itself) and never leaves half a file. A symlink or
 * anything but a regular file at `file` is refused: Grounded did not create it.
 */
export function writeBaseline(file: string, baseline: Baseline): void {
  let st: fs.Stats | undefined;
  try {
    st = fs.lstatSync(file);
  } catch {
    st = undefined;
  }
  if (st?.isSymbolicLink())
    throw new UsageError(
      `${file} is a symlink; Grounded does not write through one. Remove it, or give another --baseline FILE`,
    );
  if (st && !st.isFile()) throw new UsageError(`${file} is not a regular file; give another --baseline FILE`);
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(tmp, JSON.stringify(baseline, null, 2) + '\n', { flag: 'wx' });
    fs.renameSync(tmp, file);
  } catch (e) {
    try {
      fs.rmSync(tmp, { force: true });
    } catch {
      // nothing more to do
    }
    throw new UsageError(`cannot write baseline ${file}: ${(e as NodeJS.ErrnoException).code ?? e}`);
  }
}
