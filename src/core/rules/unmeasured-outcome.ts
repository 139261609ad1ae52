import { daysBetween } from '../schema';
import { specOutcomes } from '../outcomes';
import type { Rule } from './rule';

export const rule: Rule = {
  id: 'unmeasured-outcome',
  // The metrics the spec names (their target and direction) and the measurements that cite them.
  reads: { targets: ['type', 'status', 'date', 'metric', 'value', 'unit', 'direction', 'baseline', 'target'] },
  defaultSeverity: 'info',
  description:
    'A shipped spec, `outcome_after_days` (default 30) after its `shipped` date, has a metric with no measurement since.',
  check({ doc, index, report }) {
    const spec = doc.item;
    if (spec?.type !== 'spec' || spec.status !== 'shipped' || !spec.shipped) return;
    const days = daysBetween(spec.shipped, index.today);
    if (days < index.config.outcomeAfterDays) return;
    for (const o of specOutcomes(index, spec)) {
      if (o.verdict !== 'unmeasured') continue;
      report(
        o.link.span,
        `\`${o.metric}\` has no measurement since \`${spec.id ?? 'this spec'}\` shipped on ${spec.shipped} (${days} days ago). Add a finding with \`metric: ${o.metric}\` and its \`value\`.`,
        { data: { metric: o.metric } },
      );
    }
  },
};
