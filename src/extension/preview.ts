import * as vscode from 'vscode';
import { tokenize, type BodyRef } from '../core';
import type { GroundedModel } from './model';

/* Minimal shapes of markdown-it, which VS Code's Markdown preview hands to extensions. */
interface Token {
  type: string;
  content: string;
  children: Token[] | null;
  attrSet?(name: string, value: string): void;
}
interface CoreState {
  tokens: Token[];
  env: { currentDocument?: vscode.Uri } | undefined;
  Token: new (type: string, tag: string, nesting: number) => Token;
}
interface MarkdownIt {
  core: { ruler: { push(name: string, rule: (state: CoreState) => void): void } };
}

/**
 * The markdown-it plugin for `markdown.markdownItPlugins`: known IDs in the preview become
 * links to their file, with the title as tooltip. Text inside links and code is left alone.
 */
export function extendMarkdownIt<T>(md: T, model: GroundedModel): T {
  (md as unknown as MarkdownIt).core.ruler.push('grounded_ids', state => {
    const current = state.env?.currentDocument;
    const folders = current ? [model.folderOf(current)].filter(f => f !== undefined) : model.all();
    if (folders.length === 0) return;
    const find = (id: string) => {
      for (const f of folders) {
        const [decl] = f.index.lookup(id);
        if (!decl) continue;
        const doc = f.index.get(decl.uri);
        const title = decl.kind === 'requirement' ? f.index.requirement(id)?.requirement.text : doc?.item?.title;
        return { uri: decl.uri, title: title ? `${id}: ${title}` : id };
      }
      return undefined;
    };
    for (const block of state.tokens) {
      if (block.type !== 'inline' || !block.children) continue;
      const out: Token[] = [];
      let linkDepth = 0;
      for (const child of block.children) {
        if (child.type === 'link_open') linkDepth++;
        if (child.type === 'link_close') linkDepth--;
        if (child.type !== 'text' || linkDepth > 0) {
          out.push(child);
          continue;
        }
        const refs: BodyRef[] = [];
        tokenize(child.content, 0, child.content.length, refs);
        let at = 0;
        for (const ref of refs) {
          const target = find(ref.id);
          if (!target) continue;
          if (ref.span.start > at) out.push(text(state, child.content.slice(at, ref.span.start)));
          const open = new state.Token('link_open', 'a', 1);
          open.attrSet!('href', hrefFrom(current, target.uri));
          open.attrSet!('title', target.title);
          open.attrSet!('class', 'grounded-id');
          out.push(open, text(state, ref.id), new state.Token('link_close', 'a', -1));
          at = ref.span.end;
        }
        if (at === 0) out.push(child);
        else if (at < child.content.length) out.push(text(state, child.content.slice(at)));
      }
      block.children = out;
    }
  });
  return md;
}

function text(state: CoreState, content: string): Token {
  const t = new state.Token('text', '', 0);
  t.content = content;
  return t;
}

/** A link from the previewed document to `target`: relative when both are files of one scheme. */
function hrefFrom(current: vscode.Uri | undefined, target: string): string {
  const to = vscode.Uri.parse(target);
  if (!current || current.scheme !== to.scheme || current.authority !== to.authority) return to.toString();
  const from = current.path.split('/').slice(0, -1);
  const parts = to.path.split('/');
  let i = 0;
  while (i < from.length && i < parts.length - 1 && from[i] === parts[i]) i++;
  const rel = [...from.slice(i).map(() => '..'), ...parts.slice(i)];
  return rel.map(p => encodeURIComponent(p)).join('/');
}
