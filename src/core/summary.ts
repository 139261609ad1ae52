/**
 * The coverage summary in Markdown: the one renderer behind `grounded check --format markdown`
 * (a PR comment or step summary) and the editor's "Copy Coverage Summary as Markdown", so that
 * both say the same for the same folder. It reads the JSON report (`buildReport`); with a
 * comparison (`--base`) it shows coverage before and after. Long lists are cut so that a
 * workspace of 500 requirements still reads in one screen. Every workspace string goes through
 * the PR-comment escapers, and the whole through the workflow-command guard.
 */
import { countedRequirements, coverageOf, groundedOfCounted, type SpecCoverage } from './grounding';
import {
  commentCode as code,
  commentHtml as html,
  commentMarkdown as md,
  guardOutput,
  MARKDOWN_GUARD,
  percent as pct,
  percentPoints,
  plural,
} from './presentation';
import type { JsonReport } from './report';

/** Rows of the coverage table before the rest is summarised: 500 requirements stay one screen. */
export const MAX_TABLE_ROWS = 25;
/** Specs whose gaps are listed in full. */
export const MAX_GAP_SPECS = 10;
/** Requirements or problems listed in one block. */
export const MAX_LIST = 30;

/** What the summary shows of a report. */
export type SummaryReport = Pick<JsonReport, 'summary' | 'specs'>;

/** The base revision a summary compares with (`--base`). */
export interface SummaryComparison {
  base: string;
  /** The workspace coverage at the base. */
  before: number | null;
  specs: { id: string; title: string; status: string; before: { coverage: number | null } | null }[];
}

export interface SummaryOptions {
  /** A report path as the reader wants it (the CLI: relative to the folder it ran in). */
  path?: (file: string) => string;
  comparison?: SummaryComparison;
}

/** "▲ +5 pts": the change between two coverages, as each one rounds. */
export function coverageDelta(before: number | null | undefined, after: number | null | undefined): string {
  if (before === null || before === undefined || after === null || after === undefined) return '';
  const d = percentPoints(before, after);
  return d === 0 ? '±0' : d > 0 ? `▲ +${d} pts` : `▼ −${-d} pts`;
}

function specCounts(s: JsonReport['specs'][number]): SpecCoverage {
  return coverageOf(s.requirements.map(r => r.state));
}

/** Worst first: lowest coverage, then most ungrounded, then by ID; specs with nothing to cover last. */
function byWorst(a: { id: string; c: SpecCoverage }, b: { id: string; c: SpecCoverage }): number {
  const ca = a.c.coverage ?? 2;
  const cb = b.c.coverage ?? 2;
  return ca - cb || b.c.ungrounded - a.c.ungrounded || b.c.weak - a.c.weak || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** The heading and the headline: coverage, requirements grounded of those counted, problems. */
export function summaryHeadline(report: SummaryReport, options: SummaryOptions = {}): string[] {
  const c = options.comparison;
  const m = report.summary;
  const out: string[] = [];
  const coverage = c ? `${pct(c.before)} → ${pct(m.coverage)}` : pct(m.coverage);
  const change = c ? coverageDelta(c.before, m.coverage) : '';
  out.push(`## Grounded: evidence coverage ${coverage}${change ? ` (${change})` : ''}`, '');
  const problems =
    m.errors + m.warnings + m.infos === 0
      ? 'no problems'
      : `${plural(m.errors, 'error')} · ${plural(m.warnings, 'warning')} · ${m.infos} info`;
  const base = c ? ` Compared with ${code(c.base)}.` : '';
  out.push(
    `**${m.grounded} of ${countedRequirements(m)}** requirements grounded (${m.weak} weak, ${m.ungrounded} ungrounded, ${m.waived} waived) in ${plural(m.specs, 'spec')} · ${problems}.${base}`,
  );
  return out;
}

/** The coverage table by spec, worst first, and the gaps of each spec. */
export function summaryTables(report: SummaryReport, options: SummaryOptions = {}): string[] {
  const c = options.comparison;
  const path = options.path ?? ((file: string) => file);
  const out: string[] = [];
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
          `| ${name} | ${b ? pct(b.coverage) : 'new'} | ${pct(r.c.coverage)} | ${b ? coverageDelta(b.coverage, r.c.coverage) : ''} | ${tail}`,
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
      out.push('', `In ${md(path(s.file))}.`, '', '</details>', '');
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

  return out;
}

/** Lines of Markdown as one text: no run of blank lines, one final line break. */
export function joinMarkdown(lines: string[]): string {
  return (
    lines
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trimEnd() + '\n'
  );
}

/** The summary on its own: what the editor copies, and how `--format markdown` begins. */
export function coverageSummaryMarkdown(report: SummaryReport, options: SummaryOptions = {}): string {
  return guardOutput(
    joinMarkdown([...summaryHeadline(report, options), '', ...summaryTables(report, options)]),
    MARKDOWN_GUARD,
  );
}
