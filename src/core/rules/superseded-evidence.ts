import { resolvedLinks, type Rule } from './rule';

export const rule: Rule = {
  id: 'superseded-evidence',
  defaultSeverity: 'warning',
  description: 'A cited finding is superseded; the message names its successor.',
  reads: { targets: ['type', 'status', 'supersededBy'] },
  check(context) {
    for (const { link, target } of resolvedLinks(context, /(^|\.)evidence$/)) {
      if (target.item.status !== 'superseded') continue;
      const successor = target.item.supersededBy?.id;
      const advice = successor ? ` Cite its successor \`${successor}\` instead.` : ' It names no successor (`superseded_by`).';
      context.report(link.span, `\`${link.id}\` is superseded and does not count as evidence.${advice}`, { tags: ['deprecated'], data: { id: link.id, successor } });
    }
  },
};
