import { staleness } from '../staleness';
import { resolvedLinks, type Rule } from './rule';

export const rule: Rule = {
  id: 'stale-evidence',
  defaultSeverity: 'info',
  description: 'A cited finding is older than `stale_after_days` (default 365) or past its `valid_until`.',
  reads: { targets: ['type', 'status', 'date', 'validUntil'] },
  check(context) {
    const { index } = context;
    for (const { link, target } of resolvedLinks(context, /(^|\.)evidence$/)) {
      const f = target.item;
      if (f.status !== 'active') continue;
      const stale = staleness(f, index.today, index.config.staleAfterDays);
      if (!stale) continue;
      context.report(
        link.span,
        stale.kind === 'expired'
          ? `\`${link.id}\` expired on ${stale.validUntil} (\`valid_until\`). Refresh the research or cite newer evidence.`
          : `\`${link.id}\` is ${stale.age} days old (from ${stale.date}; stale after ${index.config.staleAfterDays}). Check that it still holds.`,
        { data: { id: link.id } },
      );
    }
  },
};
