// npm run package: builds grounded-<version>.vsix with @vscode/vsce.
//
// vsce refuses a package.json with a `files` list next to a .vscodeignore, and `files` is what
// keeps the npm package to the CLI. So vsce runs on a staging copy in out/vsix/: the repo's
// files (tracked and untracked, not git-ignored) plus dist/, with `files` left out of its
// package.json. .vscodeignore then decides, alone, what the VSIX holds.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const stage = join(root, 'out', 'vsix');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const out = resolve(root, process.env.GROUNDED_VSIX ?? `${pkg.name}-${pkg.version}.vsix`);

const listed = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
  cwd: root,
  encoding: 'utf8',
})
  .split('\0')
  .filter(Boolean);

rmSync(stage, { recursive: true, force: true });
for (const file of listed) {
  if (file === 'package.json') continue;
  mkdirSync(dirname(join(stage, file)), { recursive: true });
  // A file deleted from the work tree but still in the index is simply not shipped.
  try {
    cpSync(join(root, file), join(stage, file));
  } catch (err) {
    if (err.code !== 'ENOENT') throw err;
  }
}
cpSync(join(root, 'dist'), join(stage, 'dist'), { recursive: true });
const { files: _npmFiles, ...manifest } = pkg;
writeFileSync(join(stage, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);

const vsce = join(dirname(createRequire(import.meta.url).resolve('@vscode/vsce/package.json')), 'vsce');
execFileSync(process.execPath, [vsce, 'package', '--no-dependencies', '--out', out], { cwd: stage, stdio: 'inherit' });
