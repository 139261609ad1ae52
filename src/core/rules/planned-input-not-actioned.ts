import { isActioned } from '../outcomes';
import type { Rule } from './rule';

export const rule: Rule = {
  id: 'planned-input-not-actioned',
  // Whether anything cites the input.
  reads: { citers: true },
  defaultSeverity: 'warning',
  description: 'An input with status `planned` or `done` that nothing cites.',
  check({ doc, index, report }) {
    const input = doc.item;
    if (input?.type !== 'input' || !input.id || (input.status !== 'planned' && input.status !== 'done')) return;
    if (isActioned(index, input.id)) return;
    report(
      input.statusSpan ?? input.idSpan ?? input.typeSpan,
      `Input \`${input.id}\` is \`${input.status}\`, but no spec, requirement, decision or finding cites it in \`inputs\`. Link it where it is acted on.`,
      { data: { id: input.id } },
    );
  },
};
