// One esbuild script for every bundle: the extension, the CLI, and the tests and benchmark,
// which are bundled too so that the ESM-only unified/remark packages load from CommonJS.
import * as esbuild from 'esbuild';
import { readdirSync, statSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));

const watch = process.argv.includes('--watch');

/** Every `.ts` file below `dir`, recursively. */
function tsFiles(dir) {
  let out = [];
  let entries;
  try { entries = readdirSync(dir); } catch { return out; }
  for (const name of entries) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out = out.concat(tsFiles(p));
    else if (p.endsWith('.ts') && !p.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  // The version and the repository (for the rule docs' links) come from package.json alone.
  define: {
    GROUNDED_VERSION: JSON.stringify(pkg.version),
    GROUNDED_REPOSITORY: JSON.stringify(pkg.repository?.url ?? ''),
  },
  external: ['vscode', 'mocha', 'playwright-core', '@vscode/test-electron', 'ajv', 'ajv-formats'],
};

const cli = [
  { ...common, entryPoints: { cli: 'src/cli/main.ts' }, outdir: 'dist', banner: { js: '#!/usr/bin/env node' } },
  { ...common, entryPoints: { worker: 'src/node/worker.ts' }, outdir: 'dist' },
];
// `--cli`: the CLI alone, for the GitHub Action (action.yml), which needs nothing else.
const builds = process.argv.includes('--cli')
  ? cli
  : [
      { ...common, entryPoints: { extension: 'src/extension/extension.ts' }, outdir: 'dist' },
      ...cli,
      { ...common, entryPoints: [...tsFiles('test'), ...tsFiles('bench')], outdir: 'out', outbase: '.' },
    ];

if (watch) {
  for (const b of builds) (await esbuild.context(b)).watch();
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
  chmodSync('dist/cli.js', 0o755);
}
