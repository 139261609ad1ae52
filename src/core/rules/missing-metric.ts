import { specMetricLinks } from '../outcomes';
import type { Rule } from './rule';

export const rule: Rule = {
  id: 'missing-metric',
  defaultSeverity: 'info',
  description: 'A spec with status `approved` or `shipped` names no metric, neither itself nor in any requirement.',
  check({ doc, report }) {
    const spec = doc.item;
    if (spec?.type !== 'spec' || (spec.status !== 'approved' && spec.status !== 'shipped')) return;
    if (specMetricLinks(spec).length > 0) return;
    report(
      spec.idSpan ?? spec.typeSpan,
      `Spec \`${spec.id ?? ''}\` is ${spec.status} but names no metric. Add \`metrics: [M-…]\` so you will know whether it worked.`,
    );
  },
};
