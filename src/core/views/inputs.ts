/**
 * The data behind the Inputs view and the report's "Input from teams" (docs/format.md, "Input"): each input
 * with where it went, grouped by team or by status. Pure: plain data with LSP-shaped ranges.
 */
import type { Item } from '../model';
import type { Range } from '../types';
import type { WorkspaceIndex } from '../workspaceIndex';
import type { GroundingState } from '../grounding';
import { daysBetween, INPUT_SOURCES, INPUT_STATUSES } from '../schema';
import { inputCitations } from '../outcomes';
import { groupRows, itemRows, NO_KEY, type GroupKey } from './grouping';

export type InputGrouping = 'team' | 'status';
export const INPUT_GROUPINGS: readonly InputGrouping[] = ['team', 'status'];

/** A place that cites an input: a requirement (with its spec and grounding), a spec, a decision or a finding. */
export interface InputPlace {
  id: string;
  kind: 'requirement' | 'spec' | 'decision' | 'finding' | 'document';
  title?: string;
  /** The requirement's spec. */
  spec?: string;
  /** The item's status, or a requirement's spec's status. */
  status?: string;
  state?: GroundingState;
  uri: string;
  range: Range;
}

export interface InputRow {
  id: string;
  title: string;
  from?: string;
  by?: string;
  date?: string;
  status: string;
  importance: string;
  reason?: string;
  customers: string[];
  /** Something cites it. */
  actioned: boolean;
  /** New or qualified, cited by nothing, and older than `input_response_days`: someone is waiting for an answer. */
  waiting: boolean;
  /** Days since it was raised, when it has a date. */
  age?: number;
  places: InputPlace[];
  uri: string;
  range: Range;
}

export interface InputGroup {
  key: string;
  label: string;
  inputs: InputRow[];
}

export interface InputOptions {
  grouping?: InputGrouping;
  waitingOnly?: boolean;
}

/** Every input of an index as a row, by ID. */
export function inputRows(index: WorkspaceIndex): InputRow[] {
  return itemRows<InputRow>(index, 'input', item => {
    const places = inputCitations(index, item.id).map((c): InputPlace => {
      const owner = c.link.owner ?? c.doc.item?.id ?? '';
      const citing: Item | undefined = c.doc.item;
      const r = citing?.requirements.find(q => q.id === owner && c.link.field.startsWith('requirements['));
      const range = c.doc.lines.range(c.link.span);
      if (citing && r)
        return {
          id: owner,
          kind: 'requirement',
          title: r.text,
          spec: citing.id,
          status: citing.status,
          state: index.grounding(r).state,
          uri: c.uri,
          range,
        };
      const kind =
        citing?.type === 'spec' || citing?.type === 'decision' || citing?.type === 'finding' ? citing.type : 'document';
      return { id: owner, kind, title: citing?.title, status: citing?.status, uri: c.uri, range };
    });
    const age = item.date ? Math.max(0, daysBetween(item.date, index.today)) : undefined;
    const open = item.status === 'new' || item.status === 'qualified';
    return {
      from: item.from,
      by: item.by,
      date: item.date,
      status: item.status,
      importance: item.importance ?? 'medium',
      reason: item.reason,
      customers: item.customers ?? [],
      actioned: places.length > 0,
      waiting: open && places.length === 0 && age !== undefined && age > index.config.inputResponseDays,
      age,
      places,
    };
  });
}

/** Inputs grouped by team (in the order of docs/format.md) or by status (new → done). */
export function groupInputs(index: WorkspaceIndex, options: InputOptions = {}): InputGroup[] {
  const grouping = options.grouping ?? 'team';
  const rows = inputRows(index).filter(r => !options.waitingOnly || r.waiting);
  const keys = (row: InputRow): GroupKey[] => {
    const key = grouping === 'team' ? (row.from ?? NO_KEY) : row.status;
    return [{ key, label: key.startsWith('\u0000') ? 'No team' : key }];
  };
  const order: readonly string[] = grouping === 'team' ? INPUT_SOURCES : INPUT_STATUSES;
  return groupRows(rows, keys, order).map(g => ({ key: g.key, label: g.label, inputs: g.rows }));
}

/** Per team: how many inputs it raised, how many were actioned, declined with a reason, and are waiting. */
export interface TeamSummary {
  team: string;
  raised: number;
  actioned: number;
  declined: number;
  waiting: number;
}

export function teamSummaries(index: WorkspaceIndex): TeamSummary[] {
  return groupInputs(index, { grouping: 'team' }).map(g => ({
    team: g.label,
    raised: g.inputs.length,
    actioned: g.inputs.filter(r => r.actioned).length,
    declined: g.inputs.filter(r => r.status === 'declined' && (r.reason ?? '').trim() !== '').length,
    waiting: g.inputs.filter(r => r.waiting).length,
  }));
}
