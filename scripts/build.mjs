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
  try {
    entries = readdirSync(dir);
  } catch {
    return out;
  }
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
      // The web extension (github.dev, vscode.dev): the same extension for a browser's web worker,
      // with no Node built-ins (esbuild fails on any), reading through vscode.workspace.fs.
      {
        ...common,
        platform: 'browser',
        target: 'es2022',
        entryPoints: { 'web/extension': 'src/extension/web/extension.ts' },
        outdir: 'dist',
        inject: ['src/extension/web/shims.ts'],
        external: ['vscode'],
      },
      ...cli,
      // The servers are bundles of their own, loaded by the CLI only for `grounded lsp` / `grounded mcp`.
      // They ship in the npm package, which has no dependencies: everything is bundled (the MCP
      // SDK's ajv too) and minified to keep the tarball small.
      { ...common, entryPoints: { lsp: 'src/lsp/main.ts' }, outdir: 'dist', external: [], minify: true },
      { ...common, entryPoints: { mcp: 'src/mcp/main.ts' }, outdir: 'dist', external: [], minify: true },
      {
        ...common,
        entryPoints: [...tsFiles('test').filter(f => !f.startsWith(join('test', 'web'))), ...tsFiles('bench')],
        outdir: 'out',
        outbase: '.',
      },
      // The web extension's suite runs in the browser's web worker extension host (run.js --web).
      {
        ...common,
        platform: 'browser',
        target: 'es2022',
        entryPoints: { 'test/web/index': 'test/web/index.ts' },
        outdir: 'out',
        external: ['vscode'],
      },
    ];

if (watch) {
  for (const b of builds) (await esbuild.context(b)).watch();
} else {
  await Promise.all(builds.map(b => esbuild.build(b)));
  chmodSync('dist/cli.js', 0o755);
}
