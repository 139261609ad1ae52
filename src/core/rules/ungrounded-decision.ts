import { decisionEvidence } from '../grounding';
import type { Rule } from './rule';

export const rule: Rule = {
  id: 'ungrounded-decision',
  defaultSeverity: 'warning',
  description: 'An accepted decision has no valid evidence.',
  reads: { targets: ['type', 'status'] },
  check({ doc, index, report }) {
    const d = doc.item;
    if (d?.type !== 'decision' || d.status !== 'accepted') return;
    if (decisionEvidence(index, d).length > 0) return;
    report(
      d.idSpan ?? d.statusSpan ?? d.typeSpan,
      `Decision \`${d.id ?? ''}\` is accepted but has no valid evidence, so it grounds nothing. Link active findings in \`evidence\`.`,
    );
  },
};
