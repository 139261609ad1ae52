/**
 * `grounded trace` (docs/format.md, "Input"): everything linked to one ID, upstream and downstream, as plain
 * JSON-able data that the CLI, the MCP server and the editor project.
 *
 * Upstream is what the item rests on: the links in its own frontmatter (evidence, decisions,
 * personas, inputs, metrics, a measurement's metric). Downstream is what cites it. Each entry
 * carries the other end's type, title, status and, for a requirement, its spec and grounding.
 */
import type { DeclarationKind, Range } from './types';
import type { Item, LinkRef, ParsedDocument, Requirement } from './model';
import type { WorkspaceIndex } from './workspaceIndex';
import type { GroundingState } from './grounding';
import { measurementsOf, specOutcomes, type Verdict } from './outcomes';

/** The far end of one link. */
export interface TraceLink {
  id: string;
  /** `undefined` when the ID names nothing (a broken link). */
  kind?: DeclarationKind;
  title?: string;
  /** The item's status with its default applied; a requirement's spec's status. */
  status?: string;
  /** A requirement's grounding state. */
  state?: GroundingState;
  /** A requirement's spec. */
  spec?: string;
  /** The field that links the two: `evidence`, `inputs`, `metrics`, `metric`, … (without `requirements[n].`). */
  field: string;
  /** An input's team (`from`). */
  from?: string;
  /** Where the far end is declared. */
  uri?: string;
  /** Where the link is written: in the traced item for upstream links, in the citing one for downstream. */
  at: { uri: string; range: Range };
}

export interface TraceOutcome {
  spec: string;
  metric: string;
  baseline?: number;
  target?: number;
  latest?: { id: string; value: number; date?: string };
  verdict: Verdict | null;
}

export interface Trace {
  id: string;
  kind: DeclarationKind;
  title?: string;
  status?: string;
  /** For a requirement: its grounding state and its spec. */
  state?: GroundingState;
  spec?: string;
  /** For an input: its team. */
  from?: string;
  uri: string;
  range: Range;
  upstream: TraceLink[];
  downstream: TraceLink[];
  /** For a spec: its requirements with their states. */
  requirements?: TraceLink[];
  /** For a metric: its measurements, oldest first. */
  measurements?: { id: string; value: number; date?: string; uri: string }[];
  /** For a shipped spec or a metric: the outcome per spec and metric. */
  outcomes?: TraceOutcome[];
  /** Body text that names the ID (not a link, so not upstream or downstream). */
  mentions: { uri: string; range: Range }[];
}

/** Everything linked to `id`, or `undefined` when no item or requirement declares it. */
export function traceItem(index: WorkspaceIndex, id: string): Trace | undefined {
  const decl = index.lookup(id)[0];
  if (!decl) return undefined;
  const doc = index.get(decl.uri);
  if (!doc) return undefined;
  const trace: Trace = {
    id,
    kind: decl.kind,
    uri: decl.uri,
    range: doc.lines.range(decl.span),
    upstream: [],
    downstream: [],
    mentions: [],
  };
  let own: LinkRef[];
  if (decl.kind === 'requirement') {
    const found = index.requirement(id);
    if (!found) return undefined;
    Object.assign(trace, describeRequirement(index, found.spec, found.requirement));
    own = requirementLinks(found.requirement);
  } else {
    const item = index.item(id)?.item;
    if (!item) return undefined;
    Object.assign(trace, describeItem(item));
    // A spec's own links, not its requirements' (they are listed under `requirements`).
    own = doc.links.filter(l => l.owner === id || (l.owner === undefined && !l.field.startsWith('requirements[')));
    if (item.type === 'spec') {
      trace.requirements = item.requirements
        .filter(r => r.id && r.idSpan)
        .map(r => ({
          ...target(index, r.id!),
          field: 'requirements',
          at: { uri: doc.uri, range: doc.lines.range(r.idSpan!) },
        }));
      const outcomes = specOutcomes(index, item);
      if (item.status === 'shipped' || outcomes.some(o => o.measurements.length > 0))
        trace.outcomes = outcomes.map(o => outcomeOf(item.id ?? id, o));
    }
    if (item.type === 'metric') {
      trace.measurements = measurementsOf(index, id).map(m => ({ id: m.id, value: m.value, date: m.date, uri: m.uri }));
      trace.outcomes = [];
    }
  }
  for (const link of own)
    trace.upstream.push({
      ...target(index, link.id),
      field: fieldName(link.field),
      at: { uri: doc.uri, range: doc.lines.range(link.span) },
    });
  for (const ref of index.references(id)) {
    const citing = index.get(ref.uri)!;
    if (!ref.link) {
      trace.mentions.push({ uri: ref.uri, range: citing.lines.range(ref.span) });
      continue;
    }
    const owner = ref.link.owner ?? citing.item?.id;
    const at = { uri: ref.uri, range: citing.lines.range(ref.span) };
    trace.downstream.push(
      owner
        ? { ...target(index, owner, ref.uri), field: fieldName(ref.link.field), at }
        : { id: '', field: fieldName(ref.link.field), uri: ref.uri, at },
    );
    // A metric's outcomes: each shipped spec that names it, once.
    if (
      trace.kind === 'metric' &&
      citing.item?.type === 'spec' &&
      citing.item.id &&
      !trace.outcomes!.some(o => o.spec === citing.item!.id)
    ) {
      const o = specOutcomes(index, citing.item).find(x => x.metric === id);
      if (o && citing.item.status === 'shipped') trace.outcomes!.push(outcomeOf(citing.item.id, o));
    }
  }
  return trace;
}

function outcomeOf(spec: string, o: ReturnType<typeof specOutcomes>[number]): TraceOutcome {
  const out: TraceOutcome = { spec, metric: o.metric, verdict: o.verdict };
  if (o.baseline !== undefined) out.baseline = o.baseline;
  if (o.target !== undefined) out.target = o.target;
  if (o.latest) out.latest = { id: o.latest.id, value: o.latest.value, date: o.latest.date };
  return out;
}

function requirementLinks(r: Requirement): LinkRef[] {
  return [...r.evidence, ...r.decisions, ...r.personas, ...r.inputs, ...r.metrics];
}

function fieldName(field: string): string {
  return field.replace(/^.*\./, '');
}

function describeItem(item: Item): Partial<Trace> {
  const out: Partial<Trace> = { kind: item.type };
  if (item.title !== undefined) out.title = item.title;
  if (item.status) out.status = item.status;
  if (item.from) out.from = item.from;
  return out;
}

function describeRequirement(index: WorkspaceIndex, spec: Item, r: Requirement): Partial<Trace> {
  const out: Partial<Trace> = { kind: 'requirement', state: index.grounding(r).state, status: spec.status };
  if (r.text !== undefined) out.title = r.text;
  if (spec.id) out.spec = spec.id;
  return out;
}

/** The far end of a link, described; `preferUri` picks the declaration in that file when the ID is declared twice. */
function target(index: WorkspaceIndex, id: string, preferUri?: string): Omit<TraceLink, 'field' | 'at'> {
  const decls = index.lookup(id);
  const decl = decls.find(d => d.uri === preferUri) ?? decls[0];
  if (!decl) return { id };
  const out: Omit<TraceLink, 'field' | 'at'> = { id, kind: decl.kind, uri: decl.uri };
  const doc: ParsedDocument | undefined = index.get(decl.uri);
  if (decl.kind === 'requirement') {
    const r = doc?.item?.requirements.find(x => x.id === id);
    if (doc?.item && r) Object.assign(out, describeRequirement(index, doc.item, r));
  } else if (doc?.item && doc.item.id === id) {
    Object.assign(out, describeItem(doc.item));
  }
  return out;
}
