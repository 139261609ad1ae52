import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cli, finding, git, TODAY, tempDir, writeFiles } from './reviewHelpers';

const SPEC_A = (r1Evidence: string, extraReq = '', above = '') => `---
id: S-a
type: spec
title: Alpha
${above}requirements:
  - id: R-a-1
    text: First
    priority: must
    evidence: [${r1Evidence}]
  - id: R-a-2
    text: Second
    priority: should
    evidence: [F-1]
${extraReq}---
# Alpha

The old study F-404 is quoted here.
`;

const SPEC_B = (link: string) => `---
id: S-b
type: spec
title: Beta
requirements:
  - id: R-b-1
    text: Only
    priority: urgent
    evidence: [${link}]
---
`;

const GONE = `---
id: S-gone
type: spec
title: Gone
requirements:
  - id: R-g-1
    text: Will be deleted
    priority: should
    evidence: [F-2]
---
`;

describe('check --base (a temporary git repo with two commits)', () => {
  let repo: { dir: string; remove: () => void };
  let docs: string;

  before(() => {
    repo = tempDir('grounded-base-test-');
    docs = path.join(repo.dir, 'docs');
    git(repo.dir, 'init', '-q');
    writeFiles(docs, {
      'findings/F-1.md': finding('F-1'),
      'findings/F-2.md': finding('F-2'),
      'specs/a.md': SPEC_A('F-1, F-2'),
      'specs/b.md': SPEC_B('F-77'),
      'specs/gone.md': GONE,
    });
    git(repo.dir, 'add', '.');
    git(repo.dir, 'commit', '-q', '-m', 'base');
    git(repo.dir, 'tag', 'base');
    // The change: S-a moves to alpha.md with lines inserted above its problems, loses F-2 on
    // R-a-1 and gains an ungrounded must; the broken link in S-b is fixed; S-gone is deleted.
    git(repo.dir, 'mv', 'docs/specs/a.md', 'docs/specs/alpha.md');
    writeFiles(docs, {
      'specs/alpha.md': SPEC_A(
        'F-1',
        '  - id: R-a-3\n    text: Third\n    priority: must\n',
        'status: review\nowners: { product: dana }\n',
      ),
      'specs/b.md': SPEC_B('F-2'),
    });
    fs.rmSync(path.join(docs, 'specs/gone.md'));
    git(repo.dir, 'add', '-A', '.');
    git(repo.dir, 'commit', '-q', '-m', 'change');
  });

  after(() => repo.remove());

  function json(...args: string[]) {
    const r = cli(['check', 'docs', '--base', 'base', '--format', 'json', ...TODAY, ...args], repo.dir);
    assert.ok(r.code === 0 || r.code === 1, r.stderr);
    return { ...r, report: JSON.parse(r.stdout) };
  }

  it('reports coverage before and after, per spec and overall', () => {
    const { report } = json();
    const c = report.comparison;
    assert.equal(c.base, 'base');
    assert.equal(c.summary.before.coverage, 3 / 4); // R-b-1 cites only the missing F-77
    assert.equal(c.summary.after.coverage, 2 / 4);
    const a = c.specs.find((s: { id: string }) => s.id === 'S-a');
    assert.equal(a.before.coverage, 1);
    assert.equal(a.after.coverage, 1 / 3);
    assert.equal(a.file, 'specs/alpha.md');
    assert.equal(a.baseFile, 'specs/a.md');
    // The JSON contract keeps its fields.
    assert.deepEqual(Object.keys(report).slice(0, 4), ['version', 'summary', 'specs', 'diagnostics']);
  });

  it('reports a deleted spec and the requirements that got worse', () => {
    const c = json().report.comparison;
    const gone = c.specs.find((s: { id: string }) => s.id === 'S-gone');
    assert.equal(gone.status, 'removed');
    assert.equal(gone.after, null);
    const regressed = c.regressed.map(
      (r: { id: string; before: string | null; after: string }) => `${r.id} ${r.before}→${r.after}`,
    );
    assert.deepEqual(regressed.sort(), ['R-a-1 grounded→weak', 'R-a-3 null→ungrounded']);
  });

  it('reports the evidence that was removed', () => {
    const c = json().report.comparison;
    const removed = c.evidenceRemoved.map(
      (e: { evidence: string; requirement: string; reason: string }) => `${e.evidence} ${e.requirement} ${e.reason}`,
    );
    assert.deepEqual(removed.sort(), ['F-2 R-a-1 unlinked', 'F-2 R-g-1 requirement-removed']);
  });

  it('finds new and fixed diagnostics; a renamed file and shifted lines do not make old ones new', () => {
    const c = json().report.comparison;
    const fresh = c.newDiagnostics.map((d: { file: string; rule: string }) => `${d.file} ${d.rule}`);
    assert.deepEqual(fresh.sort(), ['specs/alpha.md ungrounded-requirement', 'specs/alpha.md weak-requirement']);
    const fixed = c.fixedDiagnostics.map((d: { file: string; rule: string }) => `${d.file} ${d.rule}`);
    assert.deepEqual(fixed.sort(), ['specs/b.md broken-link', 'specs/b.md ungrounded-requirement']);
    assert.deepEqual(c.renamed, { 'specs/a.md': 'specs/alpha.md' });
  });

  it('--new-only keeps only the new diagnostics, and the exit code follows them', () => {
    const all = cli(['check', 'docs', '--base', 'base', ...TODAY], repo.dir);
    assert.equal(all.code, 1, 'the old invalid priority in S-b is an error');
    const newOnly = json('--new-only');
    assert.equal(newOnly.code, 0);
    assert.deepEqual(newOnly.report.diagnostics.map((d: { rule: string }) => d.rule).sort(), [
      'ungrounded-requirement',
      'weak-requirement',
    ]);
    assert.equal(newOnly.report.summary.errors, 0);
    assert.equal(
      cli(['check', 'docs', '--base', 'base', '--new-only', '--fail-on', 'warning', ...TODAY], repo.dir).code,
      1,
    );
  });

  it('--fail-on-new-ungrounded must fails on the new ungrounded must-requirement only', () => {
    const must = cli(
      ['check', 'docs', '--base', 'base', '--new-only', '--fail-on-new-ungrounded', 'must', ...TODAY],
      repo.dir,
    );
    assert.equal(must.code, 1);
    assert.match(must.stderr, /R-a-3 \(must\) in specs\/alpha\.md became ungrounded \(was new\)/);
    const could = cli(
      ['check', 'docs', '--base', 'base', '--new-only', '--fail-on-new-ungrounded', 'could', ...TODAY],
      repo.dir,
    );
    assert.equal(could.code, 0, could.stderr);
  });

  it('shows the comparison in text and markdown', () => {
    const text = cli(['check', 'docs', '--base', 'base', ...TODAY], repo.dir).stdout;
    assert.match(text, /Compared with base: coverage 75% → 50%/);
    assert.match(text, /S-gone {2}100% → deleted/);
    const md = cli(['check', 'docs', '--base', 'base', '--format', 'markdown', ...TODAY], repo.dir).stdout;
    assert.match(md, /^## Grounded: evidence coverage 75% → 50% \(▼ −25 pts\)/);
    assert.match(md, /\| ~~`S-gone` Gone~~ \| 100% \| deleted \|/);
    assert.match(md, /Moved: specs\/a\.md → specs\/alpha\.md/);
  });

  it('a bad ref is a one-line usage error with exit 2', () => {
    const r = cli(['check', 'docs', '--base', 'no-such-branch', ...TODAY], repo.dir);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr.trimEnd().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, /^grounded: --base: `no-such-branch` is not a commit/);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
    assert.equal(cli(['check', 'docs', '--base', '--upload-pack=evil', ...TODAY], repo.dir).code, 2);
  });

  it('outside a git repository, --base is a usage error', () => {
    const plain = tempDir('grounded-nogit-');
    try {
      writeFiles(plain.dir, { 'findings/F-1.md': finding('F-1') });
      const r = cli(['check', plain.dir, '--base', 'HEAD', ...TODAY]);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /not in one/);
    } finally {
      plain.remove();
    }
  });

  it('--new-only without --base is a usage error', () => {
    const r = cli(['check', 'docs', '--new-only', ...TODAY], repo.dir);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--new-only needs --base/);
  });
});
