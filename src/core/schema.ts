import type { ItemType } from './types';

/** The shape a frontmatter field must have (docs/format.md ("Documents and IDs")). */
export type FieldShape =
  | { kind: 'id' }
  | { kind: 'string' }
  | { kind: 'date' }
  | { kind: 'positive-integer' }
  | { kind: 'number' }
  | { kind: 'enum'; values: readonly string[] }
  | { kind: 'link'; target: ItemType; many: boolean }
  | { kind: 'string-list' }
  | { kind: 'map' }
  | { kind: 'requirements' };

export const FINDING_SOURCES = [
  'interview',
  'usability-test',
  'survey',
  'analytics',
  'experiment',
  'support',
  'sales',
  'review',
  'other',
] as const;
export const QUANTITATIVE_SOURCES: readonly string[] = ['survey', 'analytics', 'experiment'];
export const METHODS = ['qualitative', 'quantitative'] as const;
export const CONFIDENCES = ['low', 'medium', 'high'] as const;
export const FINDING_STATUSES = ['active', 'superseded', 'refuted'] as const;
export const DECISION_STATUSES = ['proposed', 'accepted', 'rejected', 'superseded', 'deprecated'] as const;
export const SPEC_STATUSES = ['draft', 'review', 'approved', 'shipped', 'archived'] as const;
export const INPUT_SOURCES = [
  'sales',
  'support',
  'success',
  'marketing',
  'engineering',
  'design',
  'research',
  'leadership',
  'customer',
  'partner',
  'other',
] as const;
export const IMPORTANCES = ['low', 'medium', 'high', 'critical'] as const;
export const INPUT_STATUSES = ['new', 'qualified', 'planned', 'declined', 'done'] as const;
export const DIRECTIONS = ['increase', 'decrease'] as const;
export const PRIORITIES = ['must', 'should', 'could'] as const;
export type Priority = (typeof PRIORITIES)[number];

const common = {
  id: { kind: 'id' },
  type: { kind: 'enum', values: ['spec', 'finding', 'persona', 'decision', 'input', 'metric'] },
  title: { kind: 'string' },
  tags: { kind: 'string-list' },
} as const satisfies Record<string, FieldShape>;

/** Known fields for each item type and for requirements. Anything else is allowed, but a near miss is reported. */
export const FIELDS: Record<ItemType | 'requirement', Record<string, FieldShape>> = {
  finding: {
    ...common,
    source: { kind: 'enum', values: FINDING_SOURCES },
    method: { kind: 'enum', values: METHODS },
    date: { kind: 'date' },
    personas: { kind: 'link', target: 'persona', many: true },
    confidence: { kind: 'enum', values: CONFIDENCES },
    sample: { kind: 'positive-integer' },
    status: { kind: 'enum', values: FINDING_STATUSES },
    superseded_by: { kind: 'link', target: 'finding', many: false },
    valid_until: { kind: 'date' },
    inputs: { kind: 'link', target: 'input', many: true },
    metric: { kind: 'link', target: 'metric', many: false },
    value: { kind: 'number' },
    imported_from: { kind: 'string' },
  },
  input: {
    ...common,
    from: { kind: 'enum', values: INPUT_SOURCES },
    by: { kind: 'string' },
    date: { kind: 'date' },
    customers: { kind: 'string-list' },
    segment: { kind: 'string' },
    importance: { kind: 'enum', values: IMPORTANCES },
    status: { kind: 'enum', values: INPUT_STATUSES },
    reason: { kind: 'string' },
    link: { kind: 'string' },
    imported_from: { kind: 'string' },
  },
  metric: {
    ...common,
    unit: { kind: 'string' },
    direction: { kind: 'enum', values: DIRECTIONS },
    baseline: { kind: 'number' },
    target: { kind: 'number' },
    owners: { kind: 'string-list' },
    source: { kind: 'string' },
  },
  persona: { ...common },
  decision: {
    ...common,
    status: { kind: 'enum', values: DECISION_STATUSES },
    date: { kind: 'date' },
    evidence: { kind: 'link', target: 'finding', many: true },
    supersedes: { kind: 'link', target: 'decision', many: true },
    superseded_by: { kind: 'link', target: 'decision', many: false },
    personas: { kind: 'link', target: 'persona', many: true },
    inputs: { kind: 'link', target: 'input', many: true },
  },
  spec: {
    ...common,
    status: { kind: 'enum', values: SPEC_STATUSES },
    owners: { kind: 'map' },
    personas: { kind: 'link', target: 'persona', many: true },
    decisions: { kind: 'link', target: 'decision', many: true },
    requirements: { kind: 'requirements' },
    inputs: { kind: 'link', target: 'input', many: true },
    metrics: { kind: 'link', target: 'metric', many: true },
    shipped: { kind: 'date' },
  },
  requirement: {
    id: { kind: 'id' },
    text: { kind: 'string' },
    priority: { kind: 'enum', values: PRIORITIES },
    evidence: { kind: 'link', target: 'finding', many: true },
    decisions: { kind: 'link', target: 'decision', many: true },
    personas: { kind: 'link', target: 'persona', many: true },
    waiver: { kind: 'string' },
    waiver_until: { kind: 'date' },
    waiver_by: { kind: 'string' },
    tags: { kind: 'string-list' },
    inputs: { kind: 'link', target: 'input', many: true },
    metrics: { kind: 'link', target: 'metric', many: true },
  },
};

/** The shape of field `name`, or undefined: an own property only, so `constructor` or `__proto__` is no field. */
export function fieldShape(fields: Record<string, FieldShape>, name: string): FieldShape | undefined {
  return Object.hasOwn(fields, name) ? fields[name] : undefined;
}

/** Checks a `YYYY-MM-DD` date that exists in the calendar. */
export function isValidDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
}

/** Days from `from` to `to`, both `YYYY-MM-DD`. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(to + 'T00:00:00Z') - Date.parse(from + 'T00:00:00Z')) / 86_400_000);
}
