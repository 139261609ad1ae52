import type { ParsedDocument } from '../model';
import type { Span } from '../types';
import type { WorkspaceIndex } from '../workspaceIndex';
import { citationCounts, inputsByTeam } from './hover';
import { plural } from '../presentation';

export interface CodeLens {
  span: Span;
  title: string;
  /** What clicking does: nothing, open the link-evidence picker, or list the citations. */
  action?:
    | { kind: 'linkEvidence'; requirement: string }
    | { kind: 'showCitations'; id: string }
    | { kind: 'showItems'; ids: string[] };
}

/**
 * Lenses over each requirement ("2 findings · qual + quant · grounded" or "no evidence — Link
 * evidence…") and over a finding's or decision's ID ("cited by 3 requirements").
 */
export function codeLenses(index: WorkspaceIndex, doc: ParsedDocument): CodeLens[] {
  const item = doc.item;
  if (!item) return [];
  const out: CodeLens[] = [];
  if (item.type === 'spec') {
    for (const r of item.requirements) {
      if (!r.id) continue;
      const span = r.idSpan ?? r.span;
      // docs/format.md ("Input"): the inputs behind it, by team ("asked in 3 inputs: sales, support").
      if (r.inputs.length)
        out.push({
          span,
          title: `asked in ${inputsByTeam(
            index,
            r.inputs.map(l => l.id),
          )}`,
          action: { kind: 'showItems', ids: r.inputs.map(l => l.id) },
        });
      const g = index.grounding(r);
      const link = { kind: 'linkEvidence' as const, requirement: r.id };
      if (g.evidence.length === 0) {
        if (g.state === 'waived') out.push({ span, title: 'waived — no evidence' });
        else out.push({ span, title: 'no evidence — Link evidence…', action: link });
        continue;
      }
      const methods = new Set<string>();
      for (const id of g.evidence) {
        const m = index.item(id)?.item.method;
        methods.add(m === 'quantitative' ? 'quant' : 'qual');
      }
      const mix = ['qual', 'quant'].filter(m => methods.has(m)).join(' + ');
      const via = g.via.length ? ` · via ${g.via.join(', ')}` : '';
      const need = g.state === 'weak' ? ` (needs ${g.required})` : '';
      out.push({
        span,
        title: `${plural(g.evidence.length, 'finding')} · ${mix} · ${g.state}${need}${via}`,
        action: g.state === 'grounded' ? undefined : link,
      });
    }
  } else if ((item.type === 'finding' || item.type === 'decision') && item.id && item.idSpan) {
    const { requirements, specs, decisions } = citationCounts(index, item.id);
    const parts: string[] = [];
    if (requirements)
      parts.push(`${plural(requirements, 'requirement')}${specs > 1 ? ` in ${plural(specs, 'spec')}` : ''}`);
    if (decisions) parts.push(plural(decisions, 'decision'));
    const title = parts.length ? `cited by ${parts.join(' and ')}` : 'not cited';
    out.push({ span: item.idSpan, title, action: parts.length ? { kind: 'showCitations', id: item.id } : undefined });
  }
  return out;
}
