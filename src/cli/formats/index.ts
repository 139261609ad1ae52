import type { Formatter } from './types';
import { formatComparisonText } from './comparison';
import { formatGithub } from './github';
import { formatJson } from './json';
import { formatJunit } from './junit';
import { formatMarkdown } from './markdown';
import { formatSarif } from './sarif';
import { formatText } from './text';

export type { Formatter, FormatContext } from './types';

/** Every `--format` of DESIGN §5. */
export const FORMATS: Record<string, Formatter> = {
  text: (report, ctx) => formatText(report, ctx) + formatComparisonText(report, ctx),
  json: formatJson,
  sarif: formatSarif,
  github: formatGithub,
  markdown: formatMarkdown,
  junit: formatJunit,
};
