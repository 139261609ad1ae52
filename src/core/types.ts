/**
 * Plain, LSP-shaped data shared by the core, the CLI and the editor adapter.
 * Nothing here knows about `vscode` or the file system.
 */

/** A zero-based line and UTF-16 character offset, as in LSP and VS Code. */
export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/** Offsets into a document's text, `end` exclusive. */
export interface Span {
  start: number;
  end: number;
}

export type Severity = 'error' | 'warning' | 'info';
export type SeveritySetting = Severity | 'off';

export const ITEM_TYPES = ['spec', 'finding', 'persona', 'decision', 'input', 'metric'] as const;
export type ItemType = (typeof ITEM_TYPES)[number];
export type DeclarationKind = ItemType | 'requirement';

export interface RelatedInformation {
  uri: string;
  range: Range;
  message: string;
}

export interface Diagnostic {
  uri: string;
  range: Range;
  severity: Severity;
  rule: string;
  message: string;
  related?: RelatedInformation[];
  /** `unnecessary` and `deprecated` map onto the editor's diagnostic tags. */
  tags?: ('unnecessary' | 'deprecated')[];
  /** Rule-specific facts that quick fixes use (for example the successor of a finding). */
  data?: Record<string, unknown>;
}

/** A replacement of `range` in `uri` by `newText`. */
export interface TextEdit {
  uri: string;
  range: Range;
  newText: string;
}
