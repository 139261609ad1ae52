import type { JsonReport } from '../../core/report';
import type { CheckReport, Comparison, CoverageCounts, ReportDiagnostic } from '../../node/compare';
import { ciPath } from './paths';
import type { Formatter, FormatContext } from './types';
import {
  commentCode as code,
  countedRequirements,
  coverageOf,
  groundedOfCounted,
  commentHtml as html,
  commentMarkdown as md,
  commentMessage as mdMessage,
  percent as pct,
  percentPoints,
  plural,
} from '../../core';

/** Rows of the coverage table before the rest is summarised: 500 requirements stay one screen. */
export const MAX_TABLE_ROWS = 25;
/** Specs whose gaps are listed in full. */
export const MAX_GAP_SPECS = 10;
/** Requirements or problems listed in one block. */
export const MAX_LIST = 30;

function delta(before: number | null | undefined, after: number | null | undefined): string {
  if (before === null || before === undefined || after === null || after === undefined) return '';
  const d = percentPoints(before, after);
  return d === 0 ? '±0' : d > 0 ? `▲ +${d} pts` : `▼ −${-d} pts`;
}

function specCounts(s: JsonReport['specs'][number]): CoverageCounts {
  return coverageOf(s.requirements.map(r => r.state));
}

/** Worst first: lowest coverage, then most ungrounded, then by ID; specs with nothing to cover last. */
function byWorst(a: { id: string; c: CoverageCounts }, b: { id: string; c: CoverageCounts }): number {
  const ca = a.c.coverage ?? 2;
  const cb = b.c.coverage ?? 2;
  return ca - cb || b.c.ungrounded - a.c.ungrounded || b.c.weak - a.c.weak || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

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
 * A report for a pull-request comment or `$GITHUB_STEP_SUMMARY`: the headline, what the change
 * does (with `--base`), a coverage table worst first, and the gaps by spec. Long lists are cut so
 * that a workspace of 500 requirements still reads in one screen.
 */
export const formatMarkdown: Formatter = (input, ctx) => {
  const report = input as CheckReport;
  const c = report.comparison;
  const m = report.summary;
  const out: string[] = [];
  const coverage = c ? `${pct(c.summary.before.coverage)} → ${pct(m.coverage)}` : pct(m.coverage);
  const change = c ? delta(c.summary.before.coverage, m.coverage) : '';
  out.push(`## Grounded: evidence coverage ${coverage}${change ? ` (${change})` : ''}`, '');
  const problems =
    m.errors + m.warnings + m.infos === 0
      ? 'no problems'
      : `${plural(m.errors, 'error')} · ${plural(m.warnings, 'warning')} · ${m.infos} info`;
  const base = c ? ` Compared with ${code(c.base)}.` : '';
  out.push(
    `**${m.grounded} of ${countedRequirements(m)}** requirements grounded (${m.weak} weak, ${m.ungrounded} ungrounded, ${m.waived} waived) in ${plural(m.specs, 'spec')} · ${problems}.${base}`,
  );
  if (report.baseline)
    out.push(
      '',
      `_${plural(report.baseline.suppressed, 'known problem')} hidden by the baseline ${code(report.baseline.file)}._`,
    );
  out.push('');

  if (c) out.push(...changeSection(c, ctx));

  if (report.specs.length > 0 || (c && c.specs.length > 0)) {
    const before = new Map(c?.specs.map(s => [s.id, s]) ?? []);
    const rows = report.specs.map(s => ({ id: s.id, title: s.title, file: s.file, c: specCounts(s) })).sort(byWorst);
    out.push('### Coverage by spec', '');
    if (c) {
      out.push(
        '| Spec | Before | After | Change | Grounded | Weak | Ungrounded | Waived |',
        '| --- | ---: | ---: | --- | ---: | ---: | ---: | ---: |',
      );
    } else {
      out.push(
        '| Spec | Coverage | Grounded | Weak | Ungrounded | Waived |',
        '| --- | ---: | ---: | ---: | ---: | ---: |',
      );
    }
    for (const r of rows.slice(0, MAX_TABLE_ROWS)) {
      const name = `${code(r.id)} ${md(r.title)}`.trim();
      const grounded = groundedOfCounted(r.c);
      const tail = `${grounded} | ${r.c.weak} | ${r.c.ungrounded} | ${r.c.waived} |`;
      if (c) {
        const b = before.get(r.id)?.before;
        out.push(
          `| ${name} | ${b ? pct(b.coverage) : 'new'} | ${pct(r.c.coverage)} | ${b ? delta(b.coverage, r.c.coverage) : ''} | ${tail}`,
        );
      } else out.push(`| ${name} | ${pct(r.c.coverage)} | ${tail}`);
    }
    const deleted = c?.specs.filter(s => s.status === 'removed') ?? [];
    for (const s of deleted)
      out.push(`| ~~${code(s.id)} ${md(s.title)}~~ | ${pct(s.before!.coverage)} | deleted |  |  |  |  |  |`);
    const rest = rows.slice(MAX_TABLE_ROWS);
    if (rest.length > 0) {
      const reqs = rest.reduce((n, r) => n + r.c.requirements, 0);
      const lowest = rest.map(r => r.c.coverage).filter((x): x is number => x !== null);
      const floor = lowest.length ? ` all at ${pct(Math.min(...lowest))} or better` : '';
      out.push('', `_…and ${plural(rest.length, 'more spec')} (${plural(reqs, 'requirement')}),${floor}._`);
    }
    out.push('');
  }

  const gaps = report.specs
    .map(s => ({
      id: s.id,
      title: s.title,
      file: s.file,
      c: specCounts(s),
      reqs: s.requirements.filter(r => r.state === 'ungrounded' || r.state === 'weak'),
    }))
    .filter(s => s.reqs.length > 0)
    .sort(byWorst);
  if (gaps.length > 0) {
    out.push('### Gaps', '');
    for (const s of gaps.slice(0, MAX_GAP_SPECS)) {
      const what = [s.c.ungrounded ? `${s.c.ungrounded} ungrounded` : '', s.c.weak ? `${s.c.weak} weak` : '']
        .filter(Boolean)
        .join(', ');
      out.push(`<details><summary><b>${html(s.id)}</b> ${html(s.title)}: ${what}</summary>`, '');
      // Musts first: they are what a reviewer has to act on.
      const order: Record<string, number> = { must: 0, should: 1, could: 2 };
      const reqs = [...s.reqs].sort(
        (a, b) =>
          (order[a.priority] ?? 3) - (order[b.priority] ?? 3) ||
          (a.state === b.state ? 0 : a.state === 'ungrounded' ? -1 : 1),
      );
      for (const r of reqs.slice(0, MAX_LIST)) {
        const ev = r.evidence.length ? ` (${r.evidence.map(code).join(', ')})` : '';
        out.push(`- ${code(r.id)} ${r.priority}: **${r.state}**${ev}`);
      }
      if (reqs.length > MAX_LIST) out.push(`- … and ${reqs.length - MAX_LIST} more`);
      out.push('', `In ${md(ciPath(s.file, ctx))}.`, '', '</details>', '');
    }
    const rest = gaps.slice(MAX_GAP_SPECS);
    if (rest.length > 0) {
      const names = rest
        .slice(0, MAX_LIST)
        .map(s => `${code(s.id)} (${s.reqs.length})`)
        .join(', ');
      out.push(`_${plural(rest.length, 'more spec')} with gaps: ${names}${rest.length > MAX_LIST ? ', …' : ''}._`, '');
    }
  }

  if (!c) {
    const serious = report.diagnostics.filter(d => d.severity !== 'info');
    out.push(...problemList(`Errors and warnings (${serious.length})`, serious, ctx, false));
  }
  return (
    out
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trimEnd() + '\n'
  );
};
