import { parse as parseYaml } from 'yaml';
import type { ParsedDocument } from '../model';
import { parseMarkdown } from '../parse';
import { buildReport, diagnosticRow, type JsonReport } from '../report';
import type { ItemType } from '../types';
import type { WorkspaceIndex } from '../workspaceIndex';
import { searchItems } from './search';

/*
 * What the MCP server's tools answer, as plain JSON: the core computes it, the server only
 * validates arguments and wraps the result. `file` turns a URI into a root-relative path.
 */

type FileOf = (uri: string) => string;

/** A diagnostic as in `grounded check --format json`: 1-based lines and columns. */
export type DiagnosticRow = JsonReport['diagnostics'][number];

export interface SearchArgs {
  query: string;
  type?: ItemType[];
  /** A persona ID the item is about. */
  persona?: string;
  source?: string;
  status?: string;
  limit?: number;
}

export interface SearchHit {
  id: string;
  type: ItemType;
  title: string;
  status: string;
  file: string;
  line: number;
  date?: string;
  source?: string;
  method?: string;
  confidence?: string;
  personas: string[];
  tags: string[];
  /** The start of the body. */
  excerpt: string;
}

/**
 * Items for a query, best first (fuse.js over IDs, titles, tags and the start of the bodies, as
 * completion ranks them), kept when they match every filter. An empty query lists the newest.
 */
export function searchTool(
  index: WorkspaceIndex,
  args: SearchArgs,
  file: FileOf,
): { results: SearchHit[]; more: boolean } {
  const limit = args.limit ?? 20;
  const filtered = args.persona !== undefined || args.source !== undefined || args.status !== undefined;
  // Filters drop ranked items, so rank more of them first (bounded: each costs a look-up).
  const ranked = searchItems(index, args.query, args.type, filtered ? Math.max(500, limit * 20) : limit + 1);
  const lower = (s: string | undefined) => (s ?? '').toLowerCase();
  const hits = ranked.filter(
    e =>
      (args.persona === undefined || e.item.personas.some(p => p.id === args.persona)) &&
      (args.source === undefined || lower(e.item.source) === lower(args.source)) &&
      (args.status === undefined || lower(e.status) === lower(args.status)),
  );
  return {
    results: hits.slice(0, limit).map(e => ({
      id: e.id,
      type: e.type,
      title: e.title,
      status: e.status,
      file: file(e.uri),
      line: e.item.idSpan ? e.doc.lines.range(e.item.idSpan).start.line + 1 : 1,
      ...(e.item.date ? { date: e.item.date } : {}),
      ...(e.item.source ? { source: e.item.source } : {}),
      ...(e.item.method ? { method: e.item.method } : {}),
      ...(e.item.type === 'finding' ? { confidence: e.item.confidence } : {}),
      personas: e.item.personas.map(p => p.id),
      tags: e.item.tags,
      excerpt: e.body.slice(0, 280),
    })),
    more: hits.length > limit,
  };
}

export interface Citation {
  /** The requirement, decision or item that cites it. */
  by: string;
  field: string;
  file: string;
  line: number;
}

export type GetResult =
  | {
      id: string;
      kind: ItemType;
      file: string;
      line: number;
      frontmatter: unknown;
      body: string;
      citedBy: Citation[];
      /** Body text elsewhere that names the ID. */
      mentionedIn: { file: string; line: number }[];
    }
  | {
      id: string;
      kind: 'requirement';
      spec: string;
      file: string;
      line: number;
      text: string;
      priority: string;
      state: string;
      evidence: string[];
      via: string[];
      waiver?: string;
    };

/** One item with its frontmatter, body and where it is cited, or one requirement with its grounding. */
export function getItem(index: WorkspaceIndex, id: string, file: FileOf): GetResult | undefined {
  const req = index.requirement(id);
  if (req) {
    const r = req.requirement;
    const g = index.grounding(r);
    return {
      id,
      kind: 'requirement',
      spec: req.spec.id ?? '',
      file: file(req.doc.uri),
      line: req.doc.lines.range(r.idSpan ?? r.span).start.line + 1,
      text: r.text ?? '',
      priority: r.priority,
      state: g.state,
      evidence: g.evidence,
      via: g.via,
      ...(r.waiver ? { waiver: r.waiver } : {}),
    };
  }
  const found = index.item(id);
  if (!found) return undefined;
  const { doc, item } = found;
  const citedBy: Citation[] = index.citations(id).map(({ uri, link }) => {
    const at = index.get(uri)!;
    return {
      by: link.owner ?? at.item?.id ?? '',
      field: link.field,
      file: file(uri),
      line: at.lines.range(link.span).start.line + 1,
    };
  });
  const mentionedIn = index
    .references(id)
    .filter(r => !r.link)
    .map(r => ({ file: file(r.uri), line: index.get(r.uri)!.lines.range(r.span).start.line + 1 }));
  return {
    id,
    kind: item.type,
    file: file(doc.uri),
    line: item.idSpan ? doc.lines.range(item.idSpan).start.line + 1 : 1,
    frontmatter: frontmatterOf(doc),
    body: doc.text.slice(doc.bodyStart),
    citedBy,
    mentionedIn,
  };
}

function frontmatterOf(doc: ParsedDocument): unknown {
  if (!doc.frontmatter) return {};
  try {
    // JSON-safe: dates stay strings, nothing from the file is executed.
    return JSON.parse(
      JSON.stringify(
        parseYaml(doc.text.slice(doc.frontmatter.start, doc.frontmatter.end), { maxAliasCount: 100 }) ?? {},
      ),
    );
  } catch {
    return {};
  }
}

export interface CheckResult {
  file: string;
  diagnostics: DiagnosticRow[];
  summary: { errors: number; warnings: number; infos: number };
  /** For a spec: each requirement's grounding as the text stands. */
  requirements?: { id: string; state: string; priority: string; evidence: string[]; via: string[] }[];
}

/**
 * The diagnostics of `text` as if it were saved at `uri`, with the rest of the index as it is.
 * The index is left as it was: the draft is put in, checked and taken out in one go.
 */
export function checkDraft(index: WorkspaceIndex, uri: string, text: string, file: FileOf): CheckResult {
  const previous = index.get(uri);
  const draft = parseMarkdown(uri, text);
  index.set(draft);
  try {
    const diagnostics = index.diagnosticsOnce(uri).map(d => diagnosticRow(d, file(uri)));
    const count = (s: string) => diagnostics.filter(d => d.severity === s).length;
    const result: CheckResult = {
      file: file(uri),
      diagnostics,
      summary: { errors: count('error'), warnings: count('warning'), infos: count('info') },
    };
    if (draft.item?.type === 'spec') {
      result.requirements = draft.item.requirements.map(r => {
        const g = index.grounding(r);
        return { id: r.id ?? '', state: g.state, priority: r.priority, evidence: g.evidence, via: g.via };
      });
    }
    return result;
  } finally {
    if (previous) index.set(previous);
    else index.delete(uri);
  }
}

/** Coverage per spec and overall, as in `grounded check --format json`; one spec when asked. */
export function coverageOf(
  index: WorkspaceIndex,
  file: FileOf,
  spec?: string,
): { summary: JsonReport['summary']; specs: JsonReport['specs'] } | undefined {
  const report = buildReport(index, file);
  if (spec === undefined) return { summary: report.summary, specs: report.specs };
  const specs = report.specs.filter(s => s.id === spec);
  return specs.length ? { summary: report.summary, specs } : undefined;
}
