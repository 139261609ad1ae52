import * as fs from 'node:fs';
import * as path from 'node:path';

/*
 * How Grounded writes its caches (the CLI's warm path, src/node/warm/; the editor's snapshots).
 */

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
