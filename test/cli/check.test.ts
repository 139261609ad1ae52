import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import { freshCacheDir, grounded, fixture, REPO } from './cli';

const TODAY = ['--today', '2026-11-29'];

function json(args: string[], today = '2026-11-29') {
  const r = grounded(['check', ...args, '--format', 'json', '--today', today]);
  return { ...r, report: JSON.parse(r.stdout) };
}

function noStack(s: string) {
  assert.doesNotMatch(s, /\n\s+at /, 'no stack trace');
}

describe('grounded check (spawned CLI)', () => {
  describe('exit codes', () => {
    it('0 for a clean folder', () => {
      const r = grounded(['check', fixture('clean'), ...TODAY]);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /✔ no problems · 3 documents · 1 spec · 1 requirement · coverage 100%/);
    });
    it('1 when an error is found, 0 with --fail-on never', () => {
      assert.equal(grounded(['check', fixture('gaps'), ...TODAY]).code, 1);
      assert.equal(grounded(['check', fixture('gaps'), '--fail-on', 'never', ...TODAY]).code, 0);
    });
    it('--fail-on warning fails on warnings that error would let pass', () => {
      const args = [
        'check',
        fixture('custom-config'),
        '--config',
        fixture('custom-config/strict.yaml'),
        '--today',
        '2025-02-01',
      ];
      assert.equal(grounded([...args, '--fail-on', 'error']).code, 0);
      assert.equal(grounded([...args, '--fail-on', 'warning']).code, 1);
    });
    it('--min-coverage fails below the threshold and passes at it', () => {
      assert.equal(
        grounded(['check', fixture('gaps'), '--fail-on', 'never', '--min-coverage', '34', ...TODAY]).code,
        1,
      );
      assert.equal(
        grounded(['check', fixture('gaps'), '--fail-on', 'never', '--min-coverage', '33', ...TODAY]).code,
        0,
      );
      assert.equal(grounded(['check', fixture('clean'), '--min-coverage', '100%', ...TODAY]).code, 0);
    });
    const usage: [string, string[], RegExp][] = [
      ['an unknown option', ['check', '--frobnicate'], /Unknown option '--frobnicate'/],
      ['an unknown format', ['check', '--format', 'yaml'], /unknown format `yaml`/],
      ['an unknown --fail-on', ['check', '--fail-on', 'sometimes'], /unknown --fail-on/],
      ['a bad --min-coverage', ['check', '--min-coverage', 'lots'], /percentage/],
      ['a bad --today', ['check', '--today', '2026-13-01'], /YYYY-MM-DD/],
      ['a missing folder', ['check', 'no/such/folder'], /no such folder/],
      ['an unknown command', ['lint'], /unknown command `lint`/],
      ['no command', [], /missing command/],
      ['a missing --config file', ['check', fixture('clean'), '--config', 'nope.yaml'], /cannot read config/],
    ];
    for (const [what, args, message] of usage) {
      it(`2 for ${what}, with a one-line message and no stack`, () => {
        const r = grounded(args);
        assert.equal(r.code, 2);
        assert.match(r.stderr.split('\n')[0], message);
        assert.equal(r.stdout, '');
        noStack(r.stderr);
      });
    }
    for (const [command, help] of [
      ['check', 'grounded --help'],
      ['trace', 'grounded trace --help'],
      ['import', 'grounded import --help'],
    ]) {
      it(`a usage error of \`${command}\` points at \`${help}\`, which prints its usage`, () => {
        const r = grounded([command, '--frobnicate']);
        assert.equal(r.code, 2);
        assert.equal(r.stderr.split('\n')[1], `Run \`${help}\` for usage.`);
        const h = grounded(help.split(' ').slice(1));
        assert.equal(h.code, 0);
        assert.match(h.stdout, new RegExp(`^Usage: grounded ${command}`));
      });
    }
    it('2 for an invalid config, naming the file and line', () => {
      const r = grounded(['check', fixture('bad-config')]);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /\.grounded\.yaml:3:3: unknown rule `stale-evidnce`; did you mean `stale-evidence`\?/);
      noStack(r.stderr);
    });
  });

  it('--help and --version', () => {
    const help = grounded(['--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /Usage: grounded check \[ROOT\]/);
    const version = grounded(['--version']);
    assert.equal(version.code, 0);
    assert.equal(version.stdout.trim(), JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')).version);
  });

  describe('--format json', () => {
    it('follows the the README (`grounded check`) contract to the letter', () => {
      const { report, code } = json([fixture('gaps')]);
      assert.equal(code, 1);
      assert.equal(report.version, 1);
      assert.deepEqual(Object.keys(report.summary), [
        'documents',
        'specs',
        'findings',
        'personas',
        'decisions',
        'requirements',
        'grounded',
        'weak',
        'ungrounded',
        'waived',
        'coverage',
        'errors',
        'warnings',
        'infos',
        'inputs',
        'actionedInputs',
        'metrics',
      ]);
      assert.deepEqual(
        { ...report.summary, coverage: Math.round(report.summary.coverage * 1000) / 1000 },
        {
          documents: 6,
          specs: 1,
          findings: 3,
          personas: 0,
          decisions: 1,
          requirements: 3,
          grounded: 1,
          weak: 0,
          ungrounded: 2,
          waived: 0,
          coverage: 0.333,
          errors: 4,
          warnings: 3,
          infos: 3,
          inputs: 0,
          actionedInputs: 0,
          metrics: 0,
        },
      );
      const [spec] = report.specs;
      assert.deepEqual(
        { ...spec, coverage: undefined },
        {
          id: 'S-gaps',
          file: 'spec.md',
          title: 'Spec with gaps',
          coverage: undefined,
          requirements: [
            { id: 'R-1', state: 'grounded', priority: 'should', evidence: ['F-1'], via: [] },
            { id: 'R-2', state: 'ungrounded', priority: 'should', evidence: [], via: [] },
            { id: 'R-3', state: 'ungrounded', priority: 'should', evidence: [], via: [] },
          ],
          metrics: [],
        },
      );
      const broken = report.diagnostics.find((d: { rule: string }) => d.rule === 'broken-link');
      assert.deepEqual(broken, {
        file: 'spec.md',
        line: 13,
        column: 16,
        endLine: 13,
        endColumn: 20,
        severity: 'error',
        rule: 'broken-link',
        message: 'No finding has the ID `F-01`. Did you mean `F-1`?',
      });
    });
    it('puts CRLF and BOM files on the same lines and columns as the editor', () => {
      const { report } = json([fixture('gaps')]);
      const at = (file: string, rule: string) =>
        report.diagnostics.find((d: { file: string; rule: string }) => d.file === file && d.rule === rule);
      assert.deepEqual(
        [
          at('crlf.md', 'invalid-field').line,
          at('crlf.md', 'invalid-field').column,
          at('crlf.md', 'invalid-field').endColumn,
        ],
        [7, 13, 17],
      );
      assert.deepEqual([at('bom.md', 'invalid-field').line, at('bom.md', 'invalid-field').column], [7, 9]);
    });
    it('uses paths relative to ROOT with `/`, also for names with spaces, and coverage null when nothing counts', () => {
      const { report } = json([fixture('clean')]);
      assert.ok(report.diagnostics.length === 0);
      assert.equal(report.specs[0].file, 'spec.md');
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'grounded-'));
      fs.mkdirSync(path.join(dir, 'sub dir'));
      fs.writeFileSync(
        path.join(dir, 'sub dir', 'a spec.md'),
        '---\nid: S-1\ntype: spec\ntitle: t\nrequirements:\n  - id: R-1\n    waiver: legal\n---\n',
      );
      const r = json([dir]);
      assert.equal(r.report.specs[0].file, 'sub dir/a spec.md');
      assert.equal(r.report.specs[0].coverage, null);
      assert.equal(r.report.summary.coverage, null);
    });
  });

  describe('--format text', () => {
    it('groups diagnostics by file as file:line:col with severity, rule and message, then coverage and a summary', () => {
      const r = grounded(['check', fixture('gaps'), ...TODAY]);
      assert.match(r.stdout, /^spec\.md\n  spec\.md:8:16  info /m);
      assert.match(
        r.stdout,
        /^  spec\.md:13:16  error    No finding has the ID `F-01`\. Did you mean `F-1`\?  broken-link$/m,
      );
      assert.match(r.stdout, /^  S-gaps  1\/3 +0 +2 +0 +33%$/m);
      assert.match(r.stdout, /✖ 10 problems \(4 errors, 3 warnings, 3 info\)/);
      assert.doesNotMatch(r.stdout, /\u001b\[/, 'no colour when not a TTY');
    });
    it('gives notes with foreign or broken frontmatter no diagnostics', () => {
      assert.doesNotMatch(grounded(['check', fixture('gaps'), ...TODAY]).stdout, /README\.md/);
    });
  });

  it('--today decides what is stale', () => {
    const stale = (today: string) =>
      json([fixture('gaps')], today).report.diagnostics.filter((d: { rule: string }) => d.rule === 'stale-evidence')
        .length;
    assert.equal(stale('2026-01-15'), 0);
    assert.equal(stale('2026-01-16'), 1);
  });

  it('--config applies rule severities', () => {
    const { report } = json([fixture('custom-config'), '--config', fixture('custom-config/strict.yaml')]);
    const rules = report.diagnostics.map((d: { rule: string; severity: string }) => `${d.rule}:${d.severity}`);
    assert.ok(rules.includes('broken-link:warning'));
    assert.ok(rules.includes('stale-evidence:error'));
    assert.ok(!rules.some((r: string) => r.startsWith('unknown-reference')));
  });

  describe('bad input', () => {
    let dir: string;
    before(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'grounded-bad-'));
      fs.writeFileSync(path.join(dir, 'ok.md'), '---\nid: P-1\ntype: persona\ntitle: ok\n---\n');
      fs.writeFileSync(path.join(dir, 'binary.md'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 1, 2, 3]));
      fs.writeFileSync(path.join(dir, 'latin1.md'), Buffer.from('caf\xe9\n', 'latin1'));
      const big = Buffer.alloc(50 * 1024 * 1024, 'a');
      fs.writeFileSync(path.join(dir, 'huge.md'), big);
      fs.mkdirSync(path.join(dir, 'loop'));
      fs.symlinkSync('..', path.join(dir, 'loop', 'again'));
      fs.symlinkSync('missing.md', path.join(dir, 'dangling.md'));
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('reports binary, non-UTF-8, 50 MB, dangling and looping files at their place, and checks the rest', () => {
      const r = grounded(['check', dir, '--format', 'json', ...TODAY]);
      const report = JSON.parse(r.stdout);
      const byFile = Object.fromEntries(
        report.diagnostics.map((d: { file: string; message: string; rule: string }) => [
          d.file,
          `${d.rule}: ${d.message}`,
        ]),
      );
      assert.match(byFile['binary.md'], /^unreadable-file: This file is binary/);
      assert.match(byFile['latin1.md'], /not valid UTF-8/);
      assert.match(byFile['huge.md'], /50\.0 MB, over the 5 MB limit/);
      assert.match(byFile['dangling.md'], /points nowhere/);
      assert.equal(byFile['loop/again'], undefined, 'a loop is walked once, silently (docs/limits.md)');
      assert.equal(report.summary.personas, 1);
      assert.equal(r.code, 0, 'unreadable files are warnings');
      noStack(r.stderr);
    });
  });

  describe('the warm path (nothing changed since the last run)', () => {
    let dir: string;
    let cacheDir: string;
    const run = (args: string[] = []) =>
      grounded(['check', dir, '--format', 'json', ...TODAY, ...args], { env: { GROUNDED_CACHE_DIR: cacheDir } });
    const memoFile = () => fs.readdirSync(cacheDir).find(f => f.endsWith('.json.out.bin'));
    /** Marks the stored output, so that a run which prints the mark took the memo. */
    const mark = () => {
      const file = path.join(cacheDir, memoFile()!);
      const data = v8.deserialize(fs.readFileSync(file));
      fs.writeFileSync(
        file,
        v8.serialize({ ...data, stdout: Buffer.from(data.stdout.toString('utf8').replace('{', '{"memo":true,')) }),
      );
    };
    before(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'grounded-warm-'));
      cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'grounded-warm-cache-'));
      fs.cpSync(fixture('gaps'), dir, { recursive: true });
    });
    after(() => {
      fs.rmSync(dir, { recursive: true, force: true });
      fs.rmSync(cacheDir, { recursive: true, force: true });
    });

    it('prints what the cold run printed, with its exit code, from the output memo', () => {
      const cold = run();
      assert.ok(memoFile(), 'the first run stores its output');
      const warm = run();
      assert.deepEqual(warm, cold);
      mark();
      assert.equal(JSON.parse(run().stdout).memo, true, 'the second run took the memo');
      assert.equal(
        JSON.parse(
          grounded(['check', dir, '--format', 'json', ...TODAY, '--no-cache'], {
            env: { GROUNDED_CACHE_DIR: cacheDir },
          }).stdout,
        ).memo,
        undefined,
        '--no-cache bypasses it',
      );
    });

    it('runs again when a file, the options, the baseline or the date change', () => {
      run();
      mark();
      const spec = path.join(dir, 'spec.md');
      const text = fs.readFileSync(spec, 'utf8');
      fs.writeFileSync(spec, text.replace('F-404', 'F-405'));
      const edited = run();
      assert.equal(JSON.parse(edited.stdout).memo, undefined, 'an edited file');
      assert.match(edited.stdout, /F-405/);
      mark();
      assert.equal(JSON.parse(run(['--fail-on', 'never']).stdout).memo, undefined, 'other options');
      assert.equal(run(['--fail-on', 'never']).code, 0);
      assert.equal(run().code, 1, 'each key keeps its own exit code');
      mark();
      assert.equal(
        JSON.parse(
          grounded(['check', dir, '--format', 'json', '--today', '2031-01-01'], {
            env: { GROUNDED_CACHE_DIR: cacheDir },
          }).stdout,
        ).memo,
        undefined,
        'another date',
      );
      run();
      mark();
      fs.writeFileSync(path.join(dir, 'new.md'), '# A note\n');
      assert.equal(JSON.parse(run().stdout).memo, undefined, 'a new file');
      mark();
      assert.equal(grounded(['baseline', dir, ...TODAY], { env: { GROUNDED_CACHE_DIR: cacheDir } }).code, 0);
      const baselined = run();
      assert.equal(JSON.parse(baselined.stdout).memo, undefined, 'a new baseline file');
      assert.equal(JSON.parse(baselined.stdout).diagnostics.length, 0, 'the baseline applies');
    });

    it('is never taken by a test that does not ask for it: each spawn has a cache folder of its own', () => {
      const first = grounded(['check', dir, '--format', 'json', ...TODAY]);
      // Mark every output any spawn of this test process stored: the next spawn must not print it.
      const caches = path.dirname(freshCacheDir());
      let marked = 0;
      for (const f of fs.readdirSync(caches, { recursive: true }).map(String)) {
        if (!f.endsWith('.json.out.bin')) continue;
        const file = path.join(caches, f);
        fs.writeFileSync(
          file,
          v8.serialize({ ...v8.deserialize(fs.readFileSync(file)), stdout: Buffer.from('MARKED') }),
        );
        marked++;
      }
      assert.ok(marked > 0, 'the first spawn stored its output');
      const second = grounded(['check', dir, '--format', 'json', ...TODAY]);
      assert.notEqual(second.stdout, 'MARKED');
      assert.deepEqual(second, first);
    });
  });
});
