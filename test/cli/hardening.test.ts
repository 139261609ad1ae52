import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import { CLI, fixture, grounded, REPO } from './cli';
import { git } from './reviewHelpers';

/*
 * Hostile folders and hostile command lines (docs/limits.md), through the built CLI. Every folder is
 * made in a temporary directory: symlinks, FIFOs and devices cannot be committed as fixtures.
 */

const TODAY = ['--today', '2026-11-29'];

function noStack(s: string) {
  assert.doesNotMatch(s, /\n\s+at /, 'no stack trace');
}

function finding(id: string, extra = ''): string {
  return `---\nid: ${id}\ntype: finding\ntitle: Finding ${id}\nsource: interview\ndate: 2026-06-01\n${extra}---\nBody.\n`;
}

function spec(id: string, evidence: string[]): string {
  return `---\nid: ${id}\ntype: spec\ntitle: Spec ${id}\nrequirements:\n  - id: R-1\n    text: Do it.\n    priority: could\n    evidence: [${evidence.join(', ')}]\n---\n`;
}

let tmp: string;
function folder(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(tmp, 'ws-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

/** The check as JSON, with no cache (each test builds its own folder). */
function check(dir: string, extra: string[] = [], env: NodeJS.ProcessEnv = {}) {
  const r = grounded(['check', dir, '--format', 'json', '--no-cache', ...TODAY, ...extra], { env });
  noStack(r.stderr);
  return { ...r, report: r.code === 2 ? undefined : JSON.parse(r.stdout) };
}

describe('hardening (spawned CLI)', function () {
  this.timeout(20000);
  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'grounded-hardening-'));
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  describe('special files are never read without bounds', () => {
    for (const [what, make] of [
      ['a symlink to /dev/zero', (p: string) => fs.symlinkSync('/dev/zero', p)],
      ['a symlink to /dev/urandom', (p: string) => fs.symlinkSync('/dev/urandom', p)],
      ['a FIFO', (p: string) => spawnSync('mkfifo', [p])],
      ['a folder', (p: string) => fs.mkdirSync(p)],
    ] as const) {
      it(`--config that is ${what}: exit 2 with one line, at once`, () => {
        const dir = folder({ 'f.md': finding('F-1') });
        make(path.join(dir, 'special'));
        const r = check(dir, ['--config', path.join(dir, 'special')]);
        assert.equal(r.code, 2);
        assert.match(r.stderr, /^grounded: cannot read config .*special: (not a regular file|a folder)/);
        assert.equal(r.stderr.trim().split('\n').length, 1);
      });
      it(`a baseline that is ${what}: exit 2 with one line`, () => {
        const dir = folder({ 'f.md': finding('F-1') });
        make(path.join(dir, 'special'));
        const r = check(dir, ['--baseline', path.join(dir, 'special')]);
        assert.equal(r.code, 2);
        assert.match(r.stderr, /^grounded: cannot read baseline .*special: (not a regular file|a folder)/);
      });
      it(`a cache file that is ${what}: the check runs without it`, () => {
        const dir = folder({ 'f.md': finding('F-1') });
        const cache = fs.mkdtempSync(path.join(tmp, 'cache-'));
        const env = { GROUNDED_CACHE_DIR: cache };
        // The first run names the cache files; each is then replaced by the special file.
        assert.equal(grounded(['check', dir, ...TODAY], { env }).code, 0);
        const files = fs.readdirSync(cache);
        assert.ok(files.length >= 2, files.join());
        for (const f of files) {
          fs.rmSync(path.join(cache, f));
          make(path.join(cache, f));
        }
        const r = grounded(['check', dir, ...TODAY], { env });
        assert.equal(r.code, 0, r.stderr);
        assert.match(r.stdout, /1 document/);
      });
    }
    it('a .grounded.yaml that links out of the folder is not read', () => {
      const outside = path.join(tmp, 'outside.yaml');
      fs.writeFileSync(outside, 'secret-setting-from-outside: 1\n');
      const dir = folder({ 'f.md': finding('F-1') });
      fs.symlinkSync(outside, path.join(dir, '.grounded.yaml'));
      const r = check(dir);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /symlink to a file outside the folder/);
      assert.doesNotMatch(r.stderr, /secret/);
    });
    it('a Markdown file that is a FIFO (made after the walk could list it) does not hang', () => {
      const dir = folder({ 'f.md': finding('F-1') });
      spawnSync('mkfifo', [path.join(dir, 'pipe.md')]);
      const r = check(dir);
      assert.equal(r.code, 0, r.stderr);
    });
  });

  describe('prototype names are unknown values', () => {
    for (const [option, value, message] of <[string, string, RegExp][]>[
      ['--fail-on', 'constructor', /unknown --fail-on `constructor`/],
      ['--fail-on', '__proto__', /unknown --fail-on `__proto__`/],
      ['--fail-on', 'toString', /unknown --fail-on `toString`/],
      ['--format', '__proto__', /unknown format `__proto__`/],
      ['--format', 'constructor', /unknown format `constructor`/],
      ['--format', 'hasOwnProperty', /unknown format `hasOwnProperty`/],
    ]) {
      it(`${option} ${value}: exit 2, a usage error`, () => {
        const r = grounded(['check', fixture('gaps'), option, value, ...TODAY]);
        assert.equal(r.code, 2);
        assert.match(r.stderr, message);
        noStack(r.stderr);
      });
    }
    it('rules: { broken-link: constructor } is a config error, not a severity', () => {
      const dir = folder({
        '.grounded.yaml': 'rules:\n  broken-link: constructor\n  missing-field: __proto__\n',
        's.md': spec('S-1', ['F-9']),
      });
      const r = check(dir);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /rule `broken-link` must be set to error, warning, info or off/);
      assert.match(r.stderr, /rule `missing-field` must be set to error, warning, info or off/);
    });
    it('a frontmatter key named constructor or __proto__ is an unknown field, and the file is read', () => {
      const dir = folder({
        'f.md': finding('F-1', 'constructor: x\n__proto__: y\ntoString: z\n'),
        's.md': spec('S-1', ['F-1']),
      });
      const r = check(dir, ['--fail-on', 'never']);
      assert.equal(r.code, 0, r.stderr);
      for (const d of r.report.diagnostics) assert.equal(typeof d.severity, 'string');
      assert.equal(r.report.summary.grounded, 1);
    });
  });

  describe('an unusable cache folder costs only speed', () => {
    for (const [what, env] of [
      ['HOME=/dev/null', { HOME: '/dev/null', XDG_CACHE_HOME: '' }],
      ['a file where the cache folder should be', { GROUNDED_CACHE_DIR: '' }],
      ['a cache folder under /dev/null', { GROUNDED_CACHE_DIR: '/dev/null/grounded' }],
    ] as const) {
      it(`${what}: the check works, twice`, () => {
        const dir = folder({ 'f.md': finding('F-1'), 's.md': spec('S-1', ['F-1']) });
        const cacheFile = path.join(tmp, `cache-file-${Math.random()}`);
        fs.writeFileSync(cacheFile, 'not a folder');
        const e = { ...env, GROUNDED_CACHE_DIR: env.GROUNDED_CACHE_DIR === '' ? cacheFile : env.GROUNDED_CACHE_DIR };
        for (let run = 0; run < 2; run++) {
          const r = grounded(['check', dir, ...TODAY], { env: e });
          assert.equal(r.code, 0, r.stderr);
          assert.match(r.stdout, /no problems · 2 documents/);
          assert.equal(r.stderr, '');
        }
      });
    }
  });

  describe('grounded baseline never writes through a symlink', () => {
    it('a symlinked baseline file: exit 2, and the target is untouched', () => {
      const outside = path.join(tmp, 'victim.txt');
      fs.writeFileSync(outside, 'precious\n');
      const dir = folder({ 's.md': spec('S-1', ['F-9']) });
      fs.symlinkSync(outside, path.join(dir, '.grounded-baseline.json'));
      const r = grounded(['baseline', dir, ...TODAY]);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /is a symlink; Grounded does not write through one/);
      noStack(r.stderr);
      assert.equal(fs.readFileSync(outside, 'utf8'), 'precious\n');
    });
    it('--baseline naming a symlink inside the folder: refused too', () => {
      const dir = folder({ 's.md': spec('S-1', ['F-9']), 'real.json': 'keep' });
      fs.symlinkSync('real.json', path.join(dir, 'link.json'));
      const r = grounded(['baseline', dir, '--baseline', path.join(dir, 'link.json'), ...TODAY]);
      assert.equal(r.code, 2);
      assert.equal(fs.readFileSync(path.join(dir, 'real.json'), 'utf8'), 'keep');
    });
    it('a regular baseline file is replaced, not written into', () => {
      const dir = folder({ 's.md': spec('S-1', ['F-9']) });
      const file = path.join(dir, '.grounded-baseline.json');
      fs.writeFileSync(file, '{}');
      const hard = path.join(tmp, `hardlink-${Math.random()}`);
      fs.linkSync(file, hard);
      assert.equal(grounded(['baseline', dir, ...TODAY]).code, 0);
      assert.equal(fs.readFileSync(hard, 'utf8'), '{}', 'a hard link to the old file keeps its text');
      assert.match(fs.readFileSync(file, 'utf8'), /"version": 1/);
    });
  });

  describe('write errors', () => {
    const shell = (cmd: string) =>
      spawnSync('bash', ['-c', cmd], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '' } });
    it('a closed pipe (| head): no stack, and the exit code of the check (0 for a clean folder)', () => {
      const r = shell(
        `node ${CLI} check ${fixture('clean')} ${TODAY.join(' ')} --no-cache | true; echo "code=\${PIPESTATUS[0]}"`,
      );
      assert.match(r.stdout, /code=0/);
      assert.equal(r.stderr, '');
    });
    it('a closed pipe with problems found: exit 1, no stack', () => {
      const r = shell(
        `node ${CLI} check ${fixture('gaps')} ${TODAY.join(' ')} --no-cache --format json | true; echo "code=\${PIPESTATUS[0]}"`,
      );
      assert.match(r.stdout, /code=1/);
      assert.equal(r.stderr, '');
    });
    it('a full disk (/dev/full): one line, exit 2', function () {
      if (!fs.existsSync('/dev/full')) this.skip();
      const r = shell(
        `node ${CLI} check ${fixture('clean')} ${TODAY.join(' ')} --no-cache > /dev/full; echo "code=$?"`,
      );
      assert.match(r.stdout, /code=2/);
      assert.equal(r.stderr, 'grounded: cannot write the report: ENOSPC\n');
    });
  });

  describe('symlinks: a real folder once, nothing outside the root', () => {
    it('a chain of folders that each link twice to the next finishes, walking each folder once', function () {
      this.timeout(10000);
      const dir = folder({ 'f.md': finding('F-1') });
      // d0/{a,b} -> d1, d1/{a,b} -> d2, …: 2^30 paths without the rule, 31 folders with it.
      for (let k = 0; k <= 30; k++) fs.mkdirSync(path.join(dir, `d${k}`));
      for (let k = 0; k < 30; k++)
        for (const n of ['a', 'b']) fs.symlinkSync(`../d${k + 1}`, path.join(dir, `d${k}`, n));
      fs.writeFileSync(path.join(dir, 'd30', 'deep.md'), finding('F-2'));
      const r = check(dir, ['--fail-on', 'never']);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.report.summary.documents, 2);
      assert.deepEqual(
        r.report.diagnostics.filter((d: { rule: string }) => d.rule !== 'unused-finding'),
        [],
      );
    });
    it('a link to / is not followed', function () {
      this.timeout(10000);
      const dir = folder({ 'f.md': finding('F-1') });
      fs.symlinkSync('/', path.join(dir, 'everything'));
      const r = check(dir, ['--fail-on', 'never']);
      assert.equal(r.report.summary.documents, 1);
    });
    it('files outside the root are not read, and their titles do not appear', () => {
      const outside = folder({ 'secret.md': finding('F-9').replace('Finding F-9', 'TOP SECRET TITLE') });
      const dir = folder({ 's.md': spec('S-1', ['F-9']) });
      fs.symlinkSync(path.join(outside, 'secret.md'), path.join(dir, 'secret.md'));
      fs.symlinkSync(outside, path.join(dir, 'outside-folder'));
      const r = check(dir, ['--fail-on', 'never']);
      assert.doesNotMatch(r.stdout, /TOP SECRET/);
      assert.equal(r.report.summary.findings, 0);
      const linked = r.report.diagnostics.filter((d: { file: string }) => d.file === 'secret.md');
      assert.match(linked[0].message, /leads out of the folder; it was not followed/);
      assert.equal(r.report.diagnostics.filter((d: { file: string }) => d.file.startsWith('outside-folder')).length, 0);
    });
    it('follow_symlinks_outside_root: true follows them', () => {
      const outside = folder({ 'secret.md': finding('F-9') });
      const dir = folder({ 's.md': spec('S-1', ['F-9']), '.grounded.yaml': 'follow_symlinks_outside_root: true\n' });
      fs.symlinkSync(outside, path.join(dir, 'outside-folder'));
      const r = check(dir, ['--fail-on', 'never']);
      assert.equal(r.report.summary.findings, 1);
      assert.equal(r.report.summary.grounded, 1);
    });
    it('the same file reached by two paths is one document: no duplicate-id', () => {
      const dir = folder({ 'findings/F-1.md': finding('F-1'), 's.md': spec('S-1', ['F-1']) });
      fs.symlinkSync('findings/F-1.md', path.join(dir, 'redirect.md'));
      fs.symlinkSync('findings', path.join(dir, 'also-findings'));
      fs.symlinkSync('findings', path.join(dir, 'a-findings-link-sorted-first'));
      const r = check(dir, ['--fail-on', 'info']);
      assert.deepEqual(r.report.diagnostics, []);
      assert.equal(r.report.summary.documents, 2);
      assert.equal(r.report.specs[0].requirements[0].state, 'grounded');
    });
    it('loops and broken links on paths that are not Markdown files raise nothing', () => {
      const dir = folder({ 'f.md': finding('F-1'), 's.md': spec('S-1', ['F-1']) });
      fs.mkdirSync(path.join(dir, 'loop'));
      fs.symlinkSync('..', path.join(dir, 'loop', 'again'));
      fs.symlinkSync('nowhere', path.join(dir, 'broken-folder-link'));
      fs.symlinkSync('nowhere.txt', path.join(dir, 'notes.txt'));
      const r = check(dir, ['--fail-on', 'info']);
      assert.deepEqual(r.report.diagnostics, []);
    });
  });

  describe('--base treats symlinks as the working tree does', () => {
    it('a README-only change reports no new spec and no new problems', () => {
      const dir = fs.mkdtempSync(path.join(tmp, 'repo-'));
      git(dir, 'init', '-q');
      fs.mkdirSync(path.join(dir, 'docs', 'specs'), { recursive: true });
      fs.writeFileSync(path.join(dir, 'docs', 'specs', 'real.md'), spec('S-1', ['F-1']));
      fs.writeFileSync(path.join(dir, 'docs', 'F-1.txt'), finding('F-1'));
      fs.symlinkSync('F-1.txt', path.join(dir, 'docs', 'F-1.md'));
      fs.symlinkSync('specs', path.join(dir, 'docs', 'linked-specs'));
      fs.symlinkSync('specs/real.md', path.join(dir, 'docs', 'redirect.md'));
      fs.writeFileSync(path.join(dir, 'docs', 'README.md'), '# Docs\n');
      git(dir, 'add', '-A');
      git(dir, 'commit', '-qm', 'base');
      fs.writeFileSync(path.join(dir, 'docs', 'README.md'), '# Docs, edited\n');
      git(dir, 'commit', '-qam', 'readme');
      const r = check(path.join(dir, 'docs'), ['--base', 'HEAD~1', '--fail-on', 'info']);
      assert.equal(r.code, 0, r.stdout + r.stderr);
      const c = r.report.comparison;
      assert.deepEqual(
        c.specs.filter((s: { status: string }) => s.status !== 'unchanged'),
        [],
      );
      assert.deepEqual(c.newDiagnostics, []);
      assert.deepEqual(c.fixedDiagnostics, []);
      assert.equal(c.summary.before.coverage, c.summary.after.coverage);
    });
  });

  describe('no output can be forged', () => {
    const HOSTILE =
      'x\n::error file=forged.md,line=1::forged\n::add-mask::secret\r\n##[error]legacy\u001b[31mred\u009b31m\u202eevil';
    let dir: string;
    before(() => {
      dir = folder({
        's.md': `---\nid: S-1\ntype: spec\ntitle: "${JSON.stringify(HOSTILE).slice(1, -1)} @octocat #123 https://evil.example www.evil.example"\nstatus: "${JSON.stringify(HOSTILE).slice(1, -1)}"\nrequirements:\n  - id: R-1\n    text: t\n    priority: must\n    evidence: [F-404]\n---\n`,
        'f.md': finding('F-1', `status: "${JSON.stringify(HOSTILE).slice(1, -1)}"\n`),
      });
      // A file name with a line break and a workflow command in it.
      fs.writeFileSync(path.join(dir, 'a\n::error::named.md'), finding('F-2', 'confidence: "\\n::warning::x"\n'));
      fs.writeFileSync(path.join(dir, '::error::named.md'), finding('F-3', 'confidence: nope\n'));
    });
    for (const format of ['text', 'json', 'sarif', 'markdown', 'junit', 'github']) {
      it(`--format ${format}: no line starts a workflow command, no control characters`, () => {
        const r = grounded(['check', dir, '--format', format, '--no-cache', ...TODAY]);
        assert.equal(r.code, 1, r.stderr);
        assert.ok(r.stdout.includes(format === 'github' || format === 'sarif' ? 'forged' : 'S-1'), r.stdout);
        const lines = r.stdout.split(/\r?\n/);
        for (const line of lines) {
          // The annotations themselves: every value in them escaped (a line break is %0A).
          if (
            format === 'github' &&
            /^::(error|warning|notice) file=[^,:\n]*,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,title=Grounded%3A [a-z-]+::/.test(
              line,
            )
          )
            continue;
          assert.doesNotMatch(line, /^\s*::/, `${format}: ${line}`);
          assert.doesNotMatch(line, /##\[/, `${format}: ${line}`);
        }
        assert.doesNotMatch(
          r.stdout,
          /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e]/,
          'no control characters',
        );
        if (format === 'markdown') {
          assert.doesNotMatch(
            r.stdout,
            /@octocat|#123|https:\/\/evil|www\.evil/,
            'mentions, issue links and URLs are inert',
          );
          assert.match(r.stdout, /@&#8203;octocat/);
        }
        if (format === 'json')
          assert.ok(
            JSON.stringify(JSON.parse(r.stdout)).includes('::add-mask::secret'),
            'JSON keeps the data as it is',
          );
      });
    }
    it('a config key with a line break gives one line per problem', () => {
      const bad = folder({ '.grounded.yaml': '"x\\n::error::forged": 1\n', 'f.md': finding('F-1') });
      const r = grounded(['check', bad, ...TODAY]);
      assert.equal(r.code, 2);
      assert.doesNotMatch(r.stderr, /^\s*::/m);
      assert.match(r.stderr, /unknown setting `x\\n::error::forged`/);
    });
  });

  describe('findings from real use', () => {
    it('an include that matches nothing says so, and fails --min-coverage', () => {
      const dir = folder({ '.grounded.yaml': 'include: ["docs/**/*.md"]\n', 'f.md': finding('F-1') });
      const plain = grounded(['check', dir, '--no-cache', ...TODAY]);
      assert.equal(plain.code, 0);
      assert.match(plain.stderr, /no Markdown files found in .*; check `include` and `exclude`/);
      const gated = grounded(['check', dir, '--no-cache', '--min-coverage', '100', ...TODAY]);
      assert.equal(gated.code, 1);
      assert.match(gated.stderr, /--min-coverage 100% cannot pass with no documents/);
    });
    /** A copy of the built CLI, a folder and a cache, and a way to mark the output the memo holds. */
    function copiedCli() {
      const dir = folder({ 'f.md': finding('F-1') });
      const bin = fs.mkdtempSync(path.join(tmp, 'bin-'));
      for (const f of ['cli.js', 'worker.js']) fs.copyFileSync(path.join(path.dirname(CLI), f), path.join(bin, f));
      const cache = fs.mkdtempSync(path.join(tmp, 'cache-'));
      const run = (...args: string[]) =>
        spawnSync(process.execPath, [path.join(bin, 'cli.js'), ...(args.length ? args : ['check', dir, ...TODAY])], {
          encoding: 'utf8',
          env: { ...process.env, NO_COLOR: '', GROUNDED_CACHE_DIR: cache },
        });
      // Mark what the memo holds: a run that prints the mark was answered from it.
      const mark = () => {
        const memo = path.join(
          cache,
          fs.readdirSync(cache).find(f => f.endsWith('.text.out.bin'))!,
        );
        const data = v8.deserialize(fs.readFileSync(memo));
        data.stdout = Buffer.from('MARKED\n');
        fs.writeFileSync(memo, v8.serialize(data));
      };
      return { bundle: path.join(bin, 'cli.js'), run, mark };
    }
    it('a rebuilt CLI is not answered from the cache entry of the old build', () => {
      const { bundle, run, mark } = copiedCli();
      assert.equal(run().status, 0);
      mark();
      assert.equal(run().stdout, 'MARKED\n', 'the same build uses the memo');
      fs.appendFileSync(bundle, '\n// rebuilt\n');
      const rebuilt = run();
      assert.notEqual(rebuilt.stdout, 'MARKED\n');
      assert.match(rebuilt.stdout, /1 document/);
    });
    it('another version is not answered from the cache entry of this one, even with the same size and time', () => {
      const { bundle, run, mark } = copiedCli();
      assert.equal(run().status, 0);
      mark();
      assert.equal(run().stdout, 'MARKED\n', 'the same build uses the memo');
      const version = run('--version').stdout.trim();
      const other = version.replace(/\d$/, d => String((Number(d) + 1) % 10));
      const before = fs.statSync(bundle, { bigint: true });
      fs.writeFileSync(bundle, fs.readFileSync(bundle, 'utf8').split(`"${version}"`).join(`"${other}"`));
      // `touch` sets the old modification time to the nanosecond (fs.utimes rounds it).
      const ns = String(before.mtimeNs % 1_000_000_000n).padStart(9, '0');
      spawnSync('touch', ['-m', '-d', `@${before.mtimeNs / 1_000_000_000n}.${ns}`, bundle]);
      const after = fs.statSync(bundle, { bigint: true });
      assert.deepEqual([after.size, after.mtimeNs], [before.size, before.mtimeNs], 'only the version differs');
      assert.equal(run('--version').stdout.trim(), other);
      const upgraded = run();
      assert.notEqual(upgraded.stdout, 'MARKED\n');
      assert.match(upgraded.stdout, /1 document/);
    });
  });

  describe('real-world collections', () => {
    const collections = [path.join(REPO, 'test', 'fixtures', 'real-docs')];
    for (const shared of [path.resolve(REPO, '../shared'), '/work/shared']) {
      if (!fs.existsSync(shared)) continue;
      for (const group of ['corpora', 'real-docs']) {
        const dir = path.join(shared, group);
        if (fs.existsSync(dir))
          for (const name of fs.readdirSync(dir))
            if (fs.statSync(path.join(dir, name)).isDirectory()) collections.push(path.join(dir, name));
      }
      break;
    }
    for (const dir of collections) {
      it(`${path.relative(path.dirname(path.dirname(dir)), dir)}: no diagnostics on documents that are not Grounded items, no crash`, function () {
        this.timeout(60000);
        const r = check(dir);
        assert.equal(r.code, 0, r.stderr);
        assert.equal(r.stderr, '');
        assert.ok(r.report.summary.documents > 0);
        assert.deepEqual(r.report.diagnostics, []);
      });
    }
  });
});

describe('hardening: an unreadable folder (spawned CLI, as a user that mode 000 stops)', function () {
  this.timeout(20000);
  let dir: string;
  /**
   * The command prefix that runs the CLI as such a user: none when the tests do not run as
   * root; as root (whom mode 000 does not stop), `setpriv` to uid and gid 65534 (`nobody`).
   * Undefined when that cannot run the CLI (no setpriv, or a clone `nobody` cannot read).
   */
  function unprivileged(): string[] | undefined {
    if (process.getuid?.() !== 0) return [];
    const drop = ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'];
    const probe = spawnSync(drop[0], [...drop.slice(1), process.execPath, CLI, '--version'], {
      cwd: os.tmpdir(),
      encoding: 'utf8',
    });
    return probe.status === 0 ? drop : undefined;
  }
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'grounded-unreadable-'));
    fs.chmodSync(dir, 0o755);
    fs.writeFileSync(path.join(dir, 'f.md'), finding('F-1'), { mode: 0o644 });
    fs.writeFileSync(path.join(dir, 's.md'), spec('S-1', ['F-1']), { mode: 0o644 });
    fs.mkdirSync(path.join(dir, 'locked'));
    fs.writeFileSync(path.join(dir, 'locked', 'hidden.md'), finding('F-2'));
    fs.chmodSync(path.join(dir, 'locked'), 0o000);
  });
  after(() => {
    fs.chmodSync(path.join(dir, 'locked'), 0o755);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('is one unreadable-file warning at the folder; the rest is checked', function () {
    const prefix = unprivileged();
    if (!prefix) this.skip();
    const [command, ...args] = [
      ...prefix!,
      process.execPath,
      CLI,
      'check',
      dir,
      '--format',
      'json',
      '--no-cache',
      ...TODAY,
    ];
    const r = spawnSync(command, args, {
      cwd: os.tmpdir(),
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '', HOME: os.tmpdir() },
    });
    noStack(r.stderr);
    assert.equal(r.status, 0, r.stderr);
    const report = JSON.parse(r.stdout);
    const unreadable = report.diagnostics.filter((d: { rule: string }) => d.rule === 'unreadable-file');
    assert.equal(unreadable.length, 1, JSON.stringify(report.diagnostics));
    assert.equal(unreadable[0].file, 'locked');
    assert.equal(unreadable[0].severity, 'warning');
    assert.match(unreadable[0].message, /^Cannot read this folder: EACCES/);
    // The two readable files are checked: the spec is grounded by the finding, and nothing else is reported.
    assert.deepEqual(
      report.diagnostics.map((d: { rule: string }) => d.rule),
      ['unreadable-file'],
    );
    assert.equal(report.summary.grounded, 1);
  });
});
