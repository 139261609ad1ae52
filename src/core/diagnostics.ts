import type { ParsedDocument } from './model';
import type { Diagnostic } from './types';
import type { WorkspaceIndex } from './workspaceIndex';
import { RULES } from './rules';

/** The rules that still run on an item whose frontmatter does not parse. */
const BROKEN_ITEM_RULES = new Set(['yaml-syntax', 'missing-id', 'duplicate-id', 'unreadable-file']);

/** Runs every enabled rule on one document. Items get diagnostics; other Markdown files only when they cannot be read. */
export function computeDiagnostics(doc: ParsedDocument, index: WorkspaceIndex): Diagnostic[] {
  const out: Diagnostic[] = [];
  const settings = index.config.rules;
  for (const rule of RULES) {
    const setting = (Object.hasOwn(settings, rule.id) ? settings[rule.id] : undefined) ?? rule.defaultSeverity;
    if (setting === 'off' || (!doc.item && !rule.allFiles)) continue;
    if (doc.item?.broken && !BROKEN_ITEM_RULES.has(rule.id)) continue;
    rule.check({
      doc,
      index,
      report(span, message, extras) {
        const d: Diagnostic = { uri: doc.uri, range: doc.lines.range(span), severity: setting, rule: rule.id, message };
        if (extras?.related?.length) {
          d.related = extras.related.map((r) => {
            const other = index.get(r.uri);
            return { uri: r.uri, range: other ? other.lines.range(r.span) : doc.lines.range(r.span), message: r.message };
          });
        }
        if (extras?.tags) d.tags = extras.tags;
        if (extras?.data) d.data = extras.data;
        out.push(d);
      },
    });
  }
  return out.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}
