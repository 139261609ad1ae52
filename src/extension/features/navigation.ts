import * as vscode from 'vscode';
import type { DeclarationKind, DocumentSymbol, ParsedDocument } from '../../core';
import { MARKDOWN, resolve, toRange, toUri, type FeatureContext } from './convert';

/*
 * Definition, references, document links and symbols for IDs. Each answers only for IDs and
 * returns undefined elsewhere: VS Code merges these results with the built-in Markdown
 * providers', which keep handling headers and links.
 */

const SYMBOL_KINDS: Record<DeclarationKind, vscode.SymbolKind> = {
  spec: vscode.SymbolKind.Module,
  requirement: vscode.SymbolKind.Field,
  finding: vscode.SymbolKind.Event,
  decision: vscode.SymbolKind.Boolean,
  persona: vscode.SymbolKind.Object,
  input: vscode.SymbolKind.Event,
  metric: vscode.SymbolKind.Number,
};

export function registerNavigation(ctx: FeatureContext): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.languages.registerDefinitionProvider(MARKDOWN, {
      provideDefinition(document, position) {
        const r = resolve(ctx, document);
        if (!r) return undefined;
        const result = r.service.definition(r.doc, document.offsetAt(position));
        if (!result) return undefined;
        const origin = toRange(r.doc.lines.range(result.origin));
        return result.targets.map((t): vscode.LocationLink => ({
          originSelectionRange: origin,
          targetUri: toUri(t.uri),
          targetRange: toRange(t.range),
          targetSelectionRange: toRange(t.range),
        }));
      },
    }),
    vscode.languages.registerReferenceProvider(MARKDOWN, {
      provideReferences(document, position, context) {
        const r = resolve(ctx, document);
        if (!r) return undefined;
        return r.service
          .references(r.doc, document.offsetAt(position), context.includeDeclaration)
          ?.map(l => new vscode.Location(toUri(l.uri), toRange(l.range)));
      },
    }),
    vscode.languages.registerDocumentLinkProvider(MARKDOWN, {
      provideDocumentLinks(document) {
        const r = resolve(ctx, document);
        if (!r) return undefined;
        return r.service.documentLinks(r.doc).map(l => {
          const target = toUri(l.target.uri).with({
            fragment: `L${l.target.range.start.line + 1},${l.target.range.start.character + 1}`,
          });
          const link = new vscode.DocumentLink(toRange(r.doc.lines.range(l.span)), target);
          link.tooltip = l.tooltip;
          return link;
        });
      },
    }),
    vscode.languages.registerDocumentSymbolProvider(
      MARKDOWN,
      {
        provideDocumentSymbols(document) {
          const r = resolve(ctx, document);
          if (!r) return undefined;
          const symbols = r.service.documentSymbols(r.doc);
          return symbols.length ? symbols.map(s => toSymbol(r.doc, s)) : undefined;
        },
      },
      { label: 'Grounded' },
    ),
    vscode.languages.registerWorkspaceSymbolProvider({
      provideWorkspaceSymbols(query) {
        const out: vscode.SymbolInformation[] = [];
        for (const folder of ctx.model.all()) {
          if (!ctx.settings.enabled(folder.folder.uri)) continue;
          for (const s of folder.service.workspaceSymbols(query)) {
            const doc = folder.index.get(s.uri);
            if (!doc) continue;
            const name = s.detail ? `${s.name} ${s.detail}` : s.name;
            out.push(
              new vscode.SymbolInformation(
                name,
                SYMBOL_KINDS[s.kind],
                s.container ?? '',
                new vscode.Location(toUri(s.uri), toRange(doc.lines.range(s.span))),
              ),
            );
          }
        }
        return out;
      },
    }),
  );
}

function toSymbol(doc: ParsedDocument, s: DocumentSymbol): vscode.DocumentSymbol {
  const symbol = new vscode.DocumentSymbol(
    s.name,
    s.detail,
    SYMBOL_KINDS[s.kind],
    toRange(doc.lines.range(s.span)),
    toRange(doc.lines.range(s.selection)),
  );
  symbol.children = s.children.map(c => toSymbol(doc, c));
  return symbol;
}
