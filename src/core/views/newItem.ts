/**
 * New documents from templates: the next free ID, a file name, and the Markdown text.
 * Pure: the editor turns the result into a WorkspaceEdit that creates the file.
 */
import type { ItemType } from '../types';
import { escapeRegExp } from '../presentation';

export const PREFIXES: Record<ItemType, string> = {
  spec: 'S-',
  finding: 'F-',
  persona: 'P-',
  decision: 'D-',
  input: 'I-',
  metric: 'M-',
};

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
  const prefix = PREFIXES[type];
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
    const short = id.startsWith(PREFIXES[type]) ? id.slice(PREFIXES[type].length) : id;
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

/** The text of a new document, with a cursor hint: the offset of the first thing to write. */
export function template(input: TemplateInput): { text: string; cursor: number } {
  const title = yamlString(input.title);
  const personas = `[${(input.personas ?? []).join(', ')}]`;
  const heading = `# ${input.title.replace(/\r?\n/g, ' ')}`;
  let front: string[];
  let body: string[];
  switch (input.type) {
    case 'spec': {
      const rid = `R-${input.id.replace(/^S-/, '')}-1`;
      front = [
        `id: ${input.id}`,
        'type: spec',
        `title: ${title}`,
        'status: draft',
        `personas: ${personas}`,
        'requirements:',
        `  - id: ${rid}`,
        '    text: Describe what must be true',
        '    priority: should',
        '    evidence: []',
      ];
      body = [
        heading,
        '',
        'What problem this solves, for whom, and how we will know it worked.',
        '',
        `## ${rid}`,
        '',
        '',
      ];
      break;
    }
    case 'finding':
      front = [
        `id: ${input.id}`,
        'type: finding',
        `title: ${title}`,
        'source: interview',
        `date: ${input.today}`,
        `personas: ${personas}`,
        'confidence: medium',
        'status: active',
        'tags: []',
      ];
      body = [heading, '', 'What was observed, with quotes as blockquotes and a link to the raw data.', ''];
      break;
    case 'persona':
      front = [`id: ${input.id}`, 'type: persona', `title: ${title}`];
      body = [heading, '', 'Who they are, what they are trying to do, and what gets in their way.', ''];
      break;
    case 'decision':
      front = [
        `id: ${input.id}`,
        'type: decision',
        `title: ${title}`,
        'status: proposed',
        `date: ${input.today}`,
        'evidence: []',
        `personas: ${personas}`,
      ];
      body = [heading, '', '## Context', '', '## Decision', '', '## Consequences', ''];
      break;
    case 'input':
      front = [
        `id: ${input.id}`,
        'type: input',
        `title: ${title}`,
        'from: sales',
        `date: ${input.today}`,
        'importance: medium',
        'status: new',
      ];
      body = [heading, '', 'What was said, by whom, in what context.', ''];
      break;
    case 'metric':
      front = [
        `id: ${input.id}`,
        'type: metric',
        `title: ${title}`,
        'unit: "%"',
        'direction: increase',
        'baseline: 0',
        'target: 0',
        'owners: []',
      ];
      body = [heading, '', 'How it is measured, and where the numbers come from.', ''];
      break;
  }
  const head = ['---', ...front, '---', ''].join('\n');
  const text = head + body.join('\n');
  // Put the cursor on the first placeholder line of the body.
  const cursor = head.length + heading.length + 2;
  return { text, cursor };
}

/** A YAML scalar for a title: plain when safe, double-quoted otherwise. */
export function yamlString(value: string): string {
  const v = value.replace(/\r?\n/g, ' ').trim();
  if (
    v &&
    /^[A-Za-z0-9][^:#\n"'\\]*$/.test(v) &&
    !/\s$/.test(v) &&
    !/^(true|false|null|yes|no|on|off|~)$/i.test(v) &&
    !/^[\d.eE+-]+$/.test(v)
  )
    return v;
  return JSON.stringify(v);
}
