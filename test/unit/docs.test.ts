import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RULES } from '../../src/core';

const REPO = path.join(__dirname, '..', '..', '..');

/** The rule table and the rule docs are written by hand; this keeps them from drifting from the code. */
describe('docs agree with the rules', () => {
  it('the README rule table lists every rule with its default severity and description', () => {
    const readme = fs.readFileSync(path.join(REPO, 'README.md'), 'utf8');
    const table = readme.slice(readme.indexOf('<!-- rules-table'), readme.indexOf('<!-- /rules-table -->'));
    const rows = table.split('\n').filter(l => l.startsWith('| `'));
    assert.deepEqual(
      rows,
      RULES.map(r => `| \`${r.id}\` | ${r.defaultSeverity} | ${r.description} |`),
    );
  });

  it('docs/rules.md has a section for every rule, which the docs links point at', () => {
    const docs = fs.readFileSync(path.join(REPO, 'docs', 'rules.md'), 'utf8');
    const headings = docs
      .split('\n')
      .filter(l => l.startsWith('## '))
      .map(l => l.slice(3));
    assert.deepEqual(
      headings,
      RULES.map(r => r.id),
    );
    for (const r of RULES) assert.ok(docs.includes(`Default severity: **${r.defaultSeverity}**.`), r.id);
  });
});
