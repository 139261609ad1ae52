import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  commentMarkdown as md,
  commentMessage as mdMessage,
  didYouMean,
  isValidDate,
  plainText,
  todayIso,
  traceItem,
  type Range,
  type Trace,
  type TraceLink,
} from '../core';
import { indexFolder, UsageError } from '../node/check';

import { parseCommand, usageError, type CommandIo } from './args';

export type { CommandIo } from './args';

export const TRACE_HELP = `Usage: grounded trace ID [ROOT] [--format text|json|markdown] [--config FILE] [--today YYYY-MM-DD]

Prints everything linked to ID, upstream (what it rests on: evidence, decisions, personas,
inputs, metrics) and downstream (what cites it), with each item's spec, status and grounding.
Exit codes: 0 printed; 2 the ID does not exist, or a usage or configuration error.
`;

/** A location in JSON: the root-relative file and 1-based line and column, as in `check --format json`. */
interface JsonAt {
  file: string;
  line: number;
  column: number;
}

/** `grounded trace`: returns the exit code. */
export function runTrace(argv: string[], io: CommandIo): number {
  const parsed = parseCommand(
    argv,
    {
      format: { type: 'string', default: 'text' },
      config: { type: 'string' },
      today: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    io,
    'trace',
    TRACE_HELP,
  );
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  const [id, root = '.', ...extra] = positionals;
  if (!id) return fail(io, 'trace needs an ID: `grounded trace I-042`');
  if (extra.length > 0) return fail(io, `unexpected argument \`${extra[0]}\`: give one ID and one ROOT folder`);
  const format = values.format!;
  if (!['text', 'json', 'markdown'].includes(format))
    return fail(io, `unknown format \`${format}\` for trace: use text, json or markdown`);
  if (values.today !== undefined && !isValidDate(values.today))
    return fail(io, `--today takes a date YYYY-MM-DD, not \`${values.today}\``);
  const absRoot = path.resolve(io.cwd, root);
  let trace: Trace | undefined;
  let suggestions: string[] = [];
  try {
    const { index } = indexFolder(absRoot, {
      config: values.config && path.resolve(io.cwd, values.config),
      today: values.today ?? todayIso(),
    });
    trace = traceItem(index, id);
    if (!trace) suggestions = index.nearestIds(id, 3);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`grounded: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  if (!trace) {
    io.stderr(
      `grounded: no item or requirement has the ID \`${plainText(id)}\` in ${root === '.' ? 'this folder' : plainText(root)}.${didYouMean(suggestions)}\n`,
    );
    return 2;
  }
  const rel = (uri: string) => path.relative(absRoot, fileURLToPath(uri)).split(path.sep).join('/');
  if (format === 'json') io.stdout(JSON.stringify(traceJson(trace, rel), null, 2) + '\n');
  else if (format === 'markdown') io.stdout(traceMarkdown(trace, rel));
  else io.stdout(traceText(trace, rel));
  return 0;
}

function fail(io: CommandIo, message: string): number {
  return usageError(io, 'trace', message);
}

function at(uri: string, range: Range, rel: (uri: string) => string): JsonAt {
  return { file: rel(uri), line: range.start.line + 1, column: range.start.character + 1 };
}

/** The trace with root-relative files and 1-based positions instead of URIs and ranges. */
export function traceJson(t: Trace, rel: (uri: string) => string): unknown {
  const link = (l: TraceLink) => {
    const { uri, at: where, ...rest } = l;
    return { ...rest, ...(uri ? { file: rel(uri) } : {}), at: at(where.uri, where.range, rel) };
  };
  const { uri, range, upstream, downstream, requirements, measurements, mentions, ...rest } = t;
  return {
    version: 1,
    ...rest,
    ...at(uri, range, rel),
    upstream: upstream.map(link),
    downstream: downstream.map(link),
    ...(requirements ? { requirements: requirements.map(link) } : {}),
    ...(measurements ? { measurements: measurements.map(({ uri: u, ...m }) => ({ ...m, file: rel(u) })) } : {}),
    mentions: mentions.map(m => at(m.uri, m.range, rel)),
  };
}

function describe(l: {
  kind?: string;
  status?: string;
  state?: string;
  spec?: string;
  from?: string;
  title?: string;
}): string {
  if (!l.kind) return 'does not exist';
  const parts = [l.kind === 'requirement' && l.spec ? `requirement of ${l.spec}` : l.kind];
  if (l.from) parts.push(`from ${l.from}`);
  if (l.status) parts.push(l.status);
  if (l.state) parts.push(l.state);
  return parts.join(' · ');
}

function outcomeLine(o: NonNullable<Trace['outcomes']>[number]): string {
  const latest = o.latest
    ? `${o.latest.value}${o.latest.date ? ` (${o.latest.date}, ${o.latest.id})` : ''}`
    : 'no measurement since shipping';
  return `${o.spec} · ${o.metric}: ${o.baseline ?? '?'} → ${latest}, target ${o.target ?? '?'}: ${o.verdict ?? 'not shipped'}`;
}

export function traceText(t: Trace, rel: (uri: string) => string): string {
  const p = plainText;
  const where = (uri: string, range: Range) => `${p(rel(uri))}:${range.start.line + 1}`;
  const out = [`${p(t.id)}  ${p(describe(t))}${t.title ? ` — ${p(t.title)}` : ''}`, `  ${where(t.uri, t.range)}`];
  const section = (title: string, links: TraceLink[]) => {
    if (links.length === 0) return;
    out.push('', `${title}:`);
    const width = Math.min(24, Math.max(...links.map(l => l.id.length)));
    for (const l of links)
      out.push(
        `  ${p(l.id).padEnd(width)}  ${p(l.field).padEnd(10)} ${p(describe(l))}${l.title ? ` — ${p(l.title)}` : ''}  ${where(l.at.uri, l.at.range)}`,
      );
  };
  section('Rests on (upstream)', t.upstream);
  section('Requirements', t.requirements ?? []);
  section('Cited by (downstream)', t.downstream);
  if (t.measurements?.length) {
    out.push('', 'Measurements:');
    for (const m of t.measurements) out.push(`  ${m.date ?? '(no date)'}  ${m.value}  ${p(m.id)}`);
  }
  if (t.outcomes?.length) {
    out.push('', 'Outcomes:');
    for (const o of t.outcomes) out.push(`  ${p(outcomeLine(o))}`);
  }
  if (t.mentions.length) {
    out.push('', 'Mentioned in:');
    for (const m of t.mentions) out.push(`  ${where(m.uri, m.range)}`);
  }
  if (t.upstream.length + t.downstream.length === 0) out.push('', 'Nothing links to it, and it links to nothing.');
  return out.join('\n') + '\n';
}

export function traceMarkdown(t: Trace, rel: (uri: string) => string): string {
  const code = (s: string) => (/^[^`\r\n]+$/.test(s) ? `\`${s}\`` : md(s));
  const out = [
    `## ${code(t.id)} ${md(t.title ?? '')}`.trimEnd(),
    '',
    `${md(describe(t))} · ${md(rel(t.uri))}:${t.range.start.line + 1}`,
    '',
  ];
  const table = (title: string, links: TraceLink[]) => {
    if (links.length === 0) return;
    out.push(`### ${title}`, '', '| ID | Field | What | Title | Where |', '| --- | --- | --- | --- | --- |');
    for (const l of links)
      out.push(
        `| ${code(l.id)} | ${md(l.field)} | ${md(describe(l))} | ${md(l.title ?? '')} | ${md(rel(l.at.uri))}:${l.at.range.start.line + 1} |`,
      );
    out.push('');
  };
  table('Rests on (upstream)', t.upstream);
  table('Requirements', t.requirements ?? []);
  table('Cited by (downstream)', t.downstream);
  if (t.measurements?.length) {
    out.push('### Measurements', '', '| Date | Value | Finding | Where |', '| --- | --- | --- | --- |');
    for (const m of t.measurements)
      out.push(`| ${md(m.date ?? '(no date)')} | ${m.value} | ${code(m.id)} | ${md(rel(m.uri))} |`);
    out.push('');
  }
  if (t.outcomes?.length) {
    out.push('### Outcomes', '');
    for (const o of t.outcomes) out.push(`- ${mdMessage(outcomeLine(o))}`);
    out.push('');
  }
  if (t.mentions.length) {
    out.push('### Mentioned in', '');
    for (const m of t.mentions) out.push(`- ${md(rel(m.uri))}:${m.range.start.line + 1}`);
    out.push('');
  }
  if (t.upstream.length + t.downstream.length === 0) out.push('Nothing links to it, and it links to nothing.', '');
  return out.join('\n').trimEnd() + '\n';
}
