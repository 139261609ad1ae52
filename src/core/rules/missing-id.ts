import { reportParseProblems, type Rule } from './rule';

export const rule: Rule = {
  id: 'missing-id',
  defaultSeverity: 'error',
  description: 'An item or requirement has no `id`.',
  check: reportParseProblems('missing-id'),
};
