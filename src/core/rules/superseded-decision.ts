import { resolvedLinks, type Rule } from './rule';

const RETIRED = ['superseded', 'rejected', 'deprecated'];

export const rule: Rule = {
  id: 'superseded-decision',
  defaultSeverity: 'warning',
  description: 'A spec or requirement cites a decision that is superseded, rejected or deprecated.',
  reads: { targets: ['type', 'status', 'supersededBy'] },
  check(context) {
    if (context.doc.item?.type !== 'spec') return;
    for (const { link, target } of resolvedLinks(context, /(^|\.)decisions$/)) {
      const status = target.item.status;
      if (!RETIRED.includes(status)) continue;
      const successor = target.item.supersededBy?.id;
      const advice = successor ? ` Cite \`${successor}\` instead.` : '';
      context.report(link.span, `Decision \`${link.id}\` is ${status}.${advice}`, {
        tags: ['deprecated'],
        data: { id: link.id, successor },
      });
    }
  },
};
