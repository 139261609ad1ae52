import { reportParseProblems, type Rule } from './rule';

export const rule: Rule = {
  id: 'unreadable-file',
  defaultSeverity: 'warning',
  description:
    'A Markdown file could not be checked: binary, not UTF-8, too large, unreadable, a broken symlink, or one that leads out of the folder.',
  allFiles: true,
  check: reportParseProblems('unreadable-file'),
};
