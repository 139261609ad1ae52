import {
  buildIndexSync,
  defaultConfig,
  joinLines,
  MemoryWorkspace,
  WorkspaceIndex,
  type Config,
  type Diagnostic,
} from '../../src/core';

export { joinLines };

/** The folder of the in-memory workspaces below. */
export const ROOT = 'file:///ws';

/** An in-memory workspace of file names to Markdown, indexed by the builder the CLI and the editor use. */
export function indexOf(
  files: Record<string, string>,
  config: Partial<Config> = {},
  today = '2026-11-29',
): WorkspaceIndex {
  return buildIndexSync(new MemoryWorkspace(ROOT, files), { config: { ...defaultConfig(), ...config }, today }).index;
}

export function uri(name: string): string {
  return `${ROOT}/${name}`;
}

/** Every diagnostic of the workspace, as `file:line:col rule` strings for compact assertions. */
export function all(index: WorkspaceIndex): Diagnostic[] {
  return [...index.documents()].flatMap(d => index.diagnostics(d.uri));
}

export function rulesOf(index: WorkspaceIndex, name?: string): string[] {
  const list = name ? index.diagnostics(uri(name)) : all(index);
  return list.map(d => d.rule);
}

/** A finding with a title, source and date; `extra` lines add fields or replace those. */
export function finding(id: string, extra: string[] = [], body = 'Body.'): string {
  const fields = new Map([
    ['id', id],
    ['type', 'finding'],
    ['title', `Finding ${id}`],
    ['source', 'interview'],
    ['date', '2026-06-01'],
  ]);
  for (const line of extra) {
    const i = line.indexOf(':');
    fields.set(line.slice(0, i), line.slice(i + 1).trim());
  }
  return joinLines('---', ...[...fields].map(([k, v]) => `${k}: ${v}`), '---', body, '');
}

export function spec(id: string, requirements: string[], extra: string[] = [], body = '# Spec'): string {
  return joinLines(
    '---',
    `id: ${id}`,
    'type: spec',
    `title: Spec ${id}`,
    ...extra,
    'requirements:',
    ...requirements,
    '---',
    body,
    '',
  );
}
