import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { isValidDate, todayIso } from '../core';
import { loadFolder } from '../node/folder';
import { createMcpServer } from './server';

export const MCP_HELP = `Usage: grounded mcp [ROOT] [--config FILE] [--today YYYY-MM-DD]

Runs a read-only Model Context Protocol server over standard input and output, for AI agents
that draft specs. Its tools search the evidence (search), read an item (get), follow links
(trace), check a draft before it is saved (check) and read coverage (coverage) of the specs,
findings, personas and decisions below ROOT (default: the current folder). It never writes files.

Options:
  --config FILE         the config file, relative to ROOT (default: .grounded.yaml)
  --today YYYY-MM-DD    the date to judge staleness against (default: today)
`;

/** \`grounded mcp\`: starts the server (undefined: it runs until stdin closes) or returns an exit code. */
export function main(
  args: string[],
  io: { stdout: (s: string) => void; stderr: (s: string) => void },
): number | undefined {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: { config: { type: 'string' }, today: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (e) {
    return usage(io, (e as Error).message.split('\n')[0]);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(MCP_HELP);
    return 0;
  }
  const [root = '.', ...extra] = positionals;
  if (extra.length) return usage(io, `unexpected argument \`${extra[0]}\`: give one ROOT folder`);
  if (values.today !== undefined && !isValidDate(values.today))
    return usage(io, `--today takes a date YYYY-MM-DD, not \`${values.today}\``);
  const abs = path.resolve(root);
  if (!fs.statSync(abs, { throwIfNoEntry: false })?.isDirectory()) return usage(io, `no such folder: ${root}`);
  const folder = loadFolder(abs, { today: values.today ?? todayIso(), configPath: values.config });
  // A bad config does not stop the server (the agent can still search), but it is said once, on stderr.
  for (const e of folder.configErrors)
    io.stderr(
      `grounded: ${path.relative(process.cwd(), path.resolve(abs, values.config ?? '.grounded.yaml'))}:${e.line}:${e.column}: ${e.message} (using the default config)\n`,
    );
  const server = createMcpServer(folder);
  void server.connect(new StdioServerTransport());
  return undefined;
}

function usage(io: { stderr: (s: string) => void }, message: string): number {
  io.stderr(`grounded: mcp: ${message}\nRun \`grounded mcp --help\` for usage.\n`);
  return 2;
}
