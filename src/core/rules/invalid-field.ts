import { reportParseProblems, type Rule } from './rule';

export const rule: Rule = {
  id: 'invalid-field',
  defaultSeverity: 'error',
  description: 'A known field has the wrong shape or value (enum, date, integer, list).',
  check: reportParseProblems('invalid-field'),
};
