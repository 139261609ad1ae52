/**
 * `grounded import` (docs/format.md, "Input"), the pure half: rows of a CSV file, already split into cells,
 * become the Markdown text of one item each, with the next free IDs and `imported_from`.
 * Every row is checked (mapping, values, the item it makes parses without a problem) before
 * anything is written, so a bad file writes nothing.
 */
import { stringify } from 'yaml';
import { parseMarkdown } from './parse';
import { isValidDate } from './schema';
import { isValidId } from './ids';
import { FIELDS } from './schema';
import { ID_PREFIXES } from './ids';
import { fileNameFor, nextNumberedId } from './views/newItem';

export type ImportType = 'input' | 'finding';

/** The fields a column can be mapped to, in the order they are written. `body` is the Markdown body. */
export const IMPORT_FIELDS: Record<ImportType, readonly string[]> = {
  input: [
    'id',
    'title',
    'from',
    'by',
    'date',
    'customers',
    'segment',
    'importance',
    'status',
    'reason',
    'link',
    'tags',
    'body',
  ],
  finding: [
    'id',
    'title',
    'source',
    'method',
    'date',
    'personas',
    'confidence',
    'sample',
    'status',
    'metric',
    'value',
    'tags',
    'link',
    'body',
  ],
};

/** Fields a row must give (through a column or `--set`). */
const REQUIRED: Record<ImportType, readonly string[]> = {
  input: ['title', 'from', 'date'],
  finding: ['title', 'source', 'date'],
};
const LISTS = new Set(['customers', 'tags', 'personas']);

export interface ImportRequest {
  type: ImportType;
  /** The header row. */
  header: string[];
  /** The data rows, each with as many cells as the header. */
  rows: string[][];
  /** Field → column name (`--map`); fields left out map to a column of the same name, if any. */
  map: Record<string, string>;
  /** Field → a value for every row (`--set`). */
  set: Record<string, string>;
  /** The CSV file's name as written in `imported_from`. */
  source: string;
  /** IDs already declared in the workspace. */
  taken: Iterable<string>;
  /** File names (relative to the output folder) that exist already. */
  existingFiles: Iterable<string>;
  /** `imported_from` values in the workspace → the ID imported: a row is not imported twice. */
  imported?: ReadonlyMap<string, string>;
}

export interface PlannedItem {
  /** The row in the file as a spreadsheet counts it: the header is row 1. */
  row: number;
  id: string;
  title: string;
  fileName: string;
  text: string;
}

export interface ImportProblem {
  /** Undefined for a problem with the mapping rather than a row. */
  row?: number;
  message: string;
}

/** Lower case, no spaces, `_` or `-`: `Created At` and `created_at` name the same column. */
function squash(s: string): string {
  return s.toLowerCase().replace(/[\s_-]+/g, '');
}

/** Works out which column feeds which field; problems when a mapping names something that is not there. */
export function resolveMapping(
  type: ImportType,
  header: string[],
  map: Record<string, string>,
  set: Record<string, string>,
): { columns: Map<string, number>; problems: ImportProblem[] } {
  const problems: ImportProblem[] = [];
  const fields = IMPORT_FIELDS[type];
  const columns = new Map<string, number>();
  const seen = new Map<string, number>();
  header.forEach((h, i) => {
    if (seen.has(h))
      problems.push({
        message: `the header names the column \`${h}\` twice (columns ${seen.get(h)! + 1} and ${i + 1})`,
      });
    else seen.set(h, i);
  });
  for (const field of [...Object.keys(map), ...Object.keys(set)]) {
    if (!fields.includes(field))
      problems.push({ message: `unknown field \`${field}\` for ${type}s: use ${fields.join(', ')}` });
  }
  for (const [field, column] of Object.entries(map)) {
    const at = header.indexOf(column);
    if (at < 0) {
      const near = header.find(h => squash(h) === squash(column));
      problems.push({
        message: `--map ${field}=${column}: the file has no column \`${column}\`${near ? `; did you mean \`${near}\`?` : ''} (columns: ${header.join(', ')})`,
      });
    } else columns.set(field, at);
  }
  for (const field of fields) {
    if (columns.has(field) || field in set || field in map) continue;
    const at = header.findIndex(h => squash(h) === field);
    if (at >= 0) columns.set(field, at);
  }
  for (const field of REQUIRED[type]) {
    if (!columns.has(field) && !(field in set) && !(field in map)) {
      problems.push({
        message: `nothing gives \`${field}\`, which every ${type} needs: add \`--map ${field}=COLUMN\` or \`--set ${field}=VALUE\``,
      });
    }
  }
  return { columns, problems };
}

/**
 * Plans the import: the items to write, or the problems (each with its row) that stop it.
 * At most `maxProblems` problems are collected.
 */
export function planImport(
  request: ImportRequest,
  maxProblems = 20,
): { items: PlannedItem[]; problems: ImportProblem[] } {
  const { type, header, rows } = request;
  const { columns, problems } = resolveMapping(type, header, request.map, request.set);
  if (problems.length > 0) return { items: [], problems };
  const taken = new Set(request.taken);
  const files = new Set([...request.existingFiles].map(f => f.toLowerCase()));
  const items: PlannedItem[] = [];
  const known = FIELDS[type];
  for (let r = 0; r < rows.length && problems.length < maxProblems; r++) {
    const row = r + 2;
    const cells = rows[r];
    const value = (field: string): string =>
      (columns.has(field) ? (cells[columns.get(field)!] ?? '') : (request.set[field] ?? '')).trim();
    const fail = (message: string) => problems.push({ row, message });
    const front: Record<string, unknown> = {};
    let body = '';
    let link = '';
    let bad = false;
    for (const field of IMPORT_FIELDS[type]) {
      const raw = value(field);
      if (raw === '') {
        if (REQUIRED[type].includes(field)) {
          fail(`\`${field}\` is empty${columns.has(field) ? ` (column \`${header[columns.get(field)!]}\`)` : ''}`);
          bad = true;
        }
        continue;
      }
      const shape = known[field];
      if (field === 'body') body = raw;
      else if (field === 'link' && type === 'finding') link = raw;
      else if (field === 'id') {
        if (!isValidId(raw)) {
          fail(`\`${raw}\` is not a valid ID: start with a letter, then use letters, digits, \`-\` and \`_\``);
          bad = true;
        } else if (taken.has(raw)) {
          fail(
            `the ID \`${raw}\` is taken${items.some(i => i.id === raw) ? ' by an earlier row' : ' in the workspace'}`,
          );
          bad = true;
        } else front.id = raw;
      } else if (field === 'date') {
        const date = /^\d{4}-\d{2}-\d{2}(?=$|[T ])/.exec(raw)?.[0];
        if (!date || !isValidDate(date)) {
          fail(`\`date\` must be a date written YYYY-MM-DD (a time after it is ignored), not \`${raw}\``);
          bad = true;
        } else front.date = date;
      } else if (LISTS.has(field)) {
        const list = raw
          .split(/[,;]/)
          .map(s => s.trim())
          .filter(Boolean);
        if (field === 'personas' && list.some(p => !isValidId(p))) {
          fail(`\`personas\` takes IDs, not \`${raw}\``);
          bad = true;
        } else front[field] = list;
      } else if (shape?.kind === 'enum') {
        const v = raw.toLowerCase().replace(/\s+/g, '-');
        if (!shape.values.includes(v)) {
          fail(`\`${field}\` must be one of ${shape.values.join(', ')}, not \`${raw}\``);
          bad = true;
        } else front[field] = v;
      } else if (field === 'sample' || field === 'value') {
        const n = Number(raw.replace(/,/g, ''));
        if (!Number.isFinite(n) || (field === 'sample' && (!Number.isInteger(n) || n <= 0))) {
          fail(`\`${field}\` must be ${field === 'sample' ? 'a positive whole number' : 'a number'}, not \`${raw}\``);
          bad = true;
        } else front[field] = n;
      } else front[field] = raw.replace(/\s*\r?\n\s*/g, ' ');
    }
    if (bad) continue;
    const from = `${request.source}#${row}`;
    const before = request.imported?.get(from);
    if (before !== undefined) {
      fail(`this row was imported before, as \`${before}\` (\`imported_from: ${from}\`)`);
      continue;
    }
    const title = String(front.title);
    const id = (front.id as string | undefined) ?? nextNumberedId(ID_PREFIXES[type], taken);
    taken.add(id);
    const fileName = fileNameFor(type, id, title);
    if (files.has(fileName.toLowerCase())) {
      fail(`\`${fileName}\` exists already; Grounded never overwrites a file`);
      continue;
    }
    files.add(fileName.toLowerCase());
    const ordered: Record<string, unknown> = { id, type, title };
    for (const [k, v] of Object.entries(front)) if (!(k in ordered)) ordered[k] = v;
    ordered.imported_from = from;
    const yaml = stringify(ordered, { lineWidth: 0 });
    const text = `---\n${yaml}---\n# ${title}\n\n${body ? `${body.replace(/\r\n?/g, '\n')}\n` : ''}${link ? `${body ? '\n' : ''}Raw data: <${link}>\n` : ''}`;
    // The text must read back as the item it was meant to be, with no problem of its own.
    const parsed = parseMarkdown(`file:///import/${fileName}`, text);
    const wrong = parsed.problems.find(p => p.rule !== 'missing-field');
    if (!parsed.item || parsed.item.id !== id || wrong) {
      fail(wrong ? wrong.message : 'the row does not make a valid item');
      continue;
    }
    items.push({ row, id, title, fileName, text });
  }
  return { items: problems.length > 0 ? [] : items, problems };
}
