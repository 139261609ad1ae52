import { daysBetween } from '../schema';
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
      if (f.validUntil && f.validUntil < index.today) {
        context.report(
          link.span,
          `\`${link.id}\` expired on ${f.validUntil} (\`valid_until\`). Refresh the research or cite newer evidence.`,
          { data: { id: link.id } },
        );
      } else if (f.date && !f.validUntil) {
        const age = daysBetween(f.date, index.today);
        if (age > index.config.staleAfterDays) {
          context.report(
            link.span,
            `\`${link.id}\` is ${age} days old (from ${f.date}; stale after ${index.config.staleAfterDays}). Check that it still holds.`,
            { data: { id: link.id } },
          );
        }
      }
    }
  },
};
