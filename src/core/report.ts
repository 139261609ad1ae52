import type { WorkspaceIndex } from './workspaceIndex';
import type { Diagnostic } from './types';
import { addCoverage, emptyCoverage, type GroundingState } from './grounding';
import { isActioned, specOutcomes, type Verdict } from './outcomes';

/** The `--format json` contract of the README (`grounded check`). Add fields; never rename. */
export interface JsonReport {
  version: 1;
  summary: {
    documents: number;
    specs: number;
    findings: number;
    personas: number;
    decisions: number;
    requirements: number;
    grounded: number;
    weak: number;
    ungrounded: number;
    waived: number;
    coverage: number | null;
    errors: number;
    warnings: number;
    infos: number;
    /** Inputs (docs/format.md, "Input"), how many of them something cites, and metrics (added after the first fields). */
    inputs: number;
    actionedInputs: number;
    metrics: number;
  };
  specs: {
    id: string;
    file: string;
    title: string;
    coverage: number | null;
    requirements: { id: string; state: GroundingState; priority: string; evidence: string[]; via: string[] }[];
    /** The metrics the spec names (docs/format.md, "Metric"); `verdict` is null before it ships. */
    metrics: {
      id: string;
      target: number | null;
      latest: { id: string; value: number; date: string | null } | null;
      verdict: Verdict | null;
      baseline: number | null;
      unit: string | null;
    }[];
  }[];
  diagnostics: {
    file: string;
    line: number;
    column: number;
    endLine: number;
    endColumn: number;
    severity: string;
    rule: string;
    message: string;
  }[];
}

/** A diagnostic as a row of the JSON report: the file as given, 1-based lines and columns. */
export function diagnosticRow(d: Diagnostic, file: string): JsonReport['diagnostics'][number] {
  return {
    file,
    line: d.range.start.line + 1,
    column: d.range.start.character + 1,
    endLine: d.range.end.line + 1,
    endColumn: d.range.end.character + 1,
    severity: d.severity,
    rule: d.rule,
    message: d.message,
  };
}

function emptySummary(): JsonReport['summary'] {
  return {
    documents: 0,
    specs: 0,
    findings: 0,
    personas: 0,
    decisions: 0,
    requirements: 0,
    grounded: 0,
    weak: 0,
    ungrounded: 0,
    waived: 0,
    coverage: null,
    errors: 0,
    warnings: 0,
    infos: 0,
    inputs: 0,
    actionedInputs: 0,
    metrics: 0,
  };
}

/** Builds the report of a whole index. `file` turns a URI into a root-relative path with `/`. */
export function buildReport(index: WorkspaceIndex, file: (uri: string) => string): JsonReport {
  const summary = emptySummary();
  const total = emptyCoverage();
  const specs: JsonReport['specs'] = [];
  const diagnostics: JsonReport['diagnostics'] = [];
  // Each URI is turned into a path once (a sort would otherwise ask n log n times).
  const paths = new Map<string, string>();
  const pathOf = (uri: string) => {
    let p = paths.get(uri);
    if (p === undefined) paths.set(uri, (p = file(uri)));
    return p;
  };
  const docs = [...index.documents()]
    .map(doc => ({ doc, path: pathOf(doc.uri) }))
    .sort((a, b) => compare(a.path, b.path))
    .map(d => d.doc);
  for (const doc of docs) {
    summary.documents++;
    const where = pathOf(doc.uri);
    for (const d of index.diagnosticsOnce(doc.uri)) diagnostics.push(diagnosticRow(d, where));
    const item = doc.item;
    if (!item) continue;
    summary[`${item.type}s` as 'specs' | 'findings' | 'personas' | 'decisions' | 'inputs' | 'metrics']++;
    if (item.type === 'input' && item.id && isActioned(index, item.id)) summary.actionedInputs++;
    if (item.type !== 'spec') continue;
    const coverage = emptyCoverage();
    const requirements = item.requirements.map(r => {
      const g = index.grounding(r);
      addCoverage(coverage, g.state);
      addCoverage(total, g.state);
      return { id: r.id ?? '', state: g.state, priority: r.priority, evidence: g.evidence, via: g.via };
    });
    const metrics = specOutcomes(index, item).map(o => ({
      id: o.metric,
      target: o.target ?? null,
      latest: o.latest ? { id: o.latest.id, value: o.latest.value, date: o.latest.date ?? null } : null,
      verdict: o.verdict,
      baseline: o.baseline ?? null,
      unit: o.unit ?? null,
    }));
    specs.push({
      id: item.id ?? '',
      file: pathOf(doc.uri),
      title: item.title ?? '',
      coverage: coverage.coverage,
      requirements,
      metrics,
    });
  }
  Object.assign(summary, {
    requirements: total.requirements,
    grounded: total.grounded,
    weak: total.weak,
    ungrounded: total.ungrounded,
    waived: total.waived,
    coverage: total.coverage,
  });
  for (const d of diagnostics) {
    if (d.severity === 'error') summary.errors++;
    else if (d.severity === 'warning') summary.warnings++;
    else summary.infos++;
  }
  return {
    version: 1,
    summary,
    specs,
    diagnostics,
  };
}

/**
 * The reports of several folders as one (a multi-root editor workspace): counts summed, coverage
 * over every requirement, each path under its folder's name. One folder's report is returned as it is.
 */
export function combineReports(parts: { name: string; report: JsonReport }[]): JsonReport {
  if (parts.length === 1) return parts[0].report;
  const summary = emptySummary();
  const total = emptyCoverage();
  const specs: JsonReport['specs'] = [];
  const diagnostics: JsonReport['diagnostics'] = [];
  for (const { name, report } of parts) {
    for (const key of Object.keys(summary) as (keyof JsonReport['summary'])[])
      if (key !== 'coverage') summary[key] += report.summary[key] as number;
    for (const spec of report.specs) {
      for (const r of spec.requirements) addCoverage(total, r.state);
      specs.push({ ...spec, file: `${name}/${spec.file}` });
    }
    for (const d of report.diagnostics) diagnostics.push({ ...d, file: `${name}/${d.file}` });
  }
  summary.coverage = total.coverage;
  return { version: 1, summary, specs, diagnostics };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
