import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate, GENERATED_TODAY } from '../../bench/generate';
import { buildReport } from '../../src/core/report';
import { indexFolder } from '../../src/node/check';

/* A cold check that reads files on a second thread (docs/performance.md) must give what one thread gives. */

const REPO = path.resolve(__dirname, '../../..');
const WORKER = path.join(REPO, 'dist', 'worker.js');

describe('reading files on a worker thread', function () {
  this.timeout(120000);
  let root: string;

  before(function () {
    if (!fs.existsSync(WORKER)) this.skip(); // `npm run build` makes it
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'grounded-worker-'));
    generate(path.join(root, 'docs'), 400, 5);
    fs.writeFileSync(path.join(root, 'docs', 'notes', 'binary.md'), Buffer.from([0xff, 0xfe, 0x00, 0x01]));
  });

  after(() => root && fs.rmSync(root, { recursive: true, force: true }));

  const run = (threads: number) => {
    const docs = path.join(root, 'docs');
    const { index, readOnWorker } = indexFolder(docs, { today: GENERATED_TODAY, threads, workerFile: WORKER });
    if (threads > 1) assert.ok(readOnWorker > 300, `the worker read ${readOnWorker} files`);
    else assert.equal(readOnWorker, 0);
    const report = JSON.stringify(buildReport(index, uri => path.relative(docs, fileURLToPath(uri))));
    const documents = [...index.documents()].map(d => {
      const { lines: _lines, ...rest } = d;
      return JSON.parse(JSON.stringify(rest));
    });
    return { report, documents, diagnostics: documents.map(d => index.diagnostics(d.uri)) };
  };

  it('gives the same documents, diagnostics and report as one thread', () => {
    const one = run(1);
    for (const threads of [2]) {
      const many = run(threads);
      assert.equal(many.report, one.report);
      assert.deepEqual(many.documents, one.documents);
      assert.deepEqual(many.diagnostics, one.diagnostics);
    }
  });

  it('reads here when the worker script is missing', () => {
    const docs = path.join(root, 'docs');
    const { index, readOnWorker } = indexFolder(docs, {
      today: GENERATED_TODAY,
      threads: 2,
      workerFile: path.join(root, 'missing.js'),
    });
    assert.equal(readOnWorker, 0);
    assert.equal(JSON.stringify(buildReport(index, uri => path.relative(docs, fileURLToPath(uri)))), run(1).report);
  });

  it('reads here what a worker that fails does not deliver', () => {
    const docs = path.join(root, 'docs');
    const failing = path.join(root, 'failing-worker.js');
    fs.writeFileSync(failing, 'throw new Error("a broken worker");\n');
    const { index, readOnWorker } = indexFolder(docs, { today: GENERATED_TODAY, threads: 2, workerFile: failing });
    assert.equal(readOnWorker, 0);
    assert.equal(JSON.stringify(buildReport(index, uri => path.relative(docs, fileURLToPath(uri)))), run(1).report);
  });
});
