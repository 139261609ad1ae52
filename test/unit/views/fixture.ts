import { joinLines } from '../../../src/core';
import { finding, indexOf, spec } from '../helpers';

/** The integration fixture's shape, in memory: one spec with grounded, superseded, bare and waived requirements. */
export function checkoutIndex(extra: Record<string, string> = {}) {
  return indexOf({
    'personas/smb.md': joinLines('---', 'id: P-smb', 'type: persona', 'title: Small-business owner', '---', ''),
    'personas/ops.md': joinLines('---', 'id: P-ops', 'type: persona', 'title: Operations lead', '---', ''),
    'findings/F-014.md': finding('F-014', ['personas: [P-smb]', 'title: Owners abandon forced sign-up']),
    'findings/F-022.md': finding('F-022', ['personas: [P-smb]', 'source: experiment']),
    'findings/F-030.md': finding('F-030', ['date: 2024-01-10', 'source: survey']),
    'findings/F-031.md': finding('F-031', ['status: superseded', 'superseded_by: F-022', 'source: support']),
    'decisions/D-007.md': joinLines(
      '---',
      'id: D-007',
      'type: decision',
      'title: Guest checkout',
      'status: accepted',
      'evidence: [F-014, F-022]',
      '---',
      '',
    ),
    'specs/checkout.md': spec(
      'S-checkout',
      [
        '  - id: R-1',
        '    text: Guest checkout',
        '    priority: must',
        '    evidence: [F-014, F-022]',
        '  - id: R-2',
        '    text: Saved cards',
        '    priority: could',
        '    evidence: [F-031]',
        '  - id: R-3',
        '    text: SMS confirmation',
        '    priority: should',
        '  - id: R-4',
        '    text: Invoice',
        '    priority: could',
        '    waiver: Legal requirement',
        '  - id: R-5',
        '    text: Via a decision',
        '    priority: should',
        '    decisions: [D-007]',
      ],
      ['personas: [P-smb]'],
    ),
    ...extra,
  });
}
