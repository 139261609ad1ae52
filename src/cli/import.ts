import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseCsv, CsvError } from 'csv-parse/sync';
import {
  folderFor,
  IMPORT_FIELDS,
  planImport,
  plainText,
  plural,
  todayIso,
  type ImportProblem,
  type ImportType,
  type PlannedItem,
} from '../core';
import { indexFolder, UsageError } from '../node/check';
import { parseCommand, usageError, type CommandIo } from './args';

/** Rows one import takes: a bigger export is split, so that a mistake stays small and reviewable. */
export const MAX_IMPORT_ROWS = 10_000;
/** The largest CSV file read, checked before it is read. */
export const MAX_IMPORT_BYTES = 32 * 1024 * 1024;

export const IMPORT_HELP = `Usage: grounded import FILE.csv --type input|finding [ROOT] [--map FIELD=COLUMN …] [--set FIELD=VALUE …]
                       [--out DIR] [--dry-run] [--config FILE]

Writes one Markdown item per row of FILE.csv (the first row is the header), with the next free
IDs and the row it came from in \`imported_from\`. A column named like a field (\`title\`, \`date\`)
maps to it; --map maps another column, --set gives every row the same value.
Fields: inputs: ${IMPORT_FIELDS.input.join(', ')}
        findings: ${IMPORT_FIELDS.finding.join(', ')}
It never overwrites a file, and a row it cannot map stops the import before anything is written.
At most ${MAX_IMPORT_ROWS.toLocaleString('en-US')} rows at a time. Mappings for Productboard and Dovetail exports: docs/import.md.
Exit codes: 0 written (or, with --dry-run, would be); 2 nothing written: a usage error or a bad row.
`;

/** `grounded import`: returns the exit code. */
export function runImport(argv: string[], io: CommandIo): number {
  const parsed = parseCommand(
    argv,
    {
      type: { type: 'string' },
      map: { type: 'string', multiple: true, default: [] },
      set: { type: 'string', multiple: true, default: [] },
      out: { type: 'string' },
      'dry-run': { type: 'boolean' },
      config: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    io,
    'import',
    IMPORT_HELP,
  );
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  const [file, root = '.', ...extra] = positionals;
  if (!file) return usage(io, 'import needs a CSV file: `grounded import notes.csv --type input`');
  if (extra.length > 0) return usage(io, `unexpected argument \`${extra[0]}\`: give one FILE and one ROOT folder`);
  if (values.type !== 'input' && values.type !== 'finding')
    return usage(
      io,
      values.type === undefined
        ? 'import needs --type input or --type finding'
        : `--type takes input or finding, not \`${values.type}\``,
    );
  const type: ImportType = values.type;
  const pairs = (list: string[], option: string): Record<string, string> | string => {
    const out: Record<string, string> = {};
    for (const entry of list) {
      const at = entry.indexOf('=');
      if (at <= 0) return `--${option} takes FIELD=${option === 'map' ? 'COLUMN' : 'VALUE'}, not \`${entry}\``;
      out[entry.slice(0, at).trim()] = entry.slice(at + 1).trim();
    }
    return out;
  };
  const map = pairs(values.map!, 'map');
  if (typeof map === 'string') return usage(io, map);
  const set = pairs(values.set!, 'set');
  if (typeof set === 'string') return usage(io, set);

  try {
    const csvPath = path.resolve(io.cwd, file);
    const table = readCsv(csvPath, file);
    const absRoot = path.resolve(io.cwd, root);
    const { index } = indexFolder(absRoot, {
      config: values.config && path.resolve(io.cwd, values.config),
      today: todayIso(),
    });
    const rel = (uri: string) => path.relative(absRoot, fileURLToPath(uri)).split(path.sep).join('/');
    const ofType = [...index.documents()].filter(d => d.item?.type === type).map(d => rel(d.uri));
    const outDir =
      values.out !== undefined ? path.resolve(io.cwd, values.out) : path.join(absRoot, folderFor(type, ofType));
    checkNoSymlink(outDir);
    const existing = fs.existsSync(outDir) ? fs.readdirSync(outDir) : [];
    const imported = new Map<string, string>();
    for (const d of index.documents())
      if (d.item?.importedFrom && d.item.id) imported.set(d.item.importedFrom, d.item.id);
    const { items, problems } = planImport({
      type,
      header: table.header,
      rows: table.rows,
      map,
      set,
      source: path.basename(file),
      taken: index.allIds(),
      existingFiles: existing,
      imported,
    });
    if (problems.length > 0) {
      io.stderr(problems.map(p => `grounded: ${plainText(where(file, p))}\n`).join(''));
      io.stderr(
        `grounded: nothing written (${problems.length === 1 ? '1 problem' : `${problems.length >= 20 ? 'the first ' : ''}${problems.length} problems`}: fix the file or the mapping, then run the import again)\n`,
      );
      return 2;
    }
    const shownDir = path.relative(io.cwd, outDir) || '.';
    if (items.length === 0) {
      io.stderr(`grounded: ${plainText(file)} has a header but no rows: nothing to import\n`);
      return 0;
    }
    if (values['dry-run']) {
      for (const item of items)
        io.stdout(
          `would write ${plainText(path.join(shownDir, item.fileName))}  (row ${item.row}: ${plainText(item.id)})\n`,
        );
      io.stderr(
        `grounded: --dry-run: would import ${plural(items.length, type)} into ${plainText(shownDir)}; nothing written\n`,
      );
      return 0;
    }
    writeAll(outDir, items);
    for (const item of items)
      io.stdout(`wrote ${plainText(path.join(shownDir, item.fileName))}  (row ${item.row}: ${plainText(item.id)})\n`);
    io.stderr(`grounded: imported ${plural(items.length, type)} from ${plainText(file)} into ${plainText(shownDir)}\n`);
    return 0;
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`grounded: ${plainText(e.message)}\n`);
      return 2;
    }
    throw e;
  }
}

function usage(io: CommandIo, message: string): number {
  return usageError(io, 'import', message);
}

function where(file: string, p: ImportProblem): string {
  return p.row === undefined ? `${file}: ${p.message}` : `${file}: row ${p.row}: ${p.message}`;
}

/** The header and rows of a CSV file; a UsageError with the row for anything it cannot read. */
export function readCsv(csvPath: string, shown: string): { header: string[]; rows: string[][] } {
  let st: fs.Stats;
  try {
    st = fs.statSync(csvPath);
  } catch {
    throw new UsageError(`no such file: ${shown}`);
  }
  if (!st.isFile()) throw new UsageError(`not a file: ${shown}`);
  if (st.size > MAX_IMPORT_BYTES)
    throw new UsageError(
      `${shown} is ${Math.round(st.size / 1048576)} MB; import at most ${MAX_IMPORT_BYTES / 1048576} MB (${MAX_IMPORT_ROWS.toLocaleString('en-US')} rows) at a time; nothing written`,
    );
  const buffer = fs.readFileSync(csvPath);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(buffer);
  } catch {
    throw new UsageError(`${shown} is not UTF-8 text: export it as CSV (UTF-8)`);
  }
  let lastLine = 0;
  let records: string[][];
  try {
    records = parseCsv(text, {
      bom: true,
      skip_empty_lines: true,
      relax_column_count: false,
      // Stop reading at the first record past the limit: a huge file costs no more than that.
      to: MAX_IMPORT_ROWS + 2,
      on_record: (record: string[], context: { lines: number }) => {
        lastLine = context.lines;
        return record;
      },
    }) as string[][];
  } catch (e) {
    if (e instanceof CsvError) {
      const info = e as CsvError & { records?: number; lines?: number };
      // Rows as a spreadsheet counts them: the header is row 1. The record that failed is the one after the last read.
      const row = (info.records ?? 0) + 1;
      throw new UsageError(`${shown}: row ${row} (from line ${lastLine + 1}): ${csvReason(e)}; nothing written`);
    }
    throw e;
  }
  if (records.length === 0) throw new UsageError(`${shown} is empty: the first row must name the columns`);
  if (records.length > MAX_IMPORT_ROWS + 1) {
    throw new UsageError(
      `${shown}: row ${MAX_IMPORT_ROWS + 2}: more than ${MAX_IMPORT_ROWS.toLocaleString('en-US')} rows; split the file and import it in parts; nothing written`,
    );
  }
  const [header, ...rows] = records;
  return { header: header.map(h => h.trim()), rows };
}

/** csv-parse's message without its internal wording where a plainer one helps. */
function csvReason(e: CsvError): string {
  switch (e.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'a quoted cell is never closed: a `"` is missing';
    case 'CSV_INVALID_CLOSING_QUOTE':
      return 'text follows a closing quote: write a `"` inside a quoted cell as `""`';
    case 'CSV_RECORD_INCONSISTENT_COLUMNS':
    case 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH':
      return `it has a different number of cells than the header (${e.message.replace(/^.*?: /, '')})`;
    default:
      return e.message;
  }
}

/** Refuses an output folder that is, or lies below, a symbolic link: Grounded never writes through one. */
function checkNoSymlink(dir: string): void {
  let at = dir;
  for (;;) {
    const st = fs.lstatSync(at, { throwIfNoEntry: false });
    if (st?.isSymbolicLink())
      throw new UsageError(`${at} is a symbolic link; Grounded does not write through links: give --out a real folder`);
    if (st && !st.isDirectory()) throw new UsageError(`${at} is not a folder`);
    const parent = path.dirname(at);
    if (parent === at || st) return;
    at = parent;
  }
}

/**
 * Writes every planned file, each created new (`wx`: an existing file is never replaced).
 * If one cannot be written, the ones written before it are removed: nothing is half-imported.
 */
function writeAll(outDir: string, items: PlannedItem[]): void {
  const made = fs.mkdirSync(outDir, { recursive: true });
  const written: string[] = [];
  try {
    for (const item of items) {
      const file = path.join(outDir, item.fileName);
      fs.writeFileSync(file, item.text, { flag: 'wx' });
      written.push(file);
    }
  } catch (e) {
    for (const file of written) fs.rmSync(file, { force: true });
    if (made) fs.rmSync(made, { recursive: true, force: true });
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(
      `cannot write ${path.join(outDir, items[written.length].fileName)} (${code ?? (e as Error).message}); nothing written`,
    );
  }
}
