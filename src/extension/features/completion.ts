import * as vscode from 'vscode';
import type { ItemType } from '../../core';
import { MARKDOWN, resolve, toRange, untrustedMarkdown, type FeatureContext } from './convert';

const KINDS: Record<ItemType, vscode.CompletionItemKind> = {
  finding: vscode.CompletionItemKind.Reference,
  spec: vscode.CompletionItemKind.Module,
  decision: vscode.CompletionItemKind.Event,
  persona: vscode.CompletionItemKind.User,
  input: vscode.CompletionItemKind.Issue,
  metric: vscode.CompletionItemKind.Value,
};

class IdCompletionItem extends vscode.CompletionItem {
  constructor(
    readonly id: string,
    readonly folder: string,
  ) {
    super(id);
  }
}

/**
 * Completion of IDs in link fields (only the types the field takes) and in the body. The
 * core ranks with fuse.js; `filterText` is the typed query and `sortText` the rank, so that
 * VS Code's own filter keeps that order even for multi-word queries like `guest checkout`.
 */
export function registerCompletion(ctx: FeatureContext): vscode.Disposable {
  // Build the word index once indexing settles, not on the first completion the user asks for
  // (on 10,000 documents that first build takes about a second).
  const warm = new Map<string, NodeJS.Timeout>();
  const warming = ctx.model.onDidChange(({ folder }) => {
    const key = folder.folder.uri.toString();
    clearTimeout(warm.get(key));
    warm.set(
      key,
      setTimeout(() => folder.service.search('', ['finding'], 1), 2000),
    );
  });
  const provider = vscode.languages.registerCompletionItemProvider(
    MARKDOWN,
    {
      provideCompletionItems(document, position, _token, context) {
        const r = resolve(ctx, document);
        if (!r) return undefined;
        const result = r.service.complete(r.doc, document.offsetAt(position));
        if (!result) return undefined;
        const { kind, query } = result.context;
        if (kind === 'body') {
          // In prose only an explicit request or a `-` after an ID-like prefix (`F-`) asks for IDs.
          if (context.triggerKind === vscode.CompletionTriggerKind.TriggerCharacter && context.triggerCharacter !== '-')
            return undefined;
          if (context.triggerKind !== vscode.CompletionTriggerKind.Invoke && !/^[A-Za-z]+-/.test(query))
            return undefined;
        }
        const items = result.items.map(c => {
          const item = new IdCompletionItem(c.id, r.folder.folder.uri.toString());
          item.label = { label: c.id, description: c.title };
          item.kind = KINDS[c.type];
          item.detail = c.detail;
          item.range = toRange(r.doc.lines.range(c.span));
          item.filterText = c.filterText || c.id;
          item.sortText = String(c.rank).padStart(4, '0');
          item.insertText = c.id;
          return item;
        });
        return new vscode.CompletionList(items, result.incomplete || query !== '');
      },
      resolveCompletionItem(item) {
        if (!(item instanceof IdCompletionItem)) return item;
        const folder = ctx.model.all().find(f => f.folder.uri.toString() === item.folder);
        const markdown = folder && folder.service.describeId(item.id);
        if (markdown) item.documentation = untrustedMarkdown(markdown);
        return item;
      },
    },
    '-',
    '[',
    ',',
    ' ',
  );
  return vscode.Disposable.from(provider, warming, { dispose: () => warm.forEach(t => clearTimeout(t)) });
}
