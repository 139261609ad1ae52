import * as assert from 'node:assert/strict';
import { joinLines, parseMarkdown, type ParsedDocument, type TextEdit } from '../../../src/core';
import { indexOf, uri } from '../helpers';
import { codeSpan, escapeMarkdown } from '../../../src/core/presentation';
import { searchItems, rankWithFuse } from '../../../src/core/features/search';
import { complete } from '../../../src/core/features/completion';
import { hover } from '../../../src/core/features/hover';
import { definition } from '../../../src/core/features/definition';
import { references } from '../../../src/core/features/references';
import { prepareRename, rename, renamedFile } from '../../../src/core/features/rename';
import { codeLenses } from '../../../src/core/features/codeLens';
import { addWaiverEdits, itemTemplate, linkEvidenceEdits, newItemUri } from '../../../src/core/features/codeActions';
import { yamlString } from '../../../src/core/presentation';

/** Applies core edits of one document (non-overlapping) to its text. */
function applyEdits(doc: ParsedDocument, edits: TextEdit[]): string {
  let text = doc.text;
  const sorted = [...edits].sort((a, b) => doc.lines.offsetAt(b.range.start) - doc.lines.offsetAt(a.range.start));
  for (const e of sorted)
    text = text.slice(0, doc.lines.offsetAt(e.range.start)) + e.newText + text.slice(doc.lines.offsetAt(e.range.end));
  return text;
}

const FILES = {
  'findings/F-014 guest checkout.md': joinLines(
    '---',
    'id: F-014',
    'type: finding',
    'title: SMB owners abandon checkout when forced to create an account',
    'source: interview',
    'date: 2026-03-02',
    'personas: [P-smb-owner]',
    'confidence: high',
    'sample: 12',
    'tags: [checkout, guest]',
    '---',
    '# SMB owners abandon checkout when forced to create an account',
    '',
    'In 12 interviews, owners left when asked to <b>register</b> [click](command:evil).',
  ),
  'findings/F-022.md': joinLines(
    '---',
    'id: F-022',
    'type: finding',
    'title: Guest checkout raises conversion in A/B test',
    'source: experiment',
    'date: 2026-04-01',
    'tags: [checkout]',
    '---',
    'Body.',
  ),
  'findings/F-030.md': joinLines(
    '---',
    'id: F-030',
    'type: finding',
    'title: Saved cards requested by repeat buyers',
    'source: survey',
    'date: 2024-01-10',
    '---',
    'Saving a card was requested.',
  ),
  'findings/F-031.md': joinLines(
    '---',
    'id: F-031',
    'type: finding',
    'title: Old finding',
    'source: support',
    'date: 2026-01-05',
    'status: superseded',
    'superseded_by: F-022',
    '---',
    '',
  ),
  'personas/smb.md': joinLines('---', 'id: P-smb-owner', 'type: persona', 'title: Small-business owner', '---', ''),
  'decisions/D-007.md': joinLines(
    '---',
    'id: D-007',
    'type: decision',
    'title: Offer guest checkout',
    'status: accepted',
    'evidence: [F-014]',
    '---',
    '',
  ),
  'specs/checkout.md': joinLines(
    '---',
    'id: S-checkout',
    'type: spec',
    'title: One-page checkout',
    'requirements:',
    '  - id: R-1',
    '    text: Guest checkout',
    '    priority: must',
    '    evidence: [F-014, F-022]',
    '  - id: R-2',
    '    text: Saved cards',
    '    priority: could',
    '    evidence:',
    '      - F-031',
    '  - id: R-3',
    '    text: SMS',
    '    priority: should',
    '---',
    '# Checkout',
    '',
    'F-014 showed it.',
  ),
};

describe('features: escaping', () => {
  it('escapes every Markdown construct in workspace text', () => {
    assert.equal(
      escapeMarkdown('[x](command:rm) <img src=x> *a* `b` # h'),
      '\\[x\\]\\(command\\:rm\\) \\<img src\\=x\\> \\*a\\* \\`b\\` \\# h',
    );
    assert.equal(escapeMarkdown('two\nlines'), 'two lines');
  });

  it('makes code spans that survive backticks', () => {
    assert.equal(codeSpan('F-1'), '`F-1`');
    assert.equal(codeSpan('a`b'), '``a`b``');
  });
});

describe('features: ranking', () => {
  const index = indexOf(FILES);

  it('finds F-014 for "guest checkout" through its tags and title, and F-022 by its title', () => {
    assert.deepEqual(
      searchItems(index, 'guest checkout', ['finding']).map(e => e.id),
      ['F-022', 'F-014'],
    );
  });

  it('matches words of the body, typos and ID prefixes', () => {
    assert.deepEqual(
      searchItems(index, 'abandon account', ['finding']).map(e => e.id),
      ['F-014'],
    );
    assert.deepEqual(
      searchItems(index, 'gust chekout', ['finding'])
        .map(e => e.id)
        .sort(),
      ['F-014', 'F-022'],
    );
    assert.equal(searchItems(index, 'F-03', ['finding'])[0].id.startsWith('F-03'), true);
    assert.equal(searchItems(index, 'F-022')[0].id, 'F-022');
  });

  it('filters by type and lists the newest first for an empty query', () => {
    assert.deepEqual(
      searchItems(index, '', ['finding']).map(e => e.id),
      ['F-022', 'F-014', 'F-031', 'F-030'],
    );
    assert.deepEqual(
      searchItems(index, 'smb', ['persona']).map(e => e.id),
      ['P-smb-owner'],
    );
  });

  it('ranks with fuse.js: a title match beats a body match', () => {
    const entries = searchItems(index, '', ['finding']);
    assert.equal(rankWithFuse(entries, 'saved cards')[0].id, 'F-030');
  });

  it('follows the index as documents change', () => {
    const local = indexOf(FILES);
    assert.deepEqual(searchItems(local, 'newsletter', ['finding']), []);
    local.set(
      parseMarkdown(
        uri('findings/F-040.md'),
        joinLines('---', 'id: F-040', 'type: finding', 'title: Buyers skip the newsletter', '---', ''),
      ),
    );
    assert.deepEqual(
      searchItems(local, 'newsletter', ['finding']).map(e => e.id),
      ['F-040'],
    );
    local.delete(uri('findings/F-040.md'));
    assert.deepEqual(searchItems(local, 'newsletter', ['finding']), []);
  });
});

describe('features: completion, hover, navigation', () => {
  const index = indexOf(FILES);
  const spec = index.get(uri('specs/checkout.md'))!;

  it('completes only findings in a requirement evidence list, replacing the query', () => {
    const text = spec.text.replace('    priority: should\n', '    priority: should\n    evidence: [guest che\n');
    const doc = parseMarkdown(spec.uri, text);
    const offset = text.indexOf('guest che') + 'guest che'.length;
    const result = complete(index, doc, offset)!;
    assert.equal(result.context.kind, 'link');
    assert.deepEqual(result.context.accepts, ['finding']);
    assert.deepEqual(
      result.items.map(i => i.id),
      ['F-022', 'F-014'],
    );
    assert.equal(text.slice(result.items[0].span.start, result.items[0].span.end), 'guest che');
    assert.equal(result.items[1].detail, 'finding · active');
  });

  it('completes personas in a block list under personas', () => {
    const text = spec.text.replace('    priority: should\n', '    priority: should\n    personas:\n      - \n');
    const doc = parseMarkdown(spec.uri, text);
    const result = complete(index, doc, text.indexOf('      - \n') + 8)!;
    assert.deepEqual(
      result.items.map(i => i.id),
      ['P-smb-owner'],
    );
  });

  it('hovers a finding with escaped body text and its citations', () => {
    const h = hover(index, spec, spec.text.indexOf('F-014, F-022') + 1)!;
    assert.match(h.markdown, /confidence high · sample 12/);
    assert.match(h.markdown, /\\<b\\>register\\<\\\/b\\> \\\[click\\\]\\\(command\\:evil\\\)/);
    assert.doesNotMatch(h.markdown, /\]\(command:/);
    assert.match(h.markdown, /Cited by 1 requirement in 1 spec and 1 decision\./);
  });

  it('answers nothing off an ID', () => {
    assert.equal(hover(index, spec, spec.text.indexOf('# Checkout') + 3), undefined);
    assert.equal(definition(index, spec, spec.text.indexOf('# Checkout') + 3), undefined);
  });

  it('defines and references across files', () => {
    const def = definition(index, spec, spec.text.indexOf('F-014 showed'))!;
    assert.equal(def.targets[0].uri, uri('findings/F-014 guest checkout.md'));
    const refs = references(index, spec, spec.text.indexOf('F-014 showed'))!;
    assert.deepEqual(refs.map(r => r.uri.replace('file:///ws/', '')).sort(), [
      'decisions/D-007.md',
      'findings/F-014 guest checkout.md',
      'specs/checkout.md',
      'specs/checkout.md',
    ]);
  });

  it('writes CodeLens titles', () => {
    assert.deepEqual(
      codeLenses(index, spec).map(l => l.title),
      ['2 findings · qual + quant · grounded', 'no evidence — Link evidence…', 'no evidence — Link evidence…'],
    );
    assert.deepEqual(
      codeLenses(index, index.get(uri('findings/F-014 guest checkout.md'))!).map(l => l.title),
      ['cited by 1 requirement and 1 decision'],
    );
  });
});

describe('features: rename', () => {
  const index = indexOf(FILES);
  const spec = index.get(uri('specs/checkout.md'))!;

  it('prepares on IDs only', () => {
    assert.equal(prepareRename(index, spec, spec.text.indexOf('F-022') + 2)?.placeholder, 'F-022');
    assert.equal(prepareRename(index, spec, spec.text.indexOf('# Checkout') + 3), undefined);
  });

  it('edits every place and renames the file whose name contains the ID', () => {
    const result = rename(index, spec, spec.text.indexOf('F-014'), 'F-099')!;
    assert.equal(result.edits.length, 4);
    assert.ok(result.edits.every(e => e.newText === 'F-099'));
    assert.deepEqual(result.files, [
      { from: uri('findings/F-014 guest checkout.md'), to: uri('findings/F-099 guest checkout.md') },
    ]);
  });

  it('refuses a taken or invalid ID', () => {
    assert.throws(() => rename(index, spec, spec.text.indexOf('F-014'), 'F-022'), /`F-022` already exists/);
    assert.throws(() => rename(index, spec, spec.text.indexOf('F-014'), '1abc'), /not a valid ID/);
  });

  it('renames only whole IDs in file names', () => {
    assert.equal(renamedFile('file:///w/F-01.md', 'F-01', 'F-02'), 'file:///w/F-02.md');
    assert.equal(renamedFile('file:///w/F-014.md', 'F-01', 'F-02'), undefined);
    assert.equal(renamedFile('file:///w/F-01%20notes.md', 'F-01', 'F-02'), 'file:///w/F-02%20notes.md');
  });
});

describe('features: quick-fix edits', () => {
  const index = indexOf(FILES);
  const spec = index.get(uri('specs/checkout.md'))!;

  it('appends to a flow list', () => {
    const text = applyEdits(spec, linkEvidenceEdits(spec, 'R-1', 'F-030')!);
    assert.match(text, /\n {4}evidence: \[F-014, F-022, F-030\]\n/);
  });

  it('appends to a block list in its indentation', () => {
    const text = applyEdits(spec, linkEvidenceEdits(spec, 'R-2', 'F-030')!);
    assert.match(text, /\n {4}evidence:\n {6}- F-031\n {6}- F-030\n {2}- id: R-3/);
  });

  it('adds an evidence field when there is none', () => {
    const text = applyEdits(spec, linkEvidenceEdits(spec, 'R-3', 'F-030')!);
    assert.match(text, /\n {4}priority: should\n {4}evidence: \[F-030\]\n---/);
    assert.equal(parseMarkdown(spec.uri, text).item!.requirements[2].evidence[0].id, 'F-030');
  });

  it('fills an empty evidence field and a scalar one', () => {
    const empty = parseMarkdown(
      spec.uri,
      spec.text.replace('    priority: should\n', '    priority: should\n    evidence:\n'),
    );
    assert.match(applyEdits(empty, linkEvidenceEdits(empty, 'R-3', 'F-030')!), /\n {4}evidence: \[F-030\]\n---/);
    const scalar = parseMarkdown(spec.uri, spec.text.replace('    evidence: [F-014, F-022]', '    evidence: F-014'));
    assert.match(applyEdits(scalar, linkEvidenceEdits(scalar, 'R-1', 'F-030')!), /\n {4}evidence: \[F-014, F-030\]\n/);
  });

  it("adds to a decision's evidence", () => {
    const decision = index.get(uri('decisions/D-007.md'))!;
    assert.match(
      applyEdits(decision, linkEvidenceEdits(decision, undefined, 'F-022')!),
      /\nevidence: \[F-014, F-022\]\n/,
    );
  });

  it('adds or replaces a waiver, quoting when YAML needs it', () => {
    assert.match(
      applyEdits(spec, addWaiverEdits(spec, 'R-3', 'Legal: required')!),
      /\n {4}priority: should\n {4}waiver: "Legal: required"\n---/,
    );
    assert.equal(yamlString('Plain reason'), 'Plain reason');
    assert.equal(yamlString('# not a comment'), '"# not a comment"');
    assert.equal(yamlString('yes'), '"yes"');
  });

  it('writes a finding template that parses without errors but unused', () => {
    const doc = parseMarkdown(
      uri('findings/F-404.md'),
      itemTemplate('finding', 'F-404', '2026-11-29', 'Buyers: confused'),
    );
    const local = indexOf({});
    local.set(doc);
    assert.equal(doc.item?.id, 'F-404');
    assert.deepEqual(
      local.diagnostics(doc.uri).map(d => d.rule),
      ['unused-finding'],
    );
    assert.equal(newItemUri(index, 'finding', 'F-404', 'file:///ws'), 'file:///ws/findings/F-404.md');
    assert.equal(newItemUri(indexOf({}), 'decision', 'D-1', 'file:///ws/'), 'file:///ws/decisions/D-1.md');
  });
});
