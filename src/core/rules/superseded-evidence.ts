import { resolvedLinks, type Rule } from './rule';

export const rule: Rule = {
  id: 'superseded-evidence',
  defaultSeverity: 'warning',
  description: 'A cited finding is superseded; the message names its successor.',
  reads: { targets: ['type', 'status', 'supersededBy'] },
  check(context) {
    for (const { link, target } of resolvedLinks(context, /(^|\.)evidence$/)) {
      if (target.item.status !== 'superseded') continue;
      let successor = target.item.supersededBy?.id;
      let advice = successor ? ` Cite its successor \`${successor}\` instead.` : ' It names no successor (`superseded_by`).';
      // No advice to cite the finding itself. (Whether the successor is a finding, or superseded
      // too, would be a read two links away, which the invalidation does not follow: the
      // successor's own `superseded_by` is checked by wrong-link-type and this rule on it.)
      if (successor === link.id) {
        advice = ' Its `superseded_by` names itself, so it has no successor.';
        successor = undefined;
      }
      context.report(link.span, `\`${link.id}\` is superseded and does not count as evidence.${advice}`, { tags: ['deprecated'], data: { id: link.id, successor } });
    }
  },
};
