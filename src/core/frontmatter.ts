import {
  isMap,
  isPair,
  isScalar,
  isSeq,
  parseDocument,
  YAMLParseError,
  type Document,
  type DocumentOptions,
  type ParseOptions,
  type Scalar,
  type SchemaOptions,
  type YAMLError,
  type YAMLMap,
} from 'yaml';

/**
 * A fast reader for the frontmatter that people and the generator actually write (docs/performance.md):
 * block mappings of `key: value`, plain and quoted one-line scalars, one-line flow sequences
 * `[a, "b"]` and flow maps `{ product: x }` of scalars, block sequences `- a`, block sequences
 * of mappings (`requirements:`), comments after values and on their own line between top-level
 * keys, CRLF line ends.
 *
 * It builds a tree that reads like the one `yaml`'s `parseDocument` builds for such text: maps,
 * sequences, pairs and scalars with the same items, keys, values, scalar types and ranges, that
 * `yaml`'s `isMap`, `isSeq`, `isPair` and `isScalar` recognise, so the item reader in `parse.ts`
 * reads either tree the same way. They are small objects of their own rather than `yaml`'s
 * classes, whose constructors were a fifth of parsing a large folder (docs/performance.md). On anything outside that subset, or anything it
 * is not sure of (anchors, aliases, tags, block scalars, multi-line scalars, escapes, tabs,
 * duplicate keys, empty values, odd indentation, comments inside nested blocks, ...), it
 * returns `undefined` and the caller uses `yaml`. It never reports errors: every error comes
 * from the `yaml` path, so diagnostics stay the same. `test/unit/frontmatter.test.ts` compares
 * both paths on every fixture, example, generated and shared corpus.
 */
export function readFrontmatterFast(raw: string): YAMLMap | undefined {
  if (UNSAFE.test(raw)) return undefined;
  try {
    return new FastReader(raw).read() as unknown as YAMLMap | undefined;
  } catch (e) {
    if (e === FAIL) return undefined;
    throw e;
  }
}

/** Characters that `yaml` treats specially or rejects anywhere: tabs, controls, a BOM, a lone CR. */
const UNSAFE = /[\t\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufeff]|\r(?!\n)/;
const FAIL = Symbol('unsupported');
const KEY = /[A-Za-z_][A-Za-z0-9_-]*/y;
const RESERVED_KEY = /^(?:null|Null|NULL|true|True|TRUE|false|False|FALSE)$/;
/** Characters a plain scalar may not start with (YAML indicators). */
const INDICATOR = new Set([...'-?:,[]{}#&*!|>\'"%@`~.+0123456789']);
const SPACE = 32;

function fail(): never {
  throw FAIL;
}

/** `yaml` tells its nodes apart by these (`Symbol.for`, so the same symbols as in the library). */
const NODE_TYPE = Symbol.for('yaml.node.type');

type Range = [number, number, number];
type Node = Leaf | Collection;

class Leaf {
  constructor(
    readonly value: string | number | boolean | null,
    readonly range: Range,
    readonly type: Scalar.Type,
  ) {}
}

class Collection {
  readonly items: (Node | Entry)[] = [];
  range: Range = [0, 0, 0];
  flow = false;
}

class Entry {
  constructor(
    readonly key: Leaf,
    readonly value: Node,
  ) {}
}

class Mapping extends Collection {}
class Sequence extends Collection {}

Object.defineProperty(Leaf.prototype, NODE_TYPE, { value: Symbol.for('yaml.scalar') });
Object.defineProperty(Mapping.prototype, NODE_TYPE, { value: Symbol.for('yaml.map') });
Object.defineProperty(Sequence.prototype, NODE_TYPE, { value: Symbol.for('yaml.seq') });
Object.defineProperty(Entry.prototype, NODE_TYPE, { value: Symbol.for('yaml.pair') });

class FastReader {
  /** Per line: where it starts, where its content ends (before `\r\n`/`\n`), and its indentation. */
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];
  private readonly nexts: number[] = [];
  private readonly indents: number[] = [];
  /** The content lines (not blank, not a comment), in order. */
  private readonly content: number[] = [];
  /** Nested block collections open at this point. */
  private depth = 0;

  constructor(private readonly raw: string) {}

  read(): Mapping | undefined {
    const raw = this.raw;
    let start = 0;
    const n = raw.length;
    // Split into lines; note which are content.
    let prevContentTop = true; // the previous content line is a top-level `key: value` (or there is none)
    let pendingSkip = false; // blank or comment lines since the last content line
    while (start < n) {
      let nl = raw.indexOf('\n', start);
      const next = nl === -1 ? n : nl + 1;
      if (nl === -1) nl = n;
      const end = nl > start && raw.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      let i = start;
      while (i < end && raw.charCodeAt(i) === SPACE) i++;
      const line = this.starts.length;
      this.starts.push(start);
      this.ends.push(end);
      this.nexts.push(next);
      this.indents.push(i - start);
      if (i === end || raw.charCodeAt(i) === 35 /* # */) {
        // A comment must be at the left margin, and a run of blank and comment lines must sit
        // between top-level entries: elsewhere `yaml` may count it into a collection's range.
        if (i !== end && i !== start) fail();
        if (!prevContentTop) fail();
        pendingSkip = true;
      } else {
        if (pendingSkip && i !== start) fail();
        pendingSkip = false;
        this.content.push(line);
        const c = raw.charCodeAt(i);
        prevContentTop = i === start && c !== 45; /* - */
      }
      start = next;
    }
    if (this.content.length === 0) return undefined;
    const first = this.content[0];
    if (this.indents[first] !== 0) return undefined;
    const [map, , after] = this.map(0, 0, this.starts[first]);
    if (after !== this.content.length) fail();
    return map;
  }

  /** The content-line index of line `ci` in `content`, or `content.length`. */
  private line(ci: number): number {
    return this.content[ci];
  }

  private isDash(ci: number): boolean {
    const l = this.line(ci);
    const p = this.starts[l] + this.indents[l];
    return this.raw.charCodeAt(p) === 45 && (p + 1 === this.ends[l] || this.raw.charCodeAt(p + 1) === SPACE);
  }

  /**
   * A block mapping whose keys sit at column `col`; its first key is at `first` on content line
   * `ci`. Returns the map, the last content line it used, and the next content line index.
   */
  private map(ci: number, col: number, first: number): [Mapping, number, number] {
    // One frame per level: deeper than the limit is left to the caller (frontmatterLimit).
    if (++this.depth > MAX_FRONTMATTER_DEPTH) fail();
    try {
      return this.mapAt(ci, col, first);
    } finally {
      this.depth--;
    }
  }

  private mapAt(ci: number, col: number, first: number): [Mapping, number, number] {
    const raw = this.raw;
    const map = new Mapping();
    const seen = new Set<string>();
    let pos = first;
    let last = ci;
    for (;;) {
      const l = this.line(ci);
      const end = this.ends[l];
      KEY.lastIndex = pos;
      if (!KEY.test(raw)) fail();
      const keyEnd = KEY.lastIndex;
      if (raw.charCodeAt(keyEnd) !== 58 /* : */ || (keyEnd + 1 < end && raw.charCodeAt(keyEnd + 1) !== SPACE)) fail();
      const name = raw.slice(pos, keyEnd);
      if (seen.has(name) || RESERVED_KEY.test(name) || name.length > 1000) fail();
      seen.add(name);
      const key = scalar(name, pos, keyEnd, 'PLAIN');
      let p = keyEnd + 1;
      while (p < end && raw.charCodeAt(p) === SPACE) p++;
      let value: Node;
      let next: number;
      if (p === end || raw.charCodeAt(p) === 35) {
        // Nothing on the line: a nested block follows, or the value is empty (left to `yaml`).
        next = ci + 1;
        if (next >= this.content.length) fail();
        const nl = this.line(next);
        const indent = this.indents[nl];
        if (indent > col && this.isDash(next)) [value, last, next] = this.seq(next, indent);
        else if (indent > col) [value, last, next] = this.map(next, indent, this.starts[nl] + indent);
        else if (indent === col && this.isDash(next)) [value, last, next] = this.seq(next, col);
        else fail();
      } else {
        const [v, after] = this.inline(p, end);
        value = v;
        this.lineRest(after, end);
        last = ci;
        next = ci + 1;
      }
      map.items.push(new Entry(key, value));
      if (next >= this.content.length) return this.close(map, first, last, next);
      const nl = this.line(next);
      const indent = this.indents[nl];
      if (indent < col) return this.close(map, first, last, next);
      // Deeper lines continue a scalar; a dash at the map's own column only follows a key
      // without a value (handled above).
      if (indent > col || this.isDash(next)) fail();
      ci = next;
      pos = this.starts[nl] + indent;
    }
  }

  private close<T extends Collection>(node: T, start: number, last: number, next: number): [T, number, number] {
    node.range = [start, this.nexts[this.line(last)], this.nexts[this.line(last)]];
    return [node, last, next];
  }

  /** A block sequence whose dashes sit at column `col`, starting at content line `ci`. */
  private seq(ci: number, col: number): [Sequence, number, number] {
    if (++this.depth > MAX_FRONTMATTER_DEPTH) fail();
    try {
      return this.seqAt(ci, col);
    } finally {
      this.depth--;
    }
  }

  private seqAt(ci: number, col: number): [Sequence, number, number] {
    const raw = this.raw;
    const seq = new Sequence();
    const start = this.starts[this.line(ci)] + col;
    let last = ci;
    for (;;) {
      const l = this.line(ci);
      const end = this.ends[l];
      let p = this.starts[l] + col + 1;
      if (p >= end) fail(); // `-` alone: the entry is on the next lines
      while (p < end && raw.charCodeAt(p) === SPACE) p++;
      if (p === end || raw.charCodeAt(p) === 35) fail();
      let next: number;
      KEY.lastIndex = p;
      if (
        KEY.test(raw) &&
        raw.charCodeAt(KEY.lastIndex) === 58 &&
        (KEY.lastIndex + 1 === end || raw.charCodeAt(KEY.lastIndex + 1) === SPACE)
      ) {
        let entry: Mapping;
        [entry, last, next] = this.map(ci, p - this.starts[l], p);
        seq.items.push(entry);
      } else {
        const [v, after] = this.inline(p, end);
        this.lineRest(after, end);
        seq.items.push(v);
        last = ci;
        next = ci + 1;
        if (next < this.content.length && this.indents[this.line(next)] > col) fail();
      }
      if (next >= this.content.length) return this.close(seq, start, last, next);
      const indent = this.indents[this.line(next)];
      if (indent < col || (indent === col && !this.isDash(next))) return this.close(seq, start, last, next);
      if (indent > col) fail();
      ci = next;
    }
  }

  /** After a value: spaces, then the end of the line or a comment. */
  private lineRest(p: number, end: number): void {
    const raw = this.raw;
    const from = p;
    while (p < end && raw.charCodeAt(p) === SPACE) p++;
    if (p === end) return;
    if (raw.charCodeAt(p) === 35 && p > from) return;
    fail();
  }

  /** A value on one line in block context: a quoted or plain scalar, a flow sequence or flow map. */
  private inline(p: number, end: number): [Node, number] {
    const c = this.raw[p];
    if (c === '[') return this.flowSeq(p, end);
    if (c === '{') return this.flowMap(p, end);
    if (c === '"' || c === "'") return this.quoted(p, end);
    return this.plain(p, end, false);
  }

  private quoted(p: number, end: number): [Leaf, number] {
    const raw = this.raw;
    const q = raw[p];
    const close = raw.indexOf(q, p + 1);
    if (close === -1 || close >= end) fail();
    if (q === "'" && raw[close + 1] === "'") fail();
    const value = raw.slice(p + 1, close);
    if (q === '"' && value.includes('\\')) fail();
    return [scalar(value, p, close + 1, q === '"' ? 'QUOTE_DOUBLE' : 'QUOTE_SINGLE'), close + 1];
  }

  /** A plain scalar; in flow context it stops at `,`, `]` or `}`. */
  private plain(p: number, end: number, flow: boolean): [Leaf, number] {
    const raw = this.raw;
    const first = raw[p];
    if (INDICATOR.has(first)) {
      // Numbers, dates and `~` are resolved below; every other indicator is left to `yaml`.
      if (!(first >= '0' && first <= '9') && first !== '~') fail();
    }
    let i = p;
    let stop = end;
    for (; i < end; i++) {
      const ch = raw.charCodeAt(i);
      if (ch === 35 /* # */ && raw.charCodeAt(i - 1) === SPACE) {
        if (flow) fail();
        stop = i;
        break;
      }
      if (ch === 58 /* : */ && (flow || i + 1 === end || raw.charCodeAt(i + 1) === SPACE)) fail();
      if (flow && isFlowEnd(ch)) {
        stop = i;
        break;
      }
      if (flow && (ch === 91 || ch === 123)) fail(); // [ {
    }
    let e = stop;
    while (e > p && raw.charCodeAt(e - 1) === SPACE) e--;
    if (e === p) fail();
    const text = raw.slice(p, e);
    return [scalar(resolvePlain(text), p, e, 'PLAIN'), e];
  }

  private flowSeq(p: number, end: number): [Sequence, number] {
    const raw = this.raw;
    const seq = new Sequence();
    seq.flow = true;
    const start = p;
    p++;
    for (;;) {
      while (p < end && raw.charCodeAt(p) === SPACE) p++;
      if (p >= end) fail();
      if (raw[p] === ']') {
        if (seq.items.length > 0) fail(); // `[a, ]`
        break;
      }
      let item: Leaf;
      [item, p] = this.flowScalar(p, end);
      seq.items.push(item);
      let closed: boolean;
      [p, closed] = this.flowNext(p, end, ']');
      if (closed) break;
    }
    seq.range = [start, p + 1, p + 1];
    return [seq, p + 1];
  }

  /** A scalar inside a flow collection: quoted, or plain up to `,`, `]` or `}`. */
  private flowScalar(p: number, end: number): [Leaf, number] {
    const c = this.raw[p];
    return c === '"' || c === "'" ? this.quoted(p, end) : this.plain(p, end, true);
  }

  /** After an entry of a flow collection: past its `,` (false), or at the closing `close` (true). */
  private flowNext(p: number, end: number, close: string): [number, boolean] {
    while (p < end && this.raw.charCodeAt(p) === SPACE) p++;
    if (this.raw[p] === ',') return [p + 1, false];
    if (this.raw[p] === close) return [p, true];
    return fail();
  }

  private flowMap(p: number, end: number): [Mapping, number] {
    const raw = this.raw;
    const map = new Mapping();
    map.flow = true;
    const seen = new Set<string>();
    const start = p;
    p++;
    for (;;) {
      while (p < end && raw.charCodeAt(p) === SPACE) p++;
      if (p >= end) fail();
      if (raw[p] === '}') {
        if (map.items.length > 0) fail();
        break;
      }
      KEY.lastIndex = p;
      if (!KEY.test(raw)) fail();
      const keyEnd = KEY.lastIndex;
      if (raw.charCodeAt(keyEnd) !== 58 || raw.charCodeAt(keyEnd + 1) !== SPACE) fail();
      const name = raw.slice(p, keyEnd);
      if (seen.has(name) || RESERVED_KEY.test(name)) fail();
      seen.add(name);
      const key = scalar(name, p, keyEnd, 'PLAIN');
      p = keyEnd + 1;
      while (p < end && raw.charCodeAt(p) === SPACE) p++;
      if (raw[p] === ',' || raw[p] === '}' || p >= end) fail();
      let value: Leaf;
      [value, p] = this.flowScalar(p, end);
      map.items.push(new Entry(key, value));
      let closed: boolean;
      [p, closed] = this.flowNext(p, end, '}');
      if (closed) break;
    }
    map.range = [start, p + 1, p + 1];
    return [map, p + 1];
  }
}

function isFlowEnd(ch: number): boolean {
  return ch === 44 || ch === 93 || ch === 125; // , ] }
}

function scalar(value: string | number | boolean | null, start: number, end: number, type: Scalar.Type): Leaf {
  return new Leaf(value, [start, end, end], type);
}

/** The value of a plain scalar under YAML 1.2's core schema, for the forms we accept; else unsupported. */
function resolvePlain(text: string): string | number | boolean | null {
  const c = text.charCodeAt(0);
  if (c >= 48 && c <= 57) {
    if (/^[0-9]+$/.test(text)) return Number(text);
    if (/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(text)) return text;
    fail();
  }
  if (c === 126 /* ~ */) {
    if (text === '~') return null;
    fail();
  }
  switch (text) {
    case 'null':
    case 'Null':
    case 'NULL':
      return null;
    case 'true':
    case 'True':
    case 'TRUE':
      return true;
    case 'false':
    case 'False':
    case 'FALSE':
      return false;
  }
  // `.inf`, `.nan` and signed numbers start with an indicator and never get here.
  return text;
}

/** Frontmatter longer than this is reported, not parsed (docs/limits.md). */
export const MAX_FRONTMATTER_BYTES = 1024 * 1024;
/** Frontmatter nested deeper than this (mappings, sequences, flow brackets) is reported, not parsed. */
export const MAX_FRONTMATTER_DEPTH = 64;
/**
 * Frontmatter with more nodes than this (keys, values after a key, list entries) is reported,
 * not parsed: both parsers build objects per node, and 40,000 keys in 0.4 MB took 90 MB. A
 * 300-requirement spec has about 3,000.
 */
export const MAX_FRONTMATTER_NODES = 20_000;

/**
 * Why a frontmatter block is not parsed at all, with where to show it (an offset into `raw`),
 * or undefined. The limits keep parsing bounded: the YAML parser and the fast reader recurse
 * once per level (3,000 nested mappings overflowed the stack), 2 MB of nested `[` took 1.2 GB,
 * and 40,000 keys in 0.4 MB took 90 MB. The depth and the nodes are counted in one pass, outside
 * quotes and comments: the depth by block indentation levels, `- ` entries opened on one line
 * and flow brackets; the nodes as block keys (`key:`), the values written after them on the
 * line, `- ` entries, flow collections, their `,` separators and the `: ` inside them.
 */
export function frontmatterLimit(raw: string): { message: string; at: number } | undefined {
  if (raw.length > MAX_FRONTMATTER_BYTES) {
    return {
      message: `The frontmatter is ${(raw.length / 1024).toFixed(0)} KB, over the ${MAX_FRONTMATTER_BYTES / 1024} KB limit; it was not read.`,
      at: 0,
    };
  }
  const indents: number[] = [];
  let flow = 0;
  let nodes = 0;
  for (let start = 0; start < raw.length;) {
    let end = raw.indexOf('\n', start);
    if (end === -1) end = raw.length;
    let i = start;
    while (i < end && (raw.charCodeAt(i) === 32 || raw.charCodeAt(i) === 9)) i++;
    if (i < end && raw.charCodeAt(i) !== 35 /* # */ && raw.charCodeAt(i) !== 13) {
      let depth = flow;
      // A block key can only open a line that does not start inside a flow collection.
      let keyed = flow !== 0;
      if (flow === 0) {
        while (indents.length > 0 && indents[indents.length - 1] >= i - start) indents.pop();
        indents.push(i - start);
        // `- - - a` opens one level (and one entry) per dash.
        while (raw.charCodeAt(i) === 45 && (raw.charCodeAt(i + 1) === 32 || i + 1 === end)) {
          indents.push(i - start + 1);
          nodes++;
          i += 2;
          while (i < end && raw.charCodeAt(i) === 32) i++;
        }
        depth = indents.length;
      }
      let quote = 0;
      for (let k = i; k < end; k++) {
        const c = raw.charCodeAt(k);
        if (quote !== 0) {
          if (c === quote) quote = 0;
          else if (c === 92 && quote === 34) k++;
        } else if (c === 34 || c === 39) quote = c;
        else if (c === 35 && (k === i || raw.charCodeAt(k - 1) === 32)) break;
        else if (c === 91 || c === 123) {
          flow++;
          nodes++;
          if (indents.length + flow > depth) depth = indents.length + flow;
        } else if ((c === 93 || c === 125) && flow > 0) flow--;
        else if (c === 44 && flow > 0) nodes++;
        else if (c === 58 /* : */ && (k + 1 === end || raw.charCodeAt(k + 1) === 32 || raw.charCodeAt(k + 1) === 13)) {
          if (flow > 0) nodes++;
          else if (!keyed) {
            // The key, and the value after it on the line unless it is a flow collection (counted by its brackets).
            keyed = true;
            nodes++;
            let v = k + 1;
            while (v < end && raw.charCodeAt(v) === 32) v++;
            const first = raw.charCodeAt(v);
            if (v < end && first !== 35 && first !== 13 && first !== 91 && first !== 123) nodes++;
          }
        }
      }
      if (depth > MAX_FRONTMATTER_DEPTH) {
        return {
          message: `The frontmatter is nested more than ${MAX_FRONTMATTER_DEPTH} levels deep; it was not read.`,
          at: start,
        };
      }
      if (nodes > MAX_FRONTMATTER_NODES) {
        return {
          message: `The frontmatter has more than ${MAX_FRONTMATTER_NODES.toLocaleString('en-US')} keys, values and list entries; it was not read.`,
          at: start,
        };
      }
    }
    start = end + 1;
  }
  return undefined;
}

/**
 * `yaml`'s `parseDocument` with the duplicate-key check done here, in linear time: `yaml`'s own
 * (`uniqueKeys: true`) compares each key with every earlier one, and 40,000 keys took 21 s. Same
 * errors as `yaml`'s ("Map keys must be unique" at the key; two keys are the same node, or
 * scalars with the same value), in document order. At most `MAX_YAML_ERRORS` are kept, and one
 * of each message besides duplicate keys: an unclosed bracket gave 799 identical ones.
 */
export function parseYamlDocument(
  text: string,
  options: Omit<DocumentOptions & ParseOptions & SchemaOptions, 'uniqueKeys'> = {},
): Document.Parsed {
  const doc = parseDocument(text, { ...options, uniqueKeys: false });
  const errors: YAMLError[] = [];
  const stack: unknown[] = [doc.contents];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isMap(node)) {
      const seen = new Set<unknown>();
      for (const pair of node.items) {
        const key = pair.key;
        const id = isScalar(key) ? scalarKey(key.value) : key;
        if (seen.has(id)) {
          const at = (key as { range?: [number, number, number] } | null)?.range?.[0] ?? 0;
          errors.push(new YAMLParseError([at, at + 1], 'DUPLICATE_KEY', 'Map keys must be unique'));
        } else seen.add(id);
        stack.push(pair.value, key);
      }
    } else if (isSeq(node)) {
      for (let k = node.items.length - 1; k >= 0; k--) stack.push(node.items[k]);
    } else if (isPair(node)) stack.push(node.value, node.key);
  }
  if (errors.length > 0) doc.errors.push(...errors);
  doc.errors.sort((a, b) => a.pos[0] - b.pos[0]);
  const distinct: YAMLError[] = [];
  const messages = new Set<string>();
  for (const e of doc.errors) {
    if (distinct.length >= MAX_YAML_ERRORS) break;
    // One of each kind, but every duplicate key: each is at a different key.
    if (e.code !== 'DUPLICATE_KEY' && messages.has(e.message)) continue;
    messages.add(e.message);
    distinct.push(e);
  }
  doc.errors = distinct;
  return doc;
}

/** Distinct YAML errors kept per document. */
export const MAX_YAML_ERRORS = 10;

/** Scalar keys compare by value (`yaml`'s `a.value === b.value`); a string and a number differ. */
function scalarKey(value: unknown): unknown {
  return typeof value === 'string'
    ? `s${value}`
    : typeof value === 'number'
      ? value
      : value === null || value === undefined
        ? null
        : typeof value === 'object'
          ? value
          : `${typeof value}:${String(value)}`;
}
