// Builds the CLI bundle in a checkout of the action (action.yml runs it when dist/cli.js is not
// there). Instead of `npm ci` of every devDependency (500+ packages, ~40 s), it installs only
// what the CLI bundle is built from, at the versions of package-lock.json, into a folder of its
// own: esbuild and the packages the CLI imports. test/package checks that CLI_PACKAGES names
// every package in dist/cli.js.map.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The packages that dist/cli.js inlines. */
export const CLI_PACKAGES = ['yaml', 'picomatch', 'csv-parse'];

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function main() {
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8'));
  const specs = ['esbuild', ...CLI_PACKAGES].map(name => {
    const entry = lock.packages?.[`node_modules/${name}`];
    if (!entry?.version) throw new Error(`package-lock.json has no ${name}`);
    return `${name}@${entry.version}`;
  });
  const modules = join(root, 'node_modules');
  if (!existsSync(modules)) {
    const prefix = mkdtempSync(join(process.env.RUNNER_TEMP || tmpdir(), 'grounded-build-'));
    execFileSync(
      'npm',
      [
        'install',
        '--no-save',
        '--no-package-lock',
        '--ignore-scripts',
        '--no-audit',
        '--no-fund',
        '--loglevel=error',
        '--prefix',
        prefix,
        ...specs,
      ],
      {
        stdio: 'inherit',
      },
    );
    symlinkSync(join(prefix, 'node_modules'), modules, 'dir');
  }
  execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs'), '--cli'], { cwd: root, stdio: 'inherit' });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
