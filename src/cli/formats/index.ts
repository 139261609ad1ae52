import type { Formatter } from './types';
import { formatJson } from './json';
import { formatText } from './text';

export type { Formatter, FormatContext } from './types';

/** Every `--format`; the formats of DESIGN §5 that are not here yet are refused as unknown. */
export const FORMATS: Record<string, Formatter> = {
  text: formatText,
  json: formatJson,
};
