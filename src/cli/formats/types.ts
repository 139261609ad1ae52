import type { JsonReport } from '../../core/report';

export interface FormatContext {
  /** Colour is allowed (a TTY without NO_COLOR). */
  color: boolean;
  /** Absolute root folder, for formats that need absolute paths. */
  root: string;
}

export type Formatter = (report: JsonReport, context: FormatContext) => string;
