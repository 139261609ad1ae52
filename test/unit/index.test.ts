import * as assert from 'node:assert/strict';
import { parseMarkdown } from '../../src/core';
import { indexOf, joinLines, finding, spec, uri, rulesOf } from './helpers';

describe('WorkspaceIndex', () => {
  const files = () => ({
    'f1.md': finding('F-1'),
    'f2.md': finding('F-2'),
    'd.md': joinLines('---', 'id: D-1', 'type: decision', 'title: d', 'status: accepted', 'evidence: [F-2]', '---'),
    's.md': spec('S-1', ['  - id: R-1', '    evidence: [F-1]', '  - id: R-2', '    decisions: [D-1]']),
    'other.md': spec('S-2', ['  - id: R-3', '    waiver: w'], [], 'Mentions F-1 in prose.'),
    'note.md': 'Nothing to see.',
  });

  it('looks up IDs and lists references across files, frontmatter and body', () => {
    const index = indexOf(files());
    assert.equal(index.lookup('R-2')[0].kind, 'requirement');
    assert.equal(index.item('F-1')!.item.title, 'Finding F-1');
    assert.deepEqual(
      index.references('F-1').map(r => [r.uri, r.link ? 'link' : 'body']),
      [
        [uri('other.md'), 'body'],
        [uri('s.md'), 'link'],
      ],
    );
  });

  it('a change to a finding affects the specs citing it, directly and via decisions, and nothing else', () => {
    const index = indexOf(files());
    const affected = index.set(parseMarkdown(uri('f2.md'), finding('F-2', ['status: refuted'])));
    assert.deepEqual(affected.sort(), [uri('d.md'), uri('f2.md'), uri('s.md')]);
    assert.deepEqual(rulesOf(index, 's.md'), ['ungrounded-requirement']);
    assert.deepEqual(rulesOf(index, 'd.md'), ['ungrounded-decision', 'refuted-evidence']);
  });

  it('removing a finding breaks links to it, and adding it back mends them', () => {
    const index = indexOf(files());
    const affected = index.delete(uri('f1.md'));
    assert.ok(affected.includes(uri('s.md')) && affected.includes(uri('other.md')));
    assert.ok(rulesOf(index, 's.md').includes('broken-link'));
    index.set(parseMarkdown(uri('f1.md'), finding('F-1')));
    assert.ok(!rulesOf(index, 's.md').includes('broken-link'));
  });

  it('a spec that stops citing a finding makes it unused', () => {
    const index = indexOf(files());
    assert.deepEqual(rulesOf(index, 'f1.md'), []);
    const affected = index.set(
      parseMarkdown(uri('s.md'), spec('S-1', ['  - id: R-1', '    waiver: w', '  - id: R-2', '    decisions: [D-1]'])),
    );
    assert.ok(affected.includes(uri('f1.md')));
    assert.deepEqual(rulesOf(index, 'f1.md'), ['unused-finding']);
  });

  it('a duplicate declared later is reported in both files and cleared when removed', () => {
    const index = indexOf(files());
    index.set(parseMarkdown(uri('dup.md'), finding('F-1')));
    assert.ok(rulesOf(index, 'f1.md').includes('duplicate-id'));
    index.delete(uri('dup.md'));
    assert.ok(!rulesOf(index, 'f1.md').includes('duplicate-id'));
  });

  it('an edit that changes nothing others can see recomputes only the edited document', () => {
    const index = indexOf(files());
    const edited = spec(
      'S-1',
      ['  - id: R-1', '    text: typed more words', '    evidence: [F-1]', '  - id: R-2', '    decisions: [D-1]'],
      [],
      'New prose, F-2 named.',
    );
    assert.deepEqual(index.set(parseMarkdown(uri('s.md'), edited)), [uri('s.md')]);
    const renamed = edited.replace('id: R-2', 'id: R-22');
    assert.deepEqual(index.set(parseMarkdown(uri('s.md'), renamed)), [uri('s.md')], 'nothing references R-2');
    const retitled = finding('F-2', ['title: A better title']);
    assert.deepEqual(index.set(parseMarkdown(uri('f2.md'), retitled)), [uri('f2.md')]);
  });

  it('keeps answers across edits only while they hold: items, titles and groundings follow every change', () => {
    const index = indexOf(files());
    const r1 = () => index.get(uri('s.md'))!.item!.requirements[0];
    assert.equal(index.grounding(r1()).state, 'grounded');
    assert.equal(index.item('F-1')!.item.title, 'Finding F-1');
    // A title is not something other documents' diagnostics see; the answer must still change.
    index.set(parseMarkdown(uri('f1.md'), finding('F-1', ['title: Renamed'])));
    assert.equal(index.item('F-1')!.item.title, 'Renamed');
    assert.equal(index.item('F-1')!.doc, index.get(uri('f1.md')));
    // A keystroke in the spec keeps the finding's answer, and the grounding of an unchanged requirement.
    const kept = index.item('F-1');
    index.set(
      parseMarkdown(
        uri('s.md'),
        spec('S-1', ['  - id: R-1', '    text: more', '    evidence: [F-1]', '  - id: R-2', '    decisions: [D-1]']),
      ),
    );
    assert.equal(index.item('F-1'), kept);
    assert.equal(index.grounding(r1()).state, 'grounded');
    // A refuted finding no longer grounds anything; citing a second one grounds R-1 again.
    index.set(parseMarkdown(uri('f1.md'), finding('F-1', ['status: refuted'])));
    assert.equal(index.grounding(r1()).state, 'ungrounded');
    index.set(parseMarkdown(uri('f1.md'), finding('F-1')));
    index.set(
      parseMarkdown(
        uri('s.md'),
        spec('S-1', ['  - id: R-1', '    evidence: [F-1, F-2]', '  - id: R-2', '    decisions: [D-1]']),
      ),
    );
    assert.deepEqual(index.grounding(r1()).evidence, ['F-1', 'F-2']);
    // Removing the decision's document ungrounds R-2; a new config's minimum applies at once.
    index.delete(uri('d.md'));
    assert.equal(index.grounding(index.get(uri('s.md'))!.item!.requirements[1]).state, 'ungrounded');
    assert.equal(index.grounding(r1()).state, 'grounded');
    index.reconfigure({ ...index.options, config: { ...index.config, minEvidence: { must: 5, should: 5, could: 5 } } });
    assert.equal(index.grounding(r1()).required, 5);
    assert.equal(index.grounding(r1()).state, 'weak');
  });
});
