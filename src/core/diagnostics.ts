import type { ParsedDocument } from './model';
import type { Diagnostic, Severity } from './types';
import type { WorkspaceIndex } from './workspaceIndex';
import { plural } from './presentation';
import { RULES } from './rules';

/** The rules that still run on an item whose frontmatter does not parse. */
const BROKEN_ITEM_RULES = new Set(['yaml-syntax', 'missing-id', 'duplicate-id', 'unreadable-file']);

/** Diagnostics shown per file; past it, one summary says how many more there are (docs/limits.md). */
export const MAX_DIAGNOSTICS_PER_FILE = 200;

const RANK: Record<Severity, number> = { info: 1, warning: 2, error: 3 };

/**
 * Runs every enabled rule on one document. Items get diagnostics; other Markdown files only when
 * they cannot be read. Past `MAX_DIAGNOSTICS_PER_FILE` the rest are only counted (4.9 MB of
 * unknown IDs made half a million diagnostics and 1.1 GB), and one summary diagnostic at the top
 * of the file names how many, of which rules. A rule that throws costs its own diagnostics only.
 */
export function computeDiagnostics(doc: ParsedDocument, index: WorkspaceIndex): Diagnostic[] {
  const out: Diagnostic[] = [];
  const settings = index.config.rules;
  const dropped = new Map<string, number>();
  let droppedSeverity: Severity | undefined;
  for (const rule of RULES) {
    const setting = (Object.hasOwn(settings, rule.id) ? settings[rule.id] : undefined) ?? rule.defaultSeverity;
    if (setting === 'off' || (!doc.item && !rule.allFiles)) continue;
    if (doc.item?.broken && !BROKEN_ITEM_RULES.has(rule.id)) continue;
    const check = () =>
      rule.check({
        doc,
        index,
        report(span, message, extras) {
          // What could not be read is always said: it is one or two per file.
          if (out.length >= MAX_DIAGNOSTICS_PER_FILE && rule.id !== 'unreadable-file') {
            dropped.set(rule.id, (dropped.get(rule.id) ?? 0) + 1);
            if (droppedSeverity === undefined || RANK[setting] > RANK[droppedSeverity]) droppedSeverity = setting;
            return;
          }
          const d: Diagnostic = {
            uri: doc.uri,
            range: doc.lines.range(span),
            severity: setting,
            rule: rule.id,
            message,
          };
          if (extras?.related?.length) {
            d.related = extras.related.map(r => {
              const other = index.get(r.uri);
              return {
                uri: r.uri,
                range: other ? other.lines.range(r.span) : doc.lines.range(r.span),
                message: r.message,
              };
            });
          }
          if (extras?.tags) d.tags = extras.tags;
          if (extras?.data) d.data = extras.data;
          out.push(d);
        },
      });
    try {
      check();
    } catch (e) {
      // One rule's bug must not take the others down; it shows where it happened.
      if (out.length < MAX_DIAGNOSTICS_PER_FILE) {
        out.push({
          uri: doc.uri,
          range: doc.lines.range({ start: 0, end: 0 }),
          severity: setting,
          rule: rule.id,
          message: `Grounded could not run \`${rule.id}\` on this file (an internal error: ${String((e as Error)?.message ?? e).split('\n')[0]}). Please report it.`,
        });
      }
    }
  }
  if (droppedSeverity !== undefined) {
    const total = [...dropped.values()].reduce((a, b) => a + b, 0);
    const [top] = [...dropped].sort((a, b) => b[1] - a[1]);
    const which = [...dropped].map(([id, n]) => `${n} ${id}`).join(', ');
    out.push({
      uri: doc.uri,
      range: doc.lines.range({ start: 0, end: 0 }),
      severity: droppedSeverity,
      rule: top[0],
      message: `${plural(total, 'more problem', 'more problems')} in this file are not shown (${which}): Grounded shows ${MAX_DIAGNOSTICS_PER_FILE} per file.`,
    });
  }
  return out.sort(
    (a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character,
  );
}
