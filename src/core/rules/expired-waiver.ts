import { frontmatterKeys } from '../parse';
import type { Rule } from './rule';

export const rule: Rule = {
  id: 'expired-waiver',
  defaultSeverity: 'warning',
  description: "A requirement's waiver has passed its `waiver_until` date and no longer counts.",
  reads: { targets: ['type', 'status', 'evidence'], decisionEvidence: true },
  check({ doc, index, report }) {
    if (doc.item?.type !== 'spec') return;
    doc.item.requirements.forEach((req, i) => {
      if (!req.waiver || !req.waiverUntil || !(req.waiverUntil < index.today)) return;
      const key = frontmatterKeys(doc).find(k => k.path === `requirements[${i}].waiver_until`);
      const name = req.id ? `\`${req.id}\`` : 'This requirement';
      const by = req.waiverBy ? `, granted by ${req.waiverBy},` : '';
      const grounded = index.grounding(req).state === 'grounded';
      const advice = grounded
        ? 'The requirement is grounded now; remove the waiver.'
        : 'Link evidence, or renew the waiver with a new `waiver_until`.';
      report(
        key?.span ?? req.waiverSpan ?? req.idSpan ?? req.span,
        `The waiver of ${name}${by} expired on ${req.waiverUntil}. ${advice}`,
        {
          data: { requirement: req.id, waiverUntil: req.waiverUntil, waiverBy: req.waiverBy },
        },
      );
    });
  },
};
