import * as assert from 'node:assert/strict';
import { searchItems } from '../../../src/core/features/search';
import { indexOf, finding } from '../helpers';

describe('search by ID prefix', () => {
  const files: Record<string, string> = {};
  for (let i = 0; i < 120; i++)
    files[`f${i}.md`] = finding(`F-${String(i).padStart(3, '0')}`, [`title: Finding number ${i}`]);
  files['guest.md'] = finding('G-1', ['title: Guests abandon checkout']);
  const index = indexOf(files);

  it('many IDs sharing the typed prefix come back in ID order, a page at a time', () => {
    const hits = searchItems(index, 'f-0', ['finding'], 50);
    assert.equal(hits.length, 50);
    assert.deepEqual(
      hits.slice(0, 3).map(e => e.id),
      ['F-000', 'F-001', 'F-002'],
    );
  });

  it('one letter gives the IDs it starts first, then the newest items', () => {
    const hits = searchItems(index, 'g', ['finding'], 5);
    assert.equal(hits[0].id, 'G-1');
    assert.equal(hits.length, 5);
  });

  it('words still go through fuzzy ranking', () => {
    assert.equal(searchItems(index, 'guests checkout', ['finding'], 5)[0].id, 'G-1');
  });
});
