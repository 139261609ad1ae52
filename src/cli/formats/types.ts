import type { JsonReport } from '../../core';

export interface FormatContext {
  /** Colour is allowed (a TTY without NO_COLOR). */
  color: boolean;
  /**
   * Output goes to a terminal: JSON and SARIF are indented for people to read. To a file or a
   * pipe they are printed on one line, 40% smaller for 10,000 documents (docs/performance.md).
   */
  tty?: boolean;
  /** Absolute root folder, for formats that need absolute paths. */
  root: string;
  /** The folder the command ran in; CI formats give paths relative to it when ROOT is below it. */
  cwd?: string;
  /** The rank of `--fail-on` (info 1, warning 2, error 3, never 99), for formats that pass or fail. */
  failOn?: number;
}

export type Formatter = (report: JsonReport, context: FormatContext) => string;
