import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate, GENERATED_TODAY } from '../../bench/generate';
import { buildReport } from '../../src/core/report';
import { indexFolder } from '../../src/node/check';
import { snapshot } from '../../src/node/compare';
import { folderState, readReportCache, stateHolds, writeReportCache } from '../../src/node/reportCache';
import * as v8 from 'node:v8';

describe('the report cache of grounded check', function () {
  this.timeout(60000);
  let root: string;
  let file: string;

  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'grounded-report-cache-'));
    generate(path.join(root, 'docs'), 60, 4);
    root = path.join(root, 'docs');
    file = path.join(path.dirname(root), 'cache', 'docs.report.bin');
  });

  after(() => fs.rmSync(path.dirname(root), { recursive: true, force: true }));

  const snap = () => {
    const { index } = indexFolder(root, { today: GENERATED_TODAY });
    const fileOf = (uri: string) => path.relative(root, fileURLToPath(uri)).split(path.sep).join('/');
    return snapshot(index, buildReport(index, fileOf), fileOf);
  };

  const options = { today: GENERATED_TODAY };

  it('gives back the stored snapshot while the folder is unchanged, with source lines read on demand', () => {
    const fresh = snap();
    const state = folderState(root, options)!;
    assert.ok(state);
    const oldParseCache = file.replace(/\.report\.bin$/, '.json');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(oldParseCache, '{"format":1}');
    writeReportCache(file, state, fresh);
    assert.ok(!fs.existsSync(oldParseCache), 'the parse cache of earlier versions is deleted');
    const hit = readReportCache(file, root, options)!.snap;
    assert.ok(hit);
    assert.deepEqual(hit.report, JSON.parse(JSON.stringify(fresh.report)));
    assert.deepEqual(hit.fileIds, fresh.fileIds);
    assert.deepEqual(hit.items, fresh.items);
    for (const d of fresh.report.diagnostics.slice(0, 50))
      assert.equal(hit.lineText(d.file, d.line), fresh.lineText(d.file, d.line));
    assert.equal(readReportCache(file, root, { today: '2030-01-01' }), undefined, 'another --today misses');
  });

  it('has a state that no longer holds after any change to a file, the config, --today or the file set', () => {
    const state = folderState(root, options)!;
    const holds = () => stateHolds(state, root, options);
    assert.ok(holds(), 'holds when nothing changed');
    assert.ok(!stateHolds(state, root, { today: '2030-01-01' }), '--today');
    const findings = path.join(root, 'findings');
    const md = path.join(
      findings,
      fs
        .readdirSync(findings, { recursive: true })
        .map(String)
        .find(f => f.endsWith('.md'))!,
    );
    const before = fs.readFileSync(md, 'utf8');
    const original = fs.statSync(md, { bigint: true });
    const config = path.join(root, '.grounded.yaml');
    const configBefore = fs.readFileSync(config, 'utf8');
    const sub = path.join(findings, fs.readdirSync(findings, { withFileTypes: true }).find(d => d.isDirectory())!.name);
    try {
      fs.writeFileSync(md, before.replace('title: ', 'title: X'));
      assert.ok(!holds(), 'a changed file');
      fs.writeFileSync(md, before);
      // `touch` sets the old modification time to the nanosecond (fs.utimes rounds it).
      const ns = original.mtimeNs % 1_000_000_000n;
      execFileSync('touch', ['-m', '-d', `@${original.mtimeNs / 1_000_000_000n}.${String(ns).padStart(9, '0')}`, md]);
      assert.equal(fs.statSync(md, { bigint: true }).mtimeNs, original.mtimeNs);
      assert.ok(!holds(), 'a file written back with its old contents and times (its change time moved)');
      const fresh = folderState(root, options)!;
      fs.writeFileSync(config, configBefore + '\n# changed\n');
      assert.ok(!stateHolds(fresh, root, options), 'the config');
      fs.writeFileSync(config, configBefore);
      const again = folderState(root, options)!;
      assert.ok(stateHolds(again, root, options));
      fs.writeFileSync(path.join(sub, 'new.md'), '# New\n');
      assert.ok(!stateHolds(again, root, options), 'a new file in a subfolder');
      fs.rmSync(path.join(sub, 'new.md'));
      const gone = folderState(root, options)!;
      fs.renameSync(md, md + '.txt');
      assert.ok(!stateHolds(gone, root, options), 'a file renamed away');
      fs.renameSync(md + '.txt', md);
      const dangling = path.join(root, 'later.md');
      fs.symlinkSync(path.join(path.dirname(root), 'later-target.md'), dangling);
      const withLink = folderState(root, options)!;
      assert.ok(stateHolds(withLink, root, options), 'a dangling symlink that stays dangling');
      fs.writeFileSync(path.join(path.dirname(root), 'later-target.md'), '# Now here\n');
      assert.ok(!stateHolds(withLink, root, options), 'the target of a dangling symlink appearing outside the folder');
    } finally {
      fs.writeFileSync(md, before);
      fs.writeFileSync(config, configBefore);
      fs.rmSync(path.join(sub, 'new.md'), { force: true });
      fs.rmSync(path.join(root, 'later.md'), { force: true });
      fs.rmSync(path.join(path.dirname(root), 'later-target.md'), { force: true });
    }
  });

  it('records while checking the same state a separate walk and stat would, on one thread or two', () => {
    // Enough files for the reader thread, a dangling symlink and a binary file.
    const big = path.join(path.dirname(root), 'big');
    generate(big, 330, 9);
    fs.symlinkSync(path.join(big, 'nowhere.md'), path.join(big, 'notes', 'dangling.md'));
    fs.writeFileSync(path.join(big, 'notes', 'binary.md'), Buffer.from([0x89, 0x00, 0x01]));
    for (const threads of [1, 2]) {
      const { recorded, readOnWorker } = indexFolder(big, {
        today: GENERATED_TODAY,
        recordStats: true,
        threads,
        workerFile: path.join(__dirname, '../../../dist/worker.js'),
      });
      if (threads === 2) assert.ok(readOnWorker > 300, 'the reader thread read the files');
      const reference = folderState(big, options)!;
      assert.ok(recorded);
      assert.deepEqual(recorded.paths, reference.paths);
      assert.ok(
        recorded.paths.some(p => p.endsWith('dangling.md')) && recorded.paths.some(p => p.endsWith('binary.md')),
      );
      assert.deepEqual([...recorded.stats], [...reference.stats], `threads: ${threads}`);
      assert.ok(stateHolds({ context: reference.context, ...recorded }, big, options));
    }
  });

  for (const [name, damage] of [
    ['garbage', () => fs.writeFileSync(file, 'not a cache')],
    ['empty', () => fs.writeFileSync(file, '')],
    ['truncated', () => fs.writeFileSync(file, fs.readFileSync(file).subarray(0, 200))],
    [
      'from another format',
      () => fs.writeFileSync(file, v8.serialize({ ...(v8.deserialize(fs.readFileSync(file)) as object), format: 99 })),
    ],
    [
      'damaged inside',
      () =>
        fs.writeFileSync(
          file,
          v8.serialize({ ...(v8.deserialize(fs.readFileSync(file)) as object), report: '{"summary": 1' }),
        ),
    ],
  ] as const) {
    it(`ignores a report cache that is ${name}`, () => {
      writeReportCache(file, folderState(root, options)!, snap());
      assert.ok(readReportCache(file, root, options));
      damage();
      assert.equal(readReportCache(file, root, options), undefined);
    });
  }
});
