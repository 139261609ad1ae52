import { reportParseProblems, type Rule } from './rule';

export const rule: Rule = {
  id: 'unknown-field',
  defaultSeverity: 'info',
  description: 'A field that is not known but is close to one that is (`evidense`).',
  check: reportParseProblems('unknown-field'),
};
