import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { didYouMean, ITEM_TYPES, MAX_FILE_BYTES } from '../core';
import { traceJson, traceText } from '../cli/trace';
import { includes, refreshFolder, type LoadedFolder } from '../node/folder';

declare const GROUNDED_VERSION: string | undefined;

/** A problem with the arguments, for the agent to fix: an error result, not a protocol error. */
class ToolError extends Error {}

const READ_ONLY = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false } as const;

/**
 * The Grounded MCP server (docs/agents.md): read-only tools over one folder's index, for agents that
 * draft specs. Each call first brings the index up to date with the disk (the agent writes files
 * with its own tools), then answers with structured JSON and the same JSON as text for clients
 * that only read text. Bad arguments come back as error results with a sentence to act on.
 */
export function createMcpServer(initial: LoadedFolder): McpServer {
  let folder = initial;
  const server = new McpServer(
    { name: 'grounded', version: typeof GROUNDED_VERSION === 'string' ? GROUNDED_VERSION : '0.0.0-dev' },
    { instructions: INSTRUCTIONS },
  );
  const rel = (uri: string) => {
    try {
      return path.relative(folder.root, fileURLToPath(uri)).split(path.sep).join('/');
    } catch {
      return uri;
    }
  };
  const fresh = () => (folder = refreshFolder(folder));
  const answer = (f: () => { structured: Record<string, unknown>; text?: string }): CallToolResult => {
    try {
      fresh();
      const { structured, text } = f();
      return {
        structuredContent: structured,
        content: [{ type: 'text', text: text ?? JSON.stringify(structured, null, 2) }],
      };
    } catch (e) {
      const message = e instanceof ToolError ? e.message : `Grounded could not answer: ${(e as Error).message}`;
      return { isError: true, content: [{ type: 'text', text: message }] };
    }
  };
  const unknownId = (id: string) => {
    return new ToolError(
      `No item or requirement has the ID \`${id}\` in this folder.${didYouMean(folder.index.nearestIds(id))}`,
    );
  };

  server.registerTool(
    'search',
    {
      title: 'Search the evidence',
      description:
        'Searches the specs, findings, personas, decisions, inputs and metrics of the folder by ID, title, tags and body text (fuzzy, best first). ' +
        'Filter by type (e.g. ["finding"] for evidence), by a persona ID, by source (interview, survey, analytics, …) and by status (active, superseded, refuted, accepted, …). ' +
        'An empty query lists the newest items. Use it before writing a requirement, to find the findings that ground it.',
      inputSchema: {
        query: z
          .string()
          .max(500)
          .describe('Words to look for, or an ID or the start of one (e.g. "guest checkout", "F-01")'),
        type: z.array(z.enum(ITEM_TYPES)).optional().describe('Only these types'),
        persona: z.string().max(200).optional().describe('Only items about this persona ID (e.g. P-mobile-shopper)'),
        source: z
          .string()
          .max(200)
          .optional()
          .describe('Only findings from this source (e.g. interview, survey, analytics)'),
        status: z.string().max(200).optional().describe('Only items with this status (e.g. active)'),
        limit: z.number().int().min(1).max(100).optional().describe('At most this many results (default 20)'),
      },
      annotations: { title: 'Search the evidence', ...READ_ONLY },
    },
    args => answer(() => ({ structured: { ...folder.service.searchTool(args, rel) } })),
  );

  server.registerTool(
    'get',
    {
      title: 'Read an item',
      description:
        'One item by its ID: its file, frontmatter (as JSON), Markdown body, and where it is cited (which requirements and decisions cite it as evidence). ' +
        'For a requirement ID: its spec, text, priority and grounding (grounded, weak, ungrounded or waived) with the evidence that counts.',
      inputSchema: { id: z.string().min(1).max(200).describe('An ID such as F-014, S-checkout or R-checkout-1') },
      annotations: { title: 'Read an item', ...READ_ONLY },
    },
    ({ id }) =>
      answer(() => {
        const got = folder.service.getItem(id, rel);
        if (!got) throw unknownId(id);
        return { structured: got as unknown as Record<string, unknown> };
      }),
  );

  server.registerTool(
    'trace',
    {
      title: 'Trace an ID',
      description:
        'Everything linked to an ID, as `grounded trace` prints it: upstream (the evidence, decisions, personas, inputs and metrics it rests on) and downstream (what cites it), ' +
        "with each linked item's type, title, status and, for requirements, spec and grounding.",
      inputSchema: { id: z.string().min(1).max(200).describe('An ID such as I-004, F-014 or R-checkout-1') },
      annotations: { title: 'Trace an ID', ...READ_ONLY },
    },
    ({ id }) =>
      answer(() => {
        const trace = folder.service.trace(id);
        if (!trace) throw unknownId(id);
        return { structured: traceJson(trace, rel) as Record<string, unknown>, text: traceText(trace, rel) };
      }),
  );

  server.registerTool(
    'check',
    {
      title: 'Check a draft',
      description:
        'Checks Markdown text as if it were saved at a path of the folder, without writing it: the diagnostics Grounded would report (broken links, ungrounded requirements, invalid fields, …) ' +
        "with 1-based lines, and for a spec each requirement's grounding. The rest of the folder is read as it is on disk. Use it on every draft before saving.",
      inputSchema: {
        path: z
          .string()
          .min(1)
          .max(1000)
          .describe('Where the file would be, relative to the folder (e.g. specs/returns.md)'),
        text: z.string().describe('The whole Markdown text of the draft, frontmatter included'),
      },
      annotations: { title: 'Check a draft', ...READ_ONLY },
    },
    args =>
      answer(() => {
        const uri = draftUri(folder, args.path);
        if (args.text.length > MAX_FILE_BYTES)
          throw new ToolError(`The text is over the ${MAX_FILE_BYTES / 1024 / 1024} MB limit for a Markdown file.`);
        return { structured: { ...folder.service.checkDraft(uri, args.text, rel) } };
      }),
  );

  server.registerTool(
    'coverage',
    {
      title: 'Read coverage',
      description:
        "How well the specs are grounded in evidence: per spec, each requirement's state (grounded, weak, ungrounded, waived) and evidence, and the overall summary with the counts of problems. " +
        'Give a spec ID for that spec only.',
      inputSchema: { spec: z.string().min(1).max(200).optional().describe('A spec ID, such as S-checkout') },
      annotations: { title: 'Read coverage', ...READ_ONLY },
    },
    ({ spec }) =>
      answer(() => {
        const got = folder.service.coverageOf(rel, spec);
        if (!got) {
          if (spec && folder.index.item(spec)) throw new ToolError(`\`${spec}\` is not a spec.`);
          throw unknownId(spec ?? '');
        }
        return { structured: got };
      }),
  );
  return server;
}

/** The URI of a draft's path, which must stay inside the folder and be a Markdown file its config includes. */
function draftUri(folder: LoadedFolder, p: string): string {
  if (p.includes('\0')) throw new ToolError('The path contains a NUL character.');
  const abs = path.resolve(folder.root, p);
  const relative = path.relative(folder.root, abs);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative))
    throw new ToolError(
      `\`${p}\` is outside the folder ${folder.root}: give a path inside it, such as specs/new-spec.md.`,
    );
  if (!/\.(md|markdown)$/i.test(abs))
    throw new ToolError(`\`${p}\` is not a Markdown file: Grounded checks .md and .markdown files.`);
  const uri = pathToFileURL(abs).href;
  if (!includes(folder, uri))
    throw new ToolError(
      `\`${p}\` is not included by the folder's .grounded.yaml (include/exclude), so Grounded would not check it there.`,
    );
  return uri;
}

const INSTRUCTIONS = `Grounded links product specs to the research behind them. Specs, findings, personas, decisions, inputs and metrics are Markdown files with YAML frontmatter in this folder.
To write a grounded requirement: search the findings (search with type ["finding"]), read the promising ones (get), cite their IDs in the requirement's evidence field, then check the draft (check) and fix what it reports before saving it. coverage shows which requirements still lack evidence; trace follows the links of one ID. These tools never write files.`;
