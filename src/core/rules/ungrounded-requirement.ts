import type { Rule } from './rule';

export const rule: Rule = {
  id: 'ungrounded-requirement',
  defaultSeverity: 'warning',
  description: 'A requirement has no valid evidence and no waiver.',
  reads: { targets: ['type', 'status', 'evidence'], decisionEvidence: true },
  check({ doc, index, report }) {
    for (const req of doc.item?.type === 'spec' ? doc.item.requirements : []) {
      const g = index.grounding(req);
      if (g.state !== 'ungrounded') continue;
      const name = req.id ? `\`${req.id}\`` : 'This requirement';
      const expired = g.waiverExpired ? ` Its waiver expired on ${req.waiverUntil}.` : '';
      report(
        req.idSpan ?? req.span,
        `${name} is ungrounded: it has no valid evidence.${expired} Link findings in \`evidence\`, cite an accepted decision, or add a \`waiver\` with the reason.`,
        {
          data: { requirement: req.id },
        },
      );
    }
  },
};
