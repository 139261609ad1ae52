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

export {
  guardOutput,
  startsWorkflowCommand,
  TEXT_GUARD,
  JSON_GUARD,
  XML_GUARD,
  MARKDOWN_GUARD,
  type CommandGuard,
} from '../../core';
