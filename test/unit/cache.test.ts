import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate, GENERATED_TODAY } from '../../bench/generate';
import { buildReport } from '../../src/core/report';
import { indexFolder } from '../../src/node/check';
import { readCache } from '../../src/node/cache';
import { snapshot } from '../../src/node/compare';
import { folderState, readReportCache, stateHolds, writeReportCache } from '../../src/node/reportCache';
import * as v8 from 'node:v8';

describe('the parse cache of grounded check', function () {
  this.timeout(60000);
  let root: string;
  let cacheFile: string;

  const report = (cache: boolean) => {
    const { index } = indexFolder(root, { today: GENERATED_TODAY, cache, cacheFile });
    return JSON.stringify(buildReport(index, (uri) => path.relative(root, fileURLToPath(uri))));
  };

  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'grounded-cache-'));
    generate(path.join(root, 'docs'), 120, 3);
    root = path.join(root, 'docs');
    cacheFile = path.join(path.dirname(root), 'cache', 'docs.json');
  });

  after(() => fs.rmSync(path.dirname(root), { recursive: true, force: true }));

  it('gives the same report cold, filling and warm', () => {
    const uncached = report(false);
    assert.equal(fs.existsSync(cacheFile), false, '--no-cache writes no cache');
    assert.equal(report(true), uncached);
    assert.ok(readCache(cacheFile).size > 100);
    assert.equal(report(true), uncached);
  });

  it('notices a changed file', () => {
    report(true);
    const file = fs.readdirSync(path.join(root, 'findings'), { recursive: true }).map(String).find((f) => f.endsWith('.md'))!;
    const full = path.join(root, 'findings', file);
    const before = fs.readFileSync(full, 'utf8');
    fs.writeFileSync(full, before.replace(/^status: \w+$/m, 'status: refuted').replace(/^title: /m, 'title: Changed '));
    try {
      assert.equal(report(true), report(false));
    } finally {
      fs.writeFileSync(full, before);
    }
  });

  for (const [name, damage] of [
    ['not JSON', () => fs.writeFileSync(cacheFile, 'this is not json')],
    ['truncated', () => fs.writeFileSync(cacheFile, fs.readFileSync(cacheFile, 'utf8').slice(0, 5000))],
    ['empty', () => fs.writeFileSync(cacheFile, '')],
    ['from another version', () => fs.writeFileSync(cacheFile, JSON.stringify({ ...JSON.parse(fs.readFileSync(cacheFile, 'utf8')), version: 'other' }))],
    [
      'damaged inside',
      () => {
        const data = JSON.parse(fs.readFileSync(cacheFile, 'utf8'));
        for (const entry of Object.values(data.entries) as { doc: Record<string, unknown> }[]) {
          entry.doc.links = null;
          if (entry.doc.item) (entry.doc.item as Record<string, unknown>).evidence = [999];
        }
        fs.writeFileSync(cacheFile, JSON.stringify(data));
      },
    ],
  ] as const) {
    it(`ignores a cache file that is ${name}, and rebuilds it`, () => {
      const uncached = report(false);
      report(true);
      damage();
      assert.equal(report(true), uncached);
      assert.ok(readCache(cacheFile).size > 100, 'the cache is rebuilt');
      assert.equal(report(true), uncached);
    });
  }
});

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
    const { index } = indexFolder(root, { today: GENERATED_TODAY, cache: false });
    const fileOf = (uri: string) => path.relative(root, fileURLToPath(uri)).split(path.sep).join('/');
    return snapshot(index, buildReport(index, fileOf), fileOf);
  };

  const options = { today: GENERATED_TODAY };

  it('gives back the stored snapshot while the folder is unchanged, with source lines read on demand', () => {
    const fresh = snap();
    const state = folderState(root, options)!;
    assert.ok(state);
    writeReportCache(file, state, fresh);
    const hit = readReportCache(file, root, options)!.snap;
    assert.ok(hit);
    assert.deepEqual(hit.report, JSON.parse(JSON.stringify(fresh.report)));
    assert.deepEqual(hit.fileIds, fresh.fileIds);
    assert.deepEqual(hit.items, fresh.items);
    for (const d of fresh.report.diagnostics.slice(0, 50)) assert.equal(hit.lineText(d.file, d.line), fresh.lineText(d.file, d.line));
    assert.equal(readReportCache(file, root, { today: '2030-01-01' }), undefined, 'another --today misses');
  });

  it('has a state that no longer holds after any change to a file, the config, --today or the file set', () => {
    const state = folderState(root, options)!;
    const holds = () => stateHolds(state, root, options);
    assert.ok(holds(), 'holds when nothing changed');
    assert.ok(!stateHolds(state, root, { today: '2030-01-01' }), '--today');
    const findings = path.join(root, 'findings');
    const md = path.join(findings, fs.readdirSync(findings, { recursive: true }).map(String).find((f) => f.endsWith('.md'))!);
    const before = fs.readFileSync(md, 'utf8');
    const original = fs.statSync(md, { bigint: true });
    const config = path.join(root, '.grounded.yaml');
    const configBefore = fs.readFileSync(config, 'utf8');
    const sub = path.join(findings, fs.readdirSync(findings, { withFileTypes: true }).find((d) => d.isDirectory())!.name);
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

  for (const [name, damage] of [
    ['garbage', () => fs.writeFileSync(file, 'not a cache')],
    ['empty', () => fs.writeFileSync(file, '')],
    ['truncated', () => fs.writeFileSync(file, fs.readFileSync(file).subarray(0, 200))],
    ['from another format', () => fs.writeFileSync(file, v8.serialize({ ...(v8.deserialize(fs.readFileSync(file)) as object), format: 99 }))],
    ['damaged inside', () => fs.writeFileSync(file, v8.serialize({ ...(v8.deserialize(fs.readFileSync(file)) as object), report: '{"summary": 1' }))],
  ] as const) {
    it(`ignores a report cache that is ${name}`, () => {
      writeReportCache(file, folderState(root, options)!, snap());
      assert.ok(readReportCache(file, root, options));
      damage();
      assert.equal(readReportCache(file, root, options), undefined);
    });
  }
});
