import type { CheckReport } from '../../node/compare';
import type { Formatter } from './types';
import { printable } from './sanitize';
import { percent as pct } from '../../core';

/** The `--base` section that follows the text report: coverage before → after and what changed. */
export const formatComparisonText: Formatter = input => {
  const c = (input as CheckReport).comparison;
  if (!c) return '';
  const lines = [
    '',
    `Compared with ${c.base}: coverage ${pct(c.summary.before.coverage)} → ${pct(c.summary.after.coverage)}`,
  ];
  for (const s of c.specs) {
    if (s.status === 'unchanged') continue;
    const b = s.before ? pct(s.before.coverage) : 'new';
    const a = s.after ? pct(s.after.coverage) : 'deleted';
    const moved = s.baseFile ? ` (moved from ${s.baseFile})` : '';
    lines.push(`  ${s.id}  ${b} → ${a}${moved}`);
  }
  for (const r of c.regressed) lines.push(`  ${r.id} (${r.priority}, ${r.spec}) ${r.before ?? 'new'} → ${r.after}`);
  for (const r of c.improved) lines.push(`  ${r.id} (${r.priority}, ${r.spec}) ${r.before} → ${r.after}`);
  for (const e of c.evidenceRemoved)
    lines.push(
      `  evidence removed: ${e.evidence} from ${e.requirement} (${e.reason}${e.status ? `: ${e.status}` : ''})`,
    );
  for (const e of c.changedEvidence ?? [])
    lines.push(
      `  changed evidence: ${e.id} (${e.fields.join(', ')}) under ${e.citedBy.join(', ') || 'no requirement'}`,
    );
  for (const d of c.newDiagnostics)
    lines.push(`  new    ${d.file}:${d.line}:${d.column}  ${d.severity}  ${d.message}  ${d.rule}`);
  for (const d of c.fixedDiagnostics)
    lines.push(`  fixed  ${d.file}:${d.line}:${d.column}  ${d.severity}  ${d.message}  ${d.rule}`);
  lines.push(`  ${c.newDiagnostics.length} new, ${c.fixedDiagnostics.length} fixed`);
  // Workspace values (IDs, paths, messages) are made printable line by line: none holds a break.
  return lines.map(printable).join('\n') + '\n';
};
