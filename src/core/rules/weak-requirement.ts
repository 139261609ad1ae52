import type { Rule } from './rule';

export const rule: Rule = {
  id: 'weak-requirement',
  defaultSeverity: 'info',
  description: 'A requirement has some valid evidence, but less than its priority needs.',
  reads: { targets: ['type', 'status', 'evidence'], decisionEvidence: true },
  check({ doc, index, report }) {
    for (const req of doc.item?.type === 'spec' ? doc.item.requirements : []) {
      const g = index.grounding(req);
      if (g.state !== 'weak') continue;
      report(
        req.idSpan ?? req.span,
        `\`${req.id ?? 'This requirement'}\` is weak: ${g.evidence.length} of the ${g.required} findings a ${req.priority} requirement needs. Link more evidence.`,
        {
          data: { requirement: req.id },
        },
      );
    }
  },
};
