import type { Rule } from './rule';

export const rule: Rule = {
  id: 'unused-finding',
  defaultSeverity: 'info',
  description: 'An active finding that no requirement or decision cites as evidence.',
  reads: { citers: true },
  check({ doc, index, report }) {
    const f = doc.item;
    // A measurement is in use through its metric (docs/format.md, "Metric").
    if (f?.type !== 'finding' || f.status !== 'active' || !f.id || !f.idSpan || f.metric) return;
    if (index.citations(f.id).some(c => /(^|\.)evidence$/.test(c.link.field))) return;
    report(f.idSpan, `Finding \`${f.id}\` is not cited as evidence by any requirement or decision.`, {
      tags: ['unnecessary'],
    });
  },
};
