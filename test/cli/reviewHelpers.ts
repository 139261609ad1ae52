import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cliEnv } from './cli';

export const REPO = path.join(__dirname, '..', '..', '..');
export const CLI = path.join(REPO, 'dist', 'cli.js');
/** The review fixture, as a path relative to REPO (the CLI runs there, as from a repository root in CI). */
export const WORKSPACE = 'test/fixtures/review/workspace';
export const TODAY = ['--today', '2026-11-29'];

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Spawns the built CLI with an argument array, as CI would, with a cache folder of its own unless `env` names one. */
export function cli(args: string[], cwd = REPO, env: NodeJS.ProcessEnv = {}): Run {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    encoding: 'utf8',
    env: cliEnv({ NO_COLOR: '1', ...env }),
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** A fresh folder below the system temp folder, removed by the returned function. */
export function tempDir(prefix: string): { dir: string; remove: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** Writes files (relative path → text) below `root`, creating folders. */
export function writeFiles(root: string, files: Record<string, string>): void {
  for (const [rel, text] of Object.entries(files)) {
    const file = path.join(root, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  }
}

/** Runs git in `cwd` with an argument array; throws with git's message when it fails. */
export function git(cwd: string, ...args: string[]): string {
  const r = spawnSync(
    'git',
    [
      '-c',
      'user.name=Test',
      '-c',
      'user.email=test@example.com',
      '-c',
      'commit.gpgsign=false',
      '-c',
      'init.defaultBranch=main',
      ...args,
    ],
    { cwd, encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

export function finding(id: string, extra = ''): string {
  return `---\nid: ${id}\ntype: finding\ntitle: Finding ${id}\nsource: interview\ndate: 2026-06-01\n${extra}---\nBody.\n`;
}
