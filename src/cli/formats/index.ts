import type { Formatter } from './types';
import { formatComparisonText } from './comparison';
import { formatGithub } from './github';
import { formatJson } from './json';
import { formatJunit } from './junit';
import { formatMarkdown } from './markdown';
import { formatSarif } from './sarif';
import { formatText } from './text';
import { guardOutput, JSON_GUARD, MARKDOWN_GUARD, TEXT_GUARD, XML_GUARD, type CommandGuard } from './sanitize';

export type { Formatter, FormatContext } from './types';

/** A format whose whole output goes through the guard against workflow commands (sanitize.ts). */
function guarded(format: Formatter, guard: CommandGuard): Formatter {
  return (report, ctx) => guardOutput(format(report, ctx), guard);
}

/** Every `--format` of `grounded check`, each behind its output-sanitising layer (docs/limits.md). */
export const FORMATS: Record<string, Formatter> = {
  text: guarded((report, ctx) => formatText(report, ctx) + formatComparisonText(report, ctx), TEXT_GUARD),
  json: guarded(formatJson, JSON_GUARD),
  sarif: guarded(formatSarif, JSON_GUARD),
  // Workflow commands on purpose; every value in one is escaped (github.ts).
  github: formatGithub,
  markdown: guarded(formatMarkdown, MARKDOWN_GUARD),
  junit: guarded(formatJunit, XML_GUARD),
};
