import type { DeclarationKind, ItemType, Span } from './types';
import type { Priority } from './schema';
import type { LineMap } from './text';

/** One ID named in a link field of the frontmatter. */
export interface LinkRef {
  id: string;
  span: Span;
  /** The field, for example `evidence` or `requirements[2].decisions`. */
  field: string;
  /** The item type the field accepts. */
  target: ItemType;
  /** The ID of the item or requirement that owns the field, if it has one. */
  owner?: string;
}

/** An ID-like token in the Markdown body. */
export interface BodyRef {
  id: string;
  span: Span;
}

export interface Requirement {
  id?: string;
  idSpan?: Span;
  /** The whole list entry in the frontmatter. */
  span: Span;
  index: number;
  text?: string;
  textSpan?: Span;
  priority: Priority;
  evidence: LinkRef[];
  decisions: LinkRef[];
  /** Explicit personas; when empty the spec's personas apply. */
  personas: LinkRef[];
  waiver?: string;
  waiverSpan?: Span;
  waiverUntil?: string;
  waiverBy?: string;
  /** Where a new link can be inserted: the `evidence` value span when present. */
  evidenceSpan?: Span;
  /** Inputs (docs/format.md, "Input"): demand, never evidence. */
  inputs: LinkRef[];
  /** Success metrics (docs/format.md, "Metric"). */
  metrics: LinkRef[];
  /** The `inputs` value span, where a new input link can be inserted. */
  inputsSpan?: Span;
}

export interface Item {
  /** The frontmatter did not parse: only the declaration is trusted, no field-based rule runs. */
  broken?: boolean;
  id?: string;
  idSpan?: Span;
  type: ItemType;
  typeSpan: Span;
  title?: string;
  titleSpan?: Span;
  /** The status with its default applied. */
  status: string;
  statusSpan?: Span;
  date?: string;
  dateSpan?: Span;
  source?: string;
  method?: string;
  confidence: string;
  sample?: number;
  validUntil?: string;
  tags: string[];
  personas: LinkRef[];
  evidence: LinkRef[];
  decisions: LinkRef[];
  supersedes: LinkRef[];
  supersededBy?: LinkRef;
  requirements: Requirement[];
  /** Inputs cited by a spec, decision or finding (docs/format.md, "Input"). */
  inputs: LinkRef[];
  /** Metrics a spec names (docs/format.md, "Metric"). */
  metrics: LinkRef[];
  /** A spec's ship date. */
  shipped?: string;
  /** A measurement: the finding's metric and value (docs/format.md, "Metric"). */
  metric?: LinkRef;
  value?: number;
  /** An input's team, who raised it, its importance and why it was declined (docs/format.md, "Input"). */
  from?: string;
  by?: string;
  customers?: string[];
  segment?: string;
  importance?: string;
  reason?: string;
  link?: string;
  /** A metric's unit, direction, baseline, target and owners (docs/format.md, "Metric"). */
  unit?: string;
  direction?: string;
  baseline?: number;
  target?: number;
  owners?: string[];
  /** Where `grounded import` took it from (`notes.csv#12`). */
  importedFrom?: string;
}

export interface Declaration {
  id: string;
  kind: DeclarationKind;
  uri: string;
  span: Span;
  /** The spec ID for a requirement. */
  parent?: string;
}

/** A parse-time problem, reported through the rule named by `rule`. */
export interface Problem {
  rule: string;
  span: Span;
  message: string;
  data?: Record<string, unknown>;
}

/** Everything the core knows about one Markdown file. Parsing never fails. */
export interface ParsedDocument {
  uri: string;
  text: string;
  lines: LineMap;
  /** Offsets of the frontmatter content (between the fences), if there is a frontmatter block. */
  frontmatter?: Span;
  /** Where the Markdown body begins. */
  bodyStart: number;
  item?: Item;
  declarations: Declaration[];
  links: LinkRef[];
  bodyRefs: BodyRef[];
  problems: Problem[];
}

/**
 * A key of an item's frontmatter with its span and path (`evidence`, `requirements[2].text`),
 * for quick fixes. Found on demand by `frontmatterKeys` in parse.ts rather than stored with
 * every document: they were the most numerous objects of a large index (docs/performance.md).
 */
export interface FrontmatterKey {
  key: string;
  span: Span;
  path: string;
}
