/**
 * The coverage report as HTML, for the webview and for a standalone export. Every workspace
 * string goes through `escapeHtml`. No inline styles and no inline scripts: the webview's CSP
 * allows neither, so sizes are SVG attributes and colours are CSS classes.
 */
import { groundedOfCounted, type GroundingState, type SpecCoverage } from '../grounding';
import { escapeHtml, percent, plural } from '../presentation';
import type { Place, ReportModel, ReportOutcome, ReportSpec } from './reportModel';

/** Longest list the page shows; the Markdown export always has everything. */
export const LIST_MAX = 150;

const STATES: GroundingState[] = ['grounded', 'weak', 'ungrounded', 'waived'];
const STATE_LABEL: Record<GroundingState, string> = {
  grounded: 'Grounded',
  weak: 'Weak',
  ungrounded: 'Ungrounded',
  waived: 'Waived',
};

export interface PageOptions {
  /** The Content-Security-Policy; left out for a standalone export. */
  csp?: string;
  /** A stylesheet link (webview) or the CSS text to inline (export). */
  style: { href: string } | { inline: string };
  /** The script (webview only); exports have none. */
  script?: { src: string; nonce: string };
  /** Show the export and refresh buttons (they need the script). */
  actions?: boolean;
}

/** A whole HTML page around the report. */
export function renderReportPage(model: ReportModel, options: PageOptions): string {
  const head = [
    '<meta charset="utf-8">',
    options.csp ? `<meta http-equiv="Content-Security-Policy" content="${escapeHtml(options.csp)}">` : '',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>Evidence coverage${model.folders.length ? ` · ${escapeHtml(model.folders.join(', '))}` : ''}</title>`,
    'href' in options.style
      ? `<link rel="stylesheet" href="${escapeHtml(options.style.href)}">`
      : `<style>\n${options.style.inline.replace(/<\/style/gi, '<\\/style')}\n</style>`,
  ].filter(Boolean);
  const actions = options.actions
    ? [
        '<nav class="actions" aria-label="Report actions">',
        '<button type="button" data-command="refresh" title="Refresh">Refresh</button>',
        '<button type="button" data-command="exportHtml" title="Save as a standalone HTML file">Export HTML</button>',
        '<button type="button" data-command="exportMarkdown" title="Save as Markdown">Export Markdown</button>',
        '</nav>',
      ].join('')
    : '';
  const script = options.script
    ? `<script nonce="${escapeHtml(options.script.nonce)}" src="${escapeHtml(options.script.src)}"></script>`
    : '';
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    `<head>${head.join('\n')}</head>`,
    `<body class="${options.script ? 'live' : 'standalone'}">`,
    actions,
    `<main id="report">${renderReportBody(model)}</main>`,
    script,
    '</body>',
    '</html>',
  ].join('\n');
}

/** The report's content: what goes inside `<main>`, and what a refresh replaces. */
export function renderReportBody(model: ReportModel): string {
  const parts = [header(model)];
  if (model.specs.length === 0) {
    parts.push(
      '<section class="empty"><h2>No specs yet</h2><p>Create a spec with requirements and link them to findings: the report fills in as you go.</p></section>',
    );
  } else {
    parts.push(specsSection(model), matrixSection(model), mixSection(model), problemsSection(model));
  }
  if (model.outcomes.length) parts.push(outcomesSection(model));
  if (model.teams.length) parts.push(teamsSection(model));
  if (model.unused.length) {
    parts.push(unusedSection(model));
  }
  parts.push(legend());
  return parts.join('\n');
}

function header(model: ReportModel): string {
  const t = model.total;
  const fraction = t.coverage;
  const counters = STATES.map(
    s =>
      `<li class="counter ${s}"><span class="dot ${s}" aria-hidden="true"></span><strong>${t[s]}</strong> ${STATE_LABEL[s].toLowerCase()}</li>`,
  ).join('');
  const meta = [
    plural(model.counts.specs, 'spec'),
    plural(t.requirements, 'requirement'),
    plural(model.counts.findings, 'finding'),
    plural(model.counts.personas, 'persona'),
    plural(model.counts.decisions, 'decision'),
  ].join(' · ');
  return [
    '<header class="hero">',
    donut(fraction),
    '<div class="headline">',
    '<h1>Evidence coverage</h1>',
    `<p class="sub">${escapeHtml(model.folders.join(', ') || 'Workspace')} · ${escapeHtml(model.today)}</p>`,
    `<ul class="counters">${counters}</ul>`,
    `<p class="meta">${escapeHtml(meta)}</p>`,
    '</div>',
    '</header>',
  ].join('');
}

/** A ring that fills with the coverage, with the percentage in the middle. */
function donut(fraction: number | null): string {
  const r = 42;
  const c = 2 * Math.PI * r;
  const filled = fraction === null ? 0 : c * fraction;
  const state = fraction === null ? 'waived' : fraction >= 1 ? 'grounded' : fraction >= 0.5 ? 'weak' : 'ungrounded';
  return [
    `<svg class="donut" viewBox="0 0 100 100" role="img" aria-label="Workspace coverage ${escapeHtml(percent(fraction, '–'))}">`,
    `<circle class="track" cx="50" cy="50" r="${r}" fill="none" stroke-width="10"></circle>`,
    `<circle class="fill ${state}" cx="50" cy="50" r="${r}" fill="none" stroke-width="10" stroke-dasharray="${filled.toFixed(2)} ${c.toFixed(2)}" transform="rotate(-90 50 50)"></circle>`,
    `<text x="50" y="50" class="donut-value" text-anchor="middle" dominant-baseline="central">${escapeHtml(percent(fraction, '–'))}</text>`,
    '</svg>',
  ].join('');
}

/** A stacked bar of grounded, weak, ungrounded and waived requirements. */
function stackedBar(c: SpecCoverage, label: string): string {
  if (c.requirements === 0)
    return '<svg class="bar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true"><rect class="track" width="100" height="10"></rect></svg>';
  let x = 0;
  const rects = STATES.map(s => {
    const w = (c[s] / c.requirements) * 100;
    const rect =
      w > 0
        ? `<rect class="seg ${s}" x="${x.toFixed(3)}" width="${w.toFixed(3)}" height="10"><title>${c[s]} ${STATE_LABEL[s].toLowerCase()}</title></rect>`
        : '';
    x += w;
    return rect;
  }).join('');
  return `<svg class="bar" viewBox="0 0 100 10" preserveAspectRatio="none" role="img" aria-label="${escapeHtml(label)}">${rects}</svg>`;
}

function link(place: Place, inner: string, cls = '', title?: string): string {
  const { line, character } = place.range.start;
  const tip = title ?? `${place.file}:${line + 1}`;
  return `<a class="open ${escapeHtml(cls)}" href="#" data-uri="${escapeHtml(place.uri)}" data-line="${line}" data-character="${character}" title="${escapeHtml(tip)}">${inner}</a>`;
}

function more(total: number, what: string): string {
  return total > LIST_MAX
    ? `<p class="hint more">Showing ${LIST_MAX} of ${total} ${what}. Export to Markdown for all of them.</p>`
    : '';
}

function specsSection(model: ReportModel): string {
  const multi = model.folders.length > 1;
  const rows = model.specs
    .slice(0, LIST_MAX)
    .map(s => specRow(s, multi))
    .join('');
  return `<section class="specs"><h2>Coverage by spec</h2><p class="hint">Worst first. Each chip is a requirement; hover it for its text.</p><ol class="spec-list">${rows}</ol>${more(model.specs.length, 'specs, worst first')}</section>`;
}

function specRow(s: ReportSpec, multi: boolean): string {
  const c = s.coverage;
  const figure = c.coverage === null ? (c.requirements ? 'all waived' : 'no requirements') : groundedOfCounted(c);
  const chips = s.requirements
    .map(r =>
      link(
        r,
        escapeHtml(r.id),
        `chip ${r.state}`,
        `${r.id} · ${STATE_LABEL[r.state]} · ${r.evidence}/${r.required} evidence · ${r.priority}\n${r.text}`,
      ),
    )
    .join('');
  return [
    `<li class="spec ${specClass(c)}">`,
    '<div class="spec-head">',
    link(
      s,
      `<span class="id">${escapeHtml(s.id || s.file)}</span> <span class="title">${escapeHtml(s.title)}</span>`,
      'spec-name',
    ),
    multi ? `<span class="folder">${escapeHtml(s.folder)}</span>` : '',
    `<span class="pct">${escapeHtml(percent(c.coverage, '–'))}</span>`,
    `<span class="figure">${escapeHtml(figure)}</span>`,
    '</div>',
    stackedBar(c, `${s.id}: ${percent(c.coverage, '–')} grounded`),
    `<div class="chips">${chips}</div>`,
    '</li>',
  ].join('');
}

function specClass(c: SpecCoverage): string {
  if (c.coverage === null) return 'waived';
  if (c.coverage >= 1) return 'grounded';
  return c.grounded === 0 && c.weak === 0 ? 'ungrounded' : 'weak';
}

function matrixSection(model: ReportModel): string {
  if (model.personas.length === 0) {
    return '<section class="matrix"><h2>Personas × requirements</h2><p class="hint">No personas yet: add persona documents and list them on specs and findings to see whose voice backs each requirement.</p></section>';
  }
  const silent = model.personas.filter(p => p.evidenced === 0);
  const callout = silent.length
    ? `<p class="callout gap">No evidence from ${silent.map(p => `<strong>${escapeHtml(p.id)}</strong>${p.title ? ` (${escapeHtml(p.title)})` : ''}`).join(', ')}.</p>`
    : '<p class="callout ok">Every persona has evidence behind at least one requirement.</p>';
  if (model.matrix.length === 0) return personaTable(model, callout);
  const headCells = model.personas
    .map(
      p =>
        `<th scope="col" class="${p.evidenced === 0 ? 'silent' : ''}" title="${escapeHtml(`${p.title || p.id}: ${p.evidenced} requirement(s) with evidence, ${p.gaps} gap(s)`)}"><span>${escapeHtml(p.id)}</span></th>`,
    )
    .join('');
  let lastSpec = '';
  const rows = model.matrix
    .map(row => {
      const specHead =
        row.spec !== lastSpec
          ? `<tr class="group"><th colspan="${model.personas.length + 1}" scope="rowgroup">${escapeHtml(row.spec)}</th></tr>`
          : '';
      lastSpec = row.spec;
      const cells = row.cells
        .map((c, i) => {
          const p = model.personas[i];
          const what =
            c.cell === 'ok'
              ? `${c.count} finding(s) from ${p.id}`
              : c.cell === 'gap'
                ? `targets ${p.id}, but no evidence from them`
                : c.cell === 'extra'
                  ? `${c.count} finding(s) from ${p.id} (not a target)`
                  : '';
          const mark = c.cell === 'ok' || c.cell === 'extra' ? String(c.count) : c.cell === 'gap' ? '!' : '';
          return `<td class="cell ${c.cell}" title="${escapeHtml(what)}">${mark}</td>`;
        })
        .join('');
      return `${specHead}<tr><th scope="row">${link(row, escapeHtml(row.requirement))} <span class="text">${escapeHtml(row.text)}</span></th>${cells}</tr>`;
    })
    .join('');
  return [
    '<section class="matrix"><h2>Personas × requirements</h2>',
    callout,
    '<div class="table-wrap"><table class="grid">',
    `<thead><tr><th scope="col">Requirement</th>${headCells}</tr></thead>`,
    `<tbody>${rows}</tbody>`,
    '</table></div>',
    '<p class="hint"><span class="cell-key ok">n</span> findings from a targeted persona · <span class="cell-key gap">!</span> targeted, no evidence from them · <span class="cell-key extra">n</span> evidence from a persona the requirement does not target</p>',
    '</section>',
  ].join('');
}

/** Per-persona totals, for workspaces too big for a requirement-by-persona grid. */
function personaTable(model: ReportModel, callout: string): string {
  const rows = [...model.personas]
    .sort((a, b) => b.gaps - a.gaps || a.id.localeCompare(b.id))
    .slice(0, LIST_MAX)
    .map(p => {
      const w = p.targeted ? (100 * (p.targeted - p.gaps)) / p.targeted : 0;
      const bar = `<svg class="bar" viewBox="0 0 100 10" preserveAspectRatio="none" role="img" aria-label="${escapeHtml(`${p.targeted - p.gaps} of ${p.targeted} with evidence`)}"><rect class="seg grounded" width="${w.toFixed(3)}" height="10"></rect><rect class="seg ungrounded" x="${w.toFixed(3)}" width="${(p.targeted ? 100 - w : 0).toFixed(3)}" height="10"></rect></svg>`;
      return `<tr class="${p.evidenced === 0 ? 'silent' : ''}"><th scope="row">${escapeHtml(p.id)} <span class="text">${escapeHtml(p.title)}</span></th><td class="num">${p.targeted}</td><td class="num">${p.evidenced}</td><td class="num gap-count">${p.gaps}</td><td class="bar-cell">${bar}</td></tr>`;
    })
    .join('');
  return [
    '<section class="matrix"><h2>Personas × requirements</h2>',
    callout,
    `<p class="hint">${model.matrixOmitted} requirements are too many for a grid; these are the totals per persona, most gaps first.</p>`,
    '<div class="table-wrap"><table class="list personas"><thead><tr><th scope="col">Persona</th><th scope="col">Targeted by</th><th scope="col">With evidence</th><th scope="col">Gaps</th><th scope="col"></th></tr></thead>',
    `<tbody>${rows}</tbody></table></div>${more(model.personas.length, 'personas')}</section>`,
  ].join('');
}

function mixSection(model: ReportModel): string {
  const rows = model.specs
    .slice(0, LIST_MAX)
    .map(s => {
      const m = s.mix;
      const total = m.findings;
      const bar = total
        ? `<svg class="bar mix" viewBox="0 0 100 10" preserveAspectRatio="none" role="img" aria-label="${escapeHtml(`${m.qualitative} qualitative, ${m.quantitative} quantitative`)}">${
            [
              ['qualitative', m.qualitative],
              ['quantitative', m.quantitative],
              ['unknown', m.unknown],
            ].reduce<{ x: number; out: string }>(
              (acc, [name, n]) => {
                const w = ((n as number) / total) * 100;
                if (w > 0)
                  acc.out += `<rect class="seg ${name}" x="${acc.x.toFixed(3)}" width="${w.toFixed(3)}" height="10"><title>${n} ${name}</title></rect>`;
                acc.x += w;
                return acc;
              },
              { x: 0, out: '' },
            ).out
          }</svg>`
        : '<svg class="bar mix" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true"><rect class="track" width="100" height="10"></rect></svg>';
      const sources = m.bySource
        .map(b => `<li><span class="count">${b.count}</span> ${escapeHtml(b.source)}</li>`)
        .join('');
      const label = total
        ? `${m.qualitative} qual · ${m.quantitative} quant${m.unknown ? ` · ${m.unknown} unknown` : ''}`
        : 'no valid evidence';
      const warn =
        total > 0 && (m.qualitative === 0 || m.quantitative === 0)
          ? `<span class="flag">${m.qualitative === 0 ? 'numbers only' : 'no numbers yet'}</span>`
          : '';
      return `<li>${link(s, `<span class="id">${escapeHtml(s.id || s.file)}</span>`, 'spec-name')}<span class="figure">${escapeHtml(label)}</span>${warn}${bar}<ul class="sources">${sources}</ul></li>`;
    })
    .join('');
  return `<section class="mix-section"><h2>Evidence mix</h2><p class="hint">Distinct valid findings behind each spec: stories (qualitative) and numbers (quantitative), by source.</p><ol class="mix-list">${rows}</ol>${more(model.specs.length, 'specs')}</section>`;
}

function problemsSection(model: ReportModel): string {
  if (model.problems.length === 0) {
    return '<section class="problems"><h2>Evidence to revisit</h2><p class="callout ok">No stale, refuted or superseded finding is still cited.</p></section>';
  }
  const rows = model.problems
    .slice(0, LIST_MAX)
    .map(
      p =>
        `<tr class="${p.kind}"><td><span class="badge ${p.kind}">${escapeHtml(p.kind)}</span></td><td>${link(p, escapeHtml(p.id))} <span class="text">${escapeHtml(p.title)}</span></td><td>${escapeHtml(p.note)}</td><td>${p.citedBy
          .map(c => link(c, escapeHtml(c.owner || c.file)))
          .join(', ')}</td></tr>`,
    )
    .join('');
  return [
    '<section class="problems"><h2>Evidence to revisit</h2>',
    `<p class="hint">Stale, refuted and superseded findings that requirements or decisions still cite (${model.problems.length}).</p>`,
    '<div class="table-wrap"><table class="list"><thead><tr><th scope="col">Problem</th><th scope="col">Finding</th><th scope="col">Why</th><th scope="col">Still cited by</th></tr></thead>',
    `<tbody>${rows}</tbody></table></div>${more(model.problems.length, 'findings')}</section>`,
  ].join('');
}

function unusedSection(model: ReportModel): string {
  const rows = model.unused
    .slice(0, LIST_MAX)
    .map(
      f =>
        `<li>${link(f, escapeHtml(f.id))} <span class="text">${escapeHtml(f.title)}</span> <span class="muted">${escapeHtml([f.source, f.date].filter(Boolean).join(' · '))}</span></li>`,
    )
    .join('');
  return `<section class="unused"><h2>Findings nothing acts on</h2><p class="hint">Active findings that no requirement or decision cites (${model.unused.length}).</p><ul class="plain">${rows}</ul>${more(model.unused.length, 'findings')}</section>`;
}

function legend(): string {
  const items = STATES.map(s => `<li><span class="dot ${s}" aria-hidden="true"></span>${STATE_LABEL[s]}</li>`).join('');
  return `<footer class="legend"><ul>${items}<li><span class="dot qualitative" aria-hidden="true"></span>Qualitative</li><li><span class="dot quantitative" aria-hidden="true"></span>Quantitative</li></ul><p>Coverage = grounded ÷ (requirements − waived).</p></footer>`;
}

/** "Input from teams" (docs/format.md, "Input"): what each team raised and what became of it. */
function teamsSection(model: ReportModel): string {
  const rows = model.teams
    .map(
      t =>
        `<tr><th scope="row">${escapeHtml(t.team)}</th><td class="num">${t.raised}</td><td class="num">${t.actioned}</td><td class="num">${t.declined}</td><td class="num${t.waiting ? ' waiting' : ''}">${t.waiting}</td></tr>`,
    )
    .join('');
  return [
    '<section class="teams"><h2>Input from teams</h2>',
    `<p class="hint">Inputs each team raised; actioned means a spec, requirement, decision or finding cites it. Waiting: new or qualified, cited by nothing, older than ${model.inputResponseDays} days.</p>`,
    '<div class="table-wrap"><table class="list"><thead><tr><th scope="col">Team</th><th scope="col">Raised</th><th scope="col">Actioned</th><th scope="col">Declined with a reason</th>',
    `<th scope="col">Waiting &gt; ${model.inputResponseDays} days</th></tr></thead><tbody>${rows}</tbody></table></div></section>`,
  ].join('');
}

function formatValue(value: number | undefined, unit: string | undefined): string {
  return value === undefined ? '?' : `${value}${unit ?? ''}`;
}

/** "Outcomes" (docs/format.md, "Metric"): each shipped spec and metric, baseline → the latest value against the target, with a chart. */
function outcomesSection(model: ReportModel): string {
  const items = model.outcomes
    .slice(0, LIST_MAX)
    .map(o => {
      const verdict = o.verdict ?? 'unmeasured';
      const latest = o.latest
        ? `${formatValue(o.latest.value, o.unit)} on ${o.latest.date ?? '?'}`
        : 'no measurement since shipping';
      return [
        `<li class="outcome ${verdict}">`,
        `<div class="outcome-head">${link(o, escapeHtml(o.spec))} <span class="text">${escapeHtml(o.specTitle)}</span> · <strong>${escapeHtml(o.metric)}</strong> <span class="text">${escapeHtml(o.metricTitle)}</span> <span class="badge ${verdict}">${escapeHtml(verdict)}</span></div>`,
        `<p class="outcome-numbers">${escapeHtml(formatValue(o.baseline, o.unit))} → ${escapeHtml(latest)} · target ${escapeHtml(formatValue(o.target, o.unit))} (${o.direction === 'decrease' ? 'lower is better' : 'higher is better'})${o.shipped ? ` · shipped ${escapeHtml(o.shipped)}` : ''}</p>`,
        outcomeChart(o),
        '</li>',
      ].join('');
    })
    .join('');
  return `<section class="outcomes"><h2>Outcomes</h2><p class="hint">Shipped specs against their metrics: the latest measurement since shipping decides the verdict.</p><ol class="outcome-list">${items}</ol>${more(model.outcomes.length, 'outcomes')}</section>`;
}

const DAY = 86_400_000;

/**
 * A small line chart of one metric: its measurements over time, the target as a dashed line,
 * the baseline as a dotted one and the ship date as a vertical line. Only SVG attributes and
 * classes (no inline style), so it passes the webview's CSP; every label is escaped.
 */
export function outcomeChart(
  o: Pick<ReportOutcome, 'metric' | 'unit' | 'baseline' | 'target' | 'measurements' | 'shipped' | 'verdict' | 'latest'>,
): string {
  const W = 320;
  const H = 132;
  const left = 44;
  const right = 10;
  const top = 12;
  const bottom = 22;
  const dated = o.measurements.filter(m => m.date && !Number.isNaN(Date.parse(m.date)));
  const times = dated.map(m => Date.parse(m.date!));
  const shipped = o.shipped && !Number.isNaN(Date.parse(o.shipped)) ? Date.parse(o.shipped) : undefined;
  if (shipped !== undefined) times.push(shipped);
  const label = `${o.metric}: ${formatValue(o.baseline, o.unit)} → ${o.latest ? formatValue(o.latest.value, o.unit) : 'not measured'}, target ${formatValue(o.target, o.unit)}${o.verdict ? `, ${o.verdict}` : ''}`;
  if (times.length === 0)
    return `<svg class="chart empty" viewBox="0 0 ${W} 24" role="img" aria-label="${escapeHtml(label)}"><text x="0" y="16" class="chart-note">No measurements yet</text></svg>`;
  let t0 = Math.min(...times);
  let t1 = Math.max(...times);
  if (t1 - t0 < 14 * DAY) {
    t0 -= 7 * DAY;
    t1 += 7 * DAY;
  }
  const values = [
    ...dated.map(m => m.value),
    ...(o.target !== undefined ? [o.target] : []),
    ...(o.baseline !== undefined ? [o.baseline] : []),
  ];
  let v0 = Math.min(...values);
  let v1 = Math.max(...values);
  const pad = (v1 - v0) * 0.12 || Math.abs(v1) * 0.1 || 1;
  v0 -= pad;
  v1 += pad;
  const x = (t: number) => left + ((t - t0) / (t1 - t0)) * (W - left - right);
  const y = (v: number) => top + (1 - (v - v0) / (v1 - v0)) * (H - top - bottom);
  const n = (v: number) => v.toFixed(1);
  const parts: string[] = [`<svg class="chart" viewBox="0 0 ${W} ${H}" role="img" aria-label="${escapeHtml(label)}">`];
  parts.push(`<line class="axis" x1="${left}" y1="${H - bottom}" x2="${W - right}" y2="${H - bottom}"></line>`);
  if (o.baseline !== undefined) {
    parts.push(
      `<line class="baseline" x1="${left}" y1="${n(y(o.baseline))}" x2="${W - right}" y2="${n(y(o.baseline))}" stroke-dasharray="1 3"><title>baseline ${escapeHtml(formatValue(o.baseline, o.unit))}</title></line>`,
    );
    parts.push(
      `<text class="tick" x="${left - 4}" y="${n(y(o.baseline))}" text-anchor="end" dominant-baseline="central">${escapeHtml(formatValue(o.baseline, o.unit))}</text>`,
    );
  }
  if (o.target !== undefined) {
    parts.push(
      `<line class="target" x1="${left}" y1="${n(y(o.target))}" x2="${W - right}" y2="${n(y(o.target))}" stroke-dasharray="5 3"><title>target ${escapeHtml(formatValue(o.target, o.unit))}</title></line>`,
    );
    parts.push(
      `<text class="tick target-label" x="${left - 4}" y="${n(y(o.target))}" text-anchor="end" dominant-baseline="central">${escapeHtml(formatValue(o.target, o.unit))}</text>`,
    );
  }
  if (shipped !== undefined) {
    parts.push(
      `<line class="ship" x1="${n(x(shipped))}" y1="${top - 4}" x2="${n(x(shipped))}" y2="${H - bottom}"><title>shipped ${escapeHtml(o.shipped)}</title></line>`,
    );
    parts.push(`<text class="ship-label" x="${n(x(shipped) + 3)}" y="${top + 4}">shipped</text>`);
  }
  if (dated.length > 1)
    parts.push(
      `<polyline class="series" fill="none" points="${dated.map(m => `${n(x(Date.parse(m.date!)))},${n(y(m.value))}`).join(' ')}"></polyline>`,
    );
  for (const m of dated) {
    const after = shipped === undefined || Date.parse(m.date!) >= shipped;
    parts.push(
      `<circle class="point ${after ? 'after' : 'before'}" cx="${n(x(Date.parse(m.date!)))}" cy="${n(y(m.value))}" r="3"><title>${escapeHtml(`${m.date}: ${formatValue(m.value, o.unit)} (${m.id})`)}</title></circle>`,
    );
  }
  const first = new Date(t0).toISOString().slice(0, 10);
  const last = new Date(t1).toISOString().slice(0, 10);
  parts.push(
    `<text class="tick" x="${left}" y="${H - 6}">${escapeHtml(first)}</text><text class="tick" x="${W - right}" y="${H - 6}" text-anchor="end">${escapeHtml(last)}</text>`,
  );
  parts.push('</svg>');
  return parts.join('');
}
