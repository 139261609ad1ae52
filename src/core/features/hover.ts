import type { Item, ParsedDocument, Requirement } from '../model';
import type { Span } from '../types';
import type { WorkspaceIndex } from '../workspaceIndex';
import { codeSpan, escapeMarkdown, escapeMarkdownLines, percent, plural } from '../presentation';
import { idAt } from './position';
import { specCoverage } from '../grounding';
import { daysBetween } from '../schema';
import { inputCitations, measurementsOf, specOutcomes } from '../outcomes';

/** Hover contents as Markdown (to be shown untrusted, without HTML) and the span they are about. */
export interface HoverResult {
  markdown: string;
  span: Span;
}

const BODY_LINES = 4;

/**
 * The hover for the ID at `offset`, or undefined when there is no known ID there (so that
 * other hover providers, such as the built-in Markdown one, answer instead).
 */
export function hover(index: WorkspaceIndex, doc: ParsedDocument, offset: number): HoverResult | undefined {
  const at = idAt(doc, offset);
  if (!at) return undefined;
  const declarations = index.lookup(at.id);
  if (declarations.length === 0) {
    if (!at.link) return undefined;
    return { span: at.span, markdown: `${codeSpan(at.id)} does not exist in this workspace folder.` };
  }
  const markdown = describeId(index, at.id);
  if (!markdown) return undefined;
  const duplicate =
    declarations.length > 1 ? `\n\n---\n\n⚠ ${codeSpan(at.id)} is declared ${declarations.length} times.` : '';
  return { span: at.span, markdown: markdown + duplicate };
}

/** A Markdown preview of an item or requirement; also the documentation of completion items. */
export function describeId(index: WorkspaceIndex, id: string): string | undefined {
  const req = index.requirement(id);
  if (req) return describeRequirement(index, req.spec, req.requirement);
  const found = index.item(id);
  if (!found) return undefined;
  switch (found.item.type) {
    case 'finding':
      return describeFinding(index, found.doc, found.item);
    case 'decision':
      return describeDecision(index, found.doc, found.item);
    case 'spec':
      return describeSpec(index, found.doc, found.item);
    case 'persona':
      return describePersona(index, found.doc, found.item);
    case 'input':
      return describeInput(index, found.doc, found.item);
    case 'metric':
      return describeMetric(index, found.doc, found.item);
  }
}

function header(item: Item, extra: string[] = []): string {
  const facts = [item.type, item.status, ...extra]
    .filter(s => s)
    .map(escapeMarkdown)
    .join(' · ');
  const title = item.title ? `**${escapeMarkdown(item.title)}**  \n` : '';
  return `${title}${codeSpan(item.id ?? '')} · ${facts}`;
}

function excerpt(doc: ParsedDocument, item: Item): string {
  const lines: string[] = [];
  const body = doc.text.slice(doc.bodyStart, doc.bodyStart + 4000).split(/\r?\n/);
  let inFence = false;
  for (const raw of body) {
    const line = raw.trim();
    if (/^(```|~~~)/.test(line)) {
      inFence = !inFence;
      continue;
    }
    if (inFence || line === '') continue;
    if (/^#{1,6}\s/.test(line) && line.replace(/^#+\s*/, '') === (item.title ?? '').trim()) continue;
    lines.push(line.replace(/^>\s?/, '“ ').replace(/^#{1,6}\s+/, ''));
    if (lines.length >= BODY_LINES) break;
  }
  return lines.length ? escapeMarkdownLines(lines) : '';
}

function personaNames(index: WorkspaceIndex, item: Item): string {
  return item.personas
    .map(p => {
      const title = index.item(p.id)?.item.title;
      return title ? `${codeSpan(p.id)} ${escapeMarkdown(title)}` : codeSpan(p.id);
    })
    .join(', ');
}

function describeFinding(index: WorkspaceIndex, doc: ParsedDocument, f: Item): string {
  const parts = [header(f)];
  const facts: string[] = [];
  if (f.date) facts.push(`date ${escapeMarkdown(f.date)}`);
  if (f.source) facts.push(`${escapeMarkdown(f.source)}${f.method ? ` (${escapeMarkdown(f.method)})` : ''}`);
  facts.push(`confidence ${escapeMarkdown(f.confidence)}`);
  if (f.sample !== undefined) facts.push(`sample ${f.sample}`);
  parts.push(facts.join(' · '));
  if (f.personas.length) parts.push(`Personas: ${personaNames(index, f)}`);
  if (f.status === 'superseded' && f.supersededBy) parts.push(`Superseded by ${codeSpan(f.supersededBy.id)}`);
  if (f.validUntil) parts.push(`Valid until ${escapeMarkdown(f.validUntil)}`);
  const body = excerpt(doc, f);
  if (body) parts.push('---', body);
  parts.push('---', citedBy(index, f.id!));
  return parts.join('\n\n');
}

/** "Cited by N requirements in M specs" (and decisions), from the frontmatter links only. */
export function citedBy(index: WorkspaceIndex, id: string): string {
  const { requirements, specs, decisions } = citationCounts(index, id);
  if (requirements === 0 && decisions === 0) return 'Not cited by any requirement or decision.';
  const parts: string[] = [];
  if (requirements) parts.push(`${plural(requirements, 'requirement')} in ${plural(specs, 'spec')}`);
  if (decisions) parts.push(plural(decisions, 'decision'));
  return `Cited by ${parts.join(' and ')}.`;
}

export function citationCounts(
  index: WorkspaceIndex,
  id: string,
): { requirements: number; specs: number; decisions: number } {
  const reqs = new Set<string>();
  const specs = new Set<string>();
  const decisions = new Set<string>();
  for (const { uri, link } of index.citations(id)) {
    if (link.field.startsWith('requirements[')) {
      reqs.add(`${uri}#${link.field.slice(0, link.field.indexOf(']'))}`);
      specs.add(uri);
    } else if (index.get(uri)?.item?.type === 'decision') decisions.add(uri);
    else specs.add(uri);
  }
  return { requirements: reqs.size, specs: specs.size, decisions: decisions.size };
}

function statusOf(index: WorkspaceIndex, id: string): string {
  const target = index.item(id)?.item;
  if (!target) return 'does not exist';
  if (target.type === 'finding') return target.status === 'active' ? 'active ✓' : `${target.status} ✗`;
  return `${target.type}, ${target.status}`;
}

function linkLine(index: WorkspaceIndex, id: string): string {
  const title = index.item(id)?.item.title;
  return `- ${codeSpan(id)}${title ? ` ${escapeMarkdown(title)}` : ''} — ${escapeMarkdown(statusOf(index, id))}`;
}

function describeRequirement(index: WorkspaceIndex, spec: Item, r: Requirement): string {
  const g = index.grounding(r);
  const parts: string[] = [];
  if (r.text) parts.push(`**${escapeMarkdown(r.text)}**`);
  const count = `${g.evidence.length} of ${g.required} valid`;
  parts.push(
    `${codeSpan(r.id ?? '')} · requirement of ${codeSpan(spec.id ?? '')} · ${escapeMarkdown(r.priority)} · **${g.state}** (${count})`,
  );
  if (r.evidence.length) parts.push(['Evidence:', ...r.evidence.map(l => linkLine(index, l.id))].join('\n'));
  if (r.decisions.length) {
    parts.push(
      [
        'Decisions:',
        ...r.decisions.map(l => {
          const brought = g.via.includes(l.id) ? ' (brings evidence)' : '';
          return linkLine(index, l.id) + brought;
        }),
      ].join('\n'),
    );
  }
  if (g.via.length) {
    const direct = new Set(r.evidence.map(l => l.id));
    const viaFindings = g.evidence.filter(id => !direct.has(id));
    if (viaFindings.length)
      parts.push(`Grounded via ${g.via.map(codeSpan).join(', ')}: ${viaFindings.map(codeSpan).join(', ')}`);
  }
  if (r.inputs.length)
    parts.push(
      [
        `Asked in ${inputsByTeam(
          index,
          r.inputs.map(l => l.id),
        )}:`,
        ...r.inputs.map(l => linkLine(index, l.id)),
      ].join('\n'),
    );
  if (r.metrics.length) parts.push(['Metrics:', ...r.metrics.map(l => linkLine(index, l.id))].join('\n'));
  if (r.waiver)
    parts.push(
      `Waiver: ${escapeMarkdown(r.waiver)}${r.waiverUntil ? ` (until ${escapeMarkdown(r.waiverUntil)}${g.waiverExpired ? ', expired' : ''})` : ''}`,
    );
  if (!r.evidence.length && !r.decisions.length && !r.waiver) parts.push('No evidence linked.');
  return parts.join('\n\n');
}

function describeDecision(index: WorkspaceIndex, doc: ParsedDocument, d: Item): string {
  const parts = [header(d, d.date ? [`date ${d.date}`] : [])];
  if (d.evidence.length) parts.push(['Evidence:', ...d.evidence.map(l => linkLine(index, l.id))].join('\n'));
  if (d.supersededBy) parts.push(`Superseded by ${codeSpan(d.supersededBy.id)}`);
  const body = excerpt(doc, d);
  if (body) parts.push('---', body);
  parts.push('---', citedBy(index, d.id!));
  return parts.join('\n\n');
}

function describeSpec(index: WorkspaceIndex, doc: ParsedDocument, s: Item): string {
  const counts = specCoverage(index, s);
  const coverage = counts.coverage === null ? 'no coverage to measure' : `${percent(counts.coverage)} covered`;
  const parts = [header(s)];
  parts.push(
    `${plural(s.requirements.length, 'requirement')}: ${counts.grounded} grounded, ${counts.weak} weak, ${counts.ungrounded} ungrounded, ${counts.waived} waived — ${coverage}`,
  );
  if (s.personas.length) parts.push(`Personas: ${personaNames(index, s)}`);
  const outcomes = specOutcomes(index, s);
  if (outcomes.length) {
    const shipped =
      s.status === 'shipped'
        ? `Outcomes since shipping${s.shipped ? ` on ${escapeMarkdown(s.shipped)}` : ''}:`
        : 'Metrics:';
    parts.push([shipped, ...outcomes.map(o => `- ${codeSpan(o.metric)} ${outcomeText(o)}`)].join('\n'));
  }
  const body = excerpt(doc, s);
  if (body) parts.push('---', body);
  return parts.join('\n\n');
}

function describePersona(index: WorkspaceIndex, doc: ParsedDocument, p: Item): string {
  const parts = [header(p)];
  const body = excerpt(doc, p);
  if (body) parts.push(body);
  const byType = new Map<string, number>();
  for (const uri of index.referrersOf(p.id!)) {
    const type = index.get(uri)?.item?.type;
    if (type) byType.set(type, (byType.get(type) ?? 0) + 1);
  }
  const named = [...byType].map(([type, n]) => plural(n, type)).join(', ');
  parts.push('---', named ? `Named by ${named}.` : 'Not named by any item.');
  return parts.join('\n\n');
}

/** "3 inputs: sales, support" — how many inputs, and their teams in order of first appearance. */
export function inputsByTeam(index: WorkspaceIndex, ids: string[]): string {
  const teams: string[] = [];
  for (const id of ids) {
    const from = index.item(id)?.item.from;
    if (from && !teams.includes(from)) teams.push(from);
  }
  return `${plural(ids.length, 'input')}${teams.length ? `: ${teams.join(', ')}` : ''}`;
}

/** One line about a place that cites an input: the item or requirement, its spec, status and grounding. */
function citingLine(index: WorkspaceIndex, uri: string, owner: string | undefined): string {
  const doc = index.get(uri);
  const item = doc?.item;
  const r = owner ? item?.requirements.find(q => q.id === owner) : undefined;
  if (item && r) {
    return `- ${codeSpan(r.id!)}${r.text ? ` ${escapeMarkdown(r.text)}` : ''} — requirement of ${codeSpan(item.id ?? '')} (${escapeMarkdown(item.status)}), **${index.grounding(r).state}**`;
  }
  if (item)
    return `- ${codeSpan(item.id ?? '')}${item.title ? ` ${escapeMarkdown(item.title)}` : ''} — ${escapeMarkdown([item.type, item.status].filter(Boolean).join(', '))}`;
  return `- ${codeSpan(owner ?? '?')}`;
}

function describeInput(index: WorkspaceIndex, doc: ParsedDocument, input: Item): string {
  const parts = [header(input, [input.importance ? `${input.importance} importance` : ''])];
  const raised = [`From **${escapeMarkdown(input.from ?? 'an unknown team')}**`];
  if (input.by) raised.push(`by ${escapeMarkdown(input.by)}`);
  if (input.date) raised.push(`on ${escapeMarkdown(input.date)}`);
  parts.push(raised.join(' '));
  const facts: string[] = [];
  if (input.customers?.length) facts.push(`Customers: ${input.customers.map(escapeMarkdown).join(', ')}`);
  if (input.segment) facts.push(`Segment: ${escapeMarkdown(input.segment)}`);
  if (input.link) facts.push(`Link: ${codeSpan(input.link)}`);
  if (facts.length) parts.push(facts.join('  \n'));
  if (input.status === 'declined')
    parts.push(input.reason ? `Declined: ${escapeMarkdown(input.reason)}` : 'Declined, with no `reason` given.');
  const body = excerpt(doc, input);
  if (body) parts.push('---', body);
  const cites = inputCitations(index, input.id!);
  if (cites.length) {
    parts.push(
      '---',
      [
        `Where it went (${plural(cites.length, 'place')}):`,
        ...cites.map(c => citingLine(index, c.uri, c.link.owner ?? c.doc.item?.id)),
      ].join('\n'),
    );
  } else {
    const waited = input.date
      ? ` It has waited ${plural(Math.max(0, daysBetween(input.date, index.today)), 'day')}.`
      : '';
    parts.push('---', `Not cited by any spec, requirement, decision or finding yet.${waited}`);
  }
  return parts.join('\n\n');
}

function formatValue(value: number | undefined, unit: string | undefined): string {
  return value === undefined ? '?' : escapeMarkdown(`${value}${unit ?? ''}`);
}

function outcomeText(o: ReturnType<typeof specOutcomes>[number]): string {
  const latest = o.latest
    ? `${formatValue(o.latest.value, o.unit)} on ${escapeMarkdown(o.latest.date ?? '')}`
    : 'no measurement since';
  const verdict = o.verdict ? ` — **${o.verdict}**` : '';
  return `${formatValue(o.baseline, o.unit)} → ${latest}, target ${formatValue(o.target, o.unit)}${verdict}`;
}

function describeMetric(index: WorkspaceIndex, doc: ParsedDocument, m: Item): string {
  const parts = [header(m)];
  const arrow =
    m.direction === 'decrease' ? '↓ decrease' : m.direction === 'increase' ? '↑ increase' : 'direction not set';
  parts.push(`Baseline ${formatValue(m.baseline, m.unit)} → target ${formatValue(m.target, m.unit)} (${arrow})`);
  const facts: string[] = [];
  if (m.owners?.length) facts.push(`Owners: ${m.owners.map(escapeMarkdown).join(', ')}`);
  if (m.source) facts.push(`Source: ${codeSpan(m.source)}`);
  if (facts.length) parts.push(facts.join('  \n'));
  const measured = measurementsOf(index, m.id!);
  parts.push(
    measured.length
      ? [
          'Measurements:',
          ...measured.map(
            x => `- ${escapeMarkdown(x.date ?? 'no date')}: ${formatValue(x.value, m.unit)} (${codeSpan(x.id)})`,
          ),
        ].join('\n')
      : 'No measurements yet: a finding with `metric: ' + escapeMarkdown(m.id!) + '` and `value:` records one.',
  );
  const outcomes: string[] = [];
  for (const uri of index.referrersOf(m.id!)) {
    const spec = index.get(uri)?.item;
    if (spec?.type !== 'spec' || spec.status !== 'shipped') continue;
    const o = specOutcomes(index, spec).find(x => x.metric === m.id);
    if (o)
      outcomes.push(
        `- ${codeSpan(spec.id ?? '')} (shipped${spec.shipped ? ` ${escapeMarkdown(spec.shipped)}` : ''}): ${outcomeText(o)}`,
      );
  }
  if (outcomes.length) parts.push(['Outcomes:', ...outcomes.sort()].join('\n'));
  const body = excerpt(doc, m);
  if (body) parts.push('---', body);
  return parts.join('\n\n');
}
