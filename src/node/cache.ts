import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/*
 * Where the CLI keeps its caches, and how it writes them (docs/performance.md). The caches themselves are in
 * reportCache.ts. There was a parse cache too (parsed documents by content hash); once parsing
 * got fast, reading, hashing and rewriting it made a check with one changed file slower than
 * one without it (5.2 s and 455 MB against 3.0 s and 277 MB on 10,000 documents), so it went.
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

/**
 * Writes a cache file through a temporary file and a rename, so that a reader never sees half
 * of it; a failure (read-only folder, full disk) only costs speed next time.
 */
export function writeAtomically(file: string, contents: () => string | Uint8Array): void {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.rmSync(tmp, { force: true });
    fs.writeFileSync(tmp, contents(), { flag: 'wx' });
    fs.renameSync(tmp, file);
  } catch {
    try {
      fs.rmSync(tmp, { force: true });
    } catch {
      // nothing more to do
    }
  }
}
