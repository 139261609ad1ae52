/**
 * The coverage report's view-model: everything the webview, the standalone HTML export and the
 * Markdown export show, computed once from one or more indexes. Pure data.
 */
import type { Item } from '../model';
import type { Range } from '../types';
import type { WorkspaceIndex } from '../workspaceIndex';
import type { GroundingState, SpecCoverage } from '../grounding';
import { buildReport, combineReports, type JsonReport } from '../report';
import { coverageRows, type SpecRow } from './coverage';
import { findingRows } from './evidence';
import { compareText } from './sort';
import { teamSummaries, type TeamSummary } from './inputs';
import type { Verdict } from '../outcomes';

/** One indexed folder and how to show its URIs as paths. */
export interface ReportSource {
  name: string;
  index: WorkspaceIndex;
  /** A URI as a path relative to the folder, with `/`. */
  file(uri: string): string;
}

export interface Place {
  uri: string;
  file: string;
  range: Range;
}

export interface ReportRequirement extends Place {
  id: string;
  text: string;
  priority: string;
  state: GroundingState;
  evidence: number;
  required: number;
}

export interface ReportSpec extends Place {
  folder: string;
  id: string;
  title: string;
  coverage: SpecCoverage;
  requirements: ReportRequirement[];
  mix: EvidenceMix;
}

export interface EvidenceMix {
  /** Distinct valid findings behind the spec's requirements. */
  findings: number;
  qualitative: number;
  quantitative: number;
  /** Findings with no method (no source either). */
  unknown: number;
  bySource: { source: string; count: number }[];
}

export interface PersonaColumn {
  id: string;
  title: string;
  /** Requirements that target this persona (explicitly or through the spec). */
  targeted: number;
  /** Requirements with valid evidence from this persona. */
  evidenced: number;
  /** Targeted requirements that have no valid evidence from this persona. */
  gaps: number;
}

export type MatrixCell = 'ok' | 'gap' | 'extra' | 'none';

export interface MatrixRow extends Place {
  spec: string;
  requirement: string;
  text: string;
  /** One cell per persona column: the count of valid findings from that persona. */
  cells: { cell: MatrixCell; count: number }[];
}

export interface ProblemEvidence extends Place {
  id: string;
  title: string;
  kind: 'refuted' | 'superseded' | 'stale';
  note: string;
  citedBy: ({ owner: string } & Place)[];
}

export interface UnusedFinding extends Place {
  id: string;
  title: string;
  source?: string;
  date?: string;
}

/** A shipped spec's outcome on one metric (docs/format.md, "Metric"), with what a chart of it needs. */
export interface ReportOutcome extends Place {
  spec: string;
  specTitle: string;
  shipped?: string;
  metric: string;
  metricTitle: string;
  unit?: string;
  direction: 'increase' | 'decrease';
  baseline?: number;
  target?: number;
  /** Every measurement, oldest first. */
  measurements: { id: string; value: number; date?: string }[];
  latest?: { id: string; value: number; date?: string };
  verdict: Verdict | null;
}

export interface ReportModel {
  /**
   * The JSON report of every folder (`buildReport`, combined): what `--format json` prints for
   * one folder, and what the summary (`coverageSummaryMarkdown`) shows. `total` and `counts` are
   * read from it.
   */
  report: JsonReport;
  today: string;
  folders: string[];
  total: SpecCoverage;
  counts: { specs: number; findings: number; personas: number; decisions: number; inputs: number; metrics: number };
  /** Per team: inputs raised, actioned, declined with a reason, waiting (docs/format.md, "Input"). */
  teams: TeamSummary[];
  /** Days an input may wait, from the config (the first folder's). */
  inputResponseDays: number;
  /** Each shipped spec's outcome per metric. */
  outcomes: ReportOutcome[];
  specs: ReportSpec[];
  personas: PersonaColumn[];
  /** The grid of requirements × personas; empty when too big to show (see `matrixOmitted`). */
  matrix: MatrixRow[];
  /** How many requirement rows were left out of `matrix` because the grid would be too big. */
  matrixOmitted: number;
  problems: ProblemEvidence[];
  /** Active findings that nothing cites as evidence. */
  unused: UnusedFinding[];
}

export const MATRIX_MAX_ROWS = 400;
export const MATRIX_MAX_CELLS = 12_000;

/** Builds the report of every folder. Specs are sorted worst coverage first. */
export function buildReportModel(sources: ReportSource[]): ReportModel {
  const report = combineReports(sources.map(s => ({ name: s.name, report: buildReport(s.index, s.file) })));
  const { requirements, grounded, weak, ungrounded, waived, coverage } = report.summary;
  const total: SpecCoverage = { requirements, grounded, weak, waived, ungrounded, coverage };
  const { specs: specCount, findings, personas: personaCount, decisions, inputs, metrics } = report.summary;
  const counts = { specs: specCount, findings, personas: personaCount, decisions, inputs, metrics };
  const teams = new Map<string, TeamSummary>();
  const outcomes: ReportOutcome[] = [];
  let inputResponseDays = 0;
  const specs: ReportSpec[] = [];
  const personas = new Map<string, PersonaColumn>();
  const matrixRaw: { row: Omit<MatrixRow, 'cells'>; targets: Set<string>; byPersona: Map<string, number> }[] = [];
  const problems: ProblemEvidence[] = [];
  const unused: UnusedFinding[] = [];
  let today = '';

  for (const source of sources) {
    const { index } = source;
    today = today || index.today;
    inputResponseDays ||= index.config.inputResponseDays;
    for (const t of teamSummaries(index)) {
      const sum = teams.get(t.team);
      if (!sum) teams.set(t.team, { ...t });
      else for (const k of ['raised', 'actioned', 'declined', 'waiting'] as const) sum[k] += t[k];
    }
    const place = (uri: string, range: Range): Place => ({ uri, file: source.file(uri), range });
    for (const doc of index.documents()) {
      const item = doc.item;
      if (!item) continue;
      if (item.type === 'persona' && item.id && !personas.has(item.id)) {
        personas.set(item.id, { id: item.id, title: item.title ?? '', targeted: 0, evidenced: 0, gaps: 0 });
      }
    }
    for (const row of coverageRows(index, { sort: 'coverage' })) {
      const spec = index.get(row.uri)?.item;
      if (!spec) continue;
      specs.push(reportSpec(index, source, row, place));
      if (row.status === 'shipped') {
        for (const o of row.outcomes) {
          const strip = (m: { id: string; value: number; date?: string }) => ({
            id: m.id,
            value: m.value,
            ...(m.date ? { date: m.date } : {}),
          });
          outcomes.push({
            spec: row.id,
            specTitle: row.title,
            shipped: row.shipped,
            metric: o.metric,
            metricTitle: o.title,
            unit: o.unit,
            direction: o.direction,
            baseline: o.baseline,
            target: o.target,
            measurements: o.measurements.map(strip),
            latest: o.latest && strip(o.latest),
            verdict: o.verdict,
            ...place(row.uri, row.range),
          });
        }
      }
      for (const r of row.requirements) {
        const req = spec.requirements[r.index];
        // A waived requirement needs no research, so it targets nobody in the matrix.
        const targets = new Set(
          r.state === 'waived' ? [] : (req.personas.length ? req.personas : spec.personas).map(p => p.id),
        );
        const byPersona = new Map<string, number>();
        for (const f of r.grounding.evidence) {
          const finding = index.item(f)?.item;
          for (const p of new Set(finding?.personas.map(l => l.id) ?? []))
            byPersona.set(p, (byPersona.get(p) ?? 0) + 1);
        }
        for (const p of [...targets, ...byPersona.keys()]) {
          if (!personas.has(p)) personas.set(p, { id: p, title: '', targeted: 0, evidenced: 0, gaps: 0 });
        }
        matrixRaw.push({
          row: { spec: row.id, requirement: r.id || `#${r.index + 1}`, text: r.text, ...place(r.uri, r.range) },
          targets,
          byPersona,
        });
      }
    }
    for (const f of findingRows(index)) {
      if (f.unused) unused.push({ id: f.id, title: f.title, source: f.source, date: f.date, ...place(f.uri, f.range) });
      if (!f.note) continue;
      const citedBy = f.citations.filter(c => /(^|\.)evidence$/.test(c.field));
      if (citedBy.length === 0) continue;
      const kind =
        f.health.status === 'refuted' ? 'refuted' : f.health.status === 'superseded' ? 'superseded' : 'stale';
      problems.push({
        id: f.id,
        title: f.title,
        kind,
        note: f.note,
        citedBy: citedBy.map(c => ({ owner: c.owner, ...place(c.uri, c.range) })),
        ...place(f.uri, f.range),
      });
    }
  }

  const columns = [...personas.values()].sort((a, b) => compareText(a.id, b.id));
  const column = new Map(columns.map(c => [c.id, c]));
  for (const { targets, byPersona } of matrixRaw) {
    for (const p of targets) {
      column.get(p)!.targeted++;
      if (!byPersona.get(p)) column.get(p)!.gaps++;
    }
    for (const p of byPersona.keys()) column.get(p)!.evidenced++;
  }
  // A requirement-by-persona grid is readable up to a few thousand cells; beyond that the
  // report shows the per-persona totals only.
  const small = matrixRaw.length <= MATRIX_MAX_ROWS && matrixRaw.length * columns.length <= MATRIX_MAX_CELLS;
  const matrix: MatrixRow[] = small
    ? matrixRaw.map(({ row, targets, byPersona }) => ({
        ...row,
        cells: columns.map(col => {
          const count = byPersona.get(col.id) ?? 0;
          const target = targets.has(col.id);
          return { cell: target ? (count > 0 ? 'ok' : 'gap') : count > 0 ? 'extra' : 'none', count };
        }),
      }))
    : [];
  const rank = { refuted: 0, superseded: 1, stale: 2 };
  problems.sort((a, b) => rank[a.kind] - rank[b.kind] || compareText(a.id, b.id));
  outcomes.sort((a, b) => compareText(a.spec, b.spec) || compareText(a.metric, b.metric));
  return {
    report,
    today,
    folders: sources.map(s => s.name),
    total,
    counts,
    teams: [...teams.values()],
    inputResponseDays: inputResponseDays || 30,
    outcomes,
    specs,
    personas: columns,
    matrix,
    matrixOmitted: small ? 0 : matrixRaw.length,
    problems,
    unused,
  };
}

function reportSpec(
  index: WorkspaceIndex,
  source: ReportSource,
  row: SpecRow,
  place: (uri: string, range: Range) => Place,
): ReportSpec {
  const findings = new Set<string>();
  for (const r of row.requirements) for (const f of r.grounding.evidence) findings.add(f);
  const mix: EvidenceMix = { findings: findings.size, qualitative: 0, quantitative: 0, unknown: 0, bySource: [] };
  const bySource = new Map<string, number>();
  for (const id of findings) {
    const f: Item | undefined = index.item(id)?.item;
    if (f?.method === 'qualitative') mix.qualitative++;
    else if (f?.method === 'quantitative') mix.quantitative++;
    else mix.unknown++;
    const s = f?.source ?? 'unknown';
    bySource.set(s, (bySource.get(s) ?? 0) + 1);
  }
  mix.bySource = [...bySource]
    .map(([s, count]) => ({ source: s, count }))
    .sort((a, b) => b.count - a.count || compareText(a.source, b.source));
  return {
    folder: source.name,
    id: row.id,
    title: row.title,
    coverage: row.coverage,
    mix,
    ...place(row.uri, row.range),
    requirements: row.requirements.map(r => ({
      id: r.id || `#${r.index + 1}`,
      text: r.text,
      priority: r.priority,
      state: r.state,
      evidence: r.grounding.evidence.length,
      required: r.grounding.required,
      ...place(r.uri, r.range),
    })),
  };
}
