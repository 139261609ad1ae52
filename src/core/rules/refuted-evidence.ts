import { resolvedLinks, type Rule } from './rule';

export const rule: Rule = {
  id: 'refuted-evidence',
  defaultSeverity: 'warning',
  description: 'A cited finding is refuted.',
  reads: { targets: ['type', 'status'] },
  check(context) {
    for (const { link, target } of resolvedLinks(context, /(^|\.)evidence$/)) {
      if (target.item.status !== 'refuted') continue;
      context.report(
        link.span,
        `\`${link.id}\` is refuted and does not count as evidence. Remove it or cite a finding that holds.`,
        { tags: ['deprecated'], data: { id: link.id } },
      );
    }
  },
};
