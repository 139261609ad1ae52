/** The pure core of Grounded: it touches neither `vscode`, the file system nor the Node runtime. */
export * from './types';
export * from './model';
export * from './text';
export * from './ids';
export * from './schema';
export * from './config';
export * from './parse';
export { scanBody, tokenize } from './body';
export * from './grounding';
export * from './workspaceIndex';
export * from './report';
export { RULES, RULE_IDS, ruleDocsUrl, type Rule } from './rules';
export { computeDiagnostics } from './diagnostics';

/** Today's date as YYYY-MM-DD in UTC. */
export function todayIso(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}
export * from './files';
export * from './outcomes';
export * from './trace';
export * from './workspace';
export * from './snapshot';
export * from './presentation';
export * from './staleness';
export * from './summary';
export * from './templates';
