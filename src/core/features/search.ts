import Fuse from 'fuse.js';
import type { Item, ParsedDocument } from '../model';
import type { ItemType } from '../types';
import type { WorkspaceIndex } from '../workspaceIndex';
import { editDistance } from '../ids';

/** One searchable item: what completion and the link-evidence picker rank. */
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

const BODY_CHARS = 400;
/** How many of the best cheap candidates fuse.js ranks. */
const RANKED = 30;

/** Field weights, for the cheap pre-ranking and for fuse.js. */
const WEIGHT = { id: 4, title: 3, tags: 2, body: 1 } as const;

const FUSE_OPTIONS = {
  keys: [
    { name: 'id', weight: WEIGHT.id },
    { name: 'title', weight: WEIGHT.title },
    { name: 'tags', weight: WEIGHT.tags },
    // Bitap over long text is what costs; the start of the body is enough to rank by.
    { name: 'body', weight: WEIGHT.body, getFn: (e: SearchEntry) => e.body.slice(0, 160) },
  ],
  includeScore: true,
  ignoreLocation: true,
  threshold: 0.6,
};

const WORD = /[\p{L}\p{M}\p{N}_-]+/gu;

function words(text: string): string[] {
  return text.toLowerCase().match(WORD) ?? [];
}

/** The tokens of an entry with the best field each appears in. IDs also count by their parts (`p-smb-owner` → `smb`). */
function tokensOf(e: SearchEntry): Map<string, number> {
  const out = new Map<string, number>();
  const add = (token: string, w: number) => {
    const t = token.replace(/^[-_]+|[-_]+$/g, '');
    if (t && (out.get(t) ?? 0) < w) out.set(t, w);
  };
  const id = e.id.toLowerCase();
  add(id, WEIGHT.id);
  for (const part of id.split(/[-_]/)) add(part, WEIGHT.id - 0.5);
  for (const w of words(e.title)) add(w, WEIGHT.title);
  for (const tag of e.tags) for (const w of words(tag)) add(w, WEIGHT.tags);
  for (const w of words(e.body)) add(w, WEIGHT.body);
  return out;
}

/**
 * The search structures of one workspace index: an inverted index from word to items (with
 * the field weight), a sorted vocabulary for prefix look-ups, and per-type lists for the empty
 * query. They are built on first use and updated per changed document when the index's
 * revision moves, so typing in a spec costs one document's worth of work.
 *
 * fuse.js over every finding of a 10,000-document workspace takes hundreds of milliseconds
 * per query; so the inverted index picks the candidates that contain every query word (by
 * prefix, or by a typo of at most one or two letters), and fuse.js ranks the best of those.
 */
class SearchCache {
  revision = -1;
  private readonly entries = new Map<string, SearchEntry>();
  private readonly docs = new Map<string, ParsedDocument>();
  private readonly tokens = new Map<SearchEntry, Map<string, number>>();
  private readonly postings = new Map<string, Map<SearchEntry, number>>();
  private vocab: string[] = [];
  /** Words added since `vocab` was sorted; scanned linearly until there are many. */
  private fresh = new Set<string>();
  private readonly byDate = new Map<ItemType, SearchEntry[] | undefined>();
  /** Every entry's lower-cased ID with its URI, sorted; rebuilt only when entries come or go. */
  private byId: { key: string; uri: string }[] | undefined;

  constructor(private readonly index: WorkspaceIndex) {}

  update(): void {
    if (this.revision === this.index.revision) return;
    this.revision = this.index.revision;
    // One map look-up per document: this runs after every keystroke in a 10,000-document index.
    for (const doc of this.index.documents()) {
      const known = this.docs.get(doc.uri);
      if (known === doc) continue;
      this.docs.set(doc.uri, doc);
      const next = entryOf(doc);
      const prev = this.entries.get(doc.uri);
      if (prev && next && sameEntry(prev, next)) {
        // Same searchable content: keep the index entries, point at the newer document.
        this.replace(prev, next);
        continue;
      }
      if (prev) this.remove(prev);
      if (next) this.add(next);
    }
    if (this.docs.size !== this.index.size) {
      for (const uri of [...this.docs.keys()]) {
        if (this.index.get(uri)) continue;
        this.docs.delete(uri);
        const prev = this.entries.get(uri);
        if (prev) this.remove(prev);
      }
    }
    if (this.fresh.size > 256) {
      const all = new Set([...this.vocab, ...this.fresh]);
      for (const w of all) if (!this.postings.has(w)) all.delete(w);
      this.vocab = [...all].sort();
      this.fresh.clear();
    }
  }

  private add(e: SearchEntry): void {
    this.byId = undefined;
    this.entries.set(e.uri, e);
    this.byDate.set(e.type, undefined);
    const tokens = tokensOf(e);
    this.tokens.set(e, tokens);
    for (const [t, w] of tokens) {
      let p = this.postings.get(t);
      if (!p) {
        this.postings.set(t, (p = new Map()));
        this.fresh.add(t);
      }
      p.set(e, w);
    }
  }

  private remove(e: SearchEntry): void {
    this.byId = undefined;
    this.entries.delete(e.uri);
    this.byDate.set(e.type, undefined);
    for (const t of this.tokens.get(e)?.keys() ?? []) {
      const p = this.postings.get(t);
      p?.delete(e);
      if (p && p.size === 0) this.postings.delete(t);
    }
    this.tokens.delete(e);
  }

  private replace(prev: SearchEntry, next: SearchEntry): void {
    const tokens = this.tokens.get(prev)!;
    this.tokens.delete(prev);
    this.tokens.set(next, tokens);
    for (const t of tokens.keys()) {
      const p = this.postings.get(t)!;
      const w = p.get(prev)!;
      p.delete(prev);
      p.set(next, w);
    }
    this.entries.set(next.uri, next);
    this.byDate.set(next.type, undefined);
  }

  /**
   * Up to `limit` entries of the given types whose ID starts with `prefix` (ignoring case), in ID
   * order. Typing `F-` in a 10,000-document workspace matches thousands of findings; a binary
   * search finds the first page without scoring them all.
   */
  idPrefix(prefix: string, types: readonly ItemType[], limit: number): SearchEntry[] {
    if (!this.byId) {
      this.byId = [...this.entries.values()].map(e => ({ key: e.id.toLowerCase(), uri: e.uri }));
      this.byId.sort((a, b) => cmp(a.key, b.key));
    }
    const p = prefix.toLowerCase();
    let lo = 0;
    let hi = this.byId.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.byId[mid].key < p) lo = mid + 1;
      else hi = mid;
    }
    const out: SearchEntry[] = [];
    for (let i = lo; i < this.byId.length && this.byId[i].key.startsWith(p) && out.length < limit; i++) {
      const e = this.entries.get(this.byId[i].uri);
      if (e && types.includes(e.type)) out.push(e);
    }
    return out;
  }

  /** Entries of a type, newest first (by `date`), then by ID. */
  newest(type: ItemType): SearchEntry[] {
    let list = this.byDate.get(type);
    if (!list) {
      list = [...this.entries.values()].filter(e => e.type === type);
      list.sort((a, b) => cmp(b.item.date ?? '', a.item.date ?? '') || cmp(a.id, b.id));
      this.byDate.set(type, list);
    }
    return list;
  }

  /** Vocabulary words that start with `prefix`. */
  private withPrefix(prefix: string): string[] {
    const out: string[] = [];
    let lo = 0;
    let hi = this.vocab.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.vocab[mid] < prefix) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < this.vocab.length && this.vocab[i].startsWith(prefix); i++)
      if (this.postings.has(this.vocab[i])) out.push(this.vocab[i]);
    for (const w of this.fresh) if (w.startsWith(prefix)) out.push(w);
    return out;
  }

  /** Vocabulary words within a small edit distance of `word`, sharing its first letter. */
  private near(word: string): string[] {
    const max = word.length <= 5 ? 1 : 2;
    const out: string[] = [];
    const visit = (w: string) => {
      if (Math.abs(w.length - word.length) <= max && editDistance(word, w, max) <= max) out.push(w);
    };
    for (const w of this.withPrefix(word[0])) visit(w);
    return out;
  }

  /** Candidates that match every query word, with a cheap score (higher is better). */
  candidates(query: string, types: readonly ItemType[] | undefined): Map<SearchEntry, number> {
    let result: Map<SearchEntry, number> | undefined;
    for (const word of words(query)) {
      const scores = new Map<SearchEntry, number>();
      const collect = (tokens: string[], factor: number) => {
        for (const t of tokens) {
          const exact = t === word ? 1 : 0.8;
          for (const [e, w] of this.postings.get(t) ?? []) {
            if (types && !types.includes(e.type)) continue;
            if (result && !result.has(e)) continue;
            const s = w * exact * factor;
            if ((scores.get(e) ?? 0) < s) scores.set(e, s);
          }
        }
      };
      collect(this.withPrefix(word), 1);
      if (scores.size === 0 && word.length >= 4) collect(this.near(word), 0.5);
      if (result) for (const [e, s] of scores) scores.set(e, s + result.get(e)!);
      result = scores;
      if (result.size === 0) break;
    }
    return result ?? new Map();
  }
}

/** A query that could be the start of an ID, such as `F`, `F-` or `R-check`. */
const ID_PREFIX = /^[A-Za-z][A-Za-z0-9_-]*$/;

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

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
  return (
    a.id === b.id &&
    a.type === b.type &&
    a.title === b.title &&
    a.status === b.status &&
    a.body === b.body &&
    a.tags.join('\0') === b.tags.join('\0')
  );
}

/** The start of the body without a first heading that repeats the title. */
export function bodyExcerpt(doc: ParsedDocument, chars: number): string {
  let text = doc.text.slice(doc.bodyStart, doc.bodyStart + chars + 200).replace(/^\s+/, '');
  const heading = /^#{1,6}[ \t]+(.*)\r?\n/.exec(text);
  if (heading && heading[1].trim() === (doc.item?.title ?? '').trim())
    text = text.slice(heading[0].length).replace(/^\s+/, '');
  return text.slice(0, chars);
}

/**
 * Ranks `entries` for `query` with fuse.js over ID, title, tags and body, best first. Entries
 * fuse.js does not match keep their order after the matched ones. Exported for the tests.
 */
export function rankWithFuse(entries: SearchEntry[], query: string): SearchEntry[] {
  const fuse = new Fuse(entries, FUSE_OPTIONS);
  const ranked = fuse.search(query).map(r => r.item);
  const taken = new Set(ranked);
  return [...ranked, ...entries.filter(e => !taken.has(e))];
}

/**
 * Items ranked for `query`, best first, restricted to `types`. An exact ID comes first; then
 * the candidates that contain every word of the query (or a near spelling of it) in their ID,
 * title, tags or the start of the body, ranked with fuse.js. An empty query lists the newest
 * items first.
 */
export function searchItems(
  index: WorkspaceIndex,
  query: string,
  types?: readonly ItemType[],
  limit = 50,
): SearchEntry[] {
  const cache = cacheOf(index);
  const q = query.trim();
  const wanted = types ?? (['finding', 'decision', 'persona', 'spec', 'input', 'metric'] as const);
  const newest = () => {
    const out: SearchEntry[] = [];
    for (const type of wanted) out.push(...cache.newest(type).slice(0, limit));
    return out;
  };
  if (q === '') return newest().slice(0, limit);
  if (ID_PREFIX.test(q)) {
    // Many IDs share what was typed: their ID order is what the user is scanning for.
    const hits = cache.idPrefix(q, wanted, limit);
    if (hits.length >= limit) return hits;
    // One letter says too little to rank by: the IDs it starts, then the newest items.
    if (q.length === 1) return [...new Set([...hits, ...newest()])].slice(0, limit);
  }
  const scored = [...cache.candidates(q, types)];
  scored.sort((a, b) => b[1] - a[1] || cmp(a[0].id, b[0].id));
  const best = scored.slice(0, Math.max(RANKED, limit)).map(([e]) => e);
  const ranked = rankWithFuse(best.slice(0, RANKED), q).concat(best.slice(RANKED));
  // An exact ID wins over everything fuzzy.
  const exact = ranked.findIndex(e => e.id.toLowerCase() === q.toLowerCase());
  if (exact > 0) ranked.unshift(...ranked.splice(exact, 1));
  return ranked.slice(0, limit);
}
