import { isMap, isScalar, isSeq, type Node as YamlNode, type Pair, type YAMLMap, type YAMLError } from 'yaml';
import type { ItemType, Span } from './types';
import type { BodyRef, FrontmatterKey, Item, LinkRef, ParsedDocument, Problem, Requirement } from './model';
import { FIELDS, QUANTITATIVE_SOURCES, fieldShape, isValidDate, type FieldShape, type Priority } from './schema';
import { LineMap } from './text';
import { ID_PREFIXES, isValidId, nearest } from './ids';
import { MAX_BODY_REFERENCES, scanBody } from './body';
import { frontmatterLimit, parseYamlDocument, readFrontmatterFast } from './frontmatter';

/** Where the frontmatter block sits in a text. */
export interface FrontmatterBlock {
  /** The content between the fences. */
  content: Span;
  /** Where the body begins, after the closing fence's line. */
  bodyStart: number;
}

const KNOWN_TYPE = /^type[ \t]*:[ \t]*(["']?)(spec|finding|persona|decision|input|metric)\1[ \t]*(?:#.*)?$/m;

/**
 * Finds a frontmatter block: `---` on the first line (after an optional BOM), closed by a line
 * `---` or `...`. Returns `undefined` when there is none or it is never closed.
 */
export function findFrontmatter(text: string): FrontmatterBlock | undefined {
  const start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const firstEnd = text.indexOf('\n', start);
  if (firstEnd === -1 || text.slice(start, firstEnd).trimEnd() !== '---') return undefined;
  let lineStart = firstEnd + 1;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd === -1) lineEnd = text.length;
    const line = text.slice(lineStart, lineEnd).trimEnd();
    if (line === '---' || line === '...') {
      return { content: { start: firstEnd + 1, end: lineStart }, bodyStart: Math.min(lineEnd + 1, text.length) };
    }
    if (lineEnd === text.length) break;
    lineStart = lineEnd + 1;
  }
  return undefined;
}

/**
 * An opening `---` that is never closed, followed by `type: spec` (or another known type) among
 * the lines that can be frontmatter: the lines up to the first fence, heading or HTML line. A
 * README that opens with a thematic break and shows `type: spec` in a code example further
 * down is not an item. `crOnly` when the file's lines end with CR alone.
 */
function unclosedFrontmatter(text: string): { type: ItemType; crOnly: boolean } | undefined {
  const open = /^\uFEFF?---[ \t]*(\r\n|\n|\r)/.exec(text);
  if (!open) return undefined;
  const crOnly = open[1] === '\r';
  const limit = Math.min(text.length, open[0].length + 64 * 1024);
  const lines = text.slice(open[0].length, limit).split(crOnly ? '\r' : '\n');
  for (const raw of lines) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const type = /^type[ \t]*:[ \t]*(["']?)(spec|finding|persona|decision)\1[ \t]*(?:#.*)?$/.exec(line);
    if (type) return { type: type[2] as ItemType, crOnly };
    if (/^(?:```|~~~|#{1,6}(?:[ \t]|$)|<)/.test(line)) return undefined;
  }
  return undefined;
}

/** Options that change what parsing extracts. */
export interface ParseOptions {
  /**
   * The body's references as the reader thread scanned them (docs/performance.md), from
   * `start` on: taken as they are when the body begins there, instead of scanning it again.
   */
  bodyRefs?: { start: number; refs: BodyRef[] };
  /**
   * The last parse of the same document (docs/performance.md: typing). The part of it that the edit left
   * alone is reused: the frontmatter's item, declarations, links and problems when the
   * frontmatter is unchanged, the body's references (moved by the frontmatter's change in
   * length) when the body is. The result equals a fresh parse; a differential test checks it.
   */
  previous?: ParsedDocument;
}

/**
 * The two readers a parse is made of. `parseMarkdown` uses the fast ones; the differential tests
 * give `parseWith` others (remark for the body, `yaml` alone for the frontmatter) and expect the
 * same documents.
 */
export interface Readers {
  /** The body's references, from offset `from` on. */
  scanBody(text: string, from: number): BodyRef[];
  /** `yaml`'s nodes for the frontmatter's content, or undefined to have `yaml` read it. */
  readFrontmatter(raw: string): YAMLMap | undefined;
}

const FAST: Readers = { scanBody, readFrontmatter: readFrontmatterFast };

/** Where the body of `text` begins, as `parseMarkdown` finds it: after the frontmatter, or after a BOM. */
export function bodyStartOf(text: string): number {
  return findFrontmatter(text)?.bodyStart ?? (text.charCodeAt(0) === 0xfeff ? 1 : 0);
}

/** Parses one Markdown file. Never throws: problems are returned with the document. */
export function parseMarkdown(uri: string, text: string, options: ParseOptions = {}): ParsedDocument {
  const given = options.bodyRefs;
  if (!given) return parseWith(uri, text, FAST, options.previous);
  return parseWith(uri, text, {
    scanBody: (t, from) => (from === given.start ? given.refs : scanBody(t, from)),
    readFrontmatter: readFrontmatterFast,
  });
}

/**
 * `parseMarkdown` with the readers given: the fast ones (`parseMarkdown`'s) or, in the tests,
 * the reference ones they are compared with. `previous` is reused only with the fast readers.
 */
export function parseWith(uri: string, text: string, readers: Readers, previous?: ParsedDocument): ParsedDocument {
  const doc: ParsedDocument = {
    uri,
    text,
    lines: new LineMap(text),
    bodyStart: text.charCodeAt(0) === 0xfeff ? 1 : 0,
    declarations: [],
    links: [],
    bodyRefs: [],
    problems: [],
  };
  if (readers !== FAST || previous?.uri !== uri) previous = undefined;
  const block = findFrontmatter(text);
  if (block) {
    doc.frontmatter = block.content;
    doc.bodyStart = block.bodyStart;
    const raw = text.slice(block.content.start, block.content.end);
    if (previous && sameFrontmatter(previous, block, raw)) {
      // Unchanged frontmatter at the same offsets: what was read from it holds as it is.
      if (previous.item) doc.item = previous.item;
      doc.declarations = previous.declarations;
      doc.links = previous.links;
      doc.problems = previous.problems;
    } else {
      readItem(doc, block, raw, readers);
    }
  } else {
    const unclosed = unclosedFrontmatter(text);
    if (unclosed) {
      doc.item = brokenItem(unclosed.type, { start: doc.bodyStart, end: doc.bodyStart + 3 });
      doc.problems.push({
        rule: 'yaml-syntax',
        span: { start: doc.bodyStart, end: doc.bodyStart + 3 },
        message: unclosed.crOnly
          ? 'The lines of this file end with CR alone (classic Mac line ends), so its frontmatter is not read: save it with LF or CRLF line ends.'
          : 'The frontmatter is never closed: add a line with `---` after it.',
      });
    }
  }
  doc.bodyRefs =
    previous && sameBody(previous, text, doc.bodyStart)
      ? moved(previous.bodyRefs, doc.bodyStart - previous.bodyStart)
      : readers.scanBody(text, doc.bodyStart);
  if (doc.bodyRefs.length > MAX_BODY_REFERENCES) {
    const past = doc.bodyRefs[MAX_BODY_REFERENCES].span.start;
    doc.bodyRefs = doc.bodyRefs.slice(0, MAX_BODY_REFERENCES);
    const line = doc.lines.positionAt(past).line;
    doc.problems.push({
      rule: 'unreadable-file',
      span: { start: past, end: past },
      message: `This body names more than ${MAX_BODY_REFERENCES} ID-like tokens; from line ${line + 1} on it was not checked for references.`,
    });
  }
  if (doc.item) fillRequirementTextFromBody(doc);
  return doc;
}

/** Reads the item of a frontmatter block into `doc`, if it declares a known type; `keys` collects its keys. */
function readItem(
  doc: ParsedDocument,
  block: FrontmatterBlock,
  raw: string,
  readers: Readers,
  keys?: FrontmatterKey[],
): void {
  const typeMatch = KNOWN_TYPE.exec(raw);
  if (!typeMatch) return;
  const typeStart = block.content.start + typeMatch.index + typeMatch[0].indexOf(typeMatch[2]);
  new ItemReader(
    doc,
    raw,
    block.content.start,
    typeMatch[2] as ItemType,
    { start: typeStart, end: typeStart + typeMatch[2].length },
    keys,
  ).read(readers);
}

const KEYS = new WeakMap<ParsedDocument, FrontmatterKey[]>();

/** The keys of a document's frontmatter, read again from its text the first time they are asked for. */
export function frontmatterKeys(doc: ParsedDocument): FrontmatterKey[] {
  let keys = KEYS.get(doc);
  if (!keys) {
    keys = [];
    const block = findFrontmatter(doc.text);
    if (block) {
      const scratch: ParsedDocument = {
        uri: doc.uri,
        text: doc.text,
        lines: doc.lines,
        bodyStart: block.bodyStart,
        declarations: [],
        links: [],
        bodyRefs: [],
        problems: [],
      };
      readItem(scratch, block, doc.text.slice(block.content.start, block.content.end), FAST, keys);
    }
    KEYS.set(doc, keys);
  }
  return keys;
}

/**
 * True when `previous` has the same frontmatter at the same place, and none of its requirements
 * takes its text from the body (that text is filled in after the frontmatter is read).
 */
function sameFrontmatter(previous: ParsedDocument, block: FrontmatterBlock, raw: string): boolean {
  const fm = previous.frontmatter;
  return (
    fm !== undefined &&
    fm.start === block.content.start &&
    fm.end === block.content.end &&
    previous.bodyStart === block.bodyStart &&
    previous.text.slice(fm.start, fm.end) === raw &&
    (previous.item?.requirements.every(
      r => !r.id || (r.text !== undefined && r.textSpan !== undefined && r.textSpan.end <= fm.end),
    ) ??
      true)
  );
}

function sameBody(previous: ParsedDocument, text: string, bodyStart: number): boolean {
  return (
    text.length - bodyStart === previous.text.length - previous.bodyStart &&
    text.endsWith(previous.text.slice(previous.bodyStart))
  );
}

function moved(refs: BodyRef[], delta: number): BodyRef[] {
  return delta === 0 ? refs : refs.map(r => ({ ...r, span: { start: r.span.start + delta, end: r.span.end + delta } }));
}

class ItemReader {
  private readonly problems: Problem[];
  /** The top-level keys the frontmatter has. */
  private readonly present = new Set<string>();

  constructor(
    private readonly doc: ParsedDocument,
    private readonly raw: string,
    private readonly base: number,
    private readonly type: ItemType,
    private readonly typeSpan: Span,
    private readonly keys?: FrontmatterKey[],
  ) {
    this.problems = doc.problems;
  }

  read(readers: Readers): void {
    const item = brokenItem(this.type, this.typeSpan);
    this.doc.item = item;
    // Too large or too deep: not parsed at all (both parsers recurse once per level).
    const limit = frontmatterLimit(this.raw);
    if (limit) {
      const lineEnd = this.raw.indexOf('\n', limit.at);
      this.problems.push({
        rule: 'yaml-syntax',
        span: { start: this.base + limit.at, end: this.base + (lineEnd === -1 ? this.raw.length : lineEnd) },
        message: limit.message,
      });
      return;
    }
    // The fast reader gives the same nodes as `yaml` for the common subset, and nothing (so
    // `yaml` reads it) for anything else, including every text with an error.
    const fast = readers.readFrontmatter(this.raw);
    const yaml = fast
      ? { contents: fast, errors: [] as YAMLError[] }
      : parseYamlDocument(this.raw, { prettyErrors: false, strict: false });
    const broken = yaml.errors.length > 0;
    item.broken = broken;
    for (const error of yaml.errors) {
      let [s, e] = error.pos;
      // An error at the very end (an unclosed bracket or quote) is shown on the last line, not the fence.
      if (s >= this.raw.trimEnd().length) {
        s = this.raw.trimEnd().lastIndexOf('\n') + 1;
        e = this.raw.trimEnd().length;
      }
      this.problems.push({
        rule: 'yaml-syntax',
        span: { start: this.base + s, end: this.base + Math.max(e, s + 1) },
        message: `The frontmatter is not valid YAML: ${firstLine(error.message)}`,
      });
    }
    if (!isMap(yaml.contents)) {
      if (!broken)
        this.problems.push({
          rule: 'yaml-syntax',
          span: this.typeSpan,
          message: 'The frontmatter must be a mapping of fields.',
        });
      return;
    }
    const fields = FIELDS[this.type];
    for (const pair of yaml.contents.items) {
      const key = this.keyOf(pair);
      if (!key) continue;
      this.keys?.push({ key: key.name, span: key.span, path: key.name });
      // An empty value (`date:`) is as good as missing; an invalid one has its own problem.
      if (pair.value !== null && !(isScalar(pair.value) && pair.value.value === null)) this.present.add(key.name);
      const shape = fieldShape(fields, key.name);
      if (!shape) {
        this.checkUnknownKey(key.name, key.span, fields);
        continue;
      }
      // With broken YAML the values may be half-read: keep the declarations, skip the checks.
      this.readField(item, key.name, key.span, shape, pair.value as YamlNode | null, broken);
    }
    if (item.id !== undefined && item.idSpan) {
      this.doc.declarations.push({ id: item.id, kind: this.type, uri: this.doc.uri, span: item.idSpan });
    } else if (!broken && !this.problems.some(p => p.rule === 'invalid-field' && p.data?.field === 'id')) {
      this.problems.push({
        rule: 'missing-id',
        span: this.typeSpan,
        message: `This ${this.type} has no \`id\`. Add one, for example \`id: ${ID_PREFIXES[this.type]}1\`.`,
      });
    }
    if (broken) return;
    const anchor = item.idSpan ?? this.typeSpan;
    if (item.title === undefined)
      this.missing(
        anchor,
        'title',
        `Add a \`title\` so people can tell this ${this.type} apart in hovers and completion.`,
      );
    if (this.type === 'finding') {
      if (item.source === undefined)
        this.missing(
          anchor,
          'source',
          'Add a `source` (interview, usability-test, survey, analytics, experiment, support, sales, review or other).',
        );
      if (item.date === undefined)
        this.missing(
          anchor,
          'date',
          'Add the `date` the evidence was gathered (YYYY-MM-DD), so its age can be judged.',
        );
      // A measurement is a number: its method defaults to quantitative whatever its source (docs/format.md, "Metric").
      if (item.method === undefined && item.metric) item.method = 'quantitative';
      if (item.method === undefined && item.source)
        item.method = QUANTITATIVE_SOURCES.includes(item.source) ? 'quantitative' : 'qualitative';
      if (item.metric && item.value === undefined && !this.invalidField('value')) {
        this.missing(
          item.metric.span,
          'value',
          'A measurement gives the `value` it measured (a number), or drop `metric`.',
        );
      }
    } else if (this.type === 'input') {
      item.importance ??= 'medium';
      if (item.from === undefined && !this.invalidField('from'))
        this.missing(
          anchor,
          'from',
          'Add the team it came `from` (sales, support, success, marketing, engineering, design, research, leadership, customer, partner or other).',
        );
      if (item.date === undefined && !this.invalidField('date'))
        this.missing(anchor, 'date', 'Add the `date` it was raised (YYYY-MM-DD), so its wait can be judged.');
    } else if (this.type === 'metric') {
      if (item.target === undefined && !this.invalidField('target'))
        this.missing(anchor, 'target', 'Add the `target` (a number), so outcomes can be judged.');
      if (item.direction === undefined && !this.invalidField('direction'))
        this.missing(anchor, 'direction', 'Add the `direction` the number should move (increase or decrease).');
    }
  }

  /** True when `field` was reported as invalid: it is not missing, only wrong. */
  private invalidField(field: string): boolean {
    return this.problems.some(p => p.rule === 'invalid-field' && p.data?.field === field);
  }

  /** Reports a field that is not there; one that is there with an invalid value has its own problem. */
  private missing(span: Span, field: string, advice: string): void {
    if (this.present.has(field)) return;
    this.problems.push({ rule: 'missing-field', span, message: `Missing \`${field}\`. ${advice}`, data: { field } });
  }

  private keyOf(pair: Pair): { name: string; span: Span } | undefined {
    const key = pair.key as YamlNode | null;
    if (!key || !isScalar(key) || !key.range) return undefined;
    return { name: String(key.value), span: this.span(key) };
  }

  private span(node: YamlNode): Span {
    const [s, e] = node.range!;
    let start = this.base + s;
    let end = this.base + e;
    if (isScalar(node) && (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE')) {
      start++;
      end--;
    }
    return { start, end: Math.max(start, end) };
  }

  private checkUnknownKey(name: string, span: Span, fields: Record<string, FieldShape>): void {
    const [suggestion] = nearest(name, Object.keys(fields), 1);
    if (suggestion) {
      this.problems.push({
        rule: 'unknown-field',
        span,
        message: `Unknown field \`${name}\`. Did you mean \`${suggestion}\`?`,
        data: { field: name, suggestion },
      });
    }
  }

  private invalid(node: YamlNode | null, fallback: Span, field: string, message: string): void {
    this.problems.push({
      rule: 'invalid-field',
      span: node && node.range ? this.span(node) : fallback,
      message,
      data: { field },
    });
  }

  private readField(
    item: Item,
    name: string,
    keySpan: Span,
    shape: FieldShape,
    value: YamlNode | null,
    quiet: boolean,
  ): void {
    switch (name) {
      case 'type':
        return;
      case 'id': {
        const id = this.idValue(value, keySpan, name, quiet);
        if (id) {
          item.id = id.id;
          item.idSpan = id.span;
        }
        return;
      }
      case 'requirements':
        if (!quiet) this.readRequirements(item, value, keySpan);
        return;
    }
    if (shape.kind === 'link') {
      const links = this.links(value, keySpan, name, shape.target, shape.many, item.id, quiet);
      if (name === 'superseded_by') item.supersededBy = links[0];
      else if (name === 'metric') item.metric = links[0];
      else if (
        name === 'personas' ||
        name === 'evidence' ||
        name === 'decisions' ||
        name === 'supersedes' ||
        name === 'inputs' ||
        name === 'metrics'
      )
        item[name] = links;
      return;
    }
    const scalar = this.scalarValue(value, keySpan, name, shape, quiet);
    if (scalar === undefined) return;
    switch (name) {
      case 'title':
        item.title = String(scalar);
        item.titleSpan = value?.range ? this.span(value) : keySpan;
        break;
      case 'status':
        item.status = String(scalar);
        item.statusSpan = value?.range ? this.span(value) : keySpan;
        break;
      case 'date':
        item.date = String(scalar);
        item.dateSpan = value?.range ? this.span(value) : keySpan;
        break;
      case 'source':
        item.source = String(scalar);
        break;
      case 'method':
        item.method = String(scalar);
        break;
      case 'confidence':
        item.confidence = String(scalar);
        break;
      case 'sample':
        item.sample = Number(scalar);
        break;
      case 'valid_until':
        item.validUntil = String(scalar);
        break;
      case 'tags':
        item.tags = scalar as string[];
        break;
      case 'shipped':
      case 'by':
      case 'segment':
      case 'importance':
      case 'reason':
      case 'link':
      case 'unit':
      case 'direction':
      case 'from':
        item[name] = String(scalar);
        break;
      case 'value':
      case 'baseline':
      case 'target':
        item[name] = Number(scalar);
        break;
      case 'customers':
        item.customers = scalar as string[];
        break;
      case 'imported_from':
        item.importedFrom = String(scalar);
        break;
      case 'owners':
        if (Array.isArray(scalar)) item.owners = scalar;
        break;
    }
  }

  /** Reads and validates a scalar-like field; returns undefined (after reporting) when invalid or empty. */
  private scalarValue(
    value: YamlNode | null,
    keySpan: Span,
    name: string,
    shape: FieldShape,
    quiet: boolean,
  ): string | number | string[] | undefined {
    const report = (node: YamlNode | null, message: string): undefined => {
      if (!quiet) this.invalid(node, keySpan, name, message);
      return undefined;
    };
    if (value === null || (isScalar(value) && value.value === null)) return undefined;
    switch (shape.kind) {
      case 'string':
        if (!isScalar(value) || typeof value.value === 'object') return report(value, `\`${name}\` must be text.`);
        if (String(value.value).trim() === '') return report(value, `\`${name}\` is empty.`);
        return String(value.value);
      case 'date': {
        const v = isScalar(value) ? String(value.value) : '';
        if (!isScalar(value) || !isValidDate(v))
          return report(value, `\`${name}\` must be a date written YYYY-MM-DD${v ? `, not \`${v}\`` : ''}.`);
        return v;
      }
      case 'positive-integer':
        if (!isScalar(value) || typeof value.value !== 'number' || !Number.isInteger(value.value) || value.value <= 0) {
          return report(value, `\`${name}\` must be a positive whole number (participants, sessions or respondents).`);
        }
        return value.value;
      case 'number':
        if (!isScalar(value) || typeof value.value !== 'number' || !Number.isFinite(value.value)) {
          return report(
            value,
            `\`${name}\` must be a number${isScalar(value) ? `, not \`${String(value.value)}\`` : ''}.`,
          );
        }
        return value.value;
      case 'enum': {
        const v = isScalar(value) ? String(value.value) : undefined;
        if (v === undefined || !shape.values.includes(v)) {
          const hint = v ? nearest(v, shape.values, 1)[0] : undefined;
          return report(
            value,
            `\`${name}\` must be one of ${shape.values.join(', ')}${v ? `, not \`${v}\`` : ''}.${hint ? ` Did you mean \`${hint}\`?` : ''}`,
          );
        }
        return v;
      }
      case 'string-list': {
        if (isScalar(value)) return [String(value.value)];
        if (!isSeq(value)) return report(value, `\`${name}\` must be a list.`);
        const out: string[] = [];
        for (const entry of value.items as YamlNode[]) {
          if (!isScalar(entry) || typeof entry.value === 'object')
            report(entry, `Each entry of \`${name}\` must be text.`);
          else out.push(String(entry.value));
        }
        return out;
      }
      case 'map':
        if (!isMap(value))
          return report(value, `\`${name}\` must be a mapping, for example \`{ product: dana, ux: lee }\`.`);
        return undefined;
      default:
        return undefined;
    }
  }

  private idValue(
    value: YamlNode | null,
    keySpan: Span,
    field: string,
    quiet: boolean,
  ): { id: string; span: Span } | undefined {
    if (value === null || !isScalar(value) || value.value === null || value.value === '') {
      if (!quiet) this.invalid(value, keySpan, field, '`id` is empty.');
      return undefined;
    }
    const id = String(value.value);
    if (!isValidId(id) || typeof value.value !== 'string') {
      if (!quiet)
        this.invalid(
          value,
          keySpan,
          field,
          `\`${id}\` is not a valid ID: start with a letter, then use letters, digits, \`-\` and \`_\`.`,
        );
      return undefined;
    }
    return { id, span: this.span(value) };
  }

  private links(
    value: YamlNode | null,
    keySpan: Span,
    field: string,
    target: ItemType,
    many: boolean,
    owner: string | undefined,
    quiet: boolean,
  ): LinkRef[] {
    const out: LinkRef[] = [];
    if (value === null || (isScalar(value) && value.value === null)) return out;
    const entries: YamlNode[] = isSeq(value) ? (value.items as YamlNode[]) : [value];
    if (isSeq(value) && !many && value.items.length > 1) {
      if (!quiet) this.invalid(value, keySpan, field, `\`${field.replace(/^.*\./, '')}\` takes one ID.`);
      return out;
    }
    for (const entry of entries) {
      if (!isScalar(entry) || typeof entry.value !== 'string' || !isValidId(entry.value)) {
        if (!quiet) {
          const shown = isScalar(entry) ? `\`${String(entry.value)}\`` : 'This entry';
          this.invalid(
            entry,
            keySpan,
            field,
            `${shown} is not an ID. \`${field.replace(/^.*\./, '')}\` takes ${many ? 'one ID or a list of IDs' : 'one ID'}.`,
          );
        }
        continue;
      }
      const link: LinkRef = { id: entry.value, span: this.span(entry), field, target, owner };
      out.push(link);
      this.doc.links.push(link);
    }
    return out;
  }

  private readRequirements(item: Item, value: YamlNode | null, keySpan: Span): void {
    if (value === null || (isScalar(value) && value.value === null)) return;
    if (!isSeq(value)) {
      this.invalid(
        value,
        keySpan,
        'requirements',
        '`requirements` must be a list of entries with `id`, `text`, `priority` and `evidence`.',
      );
      return;
    }
    const fields = FIELDS.requirement;
    (value.items as YamlNode[]).forEach((entry, index) => {
      if (!isMap(entry)) {
        this.invalid(entry, keySpan, 'requirements', 'Each requirement must be a mapping with at least an `id`.');
        return;
      }
      const req: Requirement = {
        span: this.span(entry),
        index,
        priority: 'should',
        evidence: [],
        decisions: [],
        personas: [],
        inputs: NO_LINKS,
        metrics: NO_LINKS,
      };
      const map = entry as YAMLMap;
      let idNode: YamlNode | null = null;
      for (const pair of map.items) {
        const key = this.keyOf(pair as Pair);
        if (key?.name === 'id') idNode = (pair as Pair).value as YamlNode | null;
      }
      if (idNode !== null || map.items.some(p => this.keyOf(p as Pair)?.name === 'id')) {
        const id = this.idValue(idNode, req.span, 'id', false);
        if (id) {
          req.id = id.id;
          req.idSpan = id.span;
          this.doc.declarations.push({
            id: id.id,
            kind: 'requirement',
            uri: this.doc.uri,
            span: id.span,
            parent: item.id,
          });
        }
      } else {
        this.problems.push({
          rule: 'missing-id',
          span: { start: req.span.start, end: req.span.start + 1 },
          message: 'This requirement has no `id`. Add one, for example `id: R-1`.',
        });
      }
      for (const pair of map.items) {
        const key = this.keyOf(pair as Pair);
        if (!key || key.name === 'id') continue;
        const path = `requirements[${index}].${key.name}`;
        this.keys?.push({ key: key.name, span: key.span, path });
        const shape = fieldShape(fields, key.name);
        const node = (pair as Pair).value as YamlNode | null;
        if (!shape) {
          this.checkUnknownKey(key.name, key.span, fields);
          continue;
        }
        if (shape.kind === 'link') {
          const links = this.links(
            node,
            key.span,
            `requirements[${index}].${key.name}`,
            shape.target,
            shape.many,
            req.id,
            false,
          );
          if (key.name === 'evidence') {
            req.evidence = links;
            if (node?.range) req.evidenceSpan = this.span(node);
          } else if (key.name === 'decisions') req.decisions = links;
          else if (key.name === 'personas') req.personas = links;
          else if (key.name === 'inputs') {
            req.inputs = links;
            if (node?.range) req.inputsSpan = this.span(node);
          } else if (key.name === 'metrics') req.metrics = links;
          continue;
        }
        const v = this.scalarValue(node, key.span, key.name, shape, false);
        if (v === undefined) continue;
        const span = node?.range ? this.span(node) : key.span;
        if (key.name === 'text') {
          req.text = String(v);
          req.textSpan = span;
        } else if (key.name === 'priority') req.priority = v as Priority;
        else if (key.name === 'waiver') {
          req.waiver = String(v);
          req.waiverSpan = span;
        } else if (key.name === 'waiver_until') req.waiverUntil = String(v);
        else if (key.name === 'waiver_by') req.waiverBy = String(v);
      }
      item.requirements.push(req);
    });
  }
}

/**
 * The `inputs` and `metrics` of the many items and requirements that have none: one shared,
 * frozen empty list rather than two new arrays each (a 10,000-document folder has ~150,000).
 * A field that is present gets its own list.
 */
const NO_LINKS = Object.freeze([]) as unknown as LinkRef[];

function brokenItem(type: ItemType, typeSpan: Span): Item {
  return {
    broken: true,
    type,
    typeSpan,
    status: defaultStatus(type),
    confidence: 'medium',
    tags: [],
    personas: [],
    evidence: [],
    decisions: [],
    supersedes: [],
    requirements: [],
    inputs: NO_LINKS,
    metrics: NO_LINKS,
  };
}

function defaultStatus(type: ItemType): string {
  switch (type) {
    case 'finding':
      return 'active';
    case 'decision':
      return 'proposed';
    case 'spec':
      return 'draft';
    case 'input':
      return 'new';
    case 'persona':
    case 'metric':
      return '';
  }
}

function firstLine(message: string): string {
  return message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}

/** A requirement without `text` takes it from a body heading or list item that starts with its ID. */
function fillRequirementTextFromBody(doc: ParsedDocument): void {
  const missing = doc.item!.requirements.filter(r => r.id && r.text === undefined);
  if (missing.length === 0) return;
  const wanted = new Map(missing.map(r => [r.id!, r]));
  // `(.*)` to the line's end, trimmed below: a lazy `(.*?)[ \t]*$` was quadratic in a line's spaces.
  const line =
    /^[ \t]{0,3}(?:#{1,6}[ \t]+|[-*+][ \t]+|\d{1,9}[.)][ \t]+)([A-Za-z][A-Za-z0-9_-]*)[ \t]*[:.\u2014\u2013-]?[ \t]*(.*)$/gm;
  line.lastIndex = doc.bodyStart;
  for (let m = line.exec(doc.text); m; m = line.exec(doc.text)) {
    const req = wanted.get(m[1]);
    if (!req || req.text !== undefined) continue;
    const start = m.index + m[0].length - m[2].length;
    let end = start + m[2].length;
    while (end > start && (doc.text.charCodeAt(end - 1) === 32 || doc.text.charCodeAt(end - 1) === 9)) end--;
    if (end > start) {
      req.text = doc.text.slice(start, end);
      req.textSpan = { start, end };
    }
  }
}

/** A document that could not be read: it stays in the index so that the problem is reported. */
export function unreadableDocument(uri: string, message: string): ParsedDocument {
  const doc = parseMarkdown(uri, '');
  doc.problems.push({ rule: 'unreadable-file', span: { start: 0, end: 0 }, message });
  return doc;
}
