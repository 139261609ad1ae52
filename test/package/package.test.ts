// The packages as users get them: the VSIX that `npm run package` made, and the npm tarball
// that `npm pack` makes, each compared file by file with test/package/shipped.ts.
import * as assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as yauzl from 'yauzl';
import { parse } from 'yaml';
import { MAX_NPM_BYTES, MAX_VSIX_BYTES, NOT_IN_CLI, NPM_FILES, VSIX_FILES } from './shipped';

const REPO = path.join(__dirname, '..', '..', '..');

interface Manifest {
  name: string;
  publisher: string;
  version: string;
  icon?: string;
  repository?: { type: string; url: string };
  galleryBanner?: { color: string; theme: string };
  categories?: string[];
  keywords?: string[];
  engines: Record<string, string>;
  devDependencies: Record<string, string>;
  dependencies?: Record<string, string>;
  files?: string[];
}

const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as Manifest;
const VSIX = path.join(REPO, `${pkg.name}-${pkg.version}.vsix`);

/** Every entry of a zip file with its contents. */
function readZip(file: string): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    const entries = new Map<string, Buffer>();
    yauzl.open(file, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err);
      zip.on('error', reject);
      zip.on('end', () => resolve(entries));
      zip.on('entry', (entry: yauzl.Entry) => {
        if (entry.fileName.endsWith('/')) return zip.readEntry();
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(e);
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            entries.set(entry.fileName, Buffer.concat(chunks));
            zip.readEntry();
          });
        });
      });
      zip.readEntry();
    });
  });
}

/**
 * The environment for a nested npm: without the npm_* variables that an outer `npm test`
 * sets (its prefix would send an install into this repo), but with the registry settings.
 */
function npmEnv(): NodeJS.ProcessEnv {
  const keep = new Set([
    'npm_config_registry',
    'npm_config_cafile',
    'npm_config_cache',
    'npm_config_userconfig',
    'npm_config_globalconfig',
  ]);
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('npm_') || keep.has(k)) env[k] = v;
  delete env.INIT_CWD;
  return env;
}

function run(cmd: string, args: string[], options: SpawnSyncOptions): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8', env: npmEnv(), timeout: 120_000, ...options });
  assert.equal(
    r.status,
    0,
    `${cmd} ${args.join(' ')} exited ${r.status}: ${String(r.stderr ?? '')}${String(r.stdout ?? '')}`,
  );
  return String(r.stdout);
}

/** The width and height of a PNG, from its IHDR chunk. */
function pngSize(png: Buffer): { width: number; height: number } {
  assert.equal(png.subarray(0, 8).toString('hex'), '89504e470d0a1a0a', 'not a PNG');
  assert.equal(png.subarray(12, 16).toString('latin1'), 'IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

function repositoryWeb(): string {
  return pkg.repository!.url.replace(/^git\+/, '').replace(/\.git$/, '');
}

describe('the VSIX (npm run package)', function () {
  this.timeout(30000);
  let entries: Map<string, Buffer>;
  let manifest: Manifest;

  before(async () => {
    assert.ok(fs.existsSync(VSIX), `${path.basename(VSIX)} is missing: run \`npm run package\``);
    entries = await readZip(VSIX);
    manifest = JSON.parse(entries.get('extension/package.json')!.toString('utf8')) as Manifest;
  });

  it('holds exactly the files of test/package/shipped.ts', () => {
    const actual = [...entries.keys()].sort();
    const unexpected = actual.filter(f => !VSIX_FILES.includes(f));
    const missing = VSIX_FILES.filter(f => !entries.has(f));
    assert.deepEqual({ unexpected, missing }, { unexpected: [], missing: [] });
  });

  it(`stays under ${MAX_VSIX_BYTES / 1024 / 1024} MB`, () => {
    const size = fs.statSync(VSIX).size;
    assert.ok(size < MAX_VSIX_BYTES, `${size} bytes`);
  });

  it('is the current build of the extension', () => {
    assert.ok(
      entries.get('extension/dist/extension.js')!.equals(fs.readFileSync(path.join(REPO, 'dist', 'extension.js'))),
      'dist/extension.js changed since `npm run package`',
    );
  });

  it('carries the marketplace metadata', () => {
    assert.equal(manifest.version, pkg.version);
    assert.equal(manifest.icon, 'media/icon.png');
    assert.deepEqual(pngSize(entries.get(`extension/${manifest.icon}`)!), { width: 128, height: 128 });
    assert.match(manifest.repository?.url ?? '', /^https:\/\/github\.com\/[\w.-]+\/[\w.-]+\.git$/);
    assert.match(manifest.galleryBanner?.color ?? '', /^#[0-9a-f]{6}$/i);
    assert.ok(['dark', 'light'].includes(manifest.galleryBanner?.theme ?? ''));
    assert.ok((manifest.categories ?? []).includes('Linters'));
    assert.ok((manifest.keywords ?? []).length > 0 && manifest.keywords!.length <= 30);
    assert.equal(manifest.files, undefined, 'the VSIX manifest carries the npm `files` list');
  });

  it('asks for the VS Code version the types are pinned to', () => {
    assert.equal(manifest.engines.vscode, `^${pkg.devDependencies['@types/vscode']}`);
  });

  it("has README images that point at the repository's copies of shipped files", () => {
    const readme = entries.get('extension/readme.md')!.toString('utf8');
    const images = [...readme.matchAll(/!\[[^\]]*\]\(([^)\s]+)\)/g)].map(m => m[1]!);
    assert.ok(images.length > 0, 'the README shows no image');
    const base = `${repositoryWeb()}/raw/HEAD/`;
    for (const src of images) {
      assert.ok(src.startsWith(base), `${src} does not point at ${base}`);
      const file = src.slice(base.length);
      assert.ok(fs.existsSync(path.join(REPO, file)), `${file} is not in the repository`);
      assert.ok(entries.has(`extension/${file}`), `${file} is not in the VSIX`);
    }
  });

  it('has no README link that leaves the repository', () => {
    const readme = entries.get('extension/readme.md')!.toString('utf8');
    const links = [...readme.matchAll(/\]\(([^)\s]+)\)/g)].map(m => m[1]!);
    for (const href of links) {
      assert.doesNotMatch(href, /\/\.\.\//, href);
    }
  });
});

describe('the npm package (npm pack)', function () {
  this.timeout(120000);
  let tmp: string;
  let tarball: string;

  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'grounded-pack-'));
    const out = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', tmp], { cwd: REPO })) as {
      filename: string;
    }[];
    tarball = path.join(tmp, out[0]!.filename);
  });

  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('holds exactly the files of test/package/shipped.ts', () => {
    const listed = run('tar', ['-tzf', tarball], { cwd: tmp })
      .split('\n')
      .filter(l => l && !l.endsWith('/'))
      .map(l => l.replace(/^package\//, ''))
      .sort();
    assert.deepEqual(listed, [...NPM_FILES].sort());
  });

  it(`stays under ${MAX_NPM_BYTES / 1024} KB and needs no dependencies`, () => {
    const size = fs.statSync(tarball).size;
    assert.ok(size < MAX_NPM_BYTES, `${size} bytes`);
    assert.deepEqual(Object.keys(pkg.dependencies ?? {}), [], 'the bundles need no dependencies at run time');
  });

  it('installs into an empty folder, where `npx grounded check` works', () => {
    const project = path.join(tmp, 'project');
    fs.mkdirSync(project);
    run('npm', ['install', '--offline', '--no-audit', '--no-fund', '--no-package-lock', '--no-save', tarball], {
      cwd: project,
    });
    const version = run('npx', ['--no-install', 'grounded', '--version'], { cwd: project }).trim();
    assert.equal(version, pkg.version);
    const docs = path.join(REPO, 'test', 'fixtures', 'cli', 'clean');
    const report = JSON.parse(
      run('npx', ['--no-install', 'grounded', 'check', docs, '--format', 'json'], { cwd: project }),
    ) as {
      summary: { specs: number; errors: number };
    };
    assert.ok(report.summary.specs > 0);
    assert.equal(report.summary.errors, 0);
    const failing = spawnSync(
      'npx',
      ['--no-install', 'grounded', 'check', path.join(REPO, 'test', 'fixtures', 'cli', 'gaps')],
      {
        cwd: project,
        encoding: 'utf8',
        env: npmEnv(),
      },
    );
    assert.equal(failing.status, 1, failing.stderr);
    assert.match(failing.stdout, /broken-link|ungrounded-requirement/);
  });
});

describe('the CLI bundle', () => {
  it('does not contain the extension UI or the editor features', () => {
    const map = JSON.parse(fs.readFileSync(path.join(REPO, 'dist', 'cli.js.map'), 'utf8')) as { sources: string[] };
    const sources = map.sources.map(s =>
      path
        .relative(REPO, path.resolve(REPO, 'dist', s))
        .split(path.sep)
        .join('/'),
    );
    assert.ok(sources.includes('src/cli/main.ts'), 'the source map does not name the CLI');
    const leaked = sources.filter(s => NOT_IN_CLI.some(prefix => s.startsWith(prefix)));
    assert.deepEqual(leaked, []);
  });
});

describe("the action's CLI build (action/build.mjs)", () => {
  it('installs every package that the CLI bundle inlines', () => {
    const script = fs.readFileSync(path.join(REPO, 'action', 'build.mjs'), 'utf8');
    const listed = JSON.parse(/CLI_PACKAGES = (\[[^\]]*\])/.exec(script)![1]!.replace(/'/g, '"')) as string[];
    const map = JSON.parse(fs.readFileSync(path.join(REPO, 'dist', 'cli.js.map'), 'utf8')) as { sources: string[] };
    const used = new Set<string>();
    for (const s of map.sources) {
      const m = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(s);
      if (m) used.add(m[1]!);
    }
    assert.deepEqual([...used].sort(), [...listed].sort());
  });
});

describe('the version', () => {
  it('agrees between package.json, `grounded --version`, SARIF and the changelog, as does the repository', () => {
    const cli = spawnSync(process.execPath, [path.join(REPO, 'dist', 'cli.js'), '--version'], { encoding: 'utf8' });
    assert.equal(cli.stdout.trim(), pkg.version);
    const sarif = spawnSync(
      process.execPath,
      [
        path.join(REPO, 'dist', 'cli.js'),
        'check',
        path.join(REPO, 'test', 'fixtures', 'cli', 'clean'),
        '--format',
        'sarif',
      ],
      {
        encoding: 'utf8',
      },
    );
    const driver = (
      JSON.parse(sarif.stdout) as { runs: { tool: { driver: { version: string; informationUri?: string } } }[] }
    ).runs[0]!.tool.driver;
    assert.equal(driver.version, pkg.version);
    assert.equal(driver.informationUri, repositoryWeb());
    const changelog = fs.readFileSync(path.join(REPO, 'CHANGELOG.md'), 'utf8');
    const released = [...changelog.matchAll(/^## \[(\d[^\]]*)\]/gm)].map(m => m[1]);
    assert.equal(released[0], pkg.version, 'the newest release in CHANGELOG.md');
    assert.match(
      changelog,
      new RegExp(`^\\[${pkg.version.replace(/\./g, '\\.')}\\]: https://`, 'm'),
      'the release has no link',
    );
  });
});

describe('the pre-commit hook (.pre-commit-hooks.yaml)', () => {
  const hooks = parse(fs.readFileSync(path.join(REPO, '.pre-commit-hooks.yaml'), 'utf8')) as {
    id: string;
    entry: string;
    language: string;
    files: string;
    pass_filenames: boolean;
  }[];

  it("runs this package's bin on the repository when Markdown or the config is staged", () => {
    const hook = hooks.find(h => h.id === 'grounded');
    assert.ok(hook, 'no hook with the id grounded');
    const bin = Object.keys((pkg as unknown as { bin: Record<string, string> }).bin);
    assert.equal(hook.entry, `npx --no-install ${bin[0]} check`);
    assert.equal(hook.pass_filenames, false);
    const files = new RegExp(hook.files);
    for (const f of [
      'README.md',
      'docs/specs/checkout.md',
      'notes/a b.markdown',
      '.grounded.yaml',
      'docs/.grounded.yaml',
    ])
      assert.match(f, files, f);
    for (const f of ['index.ts', 'docs/x.grounded.yaml', 'md', 'notes.md.txt']) assert.doesNotMatch(f, files, f);
  });
});
