import * as assert from 'node:assert/strict';
import { computeDiagnostics, parseMarkdown } from '../../../src/core';
import { fileNameFor, folderFor, nextId, nextNumberedId, slugify, template } from '../../../src/core/views/newItem';
import { yamlString } from '../../../src/core/presentation';
import { checkoutIndex } from './fixture';

describe('views: new items from templates', () => {
  it('numbers findings and decisions after the highest ID, keeping the padding', () => {
    assert.equal(nextNumberedId('F-', ['F-014', 'F-031', 'F-022', 'P-x']), 'F-032');
    assert.equal(nextNumberedId('D-', ['D-7']), 'D-008');
    assert.equal(nextNumberedId('F-', ['F-0001', 'F-0009']), 'F-0010');
    assert.equal(nextNumberedId('F-', []), 'F-001');
    assert.equal(nextId('decision', 'x', ['D-007']), 'D-008');
  });

  it('gives specs and personas a slug ID that is not taken', () => {
    assert.equal(nextId('spec', 'One-page Checkout!', []), 'S-one-page-checkout');
    assert.equal(nextId('spec', 'Checkout', ['S-checkout']), 'S-checkout-2');
    assert.equal(nextId('persona', 'Café owner', []), 'P-cafe-owner');
    assert.equal(nextId('persona', '???', []), 'P-new-persona');
    assert.equal(
      slugify('  A  very long title that goes on and on and on forever  '),
      'a-very-long-title-that-goes-on-and-on-an',
    );
  });

  it('puts a new item where most of its kind live, with a readable file name', () => {
    assert.equal(folderFor('finding', ['research/F-1.md', 'research/F-2.md', 'findings/F-3.md']), 'research');
    assert.equal(folderFor('spec', []), 'specs');
    assert.equal(fileNameFor('finding', 'F-032', 'Buyers skip it'), 'F-032-buyers-skip-it.md');
    assert.equal(fileNameFor('spec', 'S-order-tracking', 'Order tracking'), 'order-tracking.md');
  });

  it('quotes titles that YAML would misread', () => {
    assert.equal(yamlString('Guest checkout'), 'Guest checkout');
    assert.equal(yamlString('Note: read this'), '"Note: read this"');
    assert.equal(yamlString('yes'), '"yes"');
    assert.equal(yamlString('2024'), '"2024"');
    assert.equal(yamlString('<script>alert(1)</script>'), '"<script>alert(1)</script>"');
  });

  for (const type of ['spec', 'finding', 'persona', 'decision'] as const) {
    it(`makes a ${type} that parses with no errors`, () => {
      const index = checkoutIndex();
      const id = nextId(type, 'Title: with a colon', [...index.allIds()]);
      const { text, cursor } = template({ type, id, title: 'Title: with a colon', today: '2026-11-29' });
      const doc = parseMarkdown('file:///ws/new.md', text);
      index.set(doc);
      assert.equal(doc.item?.type, type);
      assert.equal(doc.item?.id, id);
      assert.equal(doc.item?.title, 'Title: with a colon');
      const errors = computeDiagnostics(doc, index).filter(d => d.severity === 'error');
      assert.deepEqual(errors, []);
      assert.ok(cursor > text.indexOf('# Title') && cursor <= text.length);
    });
  }
});
