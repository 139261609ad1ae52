import {
  CompletionItemKind,
  DiagnosticSeverity,
  DiagnosticTag,
  SymbolKind,
  type Diagnostic as LspDiagnostic,
  type DocumentSymbol as LspDocumentSymbol,
} from 'vscode-languageserver/node';
import {
  ruleDocsUrl,
  type ConfigError,
  type DeclarationKind,
  type Diagnostic,
  type DocumentSymbol,
  type ItemType,
  type ParsedDocument,
} from '../core';

/*
 * The edge between the core's plain data and LSP's types. The core already speaks in zero-based
 * lines and UTF-16 characters (LSP's default position encoding), so most of this is renaming.
 * The kinds match the VS Code extension's, so that both look alike.
 */

const SEVERITY: Record<Diagnostic['severity'], DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

export const COMPLETION_KINDS: Record<ItemType, CompletionItemKind> = {
  finding: CompletionItemKind.Reference,
  spec: CompletionItemKind.Module,
  decision: CompletionItemKind.Event,
  persona: CompletionItemKind.Interface, // LSP has no "User" or "Issue" kind
  input: CompletionItemKind.Text,
  metric: CompletionItemKind.Value,
};

export const SYMBOL_KINDS: Record<DeclarationKind, SymbolKind> = {
  spec: SymbolKind.Module,
  requirement: SymbolKind.Field,
  finding: SymbolKind.Event,
  decision: SymbolKind.Boolean,
  persona: SymbolKind.Object,
  input: SymbolKind.Event,
  metric: SymbolKind.Number,
};

/** One core diagnostic: the rule as `code` with a link to its docs, related places, tags. */
export function toLspDiagnostic(d: Diagnostic): LspDiagnostic {
  const out: LspDiagnostic = {
    range: d.range,
    severity: SEVERITY[d.severity],
    source: 'grounded',
    code: d.rule,
    codeDescription: { href: ruleDocsUrl(d.rule) },
    message: d.message,
  };
  if (d.related?.length)
    out.relatedInformation = d.related.map(r => ({ location: { uri: r.uri, range: r.range }, message: r.message }));
  if (d.tags?.length)
    out.tags = d.tags.map(t => (t === 'unnecessary' ? DiagnosticTag.Unnecessary : DiagnosticTag.Deprecated));
  if (d.data) out.data = d.data;
  return out;
}

/** A `.grounded.yaml` error as a diagnostic on that file (its line, to the end of the line). */
export function configDiagnostic(e: ConfigError): LspDiagnostic {
  const line = Math.max(0, e.line - 1);
  return {
    range: { start: { line, character: Math.max(0, e.column - 1) }, end: { line, character: 10_000 } },
    severity: DiagnosticSeverity.Error,
    source: 'grounded',
    code: 'config',
    message: e.message,
  };
}

export function toLspSymbol(doc: ParsedDocument, s: DocumentSymbol): LspDocumentSymbol {
  return {
    name: s.name,
    detail: s.detail,
    kind: SYMBOL_KINDS[s.kind],
    range: doc.lines.range(s.span),
    selectionRange: doc.lines.range(s.selection),
    children: s.children.map(c => toLspSymbol(doc, c)),
  };
}
