import type { BodyRef } from './model';

/*
 * The fast body scanner. It finds ID-like tokens in prose and skips what is not prose: code
 * spans, fenced and indented code, HTML comments, link and image destinations, autolinks and
 * link reference definitions. `bodyRemark.ts` finds the same tokens with a full remark parse;
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
 * words are ordinary, and this way they cost no match object and no string (issue 7).
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
const REF_DEFINITION = /^ {0,3}\[[^\]]+\]:/;
const AUTOLINK = /^<(?:[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*|[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*)>/;

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

const BACKTICK = 96;
const TILDE = 126;

/** Scans the body `text[from, to)` (default: to the end) for ID-like tokens. */
export function scanBody(text: string, from: number, to = text.length): BodyRef[] {
  const out: BodyRef[] = [];
  let fence: { char: string; length: number } | undefined;
  let inComment = false;
  let paragraphOpen = false;
  let listIndent = 0;
  let lineStart = from;
  while (lineStart < to) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd === -1 || lineEnd > to) lineEnd = to;
    let contentEnd = lineEnd;
    if (contentEnd > lineStart && text.charCodeAt(contentEnd - 1) === 13) contentEnd--;
    let line = text.slice(lineStart, contentEnd);
    let offset = lineStart;
    const next = lineEnd + 1;

    if (fence) {
      const c0 = firstNonSpace(line);
      const close = c0 === BACKTICK || c0 === TILDE ? /^ *(`{3,}|~{3,})\s*$/.exec(line) : null;
      if (close && close[1][0] === fence.char && close[1].length >= fence.length) fence = undefined;
      lineStart = next;
      continue;
    }
    if (inComment) {
      const close = line.indexOf('-->');
      if (close === -1) {
        lineStart = next;
        continue;
      }
      inComment = false;
      inComment = scanInline(text, offset + close + 3, contentEnd, out);
      paragraphOpen = true;
      lineStart = next;
      continue;
    }
    if (line.trim() === '') {
      paragraphOpen = false;
      lineStart = next;
      continue;
    }
    // Block quotes: strip the markers and treat the rest as a line. Each pattern below runs
    // only when the line's first character can start it.
    const quote = firstNonSpace(line) === 62 /* > */ ? /^( {0,3}> ?)+/.exec(line) : null;
    if (quote) {
      line = line.slice(quote[0].length);
      offset += quote[0].length;
      if (line.trim() === '') {
        paragraphOpen = false;
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
    if (fenceMatch && fenceMatch[1].length <= listIndent + 3 && !(fenceMatch[2][0] === '`' && fenceMatch[3].includes('`'))) {
      fence = { char: fenceMatch[2][0], length: fenceMatch[2].length };
      paragraphOpen = false;
      lineStart = next;
      continue;
    }
    if (c0 === 91 /* [ */ && !paragraphOpen && REF_DEFINITION.test(line)) {
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
    inComment = scanInline(text, contentStart, contentEnd, out);
    const heading = c0 === 35 /* # */ && /^ {0,3}#{1,6}(\s|$)/.test(line);
    const rule = (c0 === 45 || c0 === 42 || c0 === 95) && /^ {0,3}([-*_])( *\1){2,} *$/.test(line);
    paragraphOpen = !heading && !rule;
    lineStart = next;
  }
  return out;
}

/** The characters that inline scanning acts on, and `\n` so that a search stops at the line's end. */
const SPECIAL = /[\\`<!\[\]\n]/g;

/** Scans one line's inline content. Returns true when an HTML comment stays open at its end. */
function scanInline(text: string, from: number, to: number, out: BodyRef[]): boolean {
  let segment = from;
  let openBrackets = 0;
  let i = from;
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
      const close = findBacktickRun(text, i + n, to, n);
      if (close !== -1) {
        flush(i);
        i = close + n;
        segment = i;
        continue;
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
      const auto = AUTOLINK.exec(text.slice(i, to));
      if (auto) {
        flush(i);
        i += auto[0].length;
        segment = i;
        continue;
      }
    }
    if (ch === 33 /* ! */ && text.charCodeAt(i + 1) === 91 /* [ */) {
      const end = skipLinkTail(text, skipBrackets(text, i + 1, to), to);
      if (end !== -1) {
        flush(i);
        i = end;
        segment = i;
        continue;
      }
    }
    if (ch === 91 /* [ */) openBrackets++;
    if (ch === 93 /* ] */ && openBrackets > 0) {
      openBrackets--;
      if (text.charCodeAt(i + 1) === 40 /* ( */) {
        const end = skipParens(text, i + 1, to);
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

function findBacktickRun(text: string, from: number, to: number, n: number): number {
  let i = text.indexOf('`', from);
  while (i !== -1 && i < to) {
    let m = 1;
    while (i + m < to && text.charCodeAt(i + m) === 96) m++;
    if (m === n) return i;
    i = text.indexOf('`', i + m);
  }
  return -1;
}

/** From a `[`, the offset after its matching `]`, or -1. */
function skipBrackets(text: string, open: number, to: number): number {
  let depth = 0;
  for (let i = open; i < to; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 92) i++;
    else if (ch === 91) depth++;
    else if (ch === 93 && --depth === 0) return i + 1;
  }
  return -1;
}

/** From a `(`, the offset after its matching `)`, or -1. */
function skipParens(text: string, open: number, to: number): number {
  let depth = 0;
  for (let i = open; i < to; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 92) i++;
    else if (ch === 40) depth++;
    else if (ch === 41 && --depth === 0) return i + 1;
  }
  return -1;
}

/** After an image's `]`: the offset after `(…)` or `[…]`, or -1. */
function skipLinkTail(text: string, after: number, to: number): number {
  if (after === -1) return -1;
  if (text.charCodeAt(after) === 40) return skipParens(text, after, to);
  if (text.charCodeAt(after) === 91) return skipBrackets(text, after, to);
  return after;
}

