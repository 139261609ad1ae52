import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cli, finding, TODAY, tempDir, writeFiles } from './reviewHelpers';

const spec = (above: string, extra = '') => `---
id: S-x
type: spec
title: X
${above}requirements:
  - id: R-x-1
    text: Ungrounded from the start
    priority: should
  - id: R-x-2
    text: Broken link from the start
    priority: should
    evidence: [F-1, F-9]
${extra}---
`;

describe('grounded baseline', () => {
  let ws: { dir: string; remove: () => void };
  beforeEach(() => {
    ws = tempDir('grounded-baseline-test-');
    writeFiles(ws.dir, { 'findings/F-1.md': finding('F-1'), 'specs/x.md': spec('') });
  });
  afterEach(() => ws.remove());

  function check(...args: string[]) {
    const r = cli(['check', ws.dir, '--format', 'json', '--fail-on', 'warning', ...TODAY, ...args]);
    return { ...r, report: JSON.parse(r.stdout) };
  }

  it('writes .grounded-baseline.json, after which check reports nothing and passes', () => {
    assert.equal(check().code, 1);
    const b = cli(['baseline', ws.dir, ...TODAY]);
    assert.equal(b.code, 0, b.stderr);
    assert.match(b.stderr, /recorded 2 known problems/);
    const file = JSON.parse(fs.readFileSync(path.join(ws.dir, '.grounded-baseline.json'), 'utf8'));
    assert.equal(file.version, 1);
    assert.deepEqual(file.entries.map((e: { rule: string }) => e.rule).sort(), [
      'broken-link',
      'ungrounded-requirement',
    ]);
    const after = check();
    assert.equal(after.code, 0, after.stdout);
    assert.deepEqual(after.report.diagnostics, []);
    assert.deepEqual(after.report.baseline, { file: '.grounded-baseline.json', suppressed: 2 });
  });

  it('keeps known problems hidden when unrelated lines move above them', () => {
    cli(['baseline', ws.dir, ...TODAY]);
    writeFiles(ws.dir, { 'specs/x.md': spec('status: review\nowners: { product: dana }\npersonas: []\n') });
    const r = check();
    assert.equal(r.code, 0, r.stdout);
    assert.deepEqual(r.report.diagnostics, []);
  });

  it('reports a new problem, and only that one', () => {
    cli(['baseline', ws.dir, ...TODAY]);
    writeFiles(ws.dir, {
      'specs/x.md': spec('status: review\n', '  - id: R-x-3\n    text: New and ungrounded\n    priority: must\n'),
    });
    const r = check();
    assert.equal(r.code, 1);
    assert.deepEqual(
      r.report.diagnostics.map((d: { rule: string; message: string }) => `${d.rule} ${d.message.slice(0, 7)}`),
      ['ungrounded-requirement `R-x-3`'],
    );
    assert.equal(r.report.summary.warnings, 1);
  });

  it('--no-baseline shows everything; --baseline FILE reads another file', () => {
    const other = path.join(ws.dir, 'ci', 'known.json');
    assert.equal(cli(['baseline', ws.dir, '--baseline', other, ...TODAY]).code, 0);
    assert.equal(fs.existsSync(path.join(ws.dir, '.grounded-baseline.json')), false);
    assert.equal(check('--baseline', other).code, 0);
    assert.equal(check().code, 1);
    cli(['baseline', ws.dir, ...TODAY]);
    assert.equal(check('--no-baseline').report.diagnostics.length, 2);
  });

  it('a damaged baseline file is a usage error', () => {
    fs.writeFileSync(path.join(ws.dir, '.grounded-baseline.json'), '{"version": 7}');
    const r = cli(['check', ws.dir, ...TODAY]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /is not a Grounded baseline/);
  });
});
