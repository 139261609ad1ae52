import type { ParsedDocument, Requirement } from '../model';
import { frontmatterKeys } from '../parse';
import type { ItemType, Span, TextEdit } from '../types';
import type { WorkspaceIndex } from '../workspaceIndex';
import { yamlString } from '../presentation';
import { itemTemplateOf, renderTemplate } from '../templates';

/*
 * Edit construction for the quick fixes. Everything here returns core TextEdits on the text the
 * index holds; the editor turns them into one WorkspaceEdit, so that undo reverts a fix.
 */

function edit(doc: ParsedDocument, span: Span, newText: string): TextEdit {
  return { uri: doc.uri, range: doc.lines.range(span), newText };
}

/** The offset at the end of the last non-blank line that `span` touches. */
function endOfLastLine(doc: ParsedDocument, span: Span): number {
  let line = doc.lines.positionAt(span.end).line;
  const startLine = doc.lines.positionAt(span.start).line;
  while (line > startLine && doc.lines.lineText(line).trim() === '') line--;
  if (
    doc.lines.positionAt(span.end).character === 0 &&
    line > startLine &&
    line === doc.lines.positionAt(span.end).line
  )
    line--;
  return doc.lines.offsetAt({ line, character: doc.lines.lineText(line).length });
}

/** The line end a document uses (its first one): inserted lines keep a CRLF file CRLF. */
function eolOf(doc: ParsedDocument): string {
  const nl = doc.text.indexOf('\n');
  return nl > 0 && doc.text.charCodeAt(nl - 1) === 13 ? '\r\n' : '\n';
}

function columnOf(doc: ParsedDocument, offset: number): number {
  return doc.lines.positionAt(offset).character;
}

function requirementOf(doc: ParsedDocument, requirementId: string): Requirement | undefined {
  return doc.item?.requirements.find(r => r.id === requirementId);
}

/**
 * Adds `id` to a list value at `valueSpan` (flow `[a, b]`, block `- a`, or one scalar),
 * keeping its style; `entries` are the links already in it.
 */
function appendToList(doc: ParsedDocument, valueSpan: Span, entries: { span: Span }[], id: string): TextEdit {
  const value = doc.text.slice(valueSpan.start, valueSpan.end);
  if (value.startsWith('[')) {
    const close = doc.text.lastIndexOf(']', valueSpan.end);
    const last = entries[entries.length - 1];
    if (last) {
      // After a quoted last entry's closing quote, not inside it (`[F-1, "F-2"]`).
      const q = doc.text[last.span.start - 1];
      const after = (q === '"' || q === "'") && doc.text[last.span.end] === q ? last.span.end + 1 : last.span.end;
      return edit(doc, { start: after, end: after }, `, ${id}`);
    }
    const inner = doc.text.slice(valueSpan.start + 1, close);
    return edit(
      doc,
      { start: valueSpan.start + 1, end: close },
      inner.trim() === '' ? id : `${inner.trimEnd()}, ${id}`,
    );
  }
  if (value.startsWith('-')) {
    const indent = ' '.repeat(columnOf(doc, valueSpan.start));
    const at = endOfLastLine(doc, entries.length ? entries[entries.length - 1].span : valueSpan);
    return edit(doc, { start: at, end: at }, `${eolOf(doc)}${indent}- ${id}`);
  }
  return edit(doc, valueSpan, `[${value.trim()}, ${id}]`);
}

/**
 * Links finding `findingId` as evidence of the requirement (or, without a requirement, of the
 * decision the document is): appends to an existing `evidence` list in its style, or adds
 * `evidence: [F-x]`. Undefined when the requirement is not in the document or already cites it.
 */
export function linkEvidenceEdits(
  doc: ParsedDocument,
  requirementId: string | undefined,
  findingId: string,
): TextEdit[] | undefined {
  if (requirementId === undefined) return linkItemEvidenceEdits(doc, findingId);
  const r = requirementOf(doc, requirementId);
  if (!r) return undefined;
  return linkRequirementField(doc, r, 'evidence', r.evidence, r.evidenceSpan, findingId);
}

/**
 * Links input `inputId` to the requirement (docs/format.md ("Input"): `inputs: [I-042]`), in the style of its
 * `inputs` list, or adds one. Undefined when the requirement is not in the document.
 */
export function linkInputEdits(doc: ParsedDocument, requirementId: string, inputId: string): TextEdit[] | undefined {
  const r = requirementOf(doc, requirementId);
  if (!r) return undefined;
  return linkRequirementField(doc, r, 'inputs', r.inputs, r.inputsSpan, inputId);
}

/** Adds `id` to a requirement's link field, keeping the list's style; [] when it is there already. */
function linkRequirementField(
  doc: ParsedDocument,
  r: Requirement,
  field: string,
  links: { id: string; span: Span }[],
  valueSpan: Span | undefined,
  id: string,
): TextEdit[] {
  if (links.some(l => l.id === id)) return [];
  if (valueSpan && doc.text.slice(valueSpan.start, valueSpan.end).trim() !== '')
    return [appendToList(doc, valueSpan, links, id)];
  const key = frontmatterKeys(doc).find(k => k.path === `requirements[${r.index}].${field}`);
  if (key) {
    // `field:` with no value yet: put the list right after the colon.
    const colon = doc.text.indexOf(':', key.span.end);
    return [edit(doc, { start: colon + 1, end: endOfLastLine(doc, { start: colon, end: colon + 1 }) }, ` [${id}]`)];
  }
  return [insertRequirementField(doc, r, `${field}: [${id}]`)];
}

/**
 * Gives a declined input its `reason` (docs/format.md, "Input"): replaces an empty one, or adds the line
 * after `status`. Undefined when the document is not an input.
 */
export function addInputReasonEdits(doc: ParsedDocument, reason: string): TextEdit[] | undefined {
  const item = doc.item;
  if (item?.type !== 'input' || !doc.frontmatter) return undefined;
  const key = frontmatterKeys(doc).find(k => k.path === 'reason');
  if (key) {
    const colon = doc.text.indexOf(':', key.span.end);
    return [
      edit(
        doc,
        { start: colon + 1, end: endOfLastLine(doc, { start: colon, end: colon + 1 }) },
        ` ${yamlString(reason)}`,
      ),
    ];
  }
  const status = frontmatterKeys(doc).find(k => k.path === 'status');
  if (status) {
    const at = endOfLastLine(doc, { start: status.span.start, end: status.span.end });
    return [edit(doc, { start: at, end: at }, `\nreason: ${yamlString(reason)}`)];
  }
  return [edit(doc, { start: doc.frontmatter.end, end: doc.frontmatter.end }, `reason: ${yamlString(reason)}\n`)];
}

function linkItemEvidenceEdits(doc: ParsedDocument, findingId: string): TextEdit[] | undefined {
  const item = doc.item;
  if (!item || item.type !== 'decision' || !doc.frontmatter) return undefined;
  if (item.evidence.some(l => l.id === findingId)) return [];
  const key = frontmatterKeys(doc).find(k => k.path === 'evidence');
  if (!key)
    return [
      edit(doc, { start: doc.frontmatter.end, end: doc.frontmatter.end }, `evidence: [${findingId}]${eolOf(doc)}`),
    ];
  const value = valueAfterKey(doc, key.span);
  if (!value) {
    const colon = doc.text.indexOf(':', key.span.end);
    return [
      edit(doc, { start: colon + 1, end: endOfLastLine(doc, { start: colon, end: colon + 1 }) }, ` [${findingId}]`),
    ];
  }
  return [appendToList(doc, value, item.evidence, findingId)];
}

/** The span of a top-level key's value: a flow list, a block list below it, or a scalar. */
function valueAfterKey(doc: ParsedDocument, keySpan: Span): Span | undefined {
  const text = doc.text;
  const colon = text.indexOf(':', keySpan.end);
  let start = colon + 1;
  while (text[start] === ' ' || text[start] === '\t') start++;
  const lineEnd = text.indexOf('\n', start);
  if (text[start] === '[') return { start, end: text.indexOf(']', start) + 1 };
  if (start < lineEnd && text[start] !== '#' && text[start] !== '\r')
    return { start, end: text[lineEnd - 1] === '\r' ? lineEnd - 1 : lineEnd };
  // A block list: the following lines that start with `-` (indented or not).
  let at = lineEnd + 1;
  let first = -1;
  let last = -1;
  while (at < (doc.frontmatter?.end ?? text.length)) {
    const end = text.indexOf('\n', at);
    const line = text.slice(at, end === -1 ? text.length : end);
    const m = /^(\s*)-\s/.exec(line);
    if (!m) break;
    if (first === -1) first = at + m[1].length;
    last = end === -1 ? text.length : end;
    at = last + 1;
  }
  return first === -1 ? undefined : { start: first, end: last };
}

/** Adds a `key: value` line at the end of a requirement's entry, with its indentation. */
function insertRequirementField(doc: ParsedDocument, r: Requirement, line: string): TextEdit {
  const indent = ' '.repeat(columnOf(doc, r.span.start));
  const at = endOfLastLine(doc, r.span);
  return edit(doc, { start: at, end: at }, `${eolOf(doc)}${indent}${line}`);
}

/** Sets the requirement's `waiver` to `reason`, replacing an existing one. */
export function addWaiverEdits(doc: ParsedDocument, requirementId: string, reason: string): TextEdit[] | undefined {
  const r = requirementOf(doc, requirementId);
  if (!r) return undefined;
  if (r.waiverSpan) return [edit(doc, r.waiverSpan, yamlString(reason))];
  return [insertRequirementField(doc, r, `waiver: ${yamlString(reason)}`)];
}

/** Replaces one linked ID (for example superseded evidence by its successor). */
export function replaceLinkEdits(doc: ParsedDocument, span: Span, newId: string): TextEdit[] {
  return [edit(doc, span, newId)];
}

/** Renames a near-miss field (`evidense` → `evidence`). */
export function renameFieldEdits(doc: ParsedDocument, keySpan: Span, name: string): TextEdit[] {
  return [edit(doc, keySpan, name)];
}

/** The text of a new item, from the one template source (src/core/templates.ts); an empty title stays empty. */
export function itemTemplate(type: ItemType, id: string, today: string, title = ''): string {
  return renderTemplate(itemTemplateOf(type), {
    id,
    yamlTitle: title ? yamlString(title) : '',
    heading: title || id,
    today,
  }).text;
}

/**
 * Where a new item of `type` goes: the folder that holds most items of that type, else a
 * folder named after the type (`findings/`) at the root. Returns a URI string.
 */
export function newItemUri(index: WorkspaceIndex, type: ItemType, id: string, rootUri: string): string {
  const counts = new Map<string, number>();
  let seen = 0;
  for (const doc of index.documents()) {
    if (doc.item?.type !== type) continue;
    const dir = doc.uri.slice(0, doc.uri.lastIndexOf('/'));
    counts.set(dir, (counts.get(dir) ?? 0) + 1);
    // A sample is enough to find the usual folder.
    if (++seen >= 200) break;
  }
  let best = '';
  let bestCount = 0;
  for (const [dir, n] of counts) if (n > bestCount) [best, bestCount] = [dir, n];
  const dir = best || `${rootUri.replace(/\/$/, '')}/${type}s`;
  return `${dir}/${encodeURIComponent(id)}.md`;
}
