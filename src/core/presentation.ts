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

/**
 * A YAML scalar for a value the user typed (a title, a waiver, a reason): plain when that is
 * safe, double-quoted otherwise (a `:` or `#`, a quote, a leading symbol, a word YAML reads as a
 * boolean or null, a leading digit). Line breaks become spaces.
 */
export function yamlString(value: string): string {
  const v = value.replace(/\s*\r?\n\s*/g, ' ').trim();
  if (
    v &&
    /^[A-Za-z0-9][^:#\n"'\\]*$/.test(v) &&
    !/\s$/.test(v) &&
    !/^(true|false|null|yes|no|on|off|~)$/i.test(v) &&
    // A number in any of YAML's notations (2024, 1e3, 0x1f, 1_000) starts with a digit.
    !/^\d/.test(v)
  )
    return v;
  return JSON.stringify(v);
}

/** Text that a VS Code snippet shows literally: `$`, `}` and `\` escaped. */
export function escapeSnippet(s: string): string {
  return s.replace(/[$}\\]/g, '\\$&');
}

/** `s` with every character a regular expression gives a meaning to escaped. */
export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// ---------------------------------------------------------------------------------------------
// Workflow commands (the whole-output guard of each format; src/cli/formats/sanitize.ts)

/** How a format neutralises a workflow command: the text that replaces `#` in `##[`, and the prefix that goes before a line starting `::`. */
export interface CommandGuard {
  hash: string;
  linePrefix: string;
  /** JSON: the controls `JSON.stringify` leaves as they are (C1, DEL, bidirectional, U+2028) as `\uXXXX`. */
  json?: boolean;
}

export const TEXT_GUARD: CommandGuard = { hash: '\\#', linePrefix: '\\' };
/** JSON and SARIF: `\u0023` is `#` to any JSON reader; a line of JSON never starts with `:`. */
export const JSON_GUARD: CommandGuard = { hash: '\\u0023', linePrefix: '', json: true };
export const XML_GUARD: CommandGuard = { hash: '&#35;', linePrefix: '' };
/** Markdown: `&#35;` renders as `#`, and `\:` as `:`. */
export const MARKDOWN_GUARD: CommandGuard = { hash: '&#35;', linePrefix: '\\' };

/** Runners trim any leading white space (Unicode's too) before they look for `::`. */
const COMMAND_LINE = /^([^\S\r\n]*)::/gm;
const LEGACY_COMMAND = /##\[/g;
const JSON_UNPRINTABLE = /[\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** `output` with no line that a GitHub runner reads as a workflow command. */
export function guardOutput(output: string, guard: CommandGuard): string {
  let out = output.replace(LEGACY_COMMAND, `#${guard.hash}[`);
  // In JSON these can only be inside strings, where `\uXXXX` means the same character.
  if (guard.json) out = out.replace(JSON_UNPRINTABLE, c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  if (guard.linePrefix !== '') out = out.replace(COMMAND_LINE, (_, space: string) => `${space}${guard.linePrefix}::`);
  return out;
}

/** True when some line of `output` starts a workflow command (for tests). */
export function startsWorkflowCommand(output: string): boolean {
  return /^[^\S\r\n]*::/m.test(output) || /##\[/.test(output);
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
