import * as assert from 'node:assert/strict';
import { groupFindings } from '../../../src/core/views/evidence';
import { checkoutIndex } from './fixture';

const shape = (groups: ReturnType<typeof groupFindings>) => groups.map(g => [g.label, g.findings.map(f => f.id)]);

describe('views: evidence groups', () => {
  it('groups by persona, findings without one last', () => {
    assert.deepEqual(shape(groupFindings(checkoutIndex())), [
      ['P-smb', ['F-014', 'F-022']],
      ['No persona', ['F-030', 'F-031']],
    ]);
  });

  it('groups by status with stale apart, and by source and method', () => {
    const index = checkoutIndex();
    assert.deepEqual(shape(groupFindings(index, { grouping: 'status' })), [
      ['active', ['F-014', 'F-022']],
      ['stale', ['F-030']],
      ['superseded', ['F-031']],
    ]);
    assert.deepEqual(shape(groupFindings(index, { grouping: 'source' })), [
      ['experiment', ['F-022']],
      ['interview', ['F-014']],
      ['support', ['F-031']],
      ['survey', ['F-030']],
    ]);
    assert.deepEqual(shape(groupFindings(index, { grouping: 'method' })), [
      ['qualitative', ['F-014', 'F-031']],
      ['quantitative', ['F-022', 'F-030']],
    ]);
  });

  it('lists what cites each finding, and which ones nothing uses', () => {
    const groups = groupFindings(checkoutIndex());
    const f14 = groups[0].findings[0];
    assert.deepEqual(
      f14.citations.map(c => [c.owner, c.ownerKind, c.field]),
      [
        ['D-007', 'decision', 'evidence'],
        ['R-1', 'requirement', 'requirements[0].evidence'],
      ],
    );
    assert.deepEqual(shape(groupFindings(checkoutIndex(), { unusedOnly: true })), [['No persona', ['F-030']]]);
  });
});
