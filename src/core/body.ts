import type { BodyRef } from './model';

/*
 * The fast body scanner. It finds ID-like tokens in prose and skips what is not prose: code
 * spans, fenced and indented code, HTML comments, link and image destinations, autolinks and
 * link reference definitions. `test/unit/bodyRemark.ts` finds the same tokens with a full remark parse;
 * the differential test keeps the two in agreement.
 */

function isLetter(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

/** `[A-Za-z0-9_-]`: the characters an ID goes on with. */
function isIdChar(code: number): boolean {
  return isLetter(code) || (code >= 48 && code <= 57) || code === 95 || code === 45;
}

function isBlockedBefore(code: number): boolean {
  return (
    (code >= 48 && code <= 57) || // 0-9
    (code >= 65 && code <= 90) ||
    (code >= 97 && code <= 122) ||
    code === 95 || // _
    code === 45 || // -
    code === 47 || // /
    code === 46 || // .
    code === 64 || // @
    code === 92 // \
  );
}

/**
 * Appends the ID-like tokens of `text[from, to)` to `out`. A token is a letter followed by
 * letters, digits, `-` and `_` (it may run on past `to`, and is cut there). It counts when it
 * contains a `-`, `_` or digit (so ordinary words are not looked up), and is not part of a
 * path, URL, file name or e-mail address. A hand-written loop rather than a global regex: most
 * words are ordinary, and this way they cost no match object and no string (docs/performance.md).
 */
export function tokenize(text: string, from: number, to: number, out: BodyRef[]): void {
  let i = from;
  while (i < to) {
    if (!isLetter(text.charCodeAt(i))) {
      i++;
      continue;
    }
    const start = i;
    let next = i + 1;
    while (next < text.length && isIdChar(text.charCodeAt(next))) next++;
    i = next;
    let end = next < to ? next : to;
    while (end > start && (text.charCodeAt(end - 1) === 45 || text.charCodeAt(end - 1) === 95)) end--;
    if (start > 0 && isBlockedBefore(text.charCodeAt(start - 1))) continue;
    let special = false;
    for (let k = start + 1; k < end && !special; k++) {
      const c = text.charCodeAt(k);
      special = c === 45 || c === 95 || (c >= 48 && c <= 57);
    }
    if (special) out.push({ id: text.slice(start, end), span: { start, end } });
  }
}

const FENCE = /^( *)(`{3,}|~{3,})(.*)$/;
const LIST_ITEM = /^( *)([-*+]|\d{1,9}[.)])( {1,4}|$)/;
/**
 * A link reference definition on one line: `[label]: destination "optional title"`, and nothing
 * else (`[^1]: Some text` is a paragraph, as CommonMark reads it). Linear: the destination is a
 * run without spaces, and a title must follow a space.
 */
const REF_DEFINITION =
  /^ {0,3}\[((?:[^\]\\]|\\.)+)\]:[ \t]*(?:(?:<[^<>\n]*>|[^\s<][^\s]*)(?:[ \t]+(?:"[^"]*"|'[^']*'|\([^()]*\)))?[ \t]*)?$/;

/** A link label as CommonMark matches it: case-folded, inner white space collapsed. */
function normalizeLabel(label: string): string {
  return label.trim().replace(/\s+/g, ' ').toLowerCase();
}

/** The labels of the link reference definitions in `text[from, to)` (for `[text][label]`). */
function definedLabels(text: string, from: number, to: number): Set<string> {
  const labels = new Set<string>();
  const start = /^ {0,3}\[/gm;
  start.lastIndex = from;
  for (let m = start.exec(text); m && m.index < to; m = start.exec(text)) {
    let end = text.indexOf('\n', m.index);
    if (end === -1 || end > to) end = to;
    const line = text.slice(m.index, text.charCodeAt(end - 1) === 13 ? end - 1 : end);
    const def = REF_DEFINITION.exec(line);
    if (def) labels.add(normalizeLabel(def[1]));
    start.lastIndex = end;
  }
  return labels;
}
const AUTOLINK =
  /^<(?:[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*|[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*)>/;

function indentWidth(line: string): number {
  let w = 0;
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c === 32) w++;
    else if (c === 9) w += 4 - (w % 4);
    else break;
  }
  return w;
}

/** The first character of `line` that is not a space (NaN for none): decides which block patterns can match. */
function firstNonSpace(line: string): number {
  let i = 0;
  while (line.charCodeAt(i) === 32) i++;
  return line.charCodeAt(i);
}

/*
 * Every pattern here runs in time linear in the line, by construction: no regular expression
 * repeats a group (V8 backtracks those on the stack, and a line of 1.6 million `-` overflowed
 * it), and every forward search for a closing `]`, `)` or backtick run is answered from one pass
 * over the line (searching again from each opener was quadratic: 200 KB of `x ![` took 22 s).
 */

/** The length of a line's block-quote markers (`> > `, each after up to three spaces), or 0. */
function quotePrefix(line: string): number {
  let i = 0;
  let end = 0;
  for (;;) {
    let j = i;
    while (j < line.length && j - i < 3 && line.charCodeAt(j) === 32) j++;
    if (line.charCodeAt(j) !== 62) return end;
    j++;
    if (line.charCodeAt(j) === 32) j++;
    i = end = j;
  }
}

/** `^ {0,3}([-*_])( *\1){2,} *$`: three or more of one of `-*_`, with only spaces between. */
function isThematicBreak(line: string): boolean {
  let i = 0;
  while (i < 3 && line.charCodeAt(i) === 32) i++;
  const mark = line.charCodeAt(i);
  if (mark !== 45 && mark !== 42 && mark !== 95) return false;
  let count = 0;
  for (; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c === mark) count++;
    else if (c !== 32) return false;
  }
  return count >= 3;
}

const BACKTICK = 96;
const TILDE = 126;

/**
 * References read per body (docs/limits.md). A body with more ID-like tokens is scanned up to
 * here, one past it (so that the caller can tell): 4.9 MB of IDs made half a million
 * references, and the index of them took 130 MB.
 */
export const MAX_BODY_REFERENCES = 20_000;

/** Scans the body `text[from, to)` (default: to the end) for ID-like tokens. */
export function scanBody(text: string, from: number, to = text.length): BodyRef[] {
  const out: BodyRef[] = [];
  let fence: { char: string; length: number; quoted: boolean } | undefined;
  let inComment = false;
  /** The open comment began a line: an HTML block, which ends the paragraph when it closes. */
  let commentBlock = false;
  let paragraphOpen = false;
  const state: InlineState = {
    openBrackets: 0,
    text,
    from,
    to,
    labels: undefined,
    resumeAt: undefined,
    noCloser: new Map(),
  };
  let listIndent = 0;
  let lineStart = from;
  while (lineStart < to && out.length <= MAX_BODY_REFERENCES) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd === -1 || lineEnd > to) lineEnd = to;
    let contentEnd = lineEnd;
    if (contentEnd > lineStart && text.charCodeAt(contentEnd - 1) === 13) contentEnd--;
    let line = text.slice(lineStart, contentEnd);
    let offset = lineStart;
    const next = lineEnd + 1;

    if (fence) {
      // A fence inside a block quote is inside its markers, and ends with the quote.
      const q = fence.quoted ? (firstNonSpace(line) === 62 ? quotePrefix(line) : 0) : 0;
      if (fence.quoted && q === 0) fence = undefined;
      else {
        const inner = q > 0 ? line.slice(q) : line;
        const c0 = firstNonSpace(inner);
        const close = c0 === BACKTICK || c0 === TILDE ? /^ *(`{3,}|~{3,})\s*$/.exec(inner) : null;
        if (close && close[1][0] === fence.char && close[1].length >= fence.length) fence = undefined;
        lineStart = next;
        continue;
      }
    }
    if (inComment) {
      const close = line.indexOf('-->');
      if (close === -1) {
        lineStart = next;
        continue;
      }
      inComment = scanInline(state, offset + close + 3, contentEnd, out);
      paragraphOpen = !commentBlock;
      if (!paragraphOpen) state.openBrackets = 0;
      lineStart = next;
      continue;
    }
    if (line.trim() === '') {
      paragraphOpen = false;
      state.openBrackets = 0;
      lineStart = next;
      continue;
    }
    // Block quotes: strip the markers and treat the rest as a line. Each pattern below runs
    // only when the line's first character can start it.
    const quote = firstNonSpace(line) === 62 /* > */ ? quotePrefix(line) : 0;
    if (quote > 0) {
      line = line.slice(quote);
      offset += quote;
      if (line.trim() === '') {
        paragraphOpen = false;
        state.openBrackets = 0;
        lineStart = next;
        continue;
      }
    }
    const indent = indentWidth(line);
    if (!paragraphOpen && indent >= listIndent + 4) {
      lineStart = next; // indented code
      continue;
    }
    const c0 = firstNonSpace(line);
    const maybeList = c0 === 45 || c0 === 42 || c0 === 43 || (c0 >= 48 && c0 <= 57); // - * + digit
    if (indent < listIndent && !paragraphOpen && !(maybeList && LIST_ITEM.test(line))) listIndent = 0;
    const fenceMatch = c0 === BACKTICK || c0 === TILDE ? FENCE.exec(line) : null;
    if (
      fenceMatch &&
      fenceMatch[1].length <= listIndent + 3 &&
      !(fenceMatch[2][0] === '`' && fenceMatch[3].includes('`'))
    ) {
      fence = { char: fenceMatch[2][0], length: fenceMatch[2].length, quoted: quote > 0 };
      paragraphOpen = false;
      state.openBrackets = 0;
      lineStart = next;
      continue;
    }
    if (c0 === 91 /* [ */ && !paragraphOpen && REF_DEFINITION.test(line)) {
      state.openBrackets = 0;
      lineStart = next;
      continue;
    }
    const list = maybeList ? LIST_ITEM.exec(line) : null;
    let contentStart = offset;
    if (list) {
      const markerWidth = list[1].length + list[2].length + Math.max(1, list[3].length);
      listIndent = list[3].length > 4 ? list[1].length + list[2].length + 1 : markerWidth;
      contentStart = offset + Math.min(markerWidth, line.length);
    }
    const heading = c0 === 35 /* # */ && /^ {0,3}#{1,6}(\s|$)/.test(line);
    const rule = (c0 === 45 || c0 === 42 || c0 === 95) && isThematicBreak(line);
    // A line that opens with an HTML comment is an HTML block: no paragraph goes on through it.
    const htmlComment = c0 === 60 && line.startsWith('<!--', indent);
    if (!paragraphOpen || heading || rule || htmlComment) state.openBrackets = 0;
    if (!paragraphOpen) state.noCloser.clear();
    inComment = scanInline(state, contentStart, contentEnd, out);
    commentBlock = inComment && htmlComment;
    paragraphOpen = !heading && !rule && !htmlComment;
    if (!paragraphOpen) state.openBrackets = 0;
    lineStart = next;
    // A code span ran on to a later line: go on after it, on that line.
    while (state.resumeAt !== undefined) {
      const at = state.resumeAt;
      state.resumeAt = undefined;
      let end = text.indexOf('\n', at);
      if (end === -1 || end > to) end = to;
      const contentEndThere = end > at && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
      inComment = scanInline(state, at, contentEndThere, out);
      commentBlock = false;
      paragraphOpen = true;
      lineStart = end + 1;
    }
  }
  return out;
}

/** The characters that inline scanning acts on, and `\n` so that a search stops at the line's end. */
const SPECIAL = /[\\`<!\[\]\n]/g;

/**
 * The closing `]`, `)` and backtick runs of one line, found in one pass when first asked for.
 * `close(open)` equals a forward scan from `open` that counts depth and skips escapes (the
 * first closer where the depth returns to 0): a stack pairs each opener with that closer.
 */
class LineMatches {
  private brackets: Int32Array | undefined;
  private parens: Int32Array | undefined;
  /** Backtick runs by length: their offsets in order, and how far the search has come. */
  private runs: Map<number, { at: number[]; next: number }> | undefined;

  constructor(
    readonly text: string,
    private readonly from: number,
    private readonly to: number,
  ) {}

  /** From a `[`, the offset after its matching `]`, or -1. */
  bracket(open: number): number {
    this.brackets ??= this.pair(91, 93);
    return this.brackets[open - this.from];
  }

  /** From a `(`, the offset after its matching `)`, or -1. */
  paren(open: number): number {
    this.parens ??= this.pair(40, 41);
    return this.parens[open - this.from];
  }

  private pair(openCode: number, closeCode: number): Int32Array {
    const { text, from, to } = this;
    const match = new Int32Array(to - from).fill(-1);
    const stack: number[] = [];
    for (let i = from; i < to; i++) {
      const ch = text.charCodeAt(i);
      if (ch === 92) {
        // A scan that starts at an escaped opener never happens: the inline scanner skips it.
        i++;
      } else if (ch === openCode) stack.push(i);
      else if (ch === closeCode && stack.length > 0) match[stack.pop()! - from] = i + 1;
    }
    return match;
  }

  /** The first backtick run of exactly `n` at or after `from`, or -1. */
  backtickRun(from: number, n: number): number {
    if (!this.runs) {
      this.runs = new Map();
      const { text, to } = this;
      for (let i = text.indexOf('`', this.from); i !== -1 && i < to;) {
        let m = 1;
        while (i + m < to && text.charCodeAt(i + m) === 96) m++;
        let list = this.runs.get(m);
        if (!list) this.runs.set(m, (list = { at: [], next: 0 }));
        list.at.push(i);
        i = text.indexOf('`', i + m);
      }
    }
    const list = this.runs.get(n);
    if (!list) return -1;
    // Searches come in increasing `from`, so each list is walked once.
    while (list.next < list.at.length && list.at[list.next] < from) list.next++;
    return list.next < list.at.length ? list.at[list.next] : -1;
  }
}

const AUTOLINK_AT = new RegExp(AUTOLINK.source.slice(1), 'y');

/** What inline scanning carries from line to line of one paragraph. */
interface InlineState {
  /** `[` still open from earlier lines of the paragraph: their `](…)` may come on this one. */
  openBrackets: number;
  text: string;
  from: number;
  to: number;
  /** The labels of the body's link reference definitions, found when first needed. */
  labels: Set<string> | undefined;
  /** Set when a code span runs on to a later line: where scanning goes on (after its close). */
  resumeAt: number | undefined;
  /** Backtick run lengths with no closer up to an offset, in this paragraph (so each search runs once). */
  noCloser: Map<number, number>;
}

/**
 * A code span that crosses line breaks: the offset of the closing run of exactly `n` backticks
 * in the lines after `lineEnd` that continue the paragraph, or -1. The paragraph ends at a blank
 * line or a line that starts another block (heading, fence, thematic break, HTML comment, list item).
 */
function codeSpanCloseBelow(state: InlineState, lineEnd: number, n: number): number {
  const { text, to } = state;
  const known = state.noCloser.get(n);
  if (known !== undefined && known >= lineEnd) return -1;
  let start = lineEnd + 1;
  while (start < to) {
    let end = text.indexOf('\n', start);
    if (end === -1 || end > to) end = to;
    let line = text.slice(start, end);
    let skip = 0;
    if (firstNonSpace(line) === 62) {
      skip = quotePrefix(line);
      line = line.slice(skip);
    }
    const c0 = firstNonSpace(line);
    if (
      line.trim() === '' ||
      (c0 === 35 && /^ {0,3}#{1,6}(\s|$)/.test(line)) ||
      ((c0 === BACKTICK || c0 === TILDE) && FENCE.test(line)) ||
      ((c0 === 45 || c0 === 42 || c0 === 95) && isThematicBreak(line)) ||
      (c0 === 60 && line.trimStart().startsWith('<!--')) ||
      ((c0 === 45 || c0 === 42 || c0 === 43 || (c0 >= 48 && c0 <= 57)) && LIST_ITEM.test(line))
    )
      break;
    for (let i = line.indexOf('`'); i !== -1;) {
      let m = 1;
      while (line.charCodeAt(i + m) === 96) m++;
      if (m === n) return start + skip + i;
      i = line.indexOf('`', i + m);
    }
    start = end + 1;
  }
  state.noCloser.set(n, start);
  return -1;
}

/** Scans one line's inline content. Returns true when an HTML comment stays open at its end. */
function scanInline(state: InlineState, from: number, to: number, out: BodyRef[]): boolean {
  const text = state.text;
  let segment = from;
  let i = from;
  const matches = new LineMatches(text, from, to);
  const flush = (end: number) => {
    if (end > segment) tokenize(text, segment, end, out);
  };
  while (i < to) {
    // Only \ ` < ! [ ] start anything here: jump to the next one (or the line's end) at once.
    SPECIAL.lastIndex = i;
    if (!SPECIAL.test(text)) break;
    i = SPECIAL.lastIndex - 1;
    if (i >= to) break;
    const ch = text.charCodeAt(i);
    if (ch === 92 /* \ */) {
      i += 2;
      continue;
    }
    if (ch === 96 /* ` */) {
      let n = 1;
      while (i + n < to && text.charCodeAt(i + n) === 96) n++;
      const close = matches.backtickRun(i + n, n);
      if (close !== -1) {
        flush(i);
        i = close + n;
        segment = i;
        continue;
      }
      const below = codeSpanCloseBelow(state, to, n);
      if (below !== -1) {
        flush(i);
        state.resumeAt = below + n;
        return false;
      }
      i += n;
      continue;
    }
    if (ch === 60 /* < */) {
      if (text.startsWith('<!--', i)) {
        flush(i);
        const close = text.indexOf('-->', i + 4);
        if (close === -1 || close + 3 > to) {
          segment = to;
          return true;
        }
        i = close + 3;
        segment = i;
        continue;
      }
      AUTOLINK_AT.lastIndex = i;
      const auto = AUTOLINK_AT.exec(text);
      if (auto && i + auto[0].length <= to) {
        flush(i);
        i += auto[0].length;
        segment = i;
        continue;
      }
    }
    if (ch === 33 /* ! */ && text.charCodeAt(i + 1) === 91 /* [ */) {
      const end = skipLinkTail(matches, matches.bracket(i + 1), to);
      if (end !== -1) {
        flush(i);
        i = end;
        segment = i;
        continue;
      }
    }
    if (ch === 91 /* [ */) state.openBrackets++;
    if (ch === 93 /* ] */ && state.openBrackets > 0) {
      state.openBrackets--;
      // `[text][label]`: the label is no prose when a definition gives it (else it is all text).
      if (text.charCodeAt(i + 1) === 91 /* [ */ && i + 1 < to) {
        const end = matches.bracket(i + 1);
        if (end !== -1) {
          state.labels ??= definedLabels(text, state.from, state.to);
          const label = text.slice(i + 2, end - 1);
          if (label.trim() === '' || state.labels.has(normalizeLabel(label))) {
            flush(i);
            i = end;
            segment = i;
            continue;
          }
        }
      }
      if (text.charCodeAt(i + 1) === 40 /* ( */) {
        const end = i + 1 < to ? matches.paren(i + 1) : -1;
        if (end !== -1) {
          flush(i);
          i = end;
          segment = i;
          continue;
        }
      }
    }
    i++;
  }
  flush(to);
  return false;
}

/** After an image's `]`: the offset after `(…)` or `[…]`, or -1. */
function skipLinkTail(matches: LineMatches, after: number, to: number): number {
  if (after === -1) return -1;
  if (after >= to) return after;
  if (matches.text.charCodeAt(after) === 40) return matches.paren(after);
  if (matches.text.charCodeAt(after) === 91) return matches.bracket(after);
  return after;
}
