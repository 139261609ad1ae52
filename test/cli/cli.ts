import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const REPO = path.join(__dirname, '..', '..', '..');
export const CLI = path.join(REPO, 'dist', 'cli.js');
export const FIXTURES = path.join(REPO, 'test', 'fixtures', 'cli');

export interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

/** The folder that holds this test process's cache folders, removed when it exits. */
let caches: string | undefined;

/**
 * A new, empty cache folder (for `GROUNDED_CACHE_DIR`): a spawned run gets one of its own, so
 * that no run is answered from what an earlier run (or an earlier `npm test`) stored; a test that
 * means runs to share a cache passes the same one to each.
 */
export function freshCacheDir(): string {
  if (!caches) {
    const dir = (caches = fs.mkdtempSync(path.join(os.tmpdir(), 'grounded-test-caches-')));
    process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  }
  return fs.mkdtempSync(path.join(caches, 'run-'));
}

/**
 * The environment of a spawned run: the test's own, with a fresh cache folder unless `env`
 * chooses where the caches go (`GROUNDED_CACHE_DIR`, or `HOME` / `XDG_CACHE_HOME` for the default).
 */
export function cliEnv(env: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const chosen = ['GROUNDED_CACHE_DIR', 'HOME', 'XDG_CACHE_HOME'].some(k => k in env);
  return { ...process.env, GROUNDED_CACHE_DIR: chosen ? undefined : freshCacheDir(), ...env };
}

/** Spawns the built CLI, as a user or CI would run it, with a cache folder of its own (see `cliEnv`). */
export function grounded(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Result {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: options.cwd ?? REPO,
    env: cliEnv({ NO_COLOR: '', FORCE_COLOR: '', ...options.env }),
    encoding: 'utf8',
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

export function fixture(name: string): string {
  return path.join(FIXTURES, name);
}
