import type { BodyRef } from './model';

/*
 * The fast body scanner. It finds ID-like tokens in prose and skips what is not prose: code
 * spans, fenced and indented code, HTML comments, link and image destinations, autolinks and
 * link reference definitions. `bodyRemark.ts` finds the same tokens with a full remark parse;
 * the differential test keeps the two in agreement.
 */

const TOKEN = /[A-Za-z][A-Za-z0-9_-]*/g;

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
 * Appends the ID-like tokens of `text[from, to)` to `out`. A token counts when it has the ID
 * syntax and contains a `-`, `_` or digit (so ordinary words are not looked up), and is not
 * part of a path, URL, file name or e-mail address.
 */
export function tokenize(text: string, from: number, to: number, out: BodyRef[]): void {
  TOKEN.lastIndex = from;
  for (let m = TOKEN.exec(text); m !== null && m.index < to; m = TOKEN.exec(text)) {
    let id = m[0];
    const start = m.index;
    if (start + id.length > to) id = id.slice(0, to - start);
    while (id.length > 0 && (id.endsWith('-') || id.endsWith('_'))) id = id.slice(0, -1);
    if (start > 0 && isBlockedBefore(text.charCodeAt(start - 1))) continue;
    if (!/[-_0-9]/.test(id)) continue;
    out.push({ id, span: { start, end: start + id.length } });
  }
}

const FENCE = /^( *)(`{3,}|~{3,})(.*)$/;
const LIST_ITEM = /^( *)([-*+]|\d{1,9}[.)])( {1,4}|$)/;
const REF_DEFINITION = /^ {0,3}\[[^\]]+\]:/;
const AUTOLINK = /^<(?:[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*|[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*)>/;

function indentWidth(line: string): number {
  let w = 0;
  for (const ch of line) {
    if (ch === ' ') w++;
    else if (ch === '\t') w += 4 - (w % 4);
    else break;
  }
  return w;
}

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
      const close = /^ *(`{3,}|~{3,})\s*$/.exec(line);
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
    // Block quotes: strip the markers and treat the rest as a line.
    const quote = /^( {0,3}> ?)+/.exec(line);
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
    if (indent < listIndent && !paragraphOpen && !LIST_ITEM.test(line)) listIndent = 0;
    const fenceMatch = FENCE.exec(line);
    if (fenceMatch && fenceMatch[1].length <= listIndent + 3 && !(fenceMatch[2][0] === '`' && fenceMatch[3].includes('`'))) {
      fence = { char: fenceMatch[2][0], length: fenceMatch[2].length };
      paragraphOpen = false;
      lineStart = next;
      continue;
    }
    if (REF_DEFINITION.test(line) && !paragraphOpen) {
      lineStart = next;
      continue;
    }
    const list = LIST_ITEM.exec(line);
    let contentStart = offset;
    if (list) {
      const markerWidth = list[1].length + list[2].length + Math.max(1, list[3].length);
      listIndent = list[3].length > 4 ? list[1].length + list[2].length + 1 : markerWidth;
      contentStart = offset + Math.min(markerWidth, line.length);
    }
    inComment = scanInline(text, contentStart, contentEnd, out);
    paragraphOpen = !/^ {0,3}#{1,6}(\s|$)/.test(line) && !/^ {0,3}([-*_])( *\1){2,} *$/.test(line);
    lineStart = next;
  }
  return out;
}

/** Scans one line's inline content. Returns true when an HTML comment stays open at its end. */
function scanInline(text: string, from: number, to: number, out: BodyRef[]): boolean {
  let segment = from;
  let openBrackets = 0;
  let i = from;
  const flush = (end: number) => {
    if (end > segment) tokenize(text, segment, end, out);
  };
  while (i < to) {
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

