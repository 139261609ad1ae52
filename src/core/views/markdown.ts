/**
 * The coverage report as Markdown for an export: the summary that `--format markdown` and the
 * editor's copy command show (src/core/summary.ts), then requirements, personas, evidence mix,
 * outcomes and the evidence to revisit. Workspace strings are escaped so they cannot break the tables.
 */
import type { GroundingState } from '../grounding';
import { markdownCell as mdText, percent } from '../presentation';
import { coverageSummaryMarkdown } from '../summary';
import type { ReportModel } from './reportModel';

const ICON: Record<GroundingState, string> = { grounded: '🟢', weak: '🟡', ungrounded: '🔴', waived: '⚪' };

/** The whole report: summary, requirements, persona matrix, evidence mix and evidence to revisit. */
export function reportMarkdown(model: ReportModel): string {
  const out: string[] = [
    `# Evidence coverage`,
    '',
    `${mdText(model.folders.join(', ') || 'Workspace')} · ${mdText(model.today)}`,
    '',
  ];
  out.push(coverageSummaryMarkdown(model.report).trimEnd(), '');
  if (model.specs.length) {
    out.push('## Requirements', '');
    for (const s of model.specs) {
      out.push(`### ${mdText(s.id)} ${mdText(s.title)} (${percent(s.coverage.coverage, '–')})`, '');
      for (const r of s.requirements)
        out.push(
          `- ${ICON[r.state]} **${mdText(r.id)}** ${r.state} (${r.evidence}/${r.required}, ${r.priority}): ${mdText(r.text)}`,
        );
      out.push('');
    }
  }
  if (model.personas.length && model.matrix.length) {
    out.push('## Personas × requirements', '');
    out.push(`| Requirement | ${model.personas.map(p => mdText(p.id)).join(' | ')} |`);
    out.push(`| --- | ${model.personas.map(() => ':---:').join(' | ')} |`);
    for (const row of model.matrix) {
      const cells = row.cells.map(c => (c.cell === 'gap' ? '❗' : c.count ? String(c.count) : '')).join(' | ');
      out.push(`| ${mdText(row.requirement)} | ${cells} |`);
    }
    const silent = model.personas.filter(p => p.evidenced === 0);
    out.push(
      '',
      silent.length
        ? `No evidence from: ${silent.map(p => mdText(p.id)).join(', ')}.`
        : 'Every persona has evidence behind at least one requirement.',
      '',
    );
  }
  if (model.specs.length) {
    out.push(
      '## Evidence mix',
      '',
      '| Spec | Findings | Qualitative | Quantitative | Sources |',
      '| --- | ---: | ---: | ---: | --- |',
    );
    for (const s of model.specs) {
      const m = s.mix;
      out.push(
        `| ${mdText(s.id)} | ${m.findings} | ${m.qualitative} | ${m.quantitative} | ${m.bySource.map(b => `${mdText(b.source)} ${b.count}`).join(', ')} |`,
      );
    }
    out.push('');
  }
  if (model.outcomes.length) {
    out.push(
      '## Outcomes',
      '',
      '| Spec | Metric | Baseline → latest | Target | Verdict |',
      '| --- | --- | --- | ---: | --- |',
    );
    for (const o of model.outcomes) {
      const v = (x: number | undefined) => (x === undefined ? '?' : mdText(`${x}${o.unit ?? ''}`));
      const latest = o.latest
        ? `${v(o.latest.value)} (${mdText(o.latest.date ?? '?')})`
        : 'not measured since shipping';
      out.push(
        `| ${mdText(o.spec)} | ${mdText(o.metric)} ${mdText(o.metricTitle)} | ${v(o.baseline)} → ${latest} | ${v(o.target)} | ${o.verdict ?? 'unmeasured'} |`,
      );
    }
    out.push('');
  }
  if (model.teams.length) {
    out.push(
      '## Input from teams',
      '',
      `| Team | Raised | Actioned | Declined with a reason | Waiting > ${model.inputResponseDays} days |`,
      '| --- | ---: | ---: | ---: | ---: |',
    );
    for (const t of model.teams)
      out.push(`| ${mdText(t.team)} | ${t.raised} | ${t.actioned} | ${t.declined} | ${t.waiting} |`);
    out.push('');
  }
  out.push('## Evidence to revisit', '');
  if (model.problems.length === 0) out.push('No stale, refuted or superseded finding is still cited.');
  for (const p of model.problems) {
    out.push(
      `- **${mdText(p.id)}** ${mdText(p.title)}: ${mdText(p.note)}; still cited by ${p.citedBy.map(c => mdText(c.owner || c.file)).join(', ')}`,
    );
  }
  if (model.unused.length) {
    out.push('', '## Findings nothing acts on', '');
    for (const f of model.unused) out.push(`- **${mdText(f.id)}** ${mdText(f.title)}`);
  }
  return out.join('\n') + '\n';
}
