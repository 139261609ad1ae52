import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { CLI } from './cli';

/** The SDK's own client, spawning the built `grounded mcp ROOT` over stdio. */
export async function mcpClient(
  root: string,
  args: string[] = ['--today', '2026-11-29'],
): Promise<{ client: Client; stderr: () => string }> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [CLI, 'mcp', root, ...args],
    stderr: 'pipe',
  });
  let err = '';
  transport.stderr?.on('data', d => (err += String(d)));
  const client = new Client({ name: 'grounded-test', version: '1.0.0' });
  await client.connect(transport);
  return { client, stderr: () => err };
}

type Result = {
  isError?: boolean;
  structuredContent?: Record<string, unknown>;
  content: { type: string; text: string }[];
};

export async function call(client: Client, name: string, args: Record<string, unknown>): Promise<Result> {
  return (await client.callTool({ name, arguments: args })) as Result;
}
