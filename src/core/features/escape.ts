/**
 * Escaping of workspace text for Markdown shown in hovers, completion documentation and the
 * like. Findings are written by anyone with commit access, so their text must render as text:
 * no links, no images, no HTML, no command URIs.
 */

/** Every ASCII punctuation character may be backslash-escaped in CommonMark; escaping them all is the safe choice. */
const PUNCTUATION = /[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]/g;

/** Escapes text so that it renders literally in one Markdown paragraph (newlines become spaces). */
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
