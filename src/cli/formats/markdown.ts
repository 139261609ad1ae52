import type { CheckReport, Comparison, ReportDiagnostic } from '../../node/compare';
import { ciPath } from './paths';
import type { Formatter, FormatContext } from './types';
import {
  commentCode as code,
  commentHtml as html,
  commentMarkdown as md,
  commentMessage as mdMessage,
  joinMarkdown,
  MAX_LIST,
  plural,
  summaryHeadline,
  summaryTables,
  type SummaryOptions,
} from '../../core';

function location(d: ReportDiagnostic, ctx: FormatContext): string {
  return `${md(ciPath(d.file, ctx))}:${d.line}`;
}

function problemList(title: string, list: ReportDiagnostic[], ctx: FormatContext, open: boolean): string[] {
  if (list.length === 0) return [];
  const icon: Record<string, string> = { error: '🔴', warning: '🟡', info: '🔵' };
  const out = [`<details${open ? ' open' : ''}><summary>${html(title)}</summary>`, ''];
  for (const d of list.slice(0, MAX_LIST))
    out.push(`- ${icon[d.severity] ?? ''} ${location(d, ctx)} ${mdMessage(d.message)} <sub>${html(d.rule)}</sub>`);
  if (list.length > MAX_LIST)
    out.push(`- … and ${list.length - MAX_LIST} more: run \`grounded check\` for all of them.`);
  out.push('', '</details>', '');
  return out;
}

function changeSection(c: Comparison, ctx: FormatContext): string[] {
  const out: string[] = [];
  const bullets: string[] = [];
  if (c.regressed.length) {
    const shown = c.regressed
      .slice(0, MAX_LIST)
      .map(
        r => `${code(r.id)} (${r.priority}, ${code(r.spec)}) ${r.before ? `${r.before} → ` : 'new, '}**${r.after}**`,
      );
    bullets.push(
      `⚠️ ${plural(c.regressed.length, 'requirement')} became ungrounded or weak: ${shown.join('; ')}${c.regressed.length > MAX_LIST ? '; …' : ''}`,
    );
  }
  if (c.improved.length) {
    bullets.push(
      `✅ ${plural(c.improved.length, 'requirement')} gained grounding: ${c.improved
        .slice(0, MAX_LIST)
        .map(r => `${code(r.id)} → ${r.after}`)
        .join(', ')}${c.improved.length > MAX_LIST ? ', …' : ''}`,
    );
  }
  if (c.evidenceRemoved.length) {
    const why: Record<string, string> = {
      deleted: 'deleted',
      invalid: 'no longer valid',
      unlinked: 'unlinked',
      'requirement-removed': 'requirement removed',
    };
    const shown = c.evidenceRemoved
      .slice(0, MAX_LIST)
      .map(
        e => `${code(e.evidence)} from ${code(e.requirement)} (${why[e.reason]}${e.status ? `: ${md(e.status)}` : ''})`,
      );
    bullets.push(`🧾 Evidence removed: ${shown.join(', ')}${c.evidenceRemoved.length > MAX_LIST ? ', …' : ''}`);
  }
  const added = c.specs.filter(s => s.status === 'added');
  const removed = c.specs.filter(s => s.status === 'removed');
  if (added.length)
    bullets.push(`➕ New ${added.length === 1 ? 'spec' : 'specs'}: ${added.map(s => code(s.id)).join(', ')}`);
  if (removed.length)
    bullets.push(`➖ Deleted ${removed.length === 1 ? 'spec' : 'specs'}: ${removed.map(s => code(s.id)).join(', ')}`);
  const renamed = Object.entries(c.renamed);
  if (renamed.length)
    bullets.push(
      `📁 Moved: ${renamed
        .slice(0, MAX_LIST)
        .map(([a, b]) => `${md(a)} → ${md(b)}`)
        .join(', ')}`,
    );
  const changed = c.changedEvidence ?? [];
  if (changed.length)
    bullets.push(
      `🔬 ${plural(changed.length, 'finding')} changed under ${plural(new Set(changed.flatMap(e => e.citedBy)).size, 'requirement')}: check that they still follow from it`,
    );
  bullets.push(
    `${plural(c.newDiagnostics.length, 'new problem')}, ${plural(c.fixedDiagnostics.length, 'fixed problem')}`,
  );
  out.push(`### What this change does`, '', ...bullets.map(b => `- ${b}`), '');
  if (changed.length) {
    out.push(
      `### Changed evidence (${changed.length})`,
      '',
      'These findings changed in this pull request. Check that the requirements that cite them still follow from them.',
      '',
    );
    for (const e of changed.slice(0, MAX_LIST)) {
      const under = e.citedBy.length
        ? `cited by ${e.citedBy.slice(0, MAX_LIST).map(code).join(', ')}${e.citedBy.length > MAX_LIST ? ', …' : ''}`
        : 'cited by no requirement';
      out.push(`- ${code(e.id)} in ${md(ciPath(e.file, ctx))}: ${e.fields.map(md).join(', ')} changed; ${under}`);
    }
    if (changed.length > MAX_LIST)
      out.push(
        `- … and ${changed.length - MAX_LIST} more: run \`grounded check --base ${md(c.base)} --format json\` for all of them.`,
      );
    out.push('');
  }
  out.push(...problemList(`New problems (${c.newDiagnostics.length})`, c.newDiagnostics, ctx, true));
  out.push(...problemList(`Fixed problems (${c.fixedDiagnostics.length})`, c.fixedDiagnostics, { ...ctx }, false));
  return out;
}

/**
 * A report for a pull-request comment or `$GITHUB_STEP_SUMMARY`: the summary of
 * `src/core/summary.ts` (the headline, a coverage table worst first, the gaps by spec), with what
 * the change does (with `--base`) after the headline and the errors and warnings at the end.
 */
export const formatMarkdown: Formatter = (input, ctx) => {
  const report = input as CheckReport;
  const c = report.comparison;
  const options: SummaryOptions = {
    path: file => ciPath(file, ctx),
    comparison: c && { base: c.base, before: c.summary.before.coverage, specs: c.specs },
  };
  const out: string[] = [...summaryHeadline(report, options)];
  if (report.baseline)
    out.push(
      '',
      `_${plural(report.baseline.suppressed, 'known problem')} hidden by the baseline ${code(report.baseline.file)}._`,
    );
  out.push('');
  if (c) out.push(...changeSection(c, ctx));
  out.push(...summaryTables(report, options));
  if (!c) {
    const serious = report.diagnostics.filter(d => d.severity !== 'info');
    out.push(...problemList(`Errors and warnings (${serious.length})`, serious, ctx, false));
  }
  return joinMarkdown(out);
};
