import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import { generate, GENERATED_TODAY } from '../../bench/generate';
import { buildIndexSync } from '../../src/core';
import { run } from '../../src/cli/main';
import { ConfigFile } from '../../src/node/check';
import type { Snapshot } from '../../src/node/compare';
import { reportCacheFileFor, cacheStemFor, withWarmCache, type CheckedFolder, type WarmIo } from '../../src/node/warm';
import { RecordingWorkspace } from '../../src/node/warm/recording';
import { contextOf, StateCheck } from '../../src/node/warm/state';

/*
 * The warm path (docs/performance.md): withWarmCache over a real folder. Each signal a recorded
 * state holds has a test of its own, in which that signal is the only one that moves, so that
 * the test fails when the signal is ignored.
 */

const REPO = path.resolve(__dirname, '../../..');
const WORKER = path.join(REPO, 'dist', 'worker.js');
/** A finding of 2025-01-15: stale after 100 days on TODAY, not after 900. */
const TODAY = '2025-12-01';
const FILES: Record<string, string> = {
  '.grounded.yaml': 'stale_after_days: 100\n',
  'spec.md':
    '---\nid: S-1\ntype: spec\ntitle: A spec\nrequirements:\n  - id: R-1\n    text: Cited\n    evidence: [F-1]\n---\n# A spec\n',
  'findings/f1.md': '---\nid: F-1\ntype: finding\ntitle: Learned\nsource: survey\ndate: 2025-01-15\n---\nOld news.\n',
  'notes/a.md': '# A note\n',
};
/** The slots of a path's four numbers in a recorded state. */
const SIZE = 0;
const MTIME = 1;
const CTIME = 2;
const INODE = 3;

/**
 * Counts the calls of `fs[name]` by path, in the code under test too (its bundle reads the
 * property of Node's module at each call), until the returned function restores it.
 */
function spyOn(name: 'openSync' | 'statSync', seen: (file: string) => void): () => void {
  // The module object itself, not the namespace `import * as` makes, whose properties are read-only.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const nodeFs = require('node:fs') as Record<typeof name, (...args: unknown[]) => unknown>;
  const real = nodeFs[name];
  nodeFs[name] = (file: unknown, ...rest: unknown[]) => {
    seen(String(file));
    return real(file, ...rest);
  };
  return () => {
    nodeFs[name] = real;
  };
}

describe('the warm path of grounded check (withWarmCache)', function () {
  this.timeout(60000);
  let tmp: string;
  let root: string;
  let cacheDir: string;
  let checks: number;

  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'grounded-warm-'));
    root = path.join(tmp, 'docs');
    cacheDir = path.join(tmp, 'cache');
    for (const [rel, text] of Object.entries(FILES)) write(rel, text);
    checks = 0;
  });
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  function write(rel: string, text: string): void {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  }

  const reportFile = () => reportCacheFileFor(cacheStemFor(root, { GROUNDED_CACHE_DIR: cacheDir }));
  /** The report cache's inode: a new one after each write (they rename a new file over the old). */
  const reportIno = () => fs.statSync(reportFile(), { throwIfNoEntry: false })?.ino;

  interface Outcome {
    output: string;
    /** Whether `check` ran (the output memo missed). */
    checked: boolean;
    /** Whether the folder was indexed (the report cache missed too). */
    indexed: boolean;
    snap?: Snapshot;
  }

  /** One run: with the output memo (a plain `grounded check`), or with the report cache alone. */
  function warm(options: { memo?: boolean; today?: string; config?: string; cache?: boolean } = {}): Outcome {
    const out: Buffer[] = [];
    const io: WarmIo = {
      stdout: s => out.push(Buffer.from(s)),
      stderr: () => undefined,
      env: { GROUNDED_CACHE_DIR: cacheDir },
    };
    const before = { checks, ino: reportIno() };
    let snap: Snapshot | undefined;
    const code = withWarmCache(
      {
        root,
        config: options.config,
        today: options.today ?? TODAY,
        cache: options.cache ?? true,
        memo: options.memo === false ? undefined : { format: 'json', key: 'the options' },
      },
      io,
      (folder: CheckedFolder, out: WarmIo) => {
        checks++;
        snap = folder.snapshot();
        out.stdout(JSON.stringify(snap.report) + '\n');
        return 0;
      },
    );
    assert.equal(code, 0);
    return {
      output: Buffer.concat(out).toString('utf8'),
      checked: checks > before.checks,
      indexed: reportIno() !== before.ino,
      snap,
    };
  }

  /** What a run without the caches prints. */
  const fresh = (options: { today?: string; config?: string } = {}) => warm({ ...options, cache: false }).output;

  /**
   * Rewrites the states in the cache files so that, for every path, each number but `slot` is
   * what the path has now: a file system on which only that number showed the change (coarse
   * times: a write in the same tick as the last check leaves the times as they were).
   */
  function onlyMoved(slot: number): void {
    for (const name of fs.readdirSync(cacheDir)) {
      const file = path.join(cacheDir, name);
      const data = v8.deserialize(fs.readFileSync(file));
      const { paths, stats } = data.state as { paths: string[]; stats: Float64Array };
      paths.forEach((p, i) => {
        const st = fs.statSync(p, { throwIfNoEntry: false });
        const now = st ? [st.size, st.mtimeMs, st.ctimeMs, st.ino] : [NaN, NaN, NaN, NaN];
        for (let k = 0; k < 4; k++) if (k !== slot) stats[4 * i + k] = now[k];
      });
      fs.writeFileSync(file, v8.serialize(data));
    }
  }

  /** Waits past the file system's clock tick, so that a change moves the times it moves. */
  const tick = () => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);

  /** `touch` sets a modification time to the nanosecond (fs.utimes rounds it). */
  function setMtime(file: string, ns: bigint): void {
    const frac = String(ns % 1_000_000_000n).padStart(9, '0');
    execFileSync('touch', ['-m', '-d', `@${ns / 1_000_000_000n}.${frac}`, file]);
    assert.equal(fs.statSync(file, { bigint: true }).mtimeNs, ns);
  }

  /**
   * For both caches: a first run fills them, a second is answered from them; then `change` (and
   * `only`, when given, makes its slot the only one that moved), and the next run must check
   * again and print what a run without the caches prints.
   */
  function expectRecheck(change: () => void, options: { only?: number; today?: string; config?: string } = {}) {
    for (const memo of [true, false]) {
      const first = warm({ memo });
      assert.ok(first.indexed, 'the first run indexes');
      const second = warm({ memo });
      assert.ok(memo ? !second.checked : !second.indexed, `the second run is answered from the cache (memo: ${memo})`);
      assert.equal(second.output, first.output);
      tick();
      change();
      if (options.only !== undefined) onlyMoved(options.only);
      const after = warm({ memo, today: options.today, config: options.config });
      assert.ok(after.indexed, `the folder is indexed again (memo: ${memo})`);
      if (memo) assert.ok(after.checked);
      assert.equal(after.output, fresh({ today: options.today, config: options.config }));
      // Back to a folder the next round's first run indexes.
      fs.rmSync(cacheDir, { recursive: true, force: true });
    }
  }

  it('answers an unchanged folder from the output memo, then from the report cache, with source lines read on demand', () => {
    const cold = warm();
    assert.ok(cold.checked && cold.indexed);
    const again = warm();
    assert.ok(!again.checked && !again.indexed, 'the output memo');
    assert.equal(again.output, cold.output);
    const report = warm({ memo: false });
    assert.ok(report.checked && !report.indexed, 'the report cache');
    assert.equal(report.output, cold.output);
    const d = report.snap!.report.diagnostics[0];
    assert.ok(d, 'the fixture has a diagnostic');
    assert.equal(report.snap!.lineText(d.file, d.line), cold.snap!.lineText(d.file, d.line));
    assert.equal(cold.output, fresh());
    const off = warm({ cache: false });
    assert.ok(off.checked && !off.indexed, 'without the cache nothing is read or written');
  });

  it('size: a file whose size changed while its times and inode did not', () => {
    const spec = path.join(root, 'spec.md');
    let cited = 'F-1';
    expectRecheck(
      () => fs.writeFileSync(spec, fs.readFileSync(spec, 'utf8').replace(`[${cited}]`, `[${(cited += '2')}]`)),
      {
        only: SIZE,
      },
    );
  });

  it('mtime: a file rewritten with as many bytes (its change time as it was)', () => {
    const spec = path.join(root, 'spec.md');
    let n = 2;
    expectRecheck(() => fs.writeFileSync(spec, fs.readFileSync(spec, 'utf8').replace(/\[F-\d\]/, `[F-${n++}]`)), {
      only: MTIME,
    });
  });

  it('ctime: a file whose mode changed (chmod moves only the change time)', () => {
    const spec = path.join(root, 'spec.md');
    let mode = 0o644;
    expectRecheck(() => fs.chmodSync(spec, (mode ^= 0o044)), { only: CTIME });
  });

  it('inode: a file replaced by another of the same size and modification time (rename over it)', () => {
    const spec = path.join(root, 'spec.md');
    let n = 2;
    expectRecheck(
      () => {
        const mtime = fs.statSync(spec, { bigint: true }).mtimeNs;
        const copy = path.join(tmp, 'spec.md');
        fs.writeFileSync(copy, fs.readFileSync(spec, 'utf8').replace(/\[F-\d\]/, `[F-${n++}]`));
        setMtime(copy, mtime);
        fs.renameSync(copy, spec);
      },
      { only: INODE },
    );
  });

  it('folder: a file added to a folder, a file renamed into its name, and a new folder', () => {
    let n = 2;
    expectRecheck(() =>
      write(`notes/f${n}.md`, `---\nid: F-${n++}\ntype: finding\ntitle: New\nsource: survey\ndate: 2025-11-01\n---\n`),
    );
    // (The old name no longer stats either.)
    const names = ['a.md', 'c.md'];
    expectRecheck(() => {
      fs.renameSync(path.join(root, 'notes', names[0]), path.join(root, 'notes', names[1]));
      names.reverse();
    });
    expectRecheck(() => write(`more${n++}/x.md`, '# More\n'));
  });

  it('config: the text of .grounded.yaml, and of a --config outside the folder', () => {
    const config = path.join(root, '.grounded.yaml');
    let days = 100;
    expectRecheck(() => fs.writeFileSync(config, `stale_after_days: ${(days = 1000 - days)}\n`));
    const outside = path.join(tmp, 'other.yaml');
    fs.writeFileSync(outside, 'stale_after_days: 100\n');
    const first = warm({ config: outside });
    assert.equal(warm({ config: outside }).checked, false);
    fs.writeFileSync(outside, 'stale_after_days: 900\n');
    const after = warm({ config: outside });
    assert.ok(after.checked && after.indexed);
    assert.notEqual(after.output, first.output, 'the fixture reads the config');
    assert.equal(after.output, fresh({ config: outside }));
  });

  it('--today: another date', () => {
    expectRecheck(() => undefined, { today: '2025-02-01' });
    assert.notEqual(fresh({ today: '2025-02-01' }), fresh(), 'the fixture reads the date');
  });

  it('the build: a rebuilt bundle of the same version', () => {
    // In the tests the running bundle is this test file's (in the CLI, dist/cli.js).
    const self = fs.statSync(__filename, { bigint: true });
    let n = 1n;
    try {
      expectRecheck(() => setMtime(__filename, self.mtimeNs + n++ * 1_000_000n));
    } finally {
      setMtime(__filename, self.mtimeNs);
    }
  });

  it('reads and parses the config once per run, cold or warm, with or without the caches', () => {
    const opened = new Map<string, number>();
    const explicit = path.join(tmp, 'explicit.yaml');
    fs.writeFileSync(explicit, 'stale_after_days: 100\n');
    execFileSync('git', ['init', '-q', root]);
    execFileSync('git', ['-C', root, 'add', '.']);
    execFileSync('git', [
      ...['-C', root, '-c', 'user.name=T', '-c', 'user.email=t@example.com', '-c', 'commit.gpgsign=false'],
      ...['commit', '-qm', 'one'],
    ]);
    const restore = spyOn('openSync', file => opened.set(file, (opened.get(file) ?? 0) + 1));
    const cli = (...args: string[]) => {
      opened.clear();
      const io = {
        stdout: () => undefined,
        stderr: () => undefined,
        isTTY: false,
        env: { GROUNDED_CACHE_DIR: cacheDir },
        cwd: tmp,
      };
      const code = run(['check', root, '--today', TODAY, ...args], io);
      assert.ok(code === 0 || code === 1, `${args.join(' ')}: exit code ${code}`);
      return opened;
    };
    try {
      const config = path.join(root, '.grounded.yaml');
      for (const args of [[], [], ['--format', 'json'], ['--no-cache'], ['--fail-on', 'never']])
        assert.equal(cli(...args).get(config), 1, `${args.join(' ') || 'check'} reads ${config} once`);
      // An explicit --config is the same file for both sides of --base.
      for (const args of [
        ['--config', explicit],
        ['--config', explicit],
        ['--config', explicit, '--base', 'HEAD'],
      ])
        assert.equal(cli(...args).get(explicit), 1, `${args.join(' ')} reads ${explicit} once`);
      // One read makes one ConfigFile, which parses once.
      const once = new ConfigFile(root);
      assert.equal(once.config(), once.config(), 'the parsed config is kept');
    } finally {
      restore();
    }
  });

  it('checks a state once per run: the output memo and the report cache of one run share it', () => {
    const spec = path.join(root, 'spec.md');
    let stats = 0;
    const restore = spyOn('statSync', file => file === spec && stats++);
    try {
      warm();
      stats = 0;
      assert.ok(!warm().checked);
      assert.equal(stats, 1, 'a warm run stats each path once');
      tick();
      fs.chmodSync(spec, 0o600);
      stats = 0;
      assert.ok(warm().indexed);
      assert.equal(stats, 1, 'a stale memo makes the report cache of the same state stale without a second stat');
    } finally {
      restore();
    }
  });

  it('records while checking the state of the folders listed and the files read, on one thread or two', () => {
    // Enough files for the reader thread, a dangling symlink and a binary file.
    const big = path.join(tmp, 'big');
    generate(big, 330, 9);
    fs.symlinkSync(path.join(big, 'nowhere.md'), path.join(big, 'notes', 'dangling.md'));
    fs.writeFileSync(path.join(big, 'notes', 'binary.md'), Buffer.from([0x89, 0x00, 0x01]));
    fs.mkdirSync(path.join(big, 'empty'));
    const config = new ConfigFile(big);
    const context = contextOf(big, config, GENERATED_TODAY)!;
    const states = [1, 2].map(threads => {
      const ws = new RecordingWorkspace(big, { threads, workerFile: WORKER });
      const { reads } = buildIndexSync(ws, { config: config.config(), today: GENERATED_TODAY });
      if (threads === 2) assert.ok((reads as unknown as { fromWorker: number }).fromWorker > 300, 'the thread read');
      const recorded = ws.recorded()!;
      assert.ok(new StateCheck(context).holds({ context, ...recorded }), `holds right after (threads: ${threads})`);
      return recorded;
    });
    assert.deepEqual(states[0].paths, states[1].paths);
    assert.deepEqual([...states[0].stats], [...states[1].stats]);
    const { paths, stats } = states[0];
    const at = (p: string) => paths.indexOf(path.join(big, p));
    assert.equal(paths[0], big, 'the root first');
    for (const p of ['empty', 'notes', 'notes/binary.md', 'notes/dangling.md']) assert.ok(at(p) >= 0, p);
    assert.ok(Number.isNaN(stats[4 * at('notes/dangling.md')]), 'a dangling symlink does not stat');
    const st = fs.statSync(path.join(big, 'empty'));
    assert.deepEqual(
      [...stats.subarray(4 * at('empty'), 4 * at('empty') + 4)],
      [st.size, st.mtimeMs, st.ctimeMs, st.ino],
    );
    const listed = buildIndexSync(new RecordingWorkspace(big, { threads: 1 }), {
      config: config.config(),
      today: GENERATED_TODAY,
    }).listing.files.map(f => path.join(big, f.rel));
    assert.deepEqual(
      paths.filter(p => listed.includes(p)),
      listed,
      'every listed file, in order',
    );
  });

  it('a dangling symlink that stays dangling holds; its target appearing does not', () => {
    const target = path.join(tmp, 'later-target.md');
    fs.symlinkSync(target, path.join(root, 'later.md'));
    expectRecheck(() => fs.writeFileSync(target, '# Now here\n'));
  });

  for (const [name, damage] of [
    ['garbage', (f: string) => fs.writeFileSync(f, 'not a cache')],
    ['empty', (f: string) => fs.writeFileSync(f, '')],
    ['truncated', (f: string) => fs.writeFileSync(f, fs.readFileSync(f).subarray(0, 200))],
    [
      'from another format',
      (f: string) =>
        fs.writeFileSync(f, v8.serialize({ ...(v8.deserialize(fs.readFileSync(f)) as object), format: 99 })),
    ],
    [
      'damaged inside',
      (f: string) =>
        fs.writeFileSync(
          f,
          v8.serialize({ ...(v8.deserialize(fs.readFileSync(f)) as object), report: '{"summary": 1' }),
        ),
    ],
  ] as const) {
    it(`ignores a report cache that is ${name}`, () => {
      const cold = warm({ memo: false });
      assert.ok(!warm({ memo: false }).indexed);
      damage(reportFile());
      const after = warm({ memo: false });
      assert.ok(after.indexed);
      assert.equal(after.output, cold.output);
    });
  }
});
