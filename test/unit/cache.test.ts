import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate, GENERATED_TODAY } from '../../bench/generate';
import { buildReport } from '../../src/core/report';
import { indexFolder } from '../../src/node/check';
import { readCache } from '../../src/node/cache';

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
