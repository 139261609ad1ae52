import { specOutcomes } from '../outcomes';
import type { Rule } from './rule';

export const rule: Rule = {
  id: 'missed-target',
  // The metrics the spec names (their target and direction) and the measurements that cite them.
  reads: { targets: ['type', 'status', 'date', 'metric', 'value', 'unit', 'direction', 'baseline', 'target'] },
  defaultSeverity: 'warning',
  description: 'The latest measurement since shipping misses the target.',
  check({ doc, index, report }) {
    const spec = doc.item;
    if (spec?.type !== 'spec' || spec.status !== 'shipped') return;
    for (const o of specOutcomes(index, spec)) {
      if (o.verdict !== 'missed' || !o.latest) continue;
      const unit = o.unit ?? '';
      const want = o.direction === 'decrease' ? 'at most' : 'at least';
      report(
        o.link.span,
        `\`${o.metric}\` missed its target: ${o.latest.value}${unit} on ${o.latest.date} (\`${o.latest.id}\`), the target is ${want} ${o.target}${unit}.`,
        { data: { metric: o.metric, measurement: o.latest.id } },
      );
    }
  },
};
