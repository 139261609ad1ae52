import type { ParsedDocument } from '../model';
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

/** One rule of DESIGN §3: a stable ESLint-style ID, a default severity and a check. */
export interface Rule {
  id: string;
  defaultSeverity: Severity;
  /** One line; feeds the README, the docs links and SARIF. */
  description: string;
  /** Runs on every Markdown file, not only on items. */
  allFiles?: boolean;
  check(context: RuleContext): void;
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
