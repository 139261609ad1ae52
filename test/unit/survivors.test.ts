import * as assert from 'node:assert/strict';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import {
  buildReport,
  decodeMarkdown,
  joinLines,
  parseMarkdown,
  type ParsedDocument,
  type TextEdit,
} from '../../src/core';
import { linkEvidenceEdits } from '../../src/core/features/codeActions';
import { formatJunit } from '../../src/cli/formats/junit';
import { all, finding, indexOf, rulesOf, spec, uri } from './helpers';

/*
 * The weaker findings, the real-repository findings and the mutation survivors of the hardening work (docs/limits.md):
 * each test here failed against the code before its fix, or kills a mutant that survived the
 * suites before (named in the test).
 */

function applyEdits(doc: ParsedDocument, edits: TextEdit[]): string {
  let text = doc.text;
  const sorted = [...edits].sort((a, b) => doc.lines.offsetAt(b.range.start) - doc.lines.offsetAt(a.range.start));
  for (const e of sorted)
    text = text.slice(0, doc.lines.offsetAt(e.range.start)) + e.newText + text.slice(doc.lines.offsetAt(e.range.end));
  return text;
}

const req = (id: string, evidence = '[F-1]', priority = 'could') => [
  `  - id: ${id}`,
  '    text: T',
  `    priority: ${priority}`,
  `    evidence: ${evidence}`,
];

describe('weaker findings', () => {
  it('a UTF-16 file (with its byte-order mark) is text, not binary', () => {
    const text = '---\nid: F-1\ntype: finding\n---\n';
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    assert.deepEqual(decodeMarkdown(le), { text });
    const be = Buffer.from(le);
    be.swap16();
    assert.deepEqual(decodeMarkdown(be), { text });
    assert.match(
      (decodeMarkdown(Buffer.from([0xff, 0xfe, 0x00, 0xd8])) as { error: string }).error,
      /not valid UTF-16/,
    );
  });
  it('a CR-only file is an item with a diagnostic, not silently nothing', () => {
    const doc = parseMarkdown(uri('f.md'), finding('F-1').replace(/\n/g, '\r'));
    assert.equal(doc.item?.type, 'finding');
    assert.match(doc.problems[0].message, /end with CR alone/);
  });
  it('superseded_by naming itself gives no advice to cite it', () => {
    const index = indexOf({
      'f1.md': finding('F-1', ['status: superseded', 'superseded_by: F-1']),
      'f2.md': finding('F-2', ['status: superseded', 'superseded_by: P-1']),
      'f3.md': finding('F-3', ['status: superseded', 'superseded_by: F-4']),
      'f4.md': finding('F-4'),
      'p.md': joinLines('---', 'id: P-1', 'type: persona', 'title: P', '---'),
      's.md': spec('S-1', [...req('R-1', '[F-1, F-2, F-3]')]),
    });
    const messages = index.diagnostics(uri('s.md')).filter(d => d.rule === 'superseded-evidence');
    assert.match(messages[0].message, /`F-1` is superseded .* names itself, so it has no successor/);
    assert.equal(messages[0].data?.successor, undefined, 'no quick fix to itself');
    assert.match(messages[1].message, /names `P-1` \(`F-2` → `P-1`\), a persona, not a finding/);
    assert.doesNotMatch(messages[1].message, /Cite/i);
    assert.equal(messages[1].data?.successor, undefined, 'no quick fix to a persona');
    assert.match(messages[2].message, /Cite its successor `F-4` instead/);
    assert.equal(messages[2].data?.successor, 'F-4');
  });
  it('superseded_by chains lead to the first active finding; cycles, refuted and missing successors give no advice to cite them', () => {
    const superseded = (id: string, by: string) => finding(id, ['status: superseded', `superseded_by: ${by}`]);
    const index = indexOf({
      // A chain: F-1 → F-2 → F-3 (active).
      'f1.md': superseded('F-1', 'F-2'),
      'f2.md': superseded('F-2', 'F-3'),
      'f3.md': finding('F-3'),
      // A cycle: F-4 → F-5 → F-4.
      'f4.md': superseded('F-4', 'F-5'),
      'f5.md': superseded('F-5', 'F-4'),
      // Ends at a refuted finding, at an undeclared ID, and at a superseded finding with no successor.
      'f6.md': superseded('F-6', 'F-7'),
      'f7.md': finding('F-7', ['status: refuted']),
      'f8.md': superseded('F-8', 'F-99'),
      'f9.md': superseded('F-9', 'F-10'),
      'f10.md': finding('F-10', ['status: superseded']),
      's.md': spec('S-1', [...req('R-1', '[F-1, F-4, F-6, F-8, F-9]')]),
    });
    const ds = index.diagnostics(uri('s.md')).filter(d => d.rule === 'superseded-evidence');
    const by = (id: string) => ds.find(d => d.data?.id === id)!;
    assert.match(
      by('F-1').message,
      /\(`F-1` → `F-2` → `F-3`\): cite `F-3`, the active finding at the end of the chain/,
    );
    assert.equal(by('F-1').data?.successor, 'F-3', 'the quick fix replaces it with the active end of the chain');
    assert.match(by('F-4').message, /is a cycle \(`F-4` → `F-5` → `F-4`\), so it has no active successor/);
    assert.match(by('F-6').message, /`F-7` .* is refuted, so it has no active successor/);
    assert.match(by('F-8').message, /`F-99` .* is not declared/);
    assert.match(by('F-9').message, /superseded too and names no successor \(`F-9` → `F-10`\)/);
    for (const id of ['F-4', 'F-6', 'F-8', 'F-9']) {
      assert.equal(by(id).data?.successor, undefined, `no quick fix for ${id}`);
      assert.doesNotMatch(by(id).message, /\bcite\b/i, `no advice to cite for ${id}`);
    }
  });
  it('a superseded_by chain longer than the bound is not followed to its end', () => {
    const files: Record<string, string> = { 's.md': spec('S-1', [...req('R-1', '[F-0]')]) };
    for (let i = 0; i < 40; i++)
      files[`f${i}.md`] = finding(`F-${i}`, ['status: superseded', `superseded_by: F-${i + 1}`]);
    files['f40.md'] = finding('F-40');
    const [d] = indexOf(files)
      .diagnostics(uri('s.md'))
      .filter(x => x.rule === 'superseded-evidence');
    assert.match(d.message, /chain is longer than 32 links/);
    assert.equal(d.data?.successor, undefined);
  });
});

describe('real-repository findings', () => {
  it('an invalid date (2023-14-05, from a real KEP) is reported as invalid, not also as missing', () => {
    const rules = rulesOf(indexOf({ 'f.md': finding('F-1', ['date: 2023-14-05']) }), 'f.md');
    assert.ok(rules.includes('invalid-field'));
    assert.ok(!rules.includes('missing-field'), rules.join());
    assert.ok(
      rulesOf(indexOf({ 'f.md': finding('F-1', ['date:']) }), 'f.md').includes('missing-field'),
      'an empty date is still missing',
    );
  });
  it('a README that opens with a thematic break and shows `type: spec` in a code example is not an item', () => {
    const readme = joinLines('---', '', 'Welcome.', '', '```yaml', 'id: S-1', 'type: spec', '```', '');
    const index = indexOf({ 'README.md': readme });
    assert.deepEqual(all(index), []);
    assert.equal(index.get(uri('README.md'))!.item, undefined);
    // A real unclosed frontmatter is still one.
    assert.deepEqual(rulesOf(indexOf({ 'f.md': joinLines('---', 'id: F-1', 'type: finding', 'title: t') }), 'f.md'), [
      'yaml-syntax',
    ]);
  });
});

describe('mutation survivors', () => {
  it('an ID declared twice in one file: duplicate-id on both', () => {
    const index = indexOf({ 'f.md': finding('F-1'), 's.md': spec('S-1', [...req('R-1'), ...req('R-1')]) });
    const dups = index.diagnostics(uri('s.md')).filter(d => d.rule === 'duplicate-id');
    assert.equal(dups.length, 2);
    assert.notEqual(dups[0].range.start.line, dups[1].range.start.line);
  });
  it('a code action on a CRLF file keeps every line CRLF, and parses', () => {
    const crlf = (s: string) => s.replace(/\n/g, '\r\n');
    const files = {
      'f.md': finding('F-1'),
      'flow.md': crlf(spec('S-1', req('R-1', '[F-1]'))),
      'block.md': crlf(spec('S-2', [...req('R-1', ''), '      - F-1'])),
      'none.md': crlf(spec('S-3', ['  - id: R-1', '    text: T', '    priority: could'])),
      'd.md': crlf(
        joinLines('---', 'id: D-1', 'type: decision', 'title: D', 'status: accepted', 'evidence: F-1', '---', ''),
      ),
    };
    const index = indexOf(files);
    for (const [name, r] of [
      ['flow.md', 'R-1'],
      ['block.md', 'R-1'],
      ['none.md', 'R-1'],
      ['d.md', undefined],
    ] as const) {
      const doc = index.get(uri(name))!;
      const text = applyEdits(doc, linkEvidenceEdits(doc, r, 'F-9')!);
      assert.doesNotMatch(text, /[^\r]\n/, `${name}: ${JSON.stringify(text)}`);
      const again = parseMarkdown(doc.uri, text);
      const cited = r ? again.item!.requirements[0].evidence : again.item!.evidence;
      assert.deepEqual(cited.map(l => l.id).slice(-1), ['F-9'], name);
    }
  });
  it('two body lines that start with the same requirement ID: the first gives the text', () => {
    const doc = parseMarkdown(
      uri('s.md'),
      spec(
        'S-1',
        ['  - id: R-1', '    priority: could'],
        [],
        joinLines('- R-1: First text', '- R-1: Second text', `- R-1 ${' '.repeat(50_000)}x`),
      ),
    );
    assert.equal(doc.item!.requirements[0].text, 'First text');
    assert.equal(
      doc.text.slice(doc.item!.requirements[0].textSpan!.start, doc.item!.requirements[0].textSpan!.end),
      'First text',
    );
  });
  it('a requirement text line with a long run of spaces is read in linear time', function () {
    this.timeout(3000);
    const doc = parseMarkdown(
      uri('s.md'),
      spec('S-1', ['  - id: R-1', '    priority: could'], [], `- R-1 a${' '.repeat(300_000)}b   `),
    );
    assert.equal(doc.item!.requirements[0].text, `a${' '.repeat(300_000)}b`);
  });
  it('a same-length edit (F-1 → F-2) through the incremental parse equals a fresh parse', () => {
    const before = spec('S-1', req('R-1', '[F-1]'), [], 'See F-1 here.');
    for (const after of [
      before.replace('[F-1]', '[F-2]'),
      before.replace('See F-1', 'See F-2'),
      before.replace('R-1', 'R-2'),
    ]) {
      const incremental = parseMarkdown(uri('s.md'), after, { previous: parseMarkdown(uri('s.md'), before) });
      const fresh = parseMarkdown(uri('s.md'), after);
      assert.deepEqual({ ...incremental, lines: undefined }, { ...fresh, lines: undefined });
    }
  });
  it('`&` in a JUnit title is escaped once, and reads back as `&`', () => {
    const index = indexOf({
      'f.md': finding('F-1'),
      's.md': spec('S-1', req('R-1'), []).replace('title: Spec S-1', 'title: Cats & dogs <3 "quoted" &amp;'),
    });
    const xml = formatJunit(
      buildReport(index, u => u.slice(u.lastIndexOf('/') + 1)),
      { color: false, root: '/ws' },
    );
    assert.equal(XMLValidator.validate(xml), true);
    const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml);
    const suites = [parsed.testsuites.testsuite].flat();
    assert.equal(suites[0].name, 'S-1: Cats & dogs <3 "quoted" &amp;');
  });
  it('linking a finding that is already cited changes nothing', () => {
    const index = indexOf({
      'f.md': finding('F-1'),
      's.md': spec('S-1', req('R-1', '[F-1]')),
      'd.md': joinLines('---', 'id: D-1', 'type: decision', 'title: D', 'evidence: [F-1]', '---'),
    });
    assert.deepEqual(linkEvidenceEdits(index.get(uri('s.md'))!, 'R-1', 'F-1'), []);
    assert.deepEqual(linkEvidenceEdits(index.get(uri('d.md'))!, undefined, 'F-1'), []);
  });
  it('linking to a flow list whose last entry is quoted adds after the quote', () => {
    const index = indexOf({ 's.md': spec('S-1', req('R-1', '[F-1, "F-2"]')) });
    const doc = index.get(uri('s.md'))!;
    const text = applyEdits(doc, linkEvidenceEdits(doc, 'R-1', 'F-3')!);
    assert.match(text, /evidence: \[F-1, "F-2", F-3\]/);
    assert.deepEqual(
      parseMarkdown(doc.uri, text).item!.requirements[0].evidence.map(l => l.id),
      ['F-1', 'F-2', 'F-3'],
    );
  });
});
