import { reportParseProblems, type Rule } from './rule';

export const rule: Rule = {
  id: 'missing-field',
  defaultSeverity: 'warning',
  description:
    'An item has no `title`; a finding has no `source` or `date` (a measurement no `value`); an input no `from` or `date`; a metric no `target` or `direction`.',
  check: reportParseProblems('missing-field'),
};
