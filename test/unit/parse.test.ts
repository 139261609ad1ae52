import * as assert from 'node:assert/strict';
import { parseMarkdown, findFrontmatter, scanBody } from '../../src/core';
import { frontmatterKeys } from '../../src/core/parse';
import { indexOf, joinLines, rulesOf, finding, spec, uri } from './helpers';

const ids = (text: string) => scanBody(text, 0).map(r => r.id);

describe('parse', () => {
  it('reads an item with CRLF line endings, with the same ranges as LF', () => {
    const lf = finding('F-1', ['confidence: sure']);
    const crlf = lf.replace(/\n/g, '\r\n');
    const a = indexOf({ 'a.md': lf }).diagnostics(uri('a.md'));
    const b = indexOf({ 'a.md': crlf }).diagnostics(uri('a.md'));
    assert.deepEqual(
      b.map(d => [d.rule, d.range]),
      a.map(d => [d.rule, d.range]),
    );
    assert.equal(parseMarkdown('x', crlf).item!.id, 'F-1');
  });

  it('reads an item that starts with a BOM', () => {
    const doc = parseMarkdown('x', '\uFEFF' + finding('F-1'));
    assert.equal(doc.item?.id, 'F-1');
    assert.equal(doc.text.slice(doc.item!.idSpan!.start, doc.item!.idSpan!.end), 'F-1');
  });

  it('accepts `...` as the closing fence', () => {
    assert.equal(
      parseMarkdown('x', joinLines('---', 'id: P-1', 'type: persona', 'title: t', '...', 'body')).item?.id,
      'P-1',
    );
  });

  it('an empty file and a file with frontmatter only are fine', () => {
    assert.equal(parseMarkdown('x', '').item, undefined);
    const index = indexOf({ 'empty.md': '', 'p.md': joinLines('---', 'id: P-1', 'type: persona', 'title: t', '---') });
    assert.deepEqual(rulesOf(index), []);
    assert.deepEqual(findFrontmatter('---\n---\n'), { content: { start: 4, end: 4 }, bodyStart: 8 });
  });

  it('treats Markdown with foreign frontmatter as a note, but still finds references in it', () => {
    const doc = parseMarkdown('x', joinLines('---', 'layout: post', 'type: blog', '---', 'We cited F-014 here.'));
    assert.equal(doc.item, undefined);
    assert.deepEqual(
      doc.bodyRefs.map(r => r.id),
      ['F-014'],
    );
  });

  it('keeps exact ranges of keys, values and list entries', () => {
    const text = spec('S-1', ['  - id: R-1', '    text: t', '    evidence: [F-1, "F-2"]']);
    const doc = parseMarkdown('x', text);
    const slice = (s: { start: number; end: number }) => text.slice(s.start, s.end);
    assert.deepEqual(
      doc.links.map(l => slice(l.span)),
      ['F-1', 'F-2'],
    );
    assert.equal(slice(doc.item!.requirements[0].idSpan!), 'R-1');
    assert.deepEqual(
      frontmatterKeys(doc).map(k => k.path),
      ['id', 'type', 'title', 'requirements', 'requirements[0].text', 'requirements[0].evidence'],
    );
  });

  it('takes a requirement text from a body heading or list item starting with its ID', () => {
    const doc = parseMarkdown(
      'x',
      spec(
        'S-1',
        ['  - id: R-1', '    waiver: w', '  - id: R-2', '    waiver: w'],
        [],
        joinLines('## R-1 Guest checkout', '- R-2: Save cards'),
      ),
    );
    assert.deepEqual(
      doc.item!.requirements.map(r => r.text),
      ['Guest checkout', 'Save cards'],
    );
  });

  it('a link field takes one ID or a list', () => {
    const doc = parseMarkdown(
      'x',
      spec('S-1', ['  - id: R-1', '    evidence: F-1', '  - id: R-2', '    evidence:', '      - F-2', '      - F-3']),
    );
    assert.deepEqual(
      doc.item!.requirements.map(r => r.evidence.map(e => e.id)),
      [['F-1'], ['F-2', 'F-3']],
    );
  });

  describe('body references', () => {
    it('finds IDs in prose, headings, lists, quotes and link text', () => {
      assert.deepEqual(
        ids(joinLines('# F-1 title', '- item R-2.', '> quote P-smb-owner', '[see D-7](./d.md)', 'and ADR_7, S-x.')),
        ['F-1', 'R-2', 'P-smb-owner', 'D-7', 'ADR_7', 'S-x'],
      );
    });
    it('skips code spans, fenced and indented code, HTML comments, link URLs and autolinks', () => {
      const text = joinLines(
        'a `F-1` b ``F-2 ` x`` c',
        '```md',
        'F-3',
        '```',
        '',
        '    F-4 indented',
        '',
        '<!-- F-5',
        'F-6 -->',
        '[text](https://x.test/F-7) <https://x.test/F-8> ![F-9](img/F-10.png)',
        '[ref]: https://x.test/F-11',
        'kept F-12',
      );
      assert.deepEqual(ids(text), ['F-12']);
    });
    it('skips paths, file names, e-mail addresses and words without digits or dashes', () => {
      assert.deepEqual(ids('docs/F-1.md, a.F-2, me@F-3.io, Hello world, F-4'), ['F-4']);
    });
    it('indented lines inside a list are prose, not code', () => {
      assert.deepEqual(ids(joinLines('- item', '', '    F-1 continues the item')), ['F-1']);
    });
  });
});
