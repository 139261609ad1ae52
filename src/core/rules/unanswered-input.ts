import { daysBetween } from '../schema';
import { isActioned } from '../outcomes';
import type { Rule } from './rule';

export const rule: Rule = {
  id: 'unanswered-input',
  // Whether anything cites the input.
  reads: { citers: true },
  defaultSeverity: 'info',
  description:
    'An input with status `new` or `qualified`, older than `input_response_days` (default 30), that nothing cites.',
  check({ doc, index, report }) {
    const input = doc.item;
    if (input?.type !== 'input' || !input.id || !input.idSpan || !input.date) return;
    if (input.status !== 'new' && input.status !== 'qualified') return;
    const age = daysBetween(input.date, index.today);
    if (age <= index.config.inputResponseDays || isActioned(index, input.id)) return;
    const team = input.from ? ` from ${input.from}` : '';
    report(
      input.idSpan,
      `Input \`${input.id}\`${team} has waited ${age} days (since ${input.date}; answer within ${index.config.inputResponseDays}). Cite it where it is acted on, or set \`status: declined\` with a \`reason\`.`,
      { data: { id: input.id } },
    );
  },
};
