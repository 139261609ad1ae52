import type { Rule } from './rule';

export const rule: Rule = {
  id: 'persona-mismatch',
  defaultSeverity: 'info',
  description: "A requirement's personas and its evidence's personas are both set and share none.",
  reads: { targets: ['type', 'personas'] },
  check({ doc, index, report }) {
    const spec = doc.item;
    if (spec?.type !== 'spec') return;
    for (const req of spec.requirements) {
      const personas = (req.personas.length ? req.personas : spec.personas).map(p => p.id);
      if (personas.length === 0) continue;
      for (const link of req.evidence) {
        const finding = index.item(link.id)?.item;
        if (finding?.type !== 'finding' || finding.personas.length === 0) continue;
        const theirs = finding.personas.map(p => p.id);
        if (theirs.some(p => personas.includes(p))) continue;
        report(
          link.span,
          `\`${link.id}\` is about ${theirs.join(', ')}, but \`${req.id ?? 'this requirement'}\` is for ${personas.join(', ')}. Check that the evidence applies.`,
        );
      }
    }
  },
};
