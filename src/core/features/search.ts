import Fuse from 'fuse.js';
import type { Item, ParsedDocument } from '../model';
import type { ItemType } from '../types';
import type { WorkspaceIndex } from '../workspaceIndex';

/** One searchable item: what fuse.js ranks completion and the link-evidence picker by. */
export interface SearchEntry {
  id: string;
  type: ItemType;
  title: string;
  tags: string[];
  /** The first few hundred characters of the body, enough to find a finding by its words. */
  body: string;
  status: string;
  uri: string;
  doc: ParsedDocument;
  item: Item;
}

export interface SearchHit {
  entry: SearchEntry;
  /** 0 is a perfect match, 1 none at all (fuse.js scores). */
  score: number;
}

const BODY_CHARS = 400;

const FUSE_OPTIONS = {
  keys: [
    { name: 'id', weight: 3 },
    { name: 'title', weight: 2 },
    { name: 'tags', weight: 1.5 },
    { name: 'body', weight: 0.5 },
  ],
  includeScore: true,
  ignoreLocation: true,
  threshold: 0.35,
  useTokenSearch: true,
  tokenMatch: 'all' as const,
  // IDs stay one token (`f-014`), so that typing `F-01` finds them.
  tokenize: /[\p{L}\p{M}\p{N}_-]+/gu,
};

/**
 * The fuse.js indexes of one workspace index, one per item type. They are built on first use
 * and then brought up to date incrementally when the index's revision changes: only the
 * documents that were replaced are re-added, so typing in a spec costs one remove and one add.
 */
class SearchCache {
  revision = -1;
  private readonly entries = new Map<string, SearchEntry>();
  private readonly fuses = new Map<ItemType, Fuse<SearchEntry>>();
  private readonly docs = new Map<string, ParsedDocument>();

  constructor(private readonly index: WorkspaceIndex) {}

  update(): void {
    if (this.revision === this.index.revision) return;
    const first = this.revision === -1;
    this.revision = this.index.revision;
    const seen = new Set<string>();
    const added: SearchEntry[] = [];
    const removed = new Set<string>();
    for (const doc of this.index.documents()) {
      seen.add(doc.uri);
      if (this.docs.get(doc.uri) === doc) continue;
      this.docs.set(doc.uri, doc);
      const next = entryOf(doc);
      const prev = this.entries.get(doc.uri);
      if (prev && next && sameEntry(prev, next)) {
        this.entries.set(doc.uri, next);
        continue;
      }
      if (prev) removed.add(doc.uri);
      if (next) {
        this.entries.set(doc.uri, next);
        added.push(next);
      } else this.entries.delete(doc.uri);
    }
    for (const uri of this.docs.keys()) {
      if (seen.has(uri)) continue;
      this.docs.delete(uri);
      if (this.entries.delete(uri)) removed.add(uri);
    }
    if (first) {
      const byType = new Map<ItemType, SearchEntry[]>();
      for (const e of added) (byType.get(e.type) ?? byType.set(e.type, []).get(e.type)!).push(e);
      for (const [type, list] of byType) this.fuses.set(type, new Fuse(list, FUSE_OPTIONS));
      return;
    }
    if (removed.size) for (const fuse of this.fuses.values()) fuse.remove((e) => removed.has(e.uri));
    for (const e of added) {
      let fuse = this.fuses.get(e.type);
      if (!fuse) this.fuses.set(e.type, (fuse = new Fuse([], FUSE_OPTIONS)));
      fuse.add(e);
    }
  }

  /** Every entry of the given types (all types when undefined). */
  all(types?: readonly ItemType[]): SearchEntry[] {
    const out: SearchEntry[] = [];
    for (const e of this.entries.values()) if (!types || types.includes(e.type)) out.push(e);
    return out;
  }

  search(query: string, types: readonly ItemType[] | undefined, limit: number): SearchHit[] {
    const hits: SearchHit[] = [];
    for (const [type, fuse] of this.fuses) {
      if (types && !types.includes(type)) continue;
      for (const r of fuse.search(query, { limit })) hits.push({ entry: r.item, score: r.score ?? 1 });
    }
    return hits;
  }
}

const caches = new WeakMap<WorkspaceIndex, SearchCache>();

function cacheOf(index: WorkspaceIndex): SearchCache {
  let cache = caches.get(index);
  if (!cache) caches.set(index, (cache = new SearchCache(index)));
  cache.update();
  return cache;
}

function entryOf(doc: ParsedDocument): SearchEntry | undefined {
  const item = doc.item;
  if (!item?.id) return undefined;
  return {
    id: item.id,
    type: item.type,
    title: item.title ?? '',
    tags: item.tags,
    body: bodyExcerpt(doc, BODY_CHARS),
    status: item.status,
    uri: doc.uri,
    doc,
    item,
  };
}

function sameEntry(a: SearchEntry, b: SearchEntry): boolean {
  return a.id === b.id && a.type === b.type && a.title === b.title && a.status === b.status && a.body === b.body && a.tags.join('\0') === b.tags.join('\0');
}

/** The start of the body without a first heading that repeats the title. */
export function bodyExcerpt(doc: ParsedDocument, chars: number): string {
  let text = doc.text.slice(doc.bodyStart, doc.bodyStart + chars + 200).replace(/^\s+/, '');
  const heading = /^#{1,6}[ \t]+(.*)\r?\n/.exec(text);
  if (heading && heading[1].trim() === (doc.item?.title ?? '').trim()) text = text.slice(heading[0].length).replace(/^\s+/, '');
  return text.slice(0, chars);
}

/**
 * Items ranked for `query`, best first, restricted to `types`. An ID prefix ranks first, then
 * fuse.js over ID, title, tags and the start of the body. An empty query lists items by ID
 * (newest finding first for findings).
 */
export function searchItems(index: WorkspaceIndex, query: string, types?: readonly ItemType[], limit = 50): SearchEntry[] {
  const cache = cacheOf(index);
  const q = query.trim();
  if (q === '') {
    return cache
      .all(types)
      .sort((a, b) => (b.item.date ?? '').localeCompare(a.item.date ?? '') || a.id.localeCompare(b.id))
      .slice(0, limit);
  }
  const out: SearchEntry[] = [];
  const taken = new Set<string>();
  // Exact and prefix ID matches first: `F-01` should list F-010..F-019 before anything fuzzy.
  if (/^[A-Za-z][A-Za-z0-9_-]*$/.test(q)) {
    const exact = index.item(q);
    if (exact && exact.item.id && (!types || types.includes(exact.item.type))) {
      const e = cache.all(types).find((x) => x.id === q);
      if (e) {
        out.push(e);
        taken.add(e.uri);
      }
    }
  }
  const hits = cache.search(q, types, limit).sort((a, b) => a.score - b.score || a.entry.id.localeCompare(b.entry.id));
  for (const h of hits) {
    if (taken.has(h.entry.uri)) continue;
    taken.add(h.entry.uri);
    out.push(h.entry);
    if (out.length >= limit) break;
  }
  return out;
}
