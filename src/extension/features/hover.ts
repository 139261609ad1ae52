import * as vscode from 'vscode';
import { MARKDOWN, resolve, toRange, untrustedMarkdown, type FeatureContext } from './convert';

/** Hover previews of IDs; nothing elsewhere, so the built-in Markdown hovers still show. */
export function registerHover(ctx: FeatureContext): vscode.Disposable {
  return vscode.languages.registerHoverProvider(MARKDOWN, {
    provideHover(document, position) {
      const r = resolve(ctx, document);
      if (!r) return undefined;
      const result = r.service.hover(r.doc, document.offsetAt(position));
      if (!result) return undefined;
      return new vscode.Hover(untrustedMarkdown(result.markdown), toRange(r.doc.lines.range(result.span)));
    },
  });
}
