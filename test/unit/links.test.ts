import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RULES, ruleDocsUrl } from '../../src/core';
import { DOCS_BASE, repositoryWebUrl } from '../../src/core/rules';

const REPO = path.join(__dirname, '..', '..', '..');

/** GitHub's anchor for a heading: lower case, punctuation other than `-` and `_` dropped, spaces as `-`. */
function githubSlug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

describe('rule documentation links', () => {
  it("derive from package.json's repository", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { repository: { url: string } };
    const web = repositoryWebUrl(pkg.repository.url);
    assert.ok(web?.startsWith('https://'), `repository.url ${pkg.repository.url} has no web address`);
    assert.equal(DOCS_BASE, `${web}/blob/HEAD/docs/rules.md`);
  });

  it('land on an existing anchor of docs/rules.md for every rule', () => {
    const docs = fs.readFileSync(path.join(REPO, 'docs', 'rules.md'), 'utf8');
    const anchors = new Set(
      docs
        .split('\n')
        .filter(l => /^#{1,6} /.test(l))
        .map(l => githubSlug(l.replace(/^#+ /, ''))),
    );
    for (const r of RULES) {
      const url = ruleDocsUrl(r.id);
      assert.ok(url.startsWith(`${DOCS_BASE}#`), url);
      const anchor = url.slice(DOCS_BASE.length + 1);
      assert.ok(anchors.has(anchor), `${r.id}: docs/rules.md has no heading with the anchor #${anchor}`);
    }
  });

  it('turn the forms of an npm repository URL into a web address', () => {
    const web = 'https://github.com/grounded-specs/grounded';
    for (const url of [
      'https://github.com/grounded-specs/grounded.git',
      'git+https://github.com/grounded-specs/grounded.git',
      'git+ssh://git@github.com/grounded-specs/grounded.git',
      'git@github.com:grounded-specs/grounded.git',
      'git://github.com/grounded-specs/grounded.git',
      'github:grounded-specs/grounded',
      'grounded-specs/grounded',
      'https://github.com/grounded-specs/grounded/',
    ]) {
      assert.equal(repositoryWebUrl(url), web, url);
    }
    assert.equal(
      repositoryWebUrl('https://gitlab.example.com/team/docs/grounded.git'),
      'https://gitlab.example.com/team/docs/grounded',
    );
    assert.equal(repositoryWebUrl('not a url'), undefined);
  });
});

describe('docs/format.md', () => {
  it('lists every rule with its default severity, linked to its section of docs/rules.md', () => {
    const format = fs.readFileSync(path.join(REPO, 'docs', 'format.md'), 'utf8');
    const rules = format.slice(format.indexOf('\n## Rules'), format.indexOf('\n## Configuration'));
    const rows = rules
      .split('\n')
      .filter(l => l.startsWith('| [`'))
      .map(l => l.split(' | ').slice(0, 2).join(' | '));
    assert.deepEqual(
      rows,
      RULES.map(r => `| [\`${r.id}\`](rules.md#${r.id}) | ${r.defaultSeverity}`),
    );
  });
});

describe('links in the docs that users read', () => {
  const docs = [
    'README.md',
    'CHANGELOG.md',
    'ARCHITECTURE.md',
    'examples/README.md',
    ...fs
      .readdirSync(path.join(REPO, 'docs'))
      .filter(f => f.endsWith('.md'))
      .map(f => `docs/${f}`),
  ];

  it('stay inside the repository', () => {
    for (const file of docs) {
      const text = fs.readFileSync(path.join(REPO, file), 'utf8');
      for (const m of text.matchAll(/\]\(([^)\s#]+)[^)]*\)/g)) {
        const href = m[1]!;
        if (/^[a-z][\w+.-]*:/i.test(href)) continue;
        const target = path.resolve(REPO, path.dirname(file), href);
        assert.ok(target.startsWith(REPO + path.sep), `${file}: ${href} leaves the repository`);
        assert.ok(fs.existsSync(target), `${file}: ${href} does not exist`);
      }
    }
  });

  it('land on existing files and headings (remark-validate-links)', function () {
    // A remark process over every doc: 1.5 s alone, more on a busy 2-core machine.
    this.timeout(20_000);
    const remark = path.join(REPO, 'node_modules', 'remark-cli', 'cli.js');
    const r = spawnSync(
      process.execPath,
      [remark, '--use', 'remark-validate-links=repository:false', '--no-stdout', '--frail', '--no-color', ...docs],
      { cwd: REPO, encoding: 'utf8' },
    );
    assert.equal(r.status, 0, r.stderr);
  });
});

describe('.ci/run', () => {
  it("runs exactly the README's two commands", () => {
    const readme = fs.readFileSync(path.join(REPO, 'README.md'), 'utf8');
    const block = /```sh\n([\s\S]*?)```/.exec(readme)![1]!;
    const documented = block
      .split('\n')
      .map(l => l.replace(/#.*$/, '').trim())
      .filter(Boolean);
    const ci = fs
      .readFileSync(path.join(REPO, '.ci', 'run'), 'utf8')
      .split('\n')
      .map(l => l.trim())
      .filter(l => l && !l.startsWith('#') && !l.startsWith('set ') && !l.startsWith('cd '));
    assert.deepEqual(documented, ['npm ci && npm run example', 'npm test']);
    assert.deepEqual(ci, documented);
  });
});
