/**
 * The data behind the Coverage view, the status bar and the report: specs with their coverage,
 * requirements with their grounding and a reason, and the evidence under each requirement.
 * Pure: plain data with LSP-shaped ranges, no `vscode`.
 */
import type { Item, LinkRef, ParsedDocument, Requirement } from '../model';
import type { Range } from '../types';
import type { WorkspaceIndex } from '../workspaceIndex';
import { groundedOfCounted, specCoverage, type Grounding, type GroundingState, type SpecCoverage } from '../grounding';
import { staleness } from '../staleness';
import { compareRaw, compareText } from './sort';
import { declaredAt } from './declared';
import { escapeTooltip, percent, plural, tooltipCode } from '../presentation';
import { specOutcomes, type Measurement, type Verdict } from '../outcomes';

/** What a view needs to know about a finding's health. */
export interface FindingHealth {
  status: string;
  /** Why the finding is stale, when it is (older than `stale_after_days`, or past `valid_until`). */
  stale?: string;
  supersededBy?: string;
}

export type EvidenceKind = 'finding' | 'decision' | 'missing';

export interface EvidenceRow {
  id: string;
  kind: EvidenceKind;
  title?: string;
  status?: string;
  /** Counts toward the requirement's grounding. */
  valid: boolean;
  /** For a decision: the valid findings it brings. */
  brings?: string[];
  /** A short, human note: "superseded by F-022", "stale: 800 days old", "not found". */
  note?: string;
  health?: FindingHealth;
  /** Where the item is declared (its ID), to open it. */
  uri?: string;
  range?: Range;
}

export interface RequirementRow {
  id: string;
  /** The position in the spec's list, for requirements without an ID. */
  index: number;
  text: string;
  priority: string;
  state: GroundingState;
  grounding: Grounding;
  /** Markdown that explains the state; every workspace string is escaped. */
  reason: string;
  uri: string;
  range: Range;
  evidence: EvidenceRow[];
}

export interface SpecRow {
  id: string;
  title: string;
  status: string;
  uri: string;
  range: Range;
  coverage: SpecCoverage;
  requirements: RequirementRow[];
  /** The ship date of a shipped spec. */
  shipped?: string;
  /** The metrics the spec names with their outcome (verdict null before it ships), as docs/format.md says. */
  outcomes: OutcomeRow[];
}

/** One metric of a spec: baseline → the latest value since shipping against the target. */
export interface OutcomeRow {
  metric: string;
  title: string;
  unit?: string;
  direction: 'increase' | 'decrease';
  baseline?: number;
  target?: number;
  measurements: Measurement[];
  latest?: Measurement;
  verdict: Verdict | null;
  /** Where the metric is declared. */
  uri?: string;
  range?: Range;
}

export type CoverageSort = 'coverage' | 'name';

export interface CoverageOptions {
  /** Only specs with at least one weak or ungrounded requirement. */
  gapsOnly?: boolean;
  /** Only weak and ungrounded requirements (and the specs that have some). */
  weakOnly?: boolean;
  sort?: CoverageSort;
}

/** Status, staleness and successor of a finding, using the index's config and "today". */
export function findingHealth(index: WorkspaceIndex, finding: Item): FindingHealth {
  const health: FindingHealth = { status: finding.status };
  if (finding.supersededBy) health.supersededBy = finding.supersededBy.id;
  const stale = staleness(finding, index.today, index.config.staleAfterDays);
  if (stale) health.stale = stale.kind === 'expired' ? `expired on ${stale.validUntil}` : `${stale.age} days old`;
  return health;
}

/** A one-line note about a finding that is not plain active evidence, or undefined. */
export function healthNote(health: FindingHealth): string | undefined {
  if (health.status === 'superseded')
    return health.supersededBy ? `superseded by ${health.supersededBy}` : 'superseded';
  if (health.status === 'refuted') return 'refuted';
  if (health.stale) return `stale: ${health.stale}`;
  return undefined;
}

/** Requirement label: its ID, or its position when it has none. */
export function requirementLabel(row: Pick<RequirementRow, 'id' | 'index'>): string {
  return row.id || `requirement ${row.index + 1}`;
}

/** The coverage rows of every spec in an index, filtered and sorted as asked. */
export function coverageRows(index: WorkspaceIndex, options: CoverageOptions = {}): SpecRow[] {
  const rows: SpecRow[] = [];
  for (const doc of index.documents()) {
    if (doc.item?.type !== 'spec') continue;
    const row = specRow(index, doc);
    if (options.gapsOnly && !hasGaps(row)) continue;
    if (options.weakOnly) {
      row.requirements = row.requirements.filter(r => r.state === 'weak' || r.state === 'ungrounded');
      if (row.requirements.length === 0) continue;
    }
    rows.push(row);
  }
  return sortSpecs(rows, options.sort ?? 'coverage');
}

/** True when a spec has a weak or ungrounded requirement. */
export function hasGaps(row: SpecRow): boolean {
  return row.coverage.weak + row.coverage.ungrounded > 0;
}

/** Worst coverage first (specs with nothing to cover last), ties by ID; or by ID/title. */
export function sortSpecs(rows: SpecRow[], sort: CoverageSort): SpecRow[] {
  const name = (a: SpecRow, b: SpecRow) => compareText(a.id || a.title, b.id || b.title) || compareRaw(a.uri, b.uri);
  if (sort === 'name') return rows.sort(name);
  return rows.sort((a, b) => {
    const ca = a.coverage.coverage ?? 2;
    const cb = b.coverage.coverage ?? 2;
    return ca - cb || name(a, b);
  });
}

/** The row of one spec document. */
export function specRow(index: WorkspaceIndex, doc: ParsedDocument): SpecRow {
  const spec = doc.item!;
  return {
    id: spec.id ?? '',
    title: spec.title ?? '',
    status: spec.status,
    ...declaredAt(doc, spec),
    coverage: specCoverage(index, spec),
    requirements: spec.requirements.map(r => requirementRow(index, doc, r)),
    ...(spec.shipped ? { shipped: spec.shipped } : {}),
    outcomes: specOutcomes(index, spec).map(o => {
      const found = index.item(o.metric);
      return {
        metric: o.metric,
        title: found?.item.title ?? '',
        unit: o.unit,
        direction: o.direction,
        baseline: o.baseline,
        target: o.target,
        measurements: o.measurements,
        latest: o.latest,
        verdict: o.verdict,
        ...(found ? declaredAt(found.doc, found.item) : { uri: undefined, range: undefined }),
      };
    }),
  };
}

/** "4/6 · 67%", or "all waived" / "no requirements" when there is nothing to cover. */
export function coverageDescription(c: SpecCoverage): string {
  if (c.requirements === 0) return 'no requirements';
  if (c.coverage === null) return 'all waived';
  return `${groundedOfCounted(c)} · ${percent(c.coverage, '–')}`;
}

/** The state a spec shows: grounded when complete, ungrounded when nothing is, else weak. */
export function specState(c: SpecCoverage): GroundingState {
  if (c.coverage === null) return c.requirements === 0 ? 'ungrounded' : 'waived';
  if (c.coverage >= 1) return 'grounded';
  if (c.grounded === 0 && c.weak === 0) return 'ungrounded';
  return 'weak';
}

function requirementRow(index: WorkspaceIndex, doc: ParsedDocument, r: Requirement): RequirementRow {
  const grounding = index.grounding(r);
  const evidence: EvidenceRow[] = [];
  const seen = new Set<string>();
  for (const link of r.evidence) {
    if (seen.has(link.id)) continue;
    seen.add(link.id);
    evidence.push(findingRow(index, link, grounding));
  }
  for (const link of r.decisions) {
    if (seen.has(link.id)) continue;
    seen.add(link.id);
    evidence.push(decisionRow(index, link, grounding));
  }
  return {
    id: r.id ?? '',
    index: r.index,
    text: r.text ?? '',
    priority: r.priority,
    state: grounding.state,
    grounding,
    reason: explain(r, grounding, evidence),
    uri: doc.uri,
    range: doc.lines.range(r.idSpan ?? r.span),
    evidence,
  };
}

/**
 * The item a finding or decision link names, with where it is declared; or the row that says why
 * it does not count (not found, or an item of another type).
 */
function linkedItem(
  index: WorkspaceIndex,
  link: LinkRef,
  type: 'finding' | 'decision',
): { row: EvidenceRow } | { item: Item; where: ReturnType<typeof declaredAt> } {
  const found = index.item(link.id);
  if (!found) return { row: { id: link.id, kind: 'missing', valid: false, note: 'not found' } };
  const { doc, item } = found;
  const where = declaredAt(doc, item);
  if (item.type === type) return { item, where };
  return {
    row: {
      id: link.id,
      kind: 'missing',
      title: item.title,
      valid: false,
      note: `a ${item.type}, not a ${type}`,
      ...where,
    },
  };
}

function findingRow(index: WorkspaceIndex, link: LinkRef, grounding: Grounding): EvidenceRow {
  const linked = linkedItem(index, link, 'finding');
  if ('row' in linked) return linked.row;
  const { item, where } = linked;
  const health = findingHealth(index, item);
  return {
    id: link.id,
    kind: 'finding',
    title: item.title,
    status: item.status,
    valid: grounding.evidence.includes(link.id),
    note: healthNote(health),
    health,
    ...where,
  };
}

function decisionRow(index: WorkspaceIndex, link: LinkRef, grounding: Grounding): EvidenceRow {
  const linked = linkedItem(index, link, 'decision');
  if ('row' in linked) return linked.row;
  const { item, where } = linked;
  const brings = grounding.via.includes(link.id)
    ? item.evidence.map(l => l.id).filter((id, i, all) => grounding.evidence.includes(id) && all.indexOf(id) === i)
    : [];
  let note: string;
  if (item.status !== 'accepted') note = `${item.status}: brings no evidence`;
  else if (brings.length) note = `via: ${brings.join(', ')}`;
  else note = 'accepted, but brings no new valid evidence';
  return {
    id: link.id,
    kind: 'decision',
    title: item.title,
    status: item.status,
    valid: brings.length > 0,
    brings,
    note,
    ...where,
  };
}

function explain(r: Requirement, g: Grounding, evidence: EvidenceRow[]): string {
  const id = r.id ? tooltipCode(r.id) : 'This requirement';
  const count = (n: number) => plural(n, 'valid finding');
  const lines: string[] = [];
  switch (g.state) {
    case 'grounded':
      lines.push(`**Grounded**: ${count(g.evidence.length)}; a *${r.priority}* requirement needs ${g.required}.`);
      break;
    case 'weak':
      lines.push(`**Weak**: ${count(g.evidence.length)}; a *${r.priority}* requirement needs ${g.required}.`);
      break;
    case 'waived':
      lines.push(`**Waived**: ${escapeTooltip(r.waiver ?? '')}`);
      if (r.waiverUntil)
        lines.push(
          `Until ${escapeTooltip(r.waiverUntil)}${r.waiverBy ? `, granted by ${escapeTooltip(r.waiverBy)}` : ''}.`,
        );
      break;
    case 'ungrounded':
      lines.push(`**Ungrounded**: ${id} cites no valid evidence; a *${r.priority}* requirement needs ${g.required}.`);
      if (g.waiverExpired) lines.push(`Its waiver expired on ${escapeTooltip(r.waiverUntil ?? '')}.`);
      break;
  }
  if (g.via.length) lines.push(`Grounded via ${g.via.map(tooltipCode).join(', ')}.`);
  const invalid = evidence.filter(e => !e.valid && e.note);
  for (const e of invalid) lines.push(`- ${tooltipCode(e.id)} does not count: ${escapeTooltip(e.note!)}`);
  return lines.join('\n\n');
}
