import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Item, LinkRef, ParsedDocument, Requirement } from '../core/model';
import { LineMap } from '../core/text';

declare const GROUNDED_VERSION: string | undefined;

/**
 * The CLI's parse cache (issue 7). One JSON file per checked folder maps each file's relative
 * path to the SHA-1 of its text and the parsed document, so a run where nothing changed reads
 * and hashes the files but parses none of them. It is keyed by the Grounded version and a
 * format number, written atomically (temporary file, then rename), and anything unexpected in
 * it (bad JSON, a truncated file, another version) makes it be ignored and rebuilt, never a
 * crash. Only parsing is cached: diagnostics depend on the whole folder and are recomputed,
 * so the cache cannot make a report differ from an uncached one.
 */
export const CACHE_FORMAT = 2;

/** A parsed document without its text, URI or line map, with links stored once. */
export interface CachedDocument {
  frontmatter?: ParsedDocument['frontmatter'];
  bodyStart: number;
  item?: Omit<Item, 'personas' | 'evidence' | 'decisions' | 'supersedes' | 'supersededBy' | 'requirements'> & {
    personas: number[];
    evidence: number[];
    decisions: number[];
    supersedes: number[];
    supersededBy?: number;
    requirements: (Omit<Requirement, 'evidence' | 'decisions' | 'personas'> & { evidence: number[]; decisions: number[]; personas: number[] })[];
  };
  declarations: { id: string; kind: ParsedDocument['declarations'][number]['kind']; span: { start: number; end: number }; parent?: string }[];
  links: LinkRef[];
  bodyRefs: ParsedDocument['bodyRefs'];
  problems: ParsedDocument['problems'];
}

interface CacheFile {
  format: number;
  version: string;
  entries: Record<string, { hash: string; doc: CachedDocument }>;
}

export function contentHash(text: string): string {
  return crypto.createHash('sha1').update(text).digest('base64');
}

function version(): string {
  return typeof GROUNDED_VERSION === 'string' ? GROUNDED_VERSION : '0.0.0-dev';
}

/** Where the cache of `root` lives: `GROUNDED_CACHE_DIR`, `ROOT/node_modules/.cache/grounded`, or the OS cache folder. */
export function cacheFileFor(root: string, env: NodeJS.ProcessEnv = process.env): string {
  let dir = env.GROUNDED_CACHE_DIR;
  if (!dir) {
    if (fs.existsSync(path.join(root, 'node_modules'))) dir = path.join(root, 'node_modules', '.cache', 'grounded');
    else if (process.platform === 'win32') dir = path.join(env.LOCALAPPDATA ?? os.tmpdir(), 'grounded', 'cache');
    else if (process.platform === 'darwin') dir = path.join(os.homedir(), 'Library', 'Caches', 'grounded');
    else dir = path.join(env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'grounded');
  }
  let real = root;
  try {
    real = fs.realpathSync(root);
  } catch {
    // the walk reports a missing root
  }
  const name = crypto.createHash('sha1').update(real).digest('hex').slice(0, 20);
  return path.join(dir, `${name}.json`);
}

/** The cached entries of one folder; empty when the file is missing, unreadable, corrupt or from another version. */
export function readCache(file: string): Map<string, { hash: string; doc: CachedDocument }> {
  try {
    const data = JSON.parse(fs.readFileSync(file, 'utf8')) as CacheFile;
    if (data?.format !== CACHE_FORMAT || data.version !== version() || typeof data.entries !== 'object' || data.entries === null) return new Map();
    return new Map(Object.entries(data.entries));
  } catch {
    return new Map();
  }
}

/** Writes the cache atomically; a failure (read-only folder, full disk) only costs speed next time. */
export function writeCache(file: string, entries: Map<string, { hash: string; doc: CachedDocument }>): void {
  writeAtomically(file, () => JSON.stringify({ format: CACHE_FORMAT, version: version(), entries: Object.fromEntries(entries) } satisfies CacheFile));
}

/**
 * Writes a cache file through a temporary file and a rename, so that a reader never sees half
 * of it; a failure (read-only folder, full disk) only costs speed next time.
 */
export function writeAtomically(file: string, contents: () => string | Uint8Array): void {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(tmp, contents());
    fs.renameSync(tmp, file);
  } catch {
    try {
      fs.rmSync(tmp, { force: true });
    } catch {
      // nothing more to do
    }
  }
}

/** Turns a parsed document into plain data for the cache (or a worker's message). */
export function serializeDocument(doc: ParsedDocument): CachedDocument {
  const index = new Map<LinkRef, number>();
  doc.links.forEach((l, i) => index.set(l, i));
  const ref = (l: LinkRef) => index.get(l) ?? -1;
  const out: CachedDocument = {
    bodyStart: doc.bodyStart,
    declarations: doc.declarations.map((d) => (d.parent === undefined ? { id: d.id, kind: d.kind, span: d.span } : { id: d.id, kind: d.kind, span: d.span, parent: d.parent })),
    links: doc.links,
    bodyRefs: doc.bodyRefs,
    problems: doc.problems,
  };
  if (doc.frontmatter) out.frontmatter = doc.frontmatter;
  const item = doc.item;
  if (item) {
    out.item = {
      ...item,
      personas: item.personas.map(ref),
      evidence: item.evidence.map(ref),
      decisions: item.decisions.map(ref),
      supersedes: item.supersedes.map(ref),
      supersededBy: item.supersededBy ? ref(item.supersededBy) : undefined,
      requirements: item.requirements.map((r) => ({ ...r, evidence: r.evidence.map(ref), decisions: r.decisions.map(ref), personas: r.personas.map(ref) })),
    };
    if (out.item.supersededBy === undefined) delete out.item.supersededBy;
  }
  return out;
}

/**
 * Rebuilds a parsed document from cached data and its text. The links of the item and
 * requirements are the same objects as in `links`, as `parseMarkdown` makes them. Throws on malformed data (the caller then parses the text).
 */
export function reviveDocument(uri: string, text: string, c: CachedDocument): ParsedDocument {
  const links = c.links;
  const link = (i: number): LinkRef => {
    const l = links[i];
    if (!l) throw new Error('bad cache entry');
    return l;
  };
  const doc = {
    uri,
    text,
    lines: new LineMap(text),
    bodyStart: c.bodyStart,
    declarations: c.declarations.map((d) => ({ ...d, uri })),
    links,
    bodyRefs: c.bodyRefs,
    problems: c.problems,
  } as unknown as ParsedDocument;
  if (c.frontmatter) doc.frontmatter = c.frontmatter;
  if (c.item) {
    const i = c.item;
    const item: Item = {
      ...i,
      personas: i.personas.map(link),
      evidence: i.evidence.map(link),
      decisions: i.decisions.map(link),
      supersedes: i.supersedes.map(link),
      supersededBy: i.supersededBy === undefined ? undefined : link(i.supersededBy),
      requirements: i.requirements.map((r) => ({ ...r, evidence: r.evidence.map(link), decisions: r.decisions.map(link), personas: r.personas.map(link) })),
    };
    if (item.supersededBy === undefined) delete item.supersededBy;
    doc.item = item;
  }
  if (!Array.isArray(doc.links) || !Array.isArray(doc.bodyRefs) || !Array.isArray(doc.problems)) throw new Error('bad cache entry');
  return doc;
}
