import * as fs from 'node:fs';
import * as path from 'node:path';
import { CONFIG_FILE, defaultConfig, parseConfig, type Config } from '../core/config';
import { parseMarkdown, unreadableDocument } from '../core/parse';
import { RULE_IDS } from '../core/rules';
import { WorkspaceIndex } from '../core/workspaceIndex';
import { readMarkdown, walkMarkdown } from './files';

/** A problem the user must fix before anything can be checked (exit code 2). */
export class UsageError extends Error {}

/** Reads the config: `configPath` when given, else `.grounded.yaml` in `root` if there is one. */
export function loadConfig(root: string, configPath?: string): Config {
  const file = configPath ?? path.join(root, CONFIG_FILE);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    if (!configPath && (e as NodeJS.ErrnoException).code === 'ENOENT') return defaultConfig();
    throw new UsageError(`cannot read config ${configPath ?? file}: ${(e as NodeJS.ErrnoException).code ?? e}`);
  }
  const { config, errors } = parseConfig(text, RULE_IDS);
  if (errors.length > 0) {
    const shown = path.relative(process.cwd(), file) || file;
    throw new UsageError(errors.map((e) => `${shown}:${e.line}:${e.column}: ${e.message}`).join('\n'));
  }
  return config;
}

export interface CheckOptions {
  config?: string;
  today: string;
}

/** Indexes every Markdown file below `root`. */
export function indexFolder(root: string, options: CheckOptions): { index: WorkspaceIndex; root: string } {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(root);
  } catch {
    throw new UsageError(`no such folder: ${root}`);
  }
  if (!stat.isDirectory()) throw new UsageError(`not a folder: ${root}`);
  const config = loadConfig(root, options.config);
  const index = new WorkspaceIndex({ config, today: options.today });
  const walked = walkMarkdown(root, config);
  for (const file of walked.files) {
    const read = readMarkdown(file.path);
    index.set('text' in read ? parseMarkdown(file.uri, read.text) : unreadableDocument(file.uri, read.error));
  }
  for (const p of walked.problems) index.set(unreadableDocument(p.entry.uri, p.message));
  return { index, root };
}
