import { ciPath } from './paths';
import type { Formatter } from './types';
import { printable } from './sanitize';
import { groundedOfCounted, percent, plural } from '../../core';

/**
 * Escapes the message of a workflow command (the part after `::`): the runner turns `%0A` back
 * into a line break inside the annotation; other control characters (ESC sequences colour the
 * log) become visible escapes.
 */
export function escapeData(s: string): string {
  return printable(s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A'));
}

/** Escapes a property value of a workflow command (`file=`, `title=`, …). */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

const COMMAND: Record<string, string> = { error: 'error', warning: 'warning', info: 'notice' };

/** GitHub Actions workflow commands: each diagnostic becomes an annotation on its exact range. */
export const formatGithub: Formatter = (report, ctx) => {
  const lines = report.diagnostics.map(d => {
    const props = [
      `file=${escapeProperty(ciPath(d.file, ctx))}`,
      `line=${d.line}`,
      `col=${d.column}`,
      `endLine=${d.endLine}`,
      `endColumn=${d.endColumn}`,
      `title=${escapeProperty(`Grounded: ${d.rule}`)}`,
    ];
    return `::${COMMAND[d.severity] ?? 'notice'} ${props.join(',')}::${escapeData(d.message)}`;
  });
  const m = report.summary;
  const coverage = percent(m.coverage, 'none');
  lines.push(
    `Grounded: ${plural(m.errors, 'error')}, ${plural(m.warnings, 'warning')}, ${m.infos} info · coverage ${coverage} (${groundedOfCounted(m)} requirements grounded)`,
  );
  return lines.join('\n') + '\n';
};
