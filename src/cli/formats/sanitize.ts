/*
 * The output-sanitising layer (docs/limits.md). Everything a report shows from the workspace (file
 * names, IDs, titles, field values inside messages) is untrusted: a pull request chooses it.
 * Two defences, for every format:
 * - `printable` for values a format writes as text (text, Markdown, JUnit): control characters
 *   (ESC sequences reach the terminal), line breaks (a new line can start a workflow command),
 *   and bidirectional and line-separator characters become visible escapes such as `\n` or `\u001b`;
 * - `guardOutput` over the whole output of a format: no line may begin a GitHub Actions workflow
 *   command (`::`, after any spaces), nor hold the older `##[` form anywhere. Each format
 *   neutralises them in its own syntax, so that the data it carries is unchanged.
 * `--format github` writes workflow commands on purpose and escapes each value it puts in one.
 */

export { printable } from '../../core';

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
