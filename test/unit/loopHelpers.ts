import { joinLines } from './helpers';

/** docs/format.md: inputs, metrics, measurements and outcomes. Today is 2026-11-29 (helpers). */
export const input = (id: string, extra: string[] = []) => {
  const fields = new Map([
    ['id', id],
    ['type', 'input'],
    ['title', `Input ${id}`],
    ['from', 'sales'],
    ['date', '2026-09-14'],
  ]);
  for (const line of extra) fields.set(line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1).trim());
  return joinLines('---', ...[...fields].map(([k, v]) => `${k}: ${v}`), '---', 'What was said.', '');
};
export const metric = (id: string, extra: string[] = []) => {
  const fields = new Map([
    ['id', id],
    ['type', 'metric'],
    ['title', `Metric ${id}`],
    ['direction', 'increase'],
    ['baseline', '61.5'],
    ['target', '70'],
  ]);
  for (const line of extra) fields.set(line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1).trim());
  return joinLines('---', ...[...fields].map(([k, v]) => `${k}: ${v}`), '---', '');
};
