import type { Formatter } from './types';

export const formatJson: Formatter = (report, context) =>
  JSON.stringify(report, null, context.tty ? 2 : undefined) + '\n';
