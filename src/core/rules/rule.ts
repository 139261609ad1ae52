import type { Item, ParsedDocument } from '../model';
import type { WorkspaceIndex } from '../workspaceIndex';
import type { Diagnostic, Severity, Span } from '../types';

export interface ReportExtras {
  related?: { uri: string; span: Span; message: string }[];
  tags?: Diagnostic['tags'];
  data?: Record<string, unknown>;
}

export interface RuleContext {
  doc: ParsedDocument;
  index: WorkspaceIndex;
  report(span: Span, message: string, extras?: ReportExtras): void;
}

/** One rule of docs/rules.md: a stable ESLint-style ID, a default severity and a check. */
export interface Rule {
  id: string;
  defaultSeverity: Severity;
  /** One line; feeds the README, the docs links and SARIF. */
  description: string;
  /** Runs on every Markdown file, not only on items. */
  allFiles?: boolean;
  /**
   * What the check reads from other documents (docs/performance.md); nothing for a rule that reads only
   * its own document. The index derives from these which diagnostics a change can alter, so a
   * rule that reads more than it declares gives stale diagnostics in the editor, which the
   * differential edit-sequence test (test/unit/invalidation.test.ts) finds.
   */
  reads?: Reads;
  check(context: RuleContext): void;
}

/** What a rule can read of other documents, as `Rule.reads` declares it. */
export interface Reads {
  /**
   * The IDs this document names (frontmatter links, body references): whether they are
   * declared, as what kind, and these fields of the items declaring them.
   */
  targets?: readonly (keyof Item)[];
  /** The findings that the accepted decisions this document cites bring (their `targets` fields too). */
  decisionEvidence?: boolean;
  /**
   * The `superseded_by` chains of the findings this document names: the type, status and
   * `superseded_by` of each successor, and of its successor, to the end of the chain.
   */
  successors?: boolean;
  /** Every declaration of the IDs this document declares, with its place (duplicates). */
  declarers?: boolean;
  /** The frontmatter links of other documents that cite this document's IDs, with their fields. */
  citers?: boolean;
  /** The set of every declared ID with its kind (for "did you mean" suggestions). */
  allIds?: boolean;
}

/** For rules whose problems are found while parsing (syntax, shape, missing and unknown fields). */
export function reportParseProblems(id: string) {
  return (context: RuleContext): void => {
    for (const p of context.doc.problems) if (p.rule === id) context.report(p.span, p.message, { data: p.data });
  };
}

/** Every frontmatter link of a document that names an item of the expected type, resolved. */
export function* resolvedLinks(context: RuleContext, fields: RegExp) {
  for (const link of context.doc.links) {
    if (!fields.test(link.field)) continue;
    const target = context.index.item(link.id);
    if (target && target.item.type === link.target) yield { link, target };
  }
}
