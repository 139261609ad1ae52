import type { Item, LinkRef, ParsedDocument } from './model';
import type { WorkspaceIndex } from './workspaceIndex';

/** The verdict of a shipped spec on one metric (docs/format.md, "Metric"); `null` before it ships. */
export type Verdict = 'met' | 'missed' | 'unmeasured';

/** One measurement of a metric: a finding with `metric:` and `value:`. */
export interface Measurement {
  id: string;
  uri: string;
  value: number;
  /** When it was measured; a measurement without a date sorts first and never counts as "since shipping". */
  date?: string;
}

export interface Outcome {
  metric: string;
  /** The link in the spec (or the first requirement) that names the metric. */
  link: LinkRef;
  baseline?: number;
  target?: number;
  direction: 'increase' | 'decrease';
  unit?: string;
  /** Every active measurement, oldest first. */
  measurements: Measurement[];
  /** The latest measurement dated on or after `shipped`, if the spec shipped. */
  latest?: Measurement;
  verdict: Verdict | null;
}

/** The active measurements of a metric, in date order (then by ID, so the order is stable). */
export function measurementsOf(index: WorkspaceIndex, metricId: string): Measurement[] {
  const out: Measurement[] = [];
  for (const uri of index.referrersOf(metricId)) {
    const item = index.get(uri)?.item;
    if (
      item?.type !== 'finding' ||
      item.metric?.id !== metricId ||
      item.value === undefined ||
      item.status !== 'active' ||
      !item.id
    )
      continue;
    out.push({ id: item.id, uri, value: item.value, date: item.date });
  }
  return out.sort((a, b) => compare(a.date ?? '', b.date ?? '') || compare(a.id, b.id));
}

/**
 * The metrics a spec names, itself or in its requirements, each once: the spec's own link
 * first, else the first requirement's that names it.
 */
export function specMetricLinks(spec: Item): LinkRef[] {
  const out = new Map<string, LinkRef>();
  for (const link of spec.metrics) if (!out.has(link.id)) out.set(link.id, link);
  for (const r of spec.requirements) for (const link of r.metrics) if (!out.has(link.id)) out.set(link.id, link);
  return [...out.values()];
}

/** True when `value` reaches `target` in the metric's direction. */
export function reaches(value: number, target: number, direction: 'increase' | 'decrease'): boolean {
  return direction === 'decrease' ? value <= target : value >= target;
}

/** The direction of a metric: its own, else what baseline and target tell, else increase. */
export function directionOf(metric: Item): 'increase' | 'decrease' {
  if (metric.direction === 'increase' || metric.direction === 'decrease') return metric.direction;
  if (metric.baseline !== undefined && metric.target !== undefined && metric.target < metric.baseline)
    return 'decrease';
  return 'increase';
}

/**
 * The outcome of a spec for each metric it names that exists as a metric. `verdict` is null
 * unless the spec is shipped; with no `shipped` date every measurement counts as "since".
 */
export function specOutcomes(index: WorkspaceIndex, spec: Item): Outcome[] {
  const out: Outcome[] = [];
  for (const link of specMetricLinks(spec)) {
    const metric = index.item(link.id)?.item;
    if (metric?.type !== 'metric') continue;
    const direction = directionOf(metric);
    const measurements = measurementsOf(index, link.id);
    let latest: Measurement | undefined;
    let verdict: Verdict | null = null;
    if (spec.status === 'shipped') {
      const since = measurements.filter(m => m.date !== undefined && (!spec.shipped || m.date >= spec.shipped));
      latest = since[since.length - 1];
      verdict = !latest
        ? 'unmeasured'
        : metric.target === undefined
          ? null
          : reaches(latest.value, metric.target, direction)
            ? 'met'
            : 'missed';
    }
    out.push({
      metric: link.id,
      link,
      baseline: metric.baseline,
      target: metric.target,
      direction,
      unit: metric.unit,
      measurements,
      latest,
      verdict,
    });
  }
  return out;
}

/** A place that cites an input in an `inputs` field. */
export interface InputCitation {
  uri: string;
  link: LinkRef;
  doc: ParsedDocument;
}

/** Every `inputs` link to `id`, in URI order. */
export function inputCitations(index: WorkspaceIndex, id: string): InputCitation[] {
  const out: InputCitation[] = [];
  for (const uri of index.referrersOf(id).sort()) {
    const doc = index.get(uri)!;
    for (const link of doc.links) if (link.id === id && /(^|\.)inputs$/.test(link.field)) out.push({ uri, link, doc });
  }
  return out;
}

/** True when something cites the input (docs/format.md ("Input"): it is actioned). */
export function isActioned(index: WorkspaceIndex, id: string): boolean {
  for (const uri of index.referrersOf(id)) {
    for (const link of index.get(uri)!.links) if (link.id === id && /(^|\.)inputs$/.test(link.field)) return true;
  }
  return false;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
