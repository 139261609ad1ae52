import { reportParseProblems, type Rule } from './rule';

export const rule: Rule = {
  id: 'missing-field',
  defaultSeverity: 'warning',
  description: 'An item has no `title`, or a finding has no `source` or `date`.',
  check: reportParseProblems('missing-field'),
};
