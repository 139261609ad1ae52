import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildIndexSync, isMissing, MemoryWorkspace, type FileFilter } from '../../src/core/workspace';
import { readMarkdown } from '../../src/node/files';
import { MAX_FILE_BYTES } from '../../src/core/files';
import { MAX_BASELINE_BYTES, MAX_CACHE_BYTES, MAX_CONFIG_BYTES } from '../../src/node/files';
import { MAX_BODY_REFERENCES, scanBody } from '../../src/core/body';
import { scanBodyRemark } from './bodyRemark';
import { parseDocument } from 'yaml';
import {
  MAX_FRONTMATTER_BYTES,
  MAX_FRONTMATTER_DEPTH,
  MAX_FRONTMATTER_NODES,
  MAX_YAML_ERRORS,
  parseYamlDocument,
  readFrontmatterFast,
} from '../../src/core/frontmatter';
import { computeDiagnostics, MAX_DIAGNOSTICS_PER_FILE } from '../../src/core/diagnostics';
import { defaultConfig, parseConfig, parseMarkdown, RULES, RULE_IDS } from '../../src/core';
import { MAX_SUCCESSOR_CHAIN } from '../../src/core/rules/superseded-evidence';
import { finding, indexOf, joinLines, uri } from './helpers';

/*
 * Hostile input (docs/limits.md). Inputs are large enough that a quadratic scanner, or a regular
 * expression that backtracks on the stack, fails the test (a stack overflow, or minutes instead
 * of milliseconds against mocha's timeout); the linear one takes milliseconds.
 */

const ids = (refs: { id: string }[]) => refs.map(r => r.id);

describe('hardening: the body scanner is linear by construction', () => {
  for (const [name, line] of [
    ['1.6 million `-`', '-'.repeat(1_600_000)],
    ['1.6 million `*`', '*'.repeat(1_600_000)],
    ['1.6 million `_`', '_'.repeat(1_600_000)],
    ['3.6 million `>`', '>'.repeat(3_600_000)],
    ['3.6 million `> `', '> '.repeat(1_800_000)],
  ] as const) {
    it(`a line of ${name} does not overflow the stack`, () => {
      assert.deepEqual(scanBody(`${line} F-1\n`, 0).length <= 1, true);
      assert.doesNotThrow(() => scanBody(line, 0));
    });
  }
  for (const [name, unit] of [
    ['x ![', 'x !['],
    ['[](', '[]('],
    ['![](', '![]('],
    ['`` runs of growing length', ''],
    ['[[[[', '['],
    ['((((', '](('],
    ['<a', '<a'],
    ['<!-', '<!-'],
  ] as const) {
    it(`a 400 KB line of \`${name}\` is scanned in linear time`, function () {
      this.timeout(4000);
      let line = '';
      if (unit === '') for (let n = 1; line.length < 400_000; n++) line += ' ' + '`'.repeat(n) + ' F-1';
      else line = unit.repeat(Math.ceil(400_000 / unit.length));
      scanBody(line + '\n', 0);
      scanBody(`> ${line}\n- ${line}\n`, 0);
    });
  }
  it('the shortcuts give what the forward scans gave, and what remark finds', () => {
    const cases = [
      'see ![a [b] c](x) F-2',
      'a `` b ` F-1 `` F-2 ` F-3',
      'a \\``F-1`` F-2` F-3',
      'x ![ ![a](F-1) F-2',
      'x [ [a](F-1 F-2',
      'see [a](b(c)d) F-2 [x](',
      'see ![a](x(y)z) F-2',
      '> > quoted F-1',
      '   > > > F-2',
      '- - - F-3',
      '* * *',
      '__ _ _',
    ];
    for (const c of cases) assert.deepEqual(ids(scanBody(c + '\n', 0)), ids(scanBodyRemark(c + '\n')), c);
  });
});

describe('hardening: frontmatter is bounded', () => {
  const fm = (body: string) =>
    `---\nid: F-1\ntype: finding\ntitle: t\nsource: interview\ndate: 2026-01-01\n${body}---\nBody.\n`;
  const syntax = (text: string) => parseMarkdown('file:///x.md', text).problems.filter(p => p.rule === 'yaml-syntax');

  it('40,000 keys through the yaml fallback (one tab) parse in linear time, and duplicates are still found', function () {
    this.timeout(6000);
    const keys = Array.from({ length: 40_000 }, (_, i) => `k${i}: v`).join('\n');
    const { errors } = parseYamlDocument(`${keys}\nk7: again\n\t# a tab sends it to yaml\n`, { prettyErrors: false });
    const dups = errors.filter(e => /Map keys must be unique/.test(e.message));
    assert.equal(dups.length, 1);
    assert.equal(dups[0].pos[0], keys.length + 1);
  });
  it('more nodes than the limit (40,000 keys, 200,000 flow entries): one diagnostic at the line past it, before either parser runs', () => {
    const keys = Array.from({ length: 40_000 }, (_, i) => `k${i}: v`).join('\n');
    for (const [body, tab] of [
      [keys, false],
      [keys, true],
      [`x: [${Array(200_000).fill('a').join(',')}]`, true],
    ] as const) {
      const text = fm(`${body}\n${tab ? '\t# a tab sends it to yaml\n' : ''}`);
      const problems = syntax(text);
      assert.equal(problems.length, 1);
      assert.match(problems[0].message, /more than 20,000 keys, values and list entries; it was not read/);
      if (body === keys) {
        // Each `kN: v` is two nodes, and the five lines above it are ten: k9995 is the line past 20,000.
        assert.equal(text.slice(problems[0].span.start, problems[0].span.end), 'k9995: v');
      }
    }
    const { errors } = parseConfig(
      `rules:\n${Array.from({ length: 20_000 }, (_, i) => `  r${i}: off`).join('\n')}\n`,
      RULE_IDS,
    );
    assert.equal(errors.length, 1);
    assert.match(errors[0].message, /^The config has more than 20,000 keys/);
  });
  it("a spec of 1,500 requirements (five times the benchmark's large spec) is under the node limit", () => {
    const reqs: string[] = [];
    for (let i = 0; i < 1500; i++) {
      reqs.push(
        `  - id: R-${i}`,
        `    text: Buyers can do thing number ${i} without help`,
        `    priority: ${['must', 'should', 'could'][i % 3]}`,
      );
      reqs.push(i % 10 === 9 ? '    waiver: legal asked for it' : `    evidence: [F-${i}, F-${i + 1000}]`);
      if (i % 5 === 0) reqs.push(`    decisions: [D-${i}]`);
    }
    const doc = parseMarkdown(
      'file:///s.md',
      `---\nid: S-1\ntype: spec\ntitle: Large\nstatus: review\npersonas: [P-1]\nrequirements:\n${reqs.join('\n')}\n---\n# Large\n`,
    );
    assert.deepEqual(
      doc.problems.filter(p => p.rule === 'yaml-syntax'),
      [],
    );
    assert.equal(doc.item?.requirements.length, 1500);
  });
  it('duplicate keys: the same errors as yaml gives, in order, nested and in flow maps too', () => {
    for (const text of [
      'a: 1\nb: 2\na: 3\n',
      'a: 1\n"a": 2\n1: x\n"1": y\n',
      'm:\n  x: 1\n  y: 2\n  x: 3\nn: { p: 1, p: 2 }\nl:\n  - { q: 1, q: 2 }\n',
      'a: &x 1\nb: *x\n? [1]\n: 2\n? [1]\n: 3\nnull: 1\n~: 2\ntrue: 1\nTrue: 2\n',
    ]) {
      const ours = parseYamlDocument(text, { prettyErrors: false }).errors.map(e => [e.code, e.pos[0], e.message]);
      const theirs = parseDocument(text, { prettyErrors: false, uniqueKeys: true }).errors.map(e => [
        e.code,
        e.pos[0],
        e.message,
      ]);
      assert.deepEqual(ours, theirs, text);
    }
  });
  for (const levels of [3000, 1400, 65]) {
    it(`${levels} nested mappings of valid YAML: one diagnostic, no stack overflow`, () => {
      let nested = '';
      for (let d = 0; d < levels; d++) nested += `${' '.repeat(d)}k${d}:\n`;
      nested += `${' '.repeat(levels)}leaf: 1\n`;
      const problems = syntax(fm(nested));
      assert.equal(problems.length, 1);
      // 3,000 levels indented by one space each are 4.5 MB: over the size limit first.
      assert.match(problems[0].message, levels > 1400 ? /over the 1024 KB limit/ : /nested more than 64 levels deep/);
      assert.doesNotThrow(() => readFrontmatterFast(nested));
    });
  }
  it('valid YAML nested 1,000 deep in flow style, and an unclosed one: one diagnostic each', () => {
    for (const body of [
      `x: ${'['.repeat(1000)}${']'.repeat(1000)}\n`,
      `x: ${'['.repeat(1000)}\n`,
      `x: ${'{a: '.repeat(1000)}1${'}'.repeat(1000)}\n`,
      `${'- '.repeat(1000)}x\n`,
    ]) {
      const problems = syntax(fm(body));
      assert.equal(problems.length, 1, body.slice(0, 20));
      assert.doesNotMatch(problems[0].message, /call stack/);
    }
  });
  it('an unclosed flow sequence nested below the limit gives a few distinct errors, not hundreds', () => {
    const problems = syntax(fm(`x: ${'['.repeat(60)}\n`));
    assert.ok(problems.length >= 1 && problems.length <= 10, String(problems.length));
    assert.equal(new Set(problems.map(p => p.message)).size, problems.length);
  });
  it('deep nesting at the limit is still read; brackets inside quotes and comments do not count', () => {
    const ok = `x: ${'['.repeat(60)}1${']'.repeat(60)}\ny: "${'['.repeat(100)}"\nz: 1 # ${'{'.repeat(100)}\n`;
    assert.deepEqual(syntax(fm(ok)), []);
  });
  it('a 2 MB frontmatter of nested [ is refused by size, at once', () => {
    const problems = syntax(fm(`x: ${'['.repeat(2_000_000)}\n`));
    assert.equal(problems.length, 1);
    assert.match(problems[0].message, /over the 1024 KB limit/);
  });
  it('a config nested too deep is one error', () => {
    let nested = '';
    for (let d = 0; d < 200; d++) nested += `${' '.repeat(d)}k${d}:\n`;
    const { errors } = parseConfig(`rules:\n${nested.replace(/^/gm, '  ')}`, RULE_IDS);
    assert.equal(errors.length, 1);
    assert.match(errors[0].message, /nested more than 64 levels/);
  });
});

describe('hardening: diagnostics per file are capped', () => {
  it('half a million unknown IDs give 200 diagnostics and one summary, with the worst severity', function () {
    this.timeout(20000);
    let body = '';
    for (let i = 0; body.length < 2_000_000; i++) body += `F-${i + 10} `;
    const index = indexOf({ 'f.md': finding('F-1', [], body) });
    const list = index.diagnostics(uri('f.md'));
    // 200 shown, one summary, and the body's reference limit (never left out).
    assert.equal(list.length, MAX_DIAGNOSTICS_PER_FILE + 2);
    assert.match(
      list.find(d => d.rule === 'unreadable-file')!.message,
      /names more than 20000 ID-like tokens; from line \d+ on it was not checked/,
    );
    assert.equal(index.get(uri('f.md'))!.bodyRefs.length, MAX_BODY_REFERENCES);
    const summary = list.find(d => /more problems in this file are not shown/.test(d.message))!;
    assert.ok(summary, 'a summary diagnostic');
    assert.equal(summary.rule, 'unknown-reference');
    assert.equal(summary.severity, 'warning');
    assert.deepEqual(summary.range.start, { line: 0, character: 0 });
    assert.match(
      summary.message,
      /^\d+ more problems in this file are not shown \(\d+ unknown-reference(, 1 unused-finding)?\)/,
    );
  });
  it('a rule that throws costs only its own diagnostics', () => {
    const index = indexOf({
      's.md': joinLines(
        '---',
        'id: S-1',
        'type: spec',
        'title: T',
        'requirements:',
        '  - id: R-1',
        '    text: x',
        '    priority: must',
        '    evidence: [F-404]',
        '---',
      ),
    });
    const rule = RULES.find(r => r.id === 'broken-link')!;
    const original = rule.check;
    (rule as { check: unknown }).check = () => {
      throw new Error('boom');
    };
    try {
      const list = computeDiagnostics(index.get(uri('s.md'))!, index);
      assert.ok(
        list.some(d => d.rule === 'ungrounded-requirement'),
        'the other rules ran',
      );
      assert.ok(list.some(d => d.rule === 'broken-link' && /could not run `broken-link`.*boom/.test(d.message)));
    } finally {
      (rule as { check: unknown }).check = original;
    }
  });
});

describe('hardening: the limits are the documented ones', () => {
  it('docs/limits.md states every limit the code enforces', () => {
    const doc = fs.readFileSync(path.join(__dirname, '..', '..', '..', 'docs', 'limits.md'), 'utf8');
    const mb = (n: number) => `${n / 1024 / 1024} MB`;
    for (const [what, text] of [
      ['MAX_FILE_BYTES', `| a Markdown file | ${mb(MAX_FILE_BYTES)} |`],
      ['MAX_CONFIG_BYTES', `(or \`--config\`) | ${mb(MAX_CONFIG_BYTES)} |`],
      ['MAX_BASELINE_BYTES', `| the baseline file | ${mb(MAX_BASELINE_BYTES)} |`],
      ['MAX_CACHE_BYTES', `| a cache file | ${mb(MAX_CACHE_BYTES)} |`],
      ['MAX_FRONTMATTER_BYTES', `between the \`---\` lines | ${mb(MAX_FRONTMATTER_BYTES)} |`],
      ['MAX_FRONTMATTER_DEPTH', `| ${MAX_FRONTMATTER_DEPTH} levels |`],
      ['MAX_FRONTMATTER_NODES', `| ${MAX_FRONTMATTER_NODES.toLocaleString('en-US')} |`],
      ['MAX_SUCCESSOR_CHAIN', `| ${MAX_SUCCESSOR_CHAIN} links |`],
      ['MAX_YAML_ERRORS', `| ${MAX_YAML_ERRORS}, one per message`],
      ['MAX_BODY_REFERENCES', `| ${MAX_BODY_REFERENCES.toLocaleString('en-US')} |`],
      ['MAX_DIAGNOSTICS_PER_FILE', `| diagnostics per file | ${MAX_DIAGNOSTICS_PER_FILE} |`],
    ] as const) {
      assert.ok(doc.includes(text), `${what}: ${text}`);
    }
  });
});

describe('hardening: file-system faults while indexing', () => {
  it('a file deleted between listing and reading is no document (no ghost that cannot be read)', () => {
    class Racing extends MemoryWorkspace {
      override list(filter: FileFilter) {
        const listing = super.list(filter);
        this.remove('b.md'); // deleted right after the listing, as a branch switch does
        return listing;
      }
    }
    const ws = new Racing('file:///ws', { 'a.md': finding('F-1'), 'b.md': finding('F-2'), 'c.md': '# note' });
    const built = buildIndexSync(ws, { config: defaultConfig(), today: '2026-11-29' });
    assert.deepEqual([...built.index.documents()].map(d => d.uri).sort(), ['file:///ws/a.md', 'file:///ws/c.md']);
    assert.deepEqual(
      [...built.index.documents()]
        .flatMap(d => built.index.diagnostics(d.uri))
        .filter(d => d.rule === 'unreadable-file'),
      [],
    );
  });
  it('the Node reader says a vanished file is missing, and any other failure is a diagnostic', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'grounded-vanish-'));
    try {
      assert.equal(isMissing(readMarkdown(path.join(dir, 'gone.md'))), true);
      fs.mkdirSync(path.join(dir, 'folder.md'));
      const read = readMarkdown(path.join(dir, 'folder.md'));
      assert.equal(isMissing(read), false);
      assert.match((read as { error: string }).error, /cannot be read \(EISDIR\)/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
