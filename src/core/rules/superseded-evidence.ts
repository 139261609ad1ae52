import type { WorkspaceIndex } from '../workspaceIndex';
import { resolvedLinks, type Rule } from './rule';

/** How many `superseded_by` links the advice follows before it gives up (docs/limits.md). */
export const MAX_SUCCESSOR_CHAIN = 32;

/**
 * Where a superseded finding's `superseded_by` chain ends: at the first active finding (the
 * one to cite instead), or at what breaks it, with the sentence that says so. Cycle-safe and
 * bounded by `MAX_SUCCESSOR_CHAIN`.
 */
export function successorOf(index: WorkspaceIndex, id: string): { successor?: string; advice: string } {
  const chain = [id];
  let next = index.item(id)?.item.supersededBy?.id;
  if (!next) return { advice: ' It names no successor (`superseded_by`).' };
  const path = () => chain.map(c => `\`${c}\``).join(' → ');
  while (chain.length <= MAX_SUCCESSOR_CHAIN) {
    if (next === id && chain.length === 1)
      return { advice: ' Its `superseded_by` names itself, so it has no successor.' };
    if (chain.includes(next))
      return {
        advice: ` Its \`superseded_by\` chain is a cycle (${path()} → \`${next}\`), so it has no active successor.`,
      };
    const target = index.item(next);
    if (!target)
      return {
        advice: ` Its successor \`${next}\` (${path()} → \`${next}\`) is not declared, so it has no active successor.`,
      };
    if (target.item.type !== 'finding')
      return {
        advice: ` Its \`superseded_by\` names \`${next}\` (${path()} → \`${next}\`), a ${target.item.type}, not a finding.`,
      };
    const status = target.item.status;
    if (status === 'active') {
      return chain.length === 1
        ? { successor: next, advice: ` Cite its successor \`${next}\` instead.` }
        : {
            successor: next,
            advice: ` Its successor is superseded too (${path()} → \`${next}\`): cite \`${next}\`, the active finding at the end of the chain, instead.`,
          };
    }
    if (status !== 'superseded')
      return {
        advice: ` Its successor \`${next}\` (${path()} → \`${next}\`) is ${status}, so it has no active successor.`,
      };
    chain.push(next);
    next = target.item.supersededBy?.id;
    if (!next)
      return {
        advice: ` Its successor is superseded too and names no successor (${path()}), so it has no active successor.`,
      };
  }
  return {
    advice: ` Its \`superseded_by\` chain is longer than ${MAX_SUCCESSOR_CHAIN} links, so it was not followed to an active successor.`,
  };
}

export const rule: Rule = {
  id: 'superseded-evidence',
  defaultSeverity: 'warning',
  description: 'A cited finding is superseded; the message names the active finding that replaces it.',
  // The successor's type, status and own `superseded_by` are read along the chain, two and more links away.
  reads: { targets: ['type', 'status', 'supersededBy'], successors: true },
  check(context) {
    for (const { link, target } of resolvedLinks(context, /(^|\.)evidence$/)) {
      if (target.item.status !== 'superseded') continue;
      const { successor, advice } = successorOf(context.index, link.id);
      context.report(link.span, `\`${link.id}\` is superseded and does not count as evidence.${advice}`, {
        tags: ['deprecated'],
        data: { id: link.id, successor },
      });
    }
  },
};
