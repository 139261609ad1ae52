import type { Declaration, Item, LinkRef, ParsedDocument, Requirement } from './model';
import type { Config } from './config';
import type { Diagnostic, Span } from './types';
import { computeDiagnostics } from './diagnostics';
import { RULES } from './rules';
import type { Reads } from './rules/rule';
import { groundRequirement, type Grounding } from './grounding';

/** A place that names an ID: a frontmatter link or a token in the body. */
export interface Reference {
  uri: string;
  id: string;
  span: Span;
  /** The link for frontmatter references; undefined for body tokens. */
  link?: LinkRef;
}

export interface IndexOptions {
  config: Config;
  /** "Today" as YYYY-MM-DD, for staleness and expiring waivers. */
  today: string;
}

/**
 * The evidence graph of one workspace folder. Documents are added, replaced and removed one at
 * a time; each change returns the URIs whose diagnostics may have changed, and only those are
 * recomputed.
 */
export class WorkspaceIndex {
  private readonly docs = new Map<string, ParsedDocument>();
  private readonly declarations = new Map<string, Declaration[]>();
  /**
   * ID → the URIs that reference it (frontmatter or body), once per reference, in the order they
   * came. An array rather than a count per URI: tens of thousands of small Maps were a tenth of
   * a cold check's memory and time (docs/performance.md).
   */
  private readonly referrers = new Map<string, string[]>();
  private readonly diagnosticCache = new Map<string, Diagnostic[]>();
  /** Every declared ID, for "did you mean" suggestions without a scan of all IDs. */
  private readonly idTrie = new IdTrie();
  /** `nearestIds` answers, valid while the set of declared IDs stays the same (typing mostly keeps it). */
  private readonly nearestMemo = new Map<string, string[]>();
  private version = 0;
  private answers: Answers = { items: new Map(), groundings: new Map() };
  /** What the enabled rules read of other documents, joined (see `Rule.reads`). */
  private reads: DerivedReads;

  constructor(public options: IndexOptions) {
    this.reads = derivedReads(options.config);
  }

  get config(): Config {
    return this.options.config;
  }

  get today(): string {
    return this.options.today;
  }

  /** Increases with every change; views use it to know when to refresh. */
  get revision(): number {
    return this.version;
  }

  /** Adds or replaces a document. Returns the URIs whose diagnostics may have changed. */
  set(doc: ParsedDocument): string[] {
    const old = this.docs.get(doc.uri);
    // Typing rarely changes which IDs a document declares or cites. Then the ID trie, the memo
    // and the maps keep their entries; only the declarations' objects (with their new spans)
    // are swapped in place.
    const sameIds = old !== undefined && declaredIds(old) === declaredIds(doc);
    if (!sameIds) this.nearestMemo.clear();
    if (sameIds) this.replaceDeclarations(old, doc);
    else {
      if (old) this.unlinkDeclarations(old);
      this.linkDeclarations(doc);
    }
    this.docs.set(doc.uri, doc);
    this.relinkReferences(doc.uri, old, doc);
    return this.invalidate(doc.uri, old, doc);
  }

  /**
   * Adds a document to an index that is being built, before anything has been asked of it:
   * `set` without working out what the change affects (docs/performance.md: a cold check adds 10,000).
   */
  add(doc: ParsedDocument): void {
    if (this.docs.has(doc.uri) || this.diagnosticCache.size > 0) {
      this.set(doc);
      return;
    }
    if (this.nearestMemo.size > 0) this.nearestMemo.clear();
    this.forget(undefined, doc, false);
    this.linkDeclarations(doc);
    this.docs.set(doc.uri, doc);
    for (const link of doc.links) this.addReferrer(link.id, doc.uri, 1);
    for (const ref of doc.bodyRefs) this.addReferrer(ref.id, doc.uri, 1);
    this.version++;
  }

  /** Removes a document. Returns the URIs whose diagnostics may have changed (not including it). */
  delete(uri: string): string[] {
    const old = this.docs.get(uri);
    if (!old) return [];
    if (old.declarations.length > 0) this.nearestMemo.clear();
    this.unlinkDeclarations(old);
    this.relinkReferences(uri, old, undefined);
    this.docs.delete(uri);
    const affected = this.invalidate(uri, old, undefined);
    this.diagnosticCache.delete(uri);
    return affected.filter(u => u !== uri);
  }

  /** Changes options (config, today) and drops every cached diagnostic. */
  reconfigure(options: IndexOptions): void {
    this.options = options;
    this.reads = derivedReads(options.config);
    this.diagnosticCache.clear();
    this.forget(undefined, undefined, false);
    this.version++;
  }

  get(uri: string): ParsedDocument | undefined {
    return this.docs.get(uri);
  }

  documents(): IterableIterator<ParsedDocument> {
    return this.docs.values();
  }

  get size(): number {
    return this.docs.size;
  }

  /** Every declaration of `id` (more than one is a duplicate). */
  lookup(id: string): readonly Declaration[] {
    return this.declarations.get(id) ?? [];
  }

  allIds(): IterableIterator<string> {
    return this.declarations.keys();
  }

  /**
   * The declared IDs nearest to `word`: the same answer as `nearest(word, allIds(), limit)`,
   * found by a walk of a trie of the IDs that stops as soon as the distance is too large, so a
   * broken link costs microseconds rather than a comparison with every ID (docs/performance.md).
   */
  nearestIds(word: string, limit = 3): string[] {
    const key = `${limit}\u0000${word}`;
    let found = this.nearestMemo.get(key);
    if (!found) {
      found = this.idTrie.nearest(word, limit);
      if (this.nearestMemo.size >= 10_000) this.nearestMemo.clear();
      this.nearestMemo.set(key, found);
    }
    return found.slice();
  }

  /** The item declared with `id`, if it is an item (not a requirement). */
  item(id: string): { doc: ParsedDocument; item: Item } | undefined {
    let found = this.answers.items.get(id);
    if (found === undefined) {
      found = null;
      for (const decl of this.lookup(id)) {
        if (decl.kind === 'requirement') continue;
        const doc = this.docs.get(decl.uri);
        if (doc?.item && doc.item.id === id) {
          found = { doc, item: doc.item };
          break;
        }
      }
      this.answers.items.set(id, found);
    }
    return found ?? undefined;
  }

  /**
   * Forgets the answers a change can alter (docs/performance.md). The rules of one spec ask for the same
   * items and groundings many times (a 300-requirement spec: ~6,000 lookups in the big ID map
   * per keystroke), and a keystroke changes none of them but its own document's: when the
   * declared IDs and what others can see stay the same, only the answers for the IDs the
   * document declares are dropped. Groundings depend on the requirement's own fields (their
   * key) and on what others can see of the items it cites, so they stay too.
   */
  private forget(before: ParsedDocument | undefined, after: ParsedDocument | undefined, outwardSame: boolean): void {
    // What others can see includes the declared IDs, so an unchanged outward signature means the same IDs.
    if (!before || !after || !outwardSame) {
      if (this.answers.items.size > 0 || this.answers.groundings.size > 0)
        this.answers = { items: new Map(), groundings: new Map() };
      return;
    }
    for (const decl of before.declarations) this.answers.items.delete(decl.id);
    if (this.answers.groundings.size > 50_000) this.answers.groundings.clear();
  }

  requirement(id: string): { doc: ParsedDocument; spec: Item; requirement: Requirement } | undefined {
    for (const decl of this.lookup(id)) {
      if (decl.kind !== 'requirement') continue;
      const doc = this.docs.get(decl.uri);
      const requirement = doc?.item?.requirements.find(r => r.id === id);
      if (doc?.item && requirement) return { doc, spec: doc.item, requirement };
    }
    return undefined;
  }

  /** Every reference to `id` across the workspace, frontmatter first, in a stable order. */
  references(id: string): Reference[] {
    const out: Reference[] = [];
    const uris = this.referrersOf(id).sort();
    for (const uri of uris) {
      const doc = this.docs.get(uri)!;
      for (const link of doc.links) if (link.id === id) out.push({ uri, id, span: link.span, link });
      for (const ref of doc.bodyRefs) if (ref.id === id) out.push({ uri, id, span: ref.span });
    }
    return out;
  }

  /** The URIs that reference `id`. */
  referrersOf(id: string): string[] {
    const all = this.referrers.get(id);
    if (!all) return [];
    return all.length === 1 ? [all[0]] : [...new Set(all)];
  }

  /** The frontmatter links to `id` that cite it as evidence or as a decision. */
  citations(id: string): { uri: string; link: LinkRef }[] {
    const out: { uri: string; link: LinkRef }[] = [];
    for (const uri of this.referrersOf(id)) {
      for (const link of this.docs.get(uri)!.links) {
        if (link.id === id && /(^|\.)(evidence|decisions)$/.test(link.field)) out.push({ uri, link });
      }
    }
    return out;
  }

  /** The grounding of a requirement; the result is shared, do not change it. */
  grounding(requirement: Requirement): Grounding {
    const key = groundingKey(requirement);
    let found = this.answers.groundings.get(key);
    if (!found) this.answers.groundings.set(key, (found = groundRequirement(this, requirement)));
    return found;
  }

  /** The diagnostics of one document, computed once after each change that can affect them. */
  diagnostics(uri: string): Diagnostic[] {
    let cached = this.diagnosticCache.get(uri);
    if (!cached) {
      const doc = this.docs.get(uri);
      if (!doc) return [];
      cached = computeDiagnostics(doc, this);
      this.diagnosticCache.set(uri, cached);
    }
    return cached;
  }

  /**
   * The diagnostics of one document for a one-off report: from the cache when they are there,
   * else computed without being kept, so that a whole folder's diagnostics objects do not all
   * stay alive (docs/performance.md: a cold check's memory).
   */
  diagnosticsOnce(uri: string): Diagnostic[] {
    const cached = this.diagnosticCache.get(uri);
    if (cached) return cached;
    const doc = this.docs.get(uri);
    return doc ? computeDiagnostics(doc, this) : [];
  }

  /**
   * Adds the document's declarations. An ID declared more than once keeps its declarations in
   * walk order (by URI, folder by folder) whatever order the documents came in, so that the
   * editor, which re-adds a document at each change, and a fresh build agree on which comes
   * first (the item an ID names, and the order of a duplicate's related places).
   */
  private linkDeclarations(doc: ParsedDocument): void {
    for (const decl of doc.declarations) {
      const list = this.declarations.get(decl.id);
      if (list) {
        let at = list.length;
        while (at > 0 && compareUris(list[at - 1].uri, decl.uri) > 0) at--;
        list.splice(at, 0, decl);
      } else {
        this.declarations.set(decl.id, [decl]);
        this.idTrie.add(decl.id);
      }
    }
  }

  private unlinkDeclarations(doc: ParsedDocument): void {
    for (const decl of doc.declarations) {
      const list = this.declarations.get(decl.id);
      if (!list) continue;
      const rest = list.filter(d => d.uri !== doc.uri);
      if (rest.length) this.declarations.set(decl.id, rest);
      else if (this.declarations.delete(decl.id)) this.idTrie.remove(decl.id);
    }
  }

  /** `before` and `after` declare the same IDs in the same order: put the new objects in the old ones' places. */
  private replaceDeclarations(before: ParsedDocument, after: ParsedDocument): void {
    after.declarations.forEach((decl, i) => {
      const list = this.declarations.get(decl.id)!;
      const at = list.indexOf(before.declarations[i]);
      if (at >= 0) list[at] = decl;
      else list.push(decl);
    });
  }

  /** Updates the referrer counts of `uri` by the difference between the IDs it cited before and after. */
  private relinkReferences(uri: string, before: ParsedDocument | undefined, after: ParsedDocument | undefined): void {
    if (before && after && sameIdSequence(before.links, after.links) && sameIdSequence(before.bodyRefs, after.bodyRefs))
      return;
    const delta = new Map<string, number>();
    const count = (refs: readonly { id: string }[] | undefined, sign: number) => {
      for (const r of refs ?? []) delta.set(r.id, (delta.get(r.id) ?? 0) + sign);
    };
    count(before?.links, -1);
    count(before?.bodyRefs, -1);
    count(after?.links, 1);
    count(after?.bodyRefs, 1);
    for (const [id, n] of delta) if (n !== 0) this.addReferrer(id, uri, n);
  }

  /** Changes how many times `uri` references `id` by `n` (removing the latest references first). */
  private addReferrer(id: string, uri: string, n: number): void {
    let all = this.referrers.get(id);
    if (!all) this.referrers.set(id, (all = []));
    for (; n > 0; n--) all.push(uri);
    for (; n < 0; n++) {
      const at = all.lastIndexOf(uri);
      if (at < 0) break;
      all.splice(at, 1);
    }
    if (all.length === 0) this.referrers.delete(id);
  }

  /**
   * Whoever names an item whose `superseded_by` chain reaches one of `ids`: walks back from
   * `ids` through the documents whose `superseded_by` names them, the way `decisionEvidence`
   * walks back through decisions, once per ID (so a cycle ends).
   */
  private supersededChainReferrers(ids: Iterable<string>): Set<string> {
    const out = new Set<string>();
    const seen = new Set(ids);
    const queue = [...seen];
    while (queue.length > 0) {
      for (const referrer of this.referrersOf(queue.pop()!)) {
        out.add(referrer);
        const item = this.docs.get(referrer)?.item;
        const by = item?.supersededBy?.id;
        if (item?.id && by && seen.has(by) && !seen.has(item.id)) {
          seen.add(item.id);
          queue.push(item.id);
        }
      }
    }
    return out;
  }

  /**
   * What a change to one document can affect, derived from what the enabled rules declare they
   * read of other documents (`Rule.reads`): the document itself; with `declarers`,
   * whoever also declares its IDs; when the fields the rules read of it (or its declarations)
   * changed, with `targets` whoever names its IDs and with `decisionEvidence` whoever cites a
   * decision that names them, and with `successors` whoever names a finding whose
   * `superseded_by` chain reaches them; with `citers`, the items whose citations by it changed; and with
   * `allIds`, when the IDs it declares changed, every document that names an undeclared ID
   * (its suggestions may have changed). A keystroke in a requirement's text changes none of
   * that, so it recomputes one document.
   */
  private invalidate(uri: string, before: ParsedDocument | undefined, after: ParsedDocument | undefined): string[] {
    this.version++;
    const reads = this.reads;
    const affected = new Set<string>([uri]);
    const declared = new Set<string>();
    for (const d of [before, after]) for (const decl of d?.declarations ?? []) declared.add(decl.id);
    if (reads.declarers) for (const id of declared) for (const decl of this.lookup(id)) affected.add(decl.uri);
    this.forget(before, after, outwardSignature(before) === outwardSignature(after));
    if (reads.targets && seenBy(before, reads.targets) !== seenBy(after, reads.targets)) {
      const viaDecisions = new Set<string>();
      for (const id of declared) {
        for (const referrer of this.referrersOf(id)) {
          affected.add(referrer);
          const item = reads.decisionEvidence ? this.docs.get(referrer)?.item : undefined;
          if (item?.type === 'decision' && item.id) viaDecisions.add(item.id);
        }
      }
      for (const id of viaDecisions) for (const referrer of this.referrersOf(id)) affected.add(referrer);
      if (reads.successors) for (const uri of this.supersededChainReferrers(declared)) affected.add(uri);
      // A measurement changes the outcome of every spec that names its metric.
      for (const d of [before, after])
        if (d?.item?.metric) for (const referrer of this.referrersOf(d.item.metric.id)) affected.add(referrer);
    }
    if (reads.citers)
      for (const id of changedCitations(before, after)) for (const decl of this.lookup(id)) affected.add(decl.uri);
    if (reads.allIds && declarationsOf(before) !== declarationsOf(after)) {
      for (const [id, uris] of this.referrers) if (!this.declarations.has(id)) for (const u of uris) affected.add(u);
    }
    for (const u of affected) this.diagnosticCache.delete(u);
    return [...affected].filter(u => this.docs.has(u) || u === uri);
  }
}

/** The union of the enabled rules' `reads`, with their `targets` fields as one list. */
interface DerivedReads {
  targets?: (keyof Item)[];
  decisionEvidence: boolean;
  successors: boolean;
  declarers: boolean;
  citers: boolean;
  allIds: boolean;
}

function derivedReads(config: Config): DerivedReads {
  const out: DerivedReads = {
    decisionEvidence: false,
    successors: false,
    declarers: false,
    citers: false,
    allIds: false,
  };
  let fields: Set<keyof Item> | undefined;
  for (const rule of RULES) {
    const reads: Reads | undefined = rule.reads;
    if (!reads || (config.rules[rule.id] ?? rule.defaultSeverity) === 'off') continue;
    if (reads.targets) for (const f of reads.targets) (fields ??= new Set()).add(f);
    out.decisionEvidence ||= !!reads.decisionEvidence;
    out.successors ||= !!reads.successors;
    out.declarers ||= !!reads.declarers;
    out.citers ||= !!reads.citers;
    out.allIds ||= !!reads.allIds;
  }
  if (fields) out.targets = [...fields];
  return out;
}

/** What the rules that read `fields` of a document's targets see of it: its declarations and those fields. */
function seenBy(doc: ParsedDocument | undefined, fields: readonly (keyof Item)[]): string {
  if (!doc) return '';
  const item = doc.item;
  let out = declarationsOf(doc);
  if (item) for (const f of fields) out += `\n${fieldText(item[f])}`;
  return out;
}

/** A field's value as text, links by their IDs. */
function fieldText(value: Item[keyof Item]): string {
  if (Array.isArray(value))
    return value.map(v => (typeof v === 'object' && v && 'id' in v ? v.id : JSON.stringify(v))).join(',');
  if (value && typeof value === 'object') return 'id' in value ? String(value.id) : JSON.stringify(value);
  return String(value);
}

function declarationsOf(doc: ParsedDocument | undefined): string {
  return doc ? doc.declarations.map(d => `${d.kind}:${d.id}`).join(',') : '';
}

interface Answers {
  /** ID → its item, or null for none. */
  items: Map<string, { doc: ParsedDocument; item: Item } | null>;
  /** `groundingKey` → the grounding. */
  groundings: Map<string, Grounding>;
}

/** What a requirement's grounding depends on besides the items it cites. */
function groundingKey(r: Requirement): string {
  let key = `${r.priority}\u0000${r.waiver ?? '\u0001'}\u0000${r.waiverUntil ?? ''}\u0000`;
  for (const l of r.evidence) key += `${l.id},`;
  key += '\u0000';
  for (const l of r.decisions) key += `${l.id},`;
  return key;
}

/** Walk order of two URIs: segment by segment, by code unit. */
function compareUris(a: string, b: string): number {
  if (a === b) return 0;
  const x = a.split('/');
  const y = b.split('/');
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] < y[i] ? -1 : 1;
  return x.length - y.length;
}

function declaredIds(doc: ParsedDocument): string {
  return doc.declarations.map(d => d.id).join('\u0000');
}

/** What the answers kept across changes (items, groundings) depend on of a document: its declarations and these fields. */
function outwardSignature(doc: ParsedDocument | undefined): string {
  if (!doc) return '';
  const item = doc.item;
  const ids = (links: LinkRef[]) => links.map(l => l.id).join(',');
  return [
    doc.declarations.map(d => `${d.kind}:${d.id}`).join(','),
    item
      ? [
          item.type,
          item.broken,
          item.status,
          item.date,
          item.validUntil,
          item.supersededBy?.id,
          ids(item.personas),
          ids(item.evidence),
        ].join('|')
      : '',
    // What trace, outcomes and the input and metric rules read of an input, a metric or a measurement (docs/format.md).
    item
      ? [item.from, item.metric?.id, item.value, item.direction, item.target, item.baseline, item.unit].join('|')
      : '',
  ].join('\n');
}

function sameIdSequence(a: readonly { id: string }[], b: readonly { id: string }[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i].id !== b[i].id) return false;
  return true;
}

/** The IDs whose frontmatter citations by this document changed: their "unused" state may have. */
function changedCitations(before: ParsedDocument | undefined, after: ParsedDocument | undefined): Set<string> {
  if (
    before &&
    after &&
    before.links.length === after.links.length &&
    before.links.every((l, i) => l.id === after.links[i].id && l.field === after.links[i].field)
  ) {
    return new Set();
  }
  const count = (doc: ParsedDocument | undefined, sign: number, into: Map<string, number>) => {
    for (const l of doc?.links ?? []) {
      const key = `${l.field}\u0000${l.id}`;
      into.set(key, (into.get(key) ?? 0) + sign);
    }
  };
  const diff = new Map<string, number>();
  count(before, -1, diff);
  count(after, 1, diff);
  const changed = new Set<string>();
  for (const [key, n] of diff) if (n !== 0) changed.add(key.slice(key.indexOf('\u0000') + 1));
  return changed;
}

interface TrieNode {
  /** Child characters (UTF-16 code units) and the nodes they lead to, side by side: arrays iterate faster than a Map. */
  chars: number[];
  kids: TrieNode[];
  /** The ID that ends here, if any. */
  id?: string;
}

function trieNode(): TrieNode {
  return { chars: [], kids: [] };
}

/**
 * A set of IDs that answers `nearest` queries by walking a trie with one row of the edit
 * distance table per character, and abandoning a branch once every cell of its row exceeds the
 * limit. It gives exactly what `nearest(word, ids, limit)` of `ids.ts` gives; only the cost
 * differs: a typo among 30,000 IDs visits a few thousand trie nodes instead of comparing
 * 30,000 strings.
 */
class IdTrie {
  /** One trie per ID length, so that a walk can also prune on the length still to come. */
  private readonly roots = new Map<number, TrieNode>();
  /** Lower-cased ID → the IDs with that spelling, for the case-only matches `nearest` prefers. */
  private readonly lower = new Map<string, Set<string>>();

  add(id: string): void {
    let node = this.roots.get(id.length);
    if (!node) this.roots.set(id.length, (node = trieNode()));
    for (let i = 0; i < id.length; i++) {
      const c = id.charCodeAt(i);
      const k: number = node.chars.indexOf(c);
      if (k >= 0) node = node.kids[k];
      else {
        const next = trieNode();
        node.chars.push(c);
        node.kids.push(next);
        node = next;
      }
    }
    node.id = id;
    const key = id.toLowerCase();
    let same = this.lower.get(key);
    if (!same) this.lower.set(key, (same = new Set()));
    same.add(id);
  }

  remove(id: string): void {
    let node = this.roots.get(id.length);
    if (!node) return;
    const path: TrieNode[] = [node];
    for (let i = 0; i < id.length; i++) {
      const k: number = node.chars.indexOf(id.charCodeAt(i));
      if (k < 0) return;
      node = node.kids[k];
      path.push(node);
    }
    if (node.id !== id) return;
    node.id = undefined;
    // Prune the branch up to the first node that still leads somewhere.
    for (let i = id.length; i > 0; i--) {
      const n = path[i];
      if (n.id !== undefined || n.kids.length > 0) break;
      const parent = path[i - 1];
      const k = parent.chars.indexOf(id.charCodeAt(i - 1));
      parent.chars.splice(k, 1);
      parent.kids.splice(k, 1);
    }
    const key = id.toLowerCase();
    const same = this.lower.get(key);
    same?.delete(id);
    if (same?.size === 0) this.lower.delete(key);
  }

  /** The same as `nearest(word, <every ID>, limit)` of `ids.ts`. */
  nearest(word: string, limit = 3): string[] {
    // The same limit as `nearest` in ids.ts; a unit test compares the two.
    const max = word.length <= 4 ? 1 : word.length <= 8 ? 2 : 3;
    const n = word.length;
    const scored = new Map<string, number>();
    const codes = new Int32Array(n);
    for (let j = 0; j < n; j++) codes[j] = word.charCodeAt(j);
    // One row of the distance table per trie depth, reused across branches. Cell j of the row
    // at depth d can only be within `bound` when |j - d| <= bound (Ukkonen's band): only those
    // cells are computed, the others stay FAR. And it can only end within `bound` if the rest of
    // the word (n - j) and the rest of the ID (length - d) differ by little enough; that keeps
    // the walk to a narrow set of prefixes.
    const FAR = 1 << 20;
    const rows: Int32Array[] = [new Int32Array(n + 1)];
    for (let j = 0; j <= n; j++) rows[0][j] = j;
    let bound = 1;
    const walk = (node: TrieNode, depth: number, length: number) => {
      const prev = rows[depth];
      const row = rows[depth + 1] ?? (rows[depth + 1] = new Int32Array(n + 1).fill(FAR));
      const rest = length - depth - 1;
      const lo = Math.max(1, depth + 1 - bound);
      const hi = Math.min(n, depth + 1 + bound);
      const { chars, kids } = node;
      for (let k = 0; k < chars.length; k++) {
        const c = chars[k];
        row[0] = prev[0] + 1;
        let least = row[0] + Math.abs(n - rest);
        for (let j = lo; j <= hi; j++) {
          let v = prev[j] + 1;
          const left = row[j - 1] + 1;
          if (left < v) v = left;
          const diag = prev[j - 1] + (codes[j - 1] === c ? 0 : 1);
          if (diag < v) v = diag;
          row[j] = v;
          const b = v + Math.abs(n - j - rest);
          if (b < least) least = b;
        }
        const child = kids[k];
        if (child.id !== undefined && row[n] <= bound && child.id !== word) scored.set(child.id, row[n]);
        if (least <= bound) walk(child, depth + 1, length);
      }
    };
    const sameLetters = [...(this.lower.get(word.toLowerCase()) ?? [])].filter(id => id !== word);
    // Widen the search one edit at a time: once `limit` IDs lie within `bound`, nothing farther
    // can be among the nearest, and a narrow walk visits far fewer nodes than a wide one.
    for (; bound <= max && scored.size < limit; bound++) {
      for (const [length, root] of this.roots) if (Math.abs(length - n) <= bound) walk(root, 0, length);
      for (const id of sameLetters) scored.set(id, 0.5);
    }
    return [...scored]
      .sort((x, y) => x[1] - y[1] || x[0].localeCompare(y[0]))
      .slice(0, limit)
      .map(s => s[0]);
  }
}
