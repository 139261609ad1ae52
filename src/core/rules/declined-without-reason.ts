import type { Rule } from './rule';

export const rule: Rule = {
  id: 'declined-without-reason',
  defaultSeverity: 'warning',
  description: 'An input with status `declined` has no non-empty `reason`.',
  check({ doc, report }) {
    const input = doc.item;
    if (input?.type !== 'input' || input.status !== 'declined' || (input.reason ?? '').trim() !== '') return;
    const span = input.statusSpan ?? input.idSpan ?? input.typeSpan;
    const team = input.from ? `the ${input.from} team` : 'whoever raised it';
    report(span, `Input \`${input.id ?? ''}\` is declined without a \`reason\`: add one so ${team} can see why.`, {
      data: { id: input.id },
    });
  },
};
