/**
 * The pure core of Grounded: it touches neither `vscode`, the file system nor the Node runtime.
 * This index is the core's only entry for the edges (ESLint bans deep imports): the service
 * (`createGroundedService`), the types, and the pure helpers the edges use besides it (the
 * config, decoding, the index builder the CLI runs, the report, the views' models).
 */
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
export { REPOSITORY, RULES, RULE_IDS, ruleDocsUrl, type Rule } from './rules';
export { didYouMean, suggestIds } from './rules/broken-link';
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
export * from './service';
export * from './importRows';

// The results of the service's features.
export type { CheckResult, DiagnosticRow, GetResult, SearchArgs, SearchHit } from './features/agent';
export type { CodeLens } from './features/codeLens';
export type { CompleteOptions, CompletionItem, CompletionResult } from './features/completion';
export type { DefinitionResult, Location } from './features/definition';
export type { HoverResult } from './features/hover';
export type { DocumentLink } from './features/links';
export type { FileRename, PrepareRenameResult, RenameResult } from './features/rename';
export type { SearchEntry } from './features/search';
export type { DocumentSymbol, WorkspaceSymbol } from './features/symbols';

// The views' models and renderers (the editor's trees and report, the CLI's Markdown).
export {
  coverageDescription,
  coverageRows,
  requirementLabel,
  specState,
  type CoverageOptions,
  type CoverageSort,
  type EvidenceRow,
  type OutcomeRow,
  type RequirementRow,
  type SpecRow,
} from './views/coverage';
export {
  EVIDENCE_GROUPINGS,
  groupFindings,
  type Citation,
  type EvidenceGrouping,
  type FindingGroup,
  type FindingRow,
} from './views/evidence';
export {
  INPUT_GROUPINGS,
  groupInputs,
  type InputGroup,
  type InputGrouping,
  type InputPlace,
  type InputRow,
} from './views/inputs';
export { reportMarkdown } from './views/markdown';
export { fileNameFor, folderFor, nextId, template } from './views/newItem';
export { renderReportBody, renderReportPage } from './views/reportHtml';
export { buildReportModel, type ReportModel, type ReportSource } from './views/reportModel';
export * from './presentation';
export * from './staleness';
export * from './summary';
export * from './templates';
