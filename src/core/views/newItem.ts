/**
 * New documents from templates: the next free ID, a file name, and the Markdown text.
 * Pure: the editor turns the result into a WorkspaceEdit that creates the file.
 */
import type { ItemType } from '../types';
import { ID_PREFIXES } from '../ids';
import { escapeRegExp, yamlString } from '../presentation';
import { itemTemplateOf, renderTemplate } from '../templates';

/** The folder a new item goes to when the workspace has none of its type yet. */
export const DEFAULT_FOLDERS: Record<ItemType, string> = {
  spec: 'specs',
  finding: 'findings',
  persona: 'personas',
  decision: 'decisions',
  input: 'inputs',
  metric: 'metrics',
};

/** Lower-case words joined by `-`, letters and digits only; at most 40 characters. */
export function slugify(title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  return slug;
}

/**
 * The next numbered ID after the highest `prefix<number>` in use, keeping the widest zero
 * padding seen (F-014, F-031 → F-032), and never an ID that is taken.
 */
export function nextNumberedId(prefix: string, ids: Iterable<string>, minWidth = 3): string {
  let max = 0;
  let width = minWidth;
  const taken = new Set<string>();
  const re = new RegExp(`^${escapeRegExp(prefix)}(\\d+)$`);
  for (const id of ids) {
    taken.add(id);
    const m = re.exec(id);
    if (!m) continue;
    max = Math.max(max, Number(m[1]));
    if (m[1].startsWith('0')) width = Math.max(width, m[1].length);
  }
  for (let n = max + 1; ; n++) {
    const id = `${prefix}${String(n).padStart(width, '0')}`;
    if (!taken.has(id)) return id;
  }
}

/** `prefix` + slug of the title (S-guest-checkout), with `-2`, `-3`… when taken. */
export function nextSlugId(prefix: string, title: string, ids: Iterable<string>, fallback: string): string {
  const taken = new Set(ids);
  const base = `${prefix}${slugify(title) || fallback}`;
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}

/** Specs, personas and metrics get a readable slug ID; findings, decisions and inputs get the next number. */
export function nextId(type: ItemType, title: string, ids: Iterable<string>): string {
  const prefix = ID_PREFIXES[type];
  if (type === 'finding' || type === 'decision' || type === 'input') return nextNumberedId(prefix, ids);
  return nextSlugId(prefix, title, ids, `new-${type}`);
}

/**
 * The folder most items of this type live in (relative, with `/`), or the default one.
 * `paths` are the workspace-relative paths of the existing items of that type.
 */
export function folderFor(type: ItemType, paths: Iterable<string>): string {
  const counts = new Map<string, number>();
  for (const p of paths) {
    const dir = p.includes('/') ? p.slice(0, p.lastIndexOf('/')) : '';
    counts.set(dir, (counts.get(dir) ?? 0) + 1);
  }
  let best: string | undefined;
  let bestCount = 0;
  for (const [dir, n] of counts) {
    if (n > bestCount || (n === bestCount && best !== undefined && dir < best)) {
      best = dir;
      bestCount = n;
    }
  }
  return best ?? DEFAULT_FOLDERS[type];
}

/** The file name of a new item: its ID, plus a slug of the title for numbered IDs. */
export function fileNameFor(type: ItemType, id: string, title: string): string {
  if (type === 'spec' || type === 'persona') {
    const short = id.startsWith(ID_PREFIXES[type]) ? id.slice(ID_PREFIXES[type].length) : id;
    return `${short}.md`;
  }
  const slug = slugify(title);
  return slug ? `${id}-${slug}.md` : `${id}.md`;
}

export interface TemplateInput {
  type: ItemType;
  id: string;
  title: string;
  /** YYYY-MM-DD for findings and decisions. */
  today: string;
  /** Personas to prefill; empty leaves the list empty. */
  personas?: string[];
}

/** The text of a new document from the one template source (src/core/templates.ts), with the offset of the first thing to write. */
export function template(input: TemplateInput): { text: string; cursor: number } {
  return renderTemplate(itemTemplateOf(input.type), {
    id: input.id,
    yamlTitle: yamlString(input.title),
    heading: input.title.replace(/\r?\n/g, ' '),
    today: input.today,
    personas: input.personas,
  });
}
