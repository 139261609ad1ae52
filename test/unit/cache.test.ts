import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate, GENERATED_TODAY } from '../../bench/generate';
import { buildReport } from '../../src/core/report';
import { indexFolder } from '../../src/node/check';
import { readCache } from '../../src/node/cache';
import { snapshot } from '../../src/node/compare';
import { folderFingerprint, readReportCache, writeReportCache } from '../../src/node/reportCache';
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

  it('gives back the stored snapshot, with source lines read on demand', () => {
    const fresh = snap();
    const key = folderFingerprint(root, { today: GENERATED_TODAY })!;
    assert.ok(key);
    writeReportCache(file, key, fresh);
    const hit = readReportCache(file, root, key)!;
    assert.ok(hit);
    assert.deepEqual(hit.report, JSON.parse(JSON.stringify(fresh.report)));
    assert.deepEqual(hit.fileIds, fresh.fileIds);
    assert.deepEqual(hit.items, fresh.items);
    for (const d of fresh.report.diagnostics.slice(0, 50)) assert.equal(hit.lineText(d.file, d.line), fresh.lineText(d.file, d.line));
    assert.equal(readReportCache(file, root, key + 'x'), undefined, 'another fingerprint misses');
  });

  it('has a fingerprint that changes with any file, the config, --today and new files', () => {
    const key = folderFingerprint(root, { today: GENERATED_TODAY });
    assert.equal(folderFingerprint(root, { today: GENERATED_TODAY }), key, 'stable when nothing changed');
    assert.notEqual(folderFingerprint(root, { today: '2030-01-01' }), key);
    const md = path.join(root, 'findings', fs.readdirSync(path.join(root, 'findings'), { recursive: true }).map(String).find((f) => f.endsWith('.md'))!);
    const before = fs.readFileSync(md, 'utf8');
    const config = path.join(root, '.grounded.yaml');
    const configBefore = fs.readFileSync(config, 'utf8');
    try {
      fs.writeFileSync(md, before.replace('title: ', 'title: X'));
      assert.notEqual(folderFingerprint(root, { today: GENERATED_TODAY }), key, 'a changed file');
      fs.writeFileSync(md, before);
      const same = fs.statSync(md);
      fs.utimesSync(md, same.atime, new Date(same.mtimeMs + 5000));
      assert.notEqual(folderFingerprint(root, { today: GENERATED_TODAY }), key, 'a touched file');
      fs.writeFileSync(config, configBefore + '\n# changed\n');
      assert.notEqual(folderFingerprint(root, { today: GENERATED_TODAY }), key, 'the config');
      fs.writeFileSync(path.join(root, 'new.md'), '# New\n');
      assert.notEqual(folderFingerprint(root, { today: GENERATED_TODAY }), key, 'a new file');
    } finally {
      fs.writeFileSync(md, before);
      fs.writeFileSync(config, configBefore);
      fs.rmSync(path.join(root, 'new.md'), { force: true });
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
      const key = folderFingerprint(root, { today: GENERATED_TODAY })!;
      writeReportCache(file, key, snap());
      assert.ok(readReportCache(file, root, key));
      damage();
      assert.equal(readReportCache(file, root, key), undefined);
    });
  }
});
