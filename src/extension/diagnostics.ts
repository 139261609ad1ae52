import * as vscode from 'vscode';
import { ruleDocsUrl, type Diagnostic } from '../core';
import type { FolderState, GroundedModel } from './model';
import { toRange, toUri, type Settings } from './features/convert';

const SEVERITY: Record<Diagnostic['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

/** How many documents are published per turn of the event loop after a full indexing. */
const BATCH = 250;

/** Converts one core diagnostic: rule as `code` with a link to its docs, related places, tags. */
export function toVsDiagnostic(d: Diagnostic): vscode.Diagnostic {
  const out = new vscode.Diagnostic(toRange(d.range), d.message, SEVERITY[d.severity]);
  out.source = 'grounded';
  out.code = { value: d.rule, target: vscode.Uri.parse(ruleDocsUrl(d.rule)) };
  if (d.related?.length)
    out.relatedInformation = d.related.map(
      r => new vscode.DiagnosticRelatedInformation(new vscode.Location(toUri(r.uri), toRange(r.range)), r.message),
    );
  if (d.tags && d.tags.length > 0) {
    out.tags = d.tags.map(t =>
      t === 'unnecessary' ? vscode.DiagnosticTag.Unnecessary : vscode.DiagnosticTag.Deprecated,
    );
  }
  return out;
}

/**
 * Publishes the index's diagnostics whenever the model reports changed documents: as the user
 * types (the model debounces), when files change on disk, and for every spec that cites a
 * changed finding (the index's change reports include them). Config errors of
 * `.grounded.yaml` are diagnostics on that file.
 */
export function registerDiagnostics(model: GroundedModel, settings: Settings): vscode.Disposable {
  const collection = vscode.languages.createDiagnosticCollection('grounded');
  const published = new Map<string, Set<string>>();
  const queue = new Map<string, FolderState>();
  let scheduled = false;

  const publishOne = (folder: FolderState, uri: string) => {
    const vsUri = toUri(uri);
    const seen = published.get(folder.folder.uri.toString()) ?? new Set<string>();
    published.set(folder.folder.uri.toString(), seen);
    if (!folder.index.get(uri) || !settings.enabled(vsUri)) {
      collection.delete(vsUri);
      seen.delete(uri);
      return;
    }
    const shown = {
      error: settings.get(vsUri, 'diagnostics.error', true),
      warning: settings.get(vsUri, 'diagnostics.warning', true),
      info: settings.get(vsUri, 'diagnostics.info', true),
    };
    const list = folder.service.diagnostics(uri).filter(d => shown[d.severity]);
    collection.set(vsUri, list.map(toVsDiagnostic));
    seen.add(uri);
  };

  const drain = () => {
    scheduled = false;
    let n = 0;
    for (const [uri, folder] of queue) {
      queue.delete(uri);
      publishOne(folder, uri);
      if (++n >= BATCH && queue.size) {
        scheduled = true;
        setImmediate(drain);
        return;
      }
    }
  };

  const publish = (folder: FolderState, uris: Iterable<string>) => {
    for (const uri of uris) queue.set(uri, folder);
    // Typing touches a few documents: publish them now. A full indexing is spread over turns.
    if (queue.size <= BATCH) drain();
    else if (!scheduled) {
      scheduled = true;
      setImmediate(drain);
    }
  };

  const republishAll = () => {
    for (const folder of model.all()) {
      const seen = published.get(folder.folder.uri.toString()) ?? new Set<string>();
      // Documents no longer in the index (excluded by a new config) lose their diagnostics.
      for (const uri of seen) if (!folder.index.get(uri)) publish(folder, [uri]);
      publish(
        folder,
        [...folder.index.documents()].map(d => d.uri),
      );
    }
  };

  const publishConfig = (folder: FolderState) => {
    collection.set(
      folder.configUri,
      folder.configErrors.map(e => {
        const line = Math.max(0, e.line - 1);
        const d = new vscode.Diagnostic(
          new vscode.Range(line, Math.max(0, e.column - 1), line, 10_000),
          e.message,
          vscode.DiagnosticSeverity.Error,
        );
        d.source = 'grounded';
        d.code = 'config';
        return d;
      }),
    );
  };

  return vscode.Disposable.from(
    collection,
    model.onDidChange(({ folder, uris }) => {
      const seen = published.get(folder.folder.uri.toString());
      // A full re-index may have dropped documents: clear what is no longer there.
      if (seen && uris.length >= folder.index.size)
        for (const uri of seen) if (!folder.index.get(uri)) publish(folder, [uri]);
      publish(folder, uris);
    }),
    model.onDidChangeConfig(publishConfig),
    settings.onDidChange(republishAll),
    { dispose: () => queue.clear() },
  );
}
