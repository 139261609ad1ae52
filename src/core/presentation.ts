/**
 * The presentation toolkit: every escaper and number format that the surfaces share. Workspace
 * text is written by anyone with commit access, so each output escapes what it shows in its own
 * syntax (docs/limits.md). Each escaper below is named for the place its output goes; they differ
 * on purpose (a hover escapes every punctuation character, a table cell keeps `.` readable), and
 * the fuzz and hardening tests hold each to what it escapes.
 */
import { printable } from './text';

// ---------------------------------------------------------------------------------------------
// Markdown

/** Every ASCII punctuation character may be backslash-escaped in CommonMark; escaping them all is the safe choice. */
const PUNCTUATION = /[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]/g;

/**
 * Escapes text so that it renders literally in one Markdown paragraph (newlines become spaces):
 * hovers and completion documentation. No links, no images, no HTML, no command URIs.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/\s+/g, ' ').replace(PUNCTUATION, '\\$&');
}

/** Escapes a multi-line excerpt line by line, keeping the line breaks as hard breaks. */
export function escapeMarkdownLines(lines: string[]): string {
  return lines
    .map(l => escapeMarkdown(l.trim()))
    .filter(l => l !== '')
    .join('  \n');
}

/** A code span that shows `text` literally, whatever backticks it contains. */
export function codeSpan(text: string): string {
  const flat = text.replace(/\s+/g, ' ');
  let fence = '`';
  while (flat.includes(fence)) fence += '`';
  const pad = flat.startsWith('`') || flat.endsWith('`') || flat === '' ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}

const ENTITY: Record<string, string> = { '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' };

/** `text` with each character of `pattern` as an HTML entity when it has one here, else backslash-escaped. */
function escapeWith(text: string, pattern: RegExp): string {
  return text.replace(pattern, c => ENTITY[c] ?? `\\${c}`);
}

/** Escapes workspace text for a tree item's tooltip or a requirement's reason (one line of Markdown). */
export function escapeTooltip(text: string): string {
  return escapeWith(text, /[\\`*_{}[\]()#+\-.!|<>&~]/g);
}

/** An ID as inline code in a tooltip; escaped text instead when it could break out of the code span. */
export function tooltipCode(id: string): string {
  return /^[A-Za-z0-9_-]+$/.test(id) ? `\`${id}\`` : escapeTooltip(id);
}

/** Escapes text for a Markdown table cell or paragraph of the report export. */
export function markdownCell(value: unknown): string {
  return escapeWith(String(value ?? '').replace(/\r?\n/g, ' '), /[\\`*_{}[\]<>|#!~]/g);
}

/**
 * Keeps workspace text from becoming live in a PR comment: `@mentions` (a notification),
 * `#123` (an issue link) and bare URLs (`https://…`, `www.…`) that GitHub links by itself. A
 * zero-width space after the `@` or `#`, or inside the scheme, breaks the pattern and shows nothing.
 */
function inert(s: string): string {
  // One pass, so that the `#` of an inserted `&#8203;` is not matched again.
  return s.replace(/@(?=[A-Za-z0-9])|#(?=[0-9])|\b[A-Za-z][A-Za-z0-9+.-]*(?=:\/\/)|\bwww(?=\.)/gi, m => `${m}&#8203;`);
}

/** One line of printable text with `&`, `<` and `>` as entities: the common part of the PR-comment escapers. */
function commentText(s: string): string {
  return printable(s.replace(/[\r\n]+/g, ' '))
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/**
 * Escapes workspace text for a PR comment or step summary (`--format markdown`): table pipes,
 * emphasis, links, HTML tags, line breaks, control characters, mentions and bare links.
 */
export function commentMarkdown(s: string): string {
  return inert(commentText(s).replace(/([\\`*_[\]|~])/g, '\\$1'));
}

/** Escapes workspace text inside HTML of a PR comment (`<summary>`), where Markdown escapes would show literally. */
export function commentHtml(s: string): string {
  return inert(commentText(s).replace(/"/g, '&quot;'));
}

/** A diagnostic message in a PR comment: its `code spans` stay code (nothing inside one is interpreted), the rest is escaped. */
export function commentMessage(s: string): string {
  let out = '';
  let at = 0;
  for (const m of s.matchAll(/`([^`\r\n]+)`/g)) {
    out += commentMarkdown(s.slice(at, m.index)) + '`' + printable(m[1]) + '`';
    at = m.index! + m[0].length;
  }
  return out + commentMarkdown(s.slice(at));
}

/** An ID in a code span of a PR comment; IDs hold only letters, digits, `-` and `_`, but a broken document may hold anything. */
export function commentCode(id: string): string {
  return /^[^`\r\n]+$/.test(id) ? `\`${printable(id)}\`` : commentMarkdown(id);
}

// ---------------------------------------------------------------------------------------------
// HTML, XML and terminal text

/** Escapes text for HTML content and for quoted attribute values (the report webview and its export). */
export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"'`]/g, c => `&#${c.charCodeAt(0)};`);
}

/** Escapes XML text and attribute values (JUnit), and drops the control characters XML 1.0 cannot hold. */
export function escapeXml(s: string): string {
  return escapeWith(printable(s).replace(/[\uFFFE\uFFFF]/g, ''), /[&<>"']/g);
}

/**
 * Workspace text for a terminal line: control characters (escape sequences, line breaks) become
 * spaces, so a title can neither repaint the terminal nor start a line of its own (a `::`
 * workflow command in CI).
 */
export function plainText(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ');
}

/** `s` with every character a regular expression gives a meaning to escaped. */
export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// ---------------------------------------------------------------------------------------------
// Numbers

/** A fraction as a percentage ("67%", or "66.7%" with one digit); `none` when there is nothing to measure. */
export function percent(fraction: number | null, none = '—', digits = 0): string {
  if (fraction === null) return none;
  return `${digits === 0 ? Math.round(fraction * 100) : (fraction * 100).toFixed(digits)}%`;
}

/** The change between two fractions in whole percentage points, as each rounds on its own. */
export function percentPoints(before: number, after: number): number {
  return Math.round(after * 100) - Math.round(before * 100);
}

/** "1 spec", "3 specs"; `many` for an irregular plural. */
export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

/** A byte count in megabytes with one decimal ("2.4"), for size-limit messages. */
export function megabytes(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(1);
}
