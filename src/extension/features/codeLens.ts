import * as vscode from 'vscode';
import { MARKDOWN, resolve, toRange, toUri, type FeatureContext } from './convert';

/**
 * Lenses over requirements (their grounding at a glance, or "Link evidence…") and over
 * findings and decisions (how often they are cited). `grounded.codeLens.enabled` turns them off.
 */
export function registerCodeLens(ctx: FeatureContext): vscode.Disposable {
  const changed = new vscode.EventEmitter<void>();
  let timer: NodeJS.Timeout | undefined;
  const refresh = () => {
    // Lenses of other open specs change when a finding changes; refresh once the burst settles.
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => changed.fire(), 150);
  };
  return vscode.Disposable.from(
    changed,
    { dispose: () => timer && clearTimeout(timer) },
    ctx.model.onDidChange(refresh),
    // A folder whose full indexing ended (its index was replaced, or it could not be read):
    // every lens of it may change, so they are asked again at once.
    ctx.model.onDidProgress(state => {
      if (!state.indexing && state.complete) changed.fire();
    }),
    ctx.settings.onDidChange(() => changed.fire()),
    vscode.languages.registerCodeLensProvider(MARKDOWN, {
      onDidChangeCodeLenses: changed.event,
      provideCodeLenses(document) {
        if (!ctx.settings.get(document.uri, 'codeLens.enabled', true)) return undefined;
        const r = resolve(ctx, document);
        if (!r) return undefined;
        // Before the folder's first indexing ends its index is an empty placeholder: a lens from
        // it would claim "no evidence" for a grounded requirement. The lenses keep their place
        // and say so until the index is there (and `onDidProgress` asks for them again).
        const lenses = r.service.codeLenses(r.doc);
        if (!r.folder.complete) {
          const lines = new Set(lenses.map(lens => r.doc.lines.range(lens.span).start.line));
          return [...lines].map(
            line =>
              new vscode.CodeLens(new vscode.Range(line, 0, line, 0), { title: 'Grounded: indexing…', command: '' }),
          );
        }
        return lenses.map(lens => {
          const range = toRange(r.doc.lines.range(lens.span));
          const action = lens.action;
          if (action?.kind === 'linkEvidence') {
            return new vscode.CodeLens(range, {
              title: lens.title,
              command: 'grounded.linkEvidence',
              arguments: [document.uri, action.requirement],
              tooltip: 'Pick findings to cite as evidence',
            });
          }
          if (action?.kind === 'showCitations') {
            const locations = r.index.citations(action.id).flatMap(({ uri, link }) => {
              const doc = r.index.get(uri);
              return doc ? [new vscode.Location(toUri(uri), toRange(doc.lines.range(link.span)))] : [];
            });
            return new vscode.CodeLens(range, {
              title: lens.title,
              command: 'editor.action.showReferences',
              arguments: [document.uri, range.start, locations],
            });
          }
          if (action?.kind === 'showItems') {
            const locations = action.ids.flatMap(id =>
              r.index.lookup(id).flatMap(decl => {
                const doc = r.index.get(decl.uri);
                return doc ? [new vscode.Location(toUri(decl.uri), toRange(doc.lines.range(decl.span)))] : [];
              }),
            );
            return new vscode.CodeLens(range, {
              title: lens.title,
              command: 'editor.action.showReferences',
              arguments: [document.uri, range.start, locations],
            });
          }
          // An empty command ID shows the title as plain text.
          return new vscode.CodeLens(range, { title: lens.title, command: '' });
        });
      },
    }),
  );
}
