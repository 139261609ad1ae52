import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkFrontmatter from 'remark-frontmatter';
import type { BodyRef } from '../../src/core/model';
import { tokenize } from '../../src/core/body';

interface Node {
  type: string;
  position?: { start: { offset?: number }; end: { offset?: number } };
  children?: Node[];
}

const processor = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']);

/**
 * The reference scanner built on a full remark parse. It is the definition of which tokens
 * count; `scanBody` is the fast path that must agree with it (see the differential test).
 * Text nodes count, raw HTML counts without its comments, and code, images, definitions,
 * autolinks and the frontmatter do not.
 */
export function scanBodyRemark(text: string): BodyRef[] {
  const tree = processor.parse(text) as Node;
  const out: BodyRef[] = [];
  // micromark drops a leading BOM, so its offsets are one short of ours in such files.
  const shift = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const visit = (node: Node) => {
    const start = (node.position?.start.offset ?? 0) + shift;
    const end = (node.position?.end.offset ?? 0) + shift;
    switch (node.type) {
      case 'yaml':
      case 'code':
      case 'inlineCode':
      case 'image':
      case 'imageReference':
      case 'definition':
        return;
      case 'text':
        tokenize(text, start, end, out);
        return;
      case 'html':
        scanHtml(text, start, end, out);
        return;
      case 'link':
        if (text.charCodeAt(start) === 60 /* < */) return; // autolink
        break;
    }
    for (const child of node.children ?? []) visit(child);
  };
  visit(tree);
  return out.sort((a, b) => a.span.start - b.span.start);
}

function scanHtml(text: string, start: number, end: number, out: BodyRef[]): void {
  let from = start;
  while (from < end) {
    const open = text.indexOf('<!--', from);
    if (open === -1 || open >= end) break;
    tokenize(text, from, open, out);
    const close = text.indexOf('-->', open + 4);
    if (close === -1 || close >= end) return;
    from = close + 3;
  }
  tokenize(text, from, end, out);
}
