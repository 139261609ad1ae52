import { reportParseProblems, type Rule } from './rule';

export const rule: Rule = {
  id: 'yaml-syntax',
  defaultSeverity: 'error',
  description: 'The frontmatter of a document that declares a known type does not parse.',
  check: reportParseProblems('yaml-syntax'),
};
