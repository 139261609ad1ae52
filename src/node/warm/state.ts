import * as fs from 'node:fs';
import { recordStat } from '../files';
import type { ConfigFile } from '../check';

declare const GROUNDED_VERSION: string | undefined;

/** The layout of the cache files; another one is ignored. */
export const WARM_CACHE_FORMAT = 4;

/** The running Grounded's version. */
function version(): string {
  return typeof GROUNDED_VERSION === 'string' ? GROUNDED_VERSION : '0.0.0-dev';
}

/** What a report depends on, checkable with one `stat` per path. */
export interface FolderState {
  /** The config text, `today`, the root, the version and the running bundle (see `contextOf`). */
  context: string;
  /** The folders listed, the files read and the paths that could not be (absolute). */
  paths: string[];
  /** Four numbers per path (size, mtime, ctime, inode; see `recordStat`); NaN for a path that did not stat. */
  stats: Float64Array;
}

/**
 * What a report depends on besides the files: the config's text (as the run read it), `today`,
 * the root, and the build (the version, and the running bundle's size and time, so that a
 * rebuilt Grounded of the same version, a development build, does not reuse a report the old
 * code made). Undefined when the config cannot be read or the root does not resolve: such a run
 * is not cached.
 */
export function contextOf(root: string, config: ConfigFile, today: string): string | undefined {
  if (typeof config.text === 'object') return undefined;
  try {
    const self = fs.statSync(__filename);
    const real = fs.realpathSync(root);
    return `${WARM_CACHE_FORMAT}\0${version()}\0${self.size}\0${self.mtimeMs}\0${real}\0${config.file}\0${today}\0${config.text ?? '\u0001none'}`;
  } catch {
    return undefined;
  }
}

/** The `stat` of `file` at slot `i` (NaN for any path that cannot be stat'ed: missing, a loop). */
export function statInto(stats: Float64Array | number[], i: number, file: string): void {
  let st: fs.Stats | undefined;
  try {
    st = fs.statSync(file, { throwIfNoEntry: false });
  } catch {
    st = undefined;
  }
  recordStat(stats, i, st);
}

/**
 * Whether recorded states still hold, for one run. The output memo and the report cache of one
 * run hold the same state: once it was checked, the other copy gets the same answer without a
 * second `stat` of every path.
 */
export class StateCheck {
  private readonly checked: { state: FolderState; holds: boolean }[] = [];

  constructor(private readonly context: string) {}

  /** True when nothing `state` recorded has changed (Object.is, so NaN matches NaN). */
  holds(state: FolderState): boolean {
    try {
      if (
        !Array.isArray(state?.paths) ||
        !(state.stats instanceof Float64Array) ||
        state.stats.length !== state.paths.length * 4 ||
        state.context !== this.context
      )
        return false;
      const known = this.checked.find(c => sameState(c.state, state));
      if (known) return known.holds;
      const holds = statsHold(state);
      this.checked.push({ state, holds });
      return holds;
    } catch {
      return false;
    }
  }
}

function statsHold(state: FolderState): boolean {
  const now = new Float64Array(4);
  for (let i = 0; i < state.paths.length; i++) {
    statInto(now, 0, state.paths[i]);
    for (let k = 0; k < 4; k++) if (!Object.is(now[k], state.stats[4 * i + k])) return false;
  }
  return true;
}

function sameState(a: FolderState, b: FolderState): boolean {
  if (a.context !== b.context || a.stats.length !== b.stats.length) return false;
  for (let i = 0; i < a.stats.length; i++) if (!Object.is(a.stats[i], b.stats[i])) return false;
  return a.paths.every((p, i) => p === b.paths[i]);
}
