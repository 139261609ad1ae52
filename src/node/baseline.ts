import * as fs from 'node:fs';
import * as path from 'node:path';
import { UsageError } from './check';
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
  return { file: d.file, rule: d.rule, message: stableMessage(d.message), line: lineHash(snap.lineText(d.file, d.line)) };
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
    comment: 'Known problems that `grounded check` does not report. Written by `grounded baseline`; run it again to accept the current state.',
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
export function readBaseline(file: string, required: boolean): Baseline | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    if (!required && (e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new UsageError(`cannot read baseline ${file}: ${(e as NodeJS.ErrnoException).code ?? e}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`${file} is not valid JSON (${(e as Error).message}); run \`grounded baseline\` to write it again`);
  }
  const b = data as Baseline;
  const valid =
    b && b.version === 1 && Array.isArray(b.entries) &&
    b.entries.every((e) => e && typeof e.file === 'string' && typeof e.rule === 'string' && typeof e.message === 'string' && typeof e.line === 'string' && Number.isInteger(e.count) && e.count > 0);
  if (!valid) throw new UsageError(`${file} is not a Grounded baseline (version 1); run \`grounded baseline\` to write it again`);
  return b;
}

export function writeBaseline(file: string, baseline: Baseline): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(baseline, null, 2) + '\n');
}
