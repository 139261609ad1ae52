/**
 * The data behind the Evidence view: findings grouped by persona, source, method or status,
 * each with what cites it. Pure: plain data with LSP-shaped ranges.
 */
import type { Item, Requirement } from '../model';
import type { Range } from '../types';
import type { WorkspaceIndex } from '../workspaceIndex';
import { findingHealth, healthNote, type FindingHealth } from './coverage';
import { compareRaw, compareText } from './sort';
import { groupRows, itemRows, NO_KEY, type GroupKey } from './grouping';

export type EvidenceGrouping = 'persona' | 'source' | 'method' | 'status';
export const EVIDENCE_GROUPINGS: readonly EvidenceGrouping[] = ['persona', 'source', 'method', 'status'];

export interface Citation {
  /** Who cites: the requirement or item that owns the link, or the document's item ID. */
  owner: string;
  /** What the owner is: a requirement, a decision, a spec… */
  ownerKind: string;
  /** A short label of the owner (requirement text or item title). */
  ownerTitle?: string;
  field: string;
  uri: string;
  range: Range;
}

export interface FindingRow {
  id: string;
  title: string;
  source?: string;
  method?: string;
  date?: string;
  personas: string[];
  health: FindingHealth;
  /** "refuted", "superseded by F-022", "stale: 800 days old", or undefined when fine. */
  note?: string;
  /** Active and cited as evidence by nothing (the unused-finding rule). */
  unused: boolean;
  citations: Citation[];
  uri: string;
  range: Range;
}

export interface FindingGroup {
  key: string;
  label: string;
  /** Persona title, the method of a source, etc. */
  detail?: string;
  findings: FindingRow[];
}

export interface EvidenceOptions {
  grouping?: EvidenceGrouping;
  unusedOnly?: boolean;
}

/** Every finding of an index as a row. */
export function findingRows(index: WorkspaceIndex): FindingRow[] {
  return itemRows<FindingRow>(index, 'finding', item => {
    const health = findingHealth(index, item);
    const citations = citationsOf(index, item.id);
    return {
      source: item.source,
      method: item.method,
      date: item.date,
      personas: item.personas.map(p => p.id),
      health,
      note: healthNote(health),
      unused: item.status === 'active' && !citations.some(c => /(^|\.)evidence$/.test(c.field)),
      citations,
    };
  });
}

/** Findings grouped as asked; a finding with several personas shows under each. */
export function groupFindings(index: WorkspaceIndex, options: EvidenceOptions = {}): FindingGroup[] {
  const grouping = options.grouping ?? 'persona';
  const rows = findingRows(index).filter(r => !options.unusedOnly || r.unused);
  const order = grouping === 'status' ? ['active', 'stale', 'superseded', 'refuted'] : [];
  return groupRows(rows, row => findingKeys(index, grouping, row), order).map(g => ({
    key: g.key,
    label: g.label,
    detail: g.detail,
    findings: g.rows,
  }));
}

/** The groups a finding shows under; "No persona", "No source" and "No method" sort last. */
function findingKeys(index: WorkspaceIndex, grouping: EvidenceGrouping, row: FindingRow): GroupKey[] {
  switch (grouping) {
    case 'persona':
      return row.personas.length === 0
        ? [{ key: NO_KEY, label: 'No persona' }]
        : [...new Set(row.personas)].map(p => ({ key: p, label: p, detail: personaTitle(index, p) }));
    case 'source':
      return [{ key: row.source ?? NO_KEY, label: row.source ?? 'No source', detail: row.method }];
    case 'method':
      return [{ key: row.method ?? NO_KEY, label: row.method ?? 'No method' }];
    case 'status': {
      const key = row.health.status === 'active' && row.health.stale ? 'stale' : row.health.status;
      return [{ key, label: key }];
    }
  }
}

/** What cites a finding as evidence or through a decision field, with the owner resolved. */
export function citationsOf(index: WorkspaceIndex, id: string): Citation[] {
  const out: Citation[] = [];
  for (const { uri, link } of index.citations(id)) {
    const doc = index.get(uri);
    if (!doc) continue;
    const item: Item | undefined = doc.item;
    const requirement = link.owner && item ? requirementsById(item).get(link.owner) : undefined;
    out.push({
      owner: link.owner ?? item?.id ?? '',
      ownerKind: requirement ? 'requirement' : (item?.type ?? 'document'),
      ownerTitle: requirement ? requirement.text : item?.title,
      field: link.field,
      uri,
      range: doc.lines.range(link.span),
    });
  }
  return out.sort((a, b) => compareText(a.owner, b.owner) || compareRaw(a.uri, b.uri));
}

const byId = new WeakMap<Item, Map<string, Requirement>>();

/** A spec's requirements by ID, built once per parsed item (items are immutable). */
function requirementsById(item: Item): Map<string, Requirement> {
  let map = byId.get(item);
  if (!map) {
    map = new Map();
    for (const r of item.requirements) if (r.id && !map.has(r.id)) map.set(r.id, r);
    byId.set(item, map);
  }
  return map;
}

function personaTitle(index: WorkspaceIndex, id: string): string | undefined {
  const p = index.item(id)?.item;
  return p?.type === 'persona' ? p.title : undefined;
}
