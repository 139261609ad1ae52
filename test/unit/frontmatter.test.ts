import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { generate } from '../../bench/generate';
import { readFrontmatterFast } from '../../src/core/frontmatter';
import { scanBody } from '../../src/core/body';
import { findFrontmatter, parseMarkdown, parseWith } from '../../src/core/parse';
import { REPO, markdownBelow, sharedCorpora } from './corpora';

/*
 * The fast frontmatter reader (docs/performance.md) must give exactly what `yaml` gives: the same
 * declarations, links, item fields, requirements, keys and problems, span for span. It may
 * decline (then `yaml` reads the file); it may never differ.
 */

/** The parse with `yaml` alone reading every frontmatter (the fast reader always declines). */
const YAML_ONLY = { scanBody, readFrontmatter: () => undefined };

/** The parsed document without its line map, as plain data. */
function plain(uri: string, text: string, yamlOnly: boolean): unknown {
  const doc = yamlOnly ? parseWith(uri, text, YAML_ONLY) : parseMarkdown(uri, text);
  const { lines: _lines, ...rest } = doc;
  return JSON.parse(JSON.stringify(rest));
}

/** Compares both paths on one text; returns whether the fast reader took it. */
function same(text: string, name = 'test.md'): boolean {
  const uri = pathToFileURL(path.join(os.tmpdir(), name)).href;
  assert.deepEqual(plain(uri, text, false), plain(uri, text, true), `${name}:\n${text.slice(0, 600)}`);
  const block = findFrontmatter(text);
  return !!block && readFrontmatterFast(text.slice(block.content.start, block.content.end)) !== undefined;
}

function fm(...lines: string[]): string {
  return ['---', ...lines, '---', '# Body', '', 'Mentions F-1 and R-1.', ''].join('\n');
}

/** A small deterministic generator for the mutation test. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('fast frontmatter reader against yaml', function () {
  this.timeout(120000);
  let corpus: string;
  let generated: string[];

  before(() => {
    corpus = fs.mkdtempSync(path.join(os.tmpdir(), 'grounded-frontmatter-'));
    generate(corpus, 500, 11);
    generated = markdownBelow(corpus);
  });

  after(() => fs.rmSync(corpus, { recursive: true, force: true }));

  it('gives the same documents on a generated 500-document corpus, and takes nearly all of it', () => {
    let items = 0;
    let fast = 0;
    for (const p of generated) {
      const text = fs.readFileSync(p, 'utf8');
      const took = same(text, path.relative(corpus, p));
      if (/^---\n(?:.*\n)*?type: (?:spec|finding|persona|decision)\n/.test(text)) {
        items++;
        if (took) fast++;
      }
    }
    assert.ok(generated.length >= 500);
    assert.ok(fast > items * 0.95, `the fast reader took ${fast} of ${items} items`);
  });

  for (const [name, dir] of [
    ['test/fixtures', path.join(REPO, 'test', 'fixtures')],
    ['examples', path.join(REPO, 'examples')],
    ['the shared corpora', sharedCorpora()],
  ] as const) {
    it(`gives the same documents for every Markdown file of ${name}`, function () {
      const found = markdownBelow(dir);
      if (found.length === 0) this.skip();
      for (const p of found) same(fs.readFileSync(p, 'utf8'), p);
    });
  }

  it('gives the same documents for hand-written edge cases', () => {
    const cases: [string, boolean | undefined][] = [
      [
        fm('id: F-1', 'type: finding', 'title: "Quotes # are not comments"', 'source: interview', 'date: 2026-03-02'),
        true,
      ],
      [
        fm('id: F-1', 'type: finding', "title: 'single # quoted'", 'source: interview', 'date: 2026-03-02 # when'),
        true,
      ],
      [fm('id: F-1', 'type: finding', 'title:value', 'source: interview'), false],
      [fm('id: F-1', 'type: finding', 'title:', 'source: interview'), false],
      [fm('id:', 'type: finding'), false],
      [fm('id: F-1', 'type: finding', 'personas: []', 'tags: []'), true],
      [fm('id: F-1', 'type: finding', 'personas: [ P-1 ,"P-2",  \'P-3\' ]'), true],
      [fm('id: F-1', 'type: finding', 'personas: [P-1,]'), false],
      [fm('id: F-1', 'type: finding', 'personas: [P-1, [P-2]]'), false],
      [fm('id: F-1', 'type: finding', 'personas: [P-1,', '  P-2]'), false],
      [
        fm(
          'id: S-1',
          'type: spec',
          'requirements:',
          '  - id: R-1',
          '    text: One',
          '    evidence: [F-1, F-2]',
          '    decisions:',
          '      - D-1',
          '      - D-2',
          '  - id: R-2',
          '    evidence:',
          '    - F-3',
          '    priority: must',
        ),
        true,
      ],
      [
        fm('id: S-1', 'type: spec', 'requirements:', '- id: R-1', '  evidence: [F-1]', '- id: R-2', '  text: Two'),
        true,
      ],
      [fm('id: S-1', 'type: spec', 'requirements:', '  - id: R-1', '', '  - id: R-2'), false],
      [fm('id: S-1', 'type: spec', 'requirements:', '  - id: R-1', '    # note', '    text: x'), false],
      [fm('id: S-1', 'type: spec', 'requirements:', '  - text: no id', '    evidence: F-1'), true],
      [fm('id: S-1', 'type: spec', 'requirements:', '  - R-1', '  - id: R-2'), true],
      [fm('id: S-1', 'type: spec', 'requirements: R-1'), true],
      [fm('id: S-1', 'type: spec', 'requirements: []'), true],
      [fm('id: S-1', 'type: spec', 'owners: { product: dana, ux: "lee" }', 'owners2: {}'), true],
      [fm('id: S-1', 'type: spec', 'owners: { product: { a: b } }'), false],
      [fm('id: S-1', 'type: spec', 'owners:', '  product: dana', '  ux: lee'), true],
      [fm('id: S-1', 'type: spec', 'owners: dana'), true],
      [fm('id: F-1', 'type: finding', 'sample: 12', 'confidence: high'), true],
      [fm('id: "12"', 'type: finding', 'sample: "12"'), true],
      [fm('id: 12', 'type: finding', 'sample: 012'), true],
      [fm('id: F-1', 'type: finding', 'sample: 1.5'), false],
      [fm('id: F-1', 'type: finding', 'sample: -3'), false],
      [fm('id: F-1', 'type: finding', 'sample: 0x1F'), false],
      [fm('id: F-1', 'type: finding', 'date: 2026-3-2'), false],
      [fm('id: F-1', 'type: finding', 'date: 2026-13-01'), true],
      [fm('id: F-1', 'type: finding', 'title: true', 'status: null', 'source: ~', 'tags: [true, null, 1]'), true],
      [fm('id: F-1', 'type: finding', 'title: True', 'status: NULL', 'method: FALSE'), true],
      [fm('id: F-1', 'type: finding', 'title: a: b'), false],
      [fm('id: F-1', 'type: finding', 'title: http://x.example/a#b, [c] {d}'), true],
      [fm('id: F-1', 'type: finding', 'title: trailing spaces   ', 'source: interview  '), true],
      [fm('id: F-1', 'type: finding', 'title: a', '  continued'), false],
      [fm('id: F-1', 'type: finding', 'title: |', '  block'), false],
      [fm('id: F-1', 'type: finding', 'title: >-', '  folded'), false],
      [fm('id: &a F-1', 'type: finding', 'title: *a'), false],
      [fm('id: !!str F-1', 'type: finding'), false],
      [fm('id: F-1', 'type: finding', 'id: F-2'), false],
      [fm('id: F-1', 'type: finding', '? title', ': x'), false],
      [fm('id: F-1', 'type: finding', '\ttitle: x'), false],
      [fm('id: F-1', 'type: finding', 'title: "esc \\" q"'), false],
      [fm('id: F-1', 'type: finding', "title: 'it''s'"), false],
      [fm('id: F-1', 'type: finding', 'title: "unclosed'), false],
      [fm(' id: F-1', ' type: finding'), false],
      [fm('id: F-1', 'type: finding', 'title : spaced'), false],
      [
        fm('# leading comment', 'id: F-1', '', '# between', 'type: finding  # trailing', '', 'title: x', '# end', ''),
        true,
      ],
      [fm('id: F-1', 'type: finding', 'personas:', '# comment before the list', '- P-1'), true],
      [fm('id: F-1', 'type: finding', 'personas:', '  # indented comment', '  - P-1'), false],
      [fm('id: F-1', 'type: finding', 'personas: [P-1] #c', 'tags: [a]#c'), false],
      [fm('id: F-1', 'type: finding', 'superseded_by: [F-2, F-3]', 'supersedes: F-0'), true],
      [fm('id: F-1', 'type: finding', 'superseded_by:', '  - F-2', '  - F-3'), true],
      [fm('id: F-1', 'type: finding', 'titel: typo', 'personna: [P-1]'), true],
      [fm('id: F-1', 'type: finding', 'title: ünïcødé ✓ 😀'), true],
      [fm('id: F-1', 'type: finding', 'title: - dash'), false],
      [fm('id: F-1', 'type: finding', 'title: -dash'), false],
      [fm('id: F-1', 'type: finding', 'title: ~x'), false],
      [fm('id: F-1', 'type: finding', 'title: .inf'), false],
      [fm('id: F-1', 'type: finding', 'title: x', '---x'), false],
      [fm('id: D-1', 'type: decision', 'evidence: F-1', 'status: accepted', 'date: 2026-01-01'), true],
      [fm('id: P-1', 'type: persona', 'title: "Owner"'), true],
      [fm('type: persona'), true],
      [fm('type: persona', 'null: x'), false],
      ['\ufeff' + fm('id: F-1', 'type: finding', 'title: BOM'), true],
      [
        fm('id: F-1', 'type: finding', 'title: CRLF', 'personas: [P-1, P-2]', 'requirements:', '  - id: R-1').replace(
          /\n/g,
          '\r\n',
        ),
        true,
      ],
      [
        fm('id: S-1', 'type: spec', 'requirements:', '  - id: R-1', '    evidence: [F-1]  ', '  - id: R-2').replace(
          /\n/g,
          '\r\n',
        ),
        true,
      ],
      [fm('id: F-1', 'type: finding', 'title: lone\rCR'), false],
      ['---\ntype: finding\nid: F-1\n---', undefined],
      ['---\ntype: finding\nid: F-1\n', undefined],
      ['---\r\ntype: finding\r\nid: F-1\r\n...\r\nbody', undefined],
    ];
    for (const [text, fast] of cases) {
      const took = same(text);
      if (fast !== undefined)
        assert.equal(took, fast, `the fast reader ${fast ? 'should' : 'should not'} take:\n${text}`);
    }
  });

  it('gives the same documents when generated frontmatter is mutated at random', () => {
    const rand = rng(42);
    const pieces = [
      ' ',
      '  ',
      '#',
      ' #',
      ':',
      ': ',
      '-',
      '- ',
      '"',
      "'",
      '[',
      ']',
      '{',
      '}',
      ',',
      '\n',
      '\n  ',
      '\n- ',
      '\r\n',
      '\t',
      'x',
      '1',
      '~',
      '&a',
      '*a',
      '!',
      '|',
      '>',
      '?',
      '\\',
    ];
    const sources = generated.filter(p => /\/(specs|findings|decisions)\//.test(p)).slice(0, 120);
    let mutated = 0;
    let took = 0;
    for (const p of sources) {
      const text = fs.readFileSync(p, 'utf8');
      const block = findFrontmatter(text)!;
      for (let k = 0; k < 25; k++) {
        let fmText = text.slice(block.content.start, block.content.end);
        const edits = 1 + Math.floor(rand() * 3);
        for (let e = 0; e < edits; e++) {
          const at = Math.floor(rand() * fmText.length);
          if (rand() < 0.3) fmText = fmText.slice(0, at) + fmText.slice(at + 1 + Math.floor(rand() * 3));
          else fmText = fmText.slice(0, at) + pieces[Math.floor(rand() * pieces.length)] + fmText.slice(at);
        }
        if (
          same(text.slice(0, block.content.start) + fmText + text.slice(block.content.end), `${path.basename(p)}#${k}`)
        )
          took++;
        mutated++;
      }
    }
    assert.ok(mutated > 1000);
    // Many mutants stay inside the subset, so the fast reader's own logic is exercised too.
    assert.ok(took > mutated * 0.2, `the fast reader took ${took} of ${mutated}`);
  });
});
