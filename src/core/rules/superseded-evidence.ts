import { resolvedLinks, type Rule } from './rule';

export const rule: Rule = {
  id: 'superseded-evidence',
  defaultSeverity: 'warning',
  description: 'A cited finding is superseded; the message names its successor.',
  check(context) {
    for (const { link, target } of resolvedLinks(context, /(^|\.)evidence$/)) {
      if (target.item.status !== 'superseded') continue;
      let successor = target.item.supersededBy?.id;
      let advice = successor ? ` Cite its successor \`${successor}\` instead.` : ' It names no successor (`superseded_by`).';
      // Advice only towards a finding that is not this one (a self-reference, a persona).
      if (successor === link.id) advice = ' Its `superseded_by` names itself, so it has no successor.';
      else if (successor !== undefined && context.index.item(successor)?.item.type !== 'finding') advice = ` Its \`superseded_by\` names \`${successor}\`, which is not a finding.`;
      if (advice.startsWith(' Its')) successor = undefined;
      context.report(link.span, `\`${link.id}\` is superseded and does not count as evidence.${advice}`, { tags: ['deprecated'], data: { id: link.id, successor } });
    }
  },
};
