import { reportParseProblems, type Rule } from './rule';

export const rule: Rule = {
  id: 'unreadable-file',
  defaultSeverity: 'warning',
  description: 'A Markdown file could not be checked: binary, not UTF-8, too large, unreadable, or a symlink loop.',
  allFiles: true,
  check: reportParseProblems('unreadable-file'),
};
