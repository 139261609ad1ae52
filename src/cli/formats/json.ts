import type { Formatter } from './types';

export const formatJson: Formatter = (report) => JSON.stringify(report, null, 2) + '\n';
