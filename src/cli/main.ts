import * as fs from 'node:fs';
import * as path from 'node:path';
import { isValidDate, percent, plural, printable, todayIso } from '../core';
import { applyBaseline, BASELINE_FILE, createBaseline, readBaseline, writeBaseline } from '../node/baseline';
import { ConfigFile, snapshotFolder, UsageError } from '../node/check';
import { compareSnapshots, type CheckReport, type Snapshot } from '../node/compare';
import { checkoutRevision } from '../node/git';
import { withWarmCache, type CheckedFolder } from '../node/warm';
import { FORMATS } from './formats';
import { runTrace } from './trace';
import { parseCommand, usageError } from './args';

declare const GROUNDED_VERSION: string | undefined;

const HELP = `Usage: grounded check [ROOT] [options]
       grounded baseline [ROOT] [--baseline FILE] [--config FILE] [--today YYYY-MM-DD]
       grounded trace ID [ROOT] [--format text|json|markdown]
       grounded import FILE.csv --type input|finding [ROOT] [--map FIELD=COLUMN …] [--out DIR] [--dry-run]
       grounded lsp --stdio      a language server for Neovim, Helix, Zed, JetBrains…
       grounded mcp [ROOT]       a read-only MCP server for AI agents (stdio)

Checks the evidence links of the specs, findings, personas and decisions below ROOT
(default: the current folder). \`baseline\` records today's problems in ROOT/.grounded-baseline.json
so that \`check\` reports only new ones. \`trace\` prints everything linked to an ID; \`import\`
turns the rows of a CSV export into inputs or findings (\`grounded trace --help\`, \`grounded import --help\`).

Options:
  --format FORMAT       ${Object.keys(FORMATS).join(', ')} (default: text)
                        sarif: SARIF 2.1.0 for code scanning; github: workflow annotations;
                        junit: JUnit XML test report; markdown: PR comment / step summary
  --fail-on LEVEL       error, warning, info or never (default: error)
  --min-coverage PCT    fail when workspace coverage is below PCT percent
  --base GIT-REF        compare with ROOT at another revision: coverage before and after,
                        requirements that got worse, evidence removed, new and fixed problems
  --new-only            with --base: report (and fail on) only the problems the change introduced
  --fail-on-new-ungrounded PRIORITIES
                        fail when a requirement of these priorities (must, should, could, or
                        any; comma-separated) became ungrounded since --base (without --base:
                        is ungrounded)
  --baseline FILE       the baseline file (default: ROOT/.grounded-baseline.json when present)
  --no-baseline         ignore the baseline file
  --today YYYY-MM-DD    the date to judge staleness against (default: today)
  --config FILE         the config file (default: ROOT/.grounded.yaml)
  --no-cache            check again even if nothing changed since the last run, and
                        store nothing for the next one
  -h, --help            show this help
  -v, --version         show the version

Exit codes: 0 nothing reached --fail-on and coverage is enough; 1 something did;
2 a usage or configuration error.
`;

/** Maps, so that `--fail-on constructor` or `--format __proto__` is an unknown value (docs/limits.md). */
const SEVERITY_RANK = new Map([
  ['info', 1],
  ['warning', 2],
  ['error', 3],
]);
const FAIL_ON = new Map([
  ['info', 1],
  ['warning', 2],
  ['error', 3],
  ['never', 99],
]);

interface Io {
  stdout: (s: string | Uint8Array) => void;
  stderr: (s: string | Uint8Array) => void;
  isTTY: boolean;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

/** Runs the CLI and returns its exit code. Never throws for user errors. */
export function run(argv: string[], io: Io): number {
  // Commands with options of their own.
  if (argv[0] === 'trace') return runTrace(argv.slice(1), io);
  if (argv[0] === 'import') {
    // Loaded for `import` only: its CSV parser would cost every check ~8 MB of memory at start.
    const { runImport } = require('./import') as typeof import('./import');
    return runImport(argv.slice(1), io);
  }
  const parsed = parseCommand(
    argv,
    {
      format: { type: 'string', default: 'text' },
      'fail-on': { type: 'string', default: 'error' },
      'min-coverage': { type: 'string' },
      today: { type: 'string' },
      config: { type: 'string' },
      base: { type: 'string' },
      'new-only': { type: 'boolean' },
      'fail-on-new-ungrounded': { type: 'string' },
      baseline: { type: 'string' },
      'no-baseline': { type: 'boolean' },
      'no-cache': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean', short: 'v' },
    },
    io,
    '',
    HELP,
  );
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  if (values.version) {
    io.stdout(`${typeof GROUNDED_VERSION === 'string' ? GROUNDED_VERSION : '0.0.0-dev'}\n`);
    return 0;
  }
  const [command, root = '.', ...extra] = positionals;
  if (command === undefined) return usage(io, 'missing command: try `grounded check`');
  if (command !== 'check' && command !== 'baseline')
    return usage(
      io,
      `unknown command \`${command}\`: try \`grounded check\`, \`grounded baseline\`, \`grounded trace\`, \`grounded import\`, \`grounded lsp\` or \`grounded mcp\``,
    );
  if (extra.length > 0) return usage(io, `unexpected argument \`${extra[0]}\`: give one ROOT folder`);
  const format = Object.hasOwn(FORMATS, values.format!) ? FORMATS[values.format!] : undefined;
  if (!format) return usage(io, `unknown format \`${values.format}\`: use ${Object.keys(FORMATS).join(', ')}`);
  const failOn = FAIL_ON.get(values['fail-on']!);
  if (failOn === undefined)
    return usage(io, `unknown --fail-on \`${values['fail-on']}\`: use error, warning, info or never`);
  let minCoverage: number | undefined;
  if (values['min-coverage'] !== undefined) {
    minCoverage = Number(values['min-coverage'].replace(/%$/, ''));
    if (!Number.isFinite(minCoverage) || minCoverage < 0 || minCoverage > 100) {
      return usage(io, `--min-coverage takes a percentage from 0 to 100, not \`${values['min-coverage']}\``);
    }
  }
  if (values.today !== undefined && !isValidDate(values.today))
    return usage(io, `--today takes a date YYYY-MM-DD, not \`${values.today}\``);
  if (values['new-only'] && values.base === undefined)
    return usage(io, '--new-only needs --base GIT-REF: new compared with what?');
  if (values.base !== undefined && values.base.trim() === '')
    return usage(io, '--base takes a git revision, such as origin/main');
  let failOnNew: Set<string> | undefined;
  if (values['fail-on-new-ungrounded'] !== undefined) {
    const list = values['fail-on-new-ungrounded'].split(',').map(p => p.trim());
    const known = ['must', 'should', 'could'];
    const bad = list.find(p => p !== 'any' && !known.includes(p));
    if (bad !== undefined)
      return usage(io, `--fail-on-new-ungrounded takes must, should, could or any (comma-separated), not \`${bad}\``);
    failOnNew = new Set(list.includes('any') ? known : list);
  }

  const absRoot = path.resolve(io.cwd, root);
  const configPath = values.config === undefined ? undefined : path.resolve(io.cwd, values.config);
  const today = values.today ?? todayIso();
  const baselinePath =
    values.baseline === undefined ? path.join(absRoot, BASELINE_FILE) : path.resolve(io.cwd, values.baseline);
  const request: CheckRequest = {
    command,
    root,
    absRoot,
    configPath,
    today,
    baselinePath,
    values,
    format,
    failOn,
    minCoverage,
    failOnNew,
    useCache: !values['no-cache'],
    color: io.isTTY && !('NO_COLOR' in io.env && io.env.NO_COLOR !== ''),
  };
  // Warm path (docs/performance.md): the same check of an unchanged folder prints what it printed last time.
  // The key holds every input of the output besides the folder, its config, the date and the build.
  let memo: { format: string; key: string } | undefined;
  if (command === 'check' && values.base === undefined) {
    const baselineStat = values['no-baseline'] ? null : fs.statSync(baselinePath, { throwIfNoEntry: false });
    const key = JSON.stringify({
      options: [
        values.format,
        values['fail-on'],
        minCoverage,
        failOnNew && [...failOnNew].sort(),
        values['no-baseline'] ?? false,
      ],
      baseline: baselineStat
        ? [baselinePath, baselineStat.size, baselineStat.mtimeMs, baselineStat.ctimeMs, baselineStat.ino]
        : baselinePath,
      color: request.color,
      tty: io.isTTY,
      cwd: io.cwd,
      root,
      absRoot,
    });
    memo = { format: values.format!, key };
  }
  return withWarmCache({ root: absRoot, config: configPath, today, cache: request.useCache, memo }, io, (folder, out) =>
    checkAndReport(request, folder, out),
  );
}

/** The parsed options that `checkAndReport` reads. */
interface CliValues {
  format?: string;
  base?: string;
  baseline?: string;
  'new-only'?: boolean;
  'no-baseline'?: boolean;
}

/** A validated `check` or `baseline` command line. */
interface CheckRequest {
  command: 'check' | 'baseline';
  root: string;
  absRoot: string;
  configPath: string | undefined;
  today: string;
  baselinePath: string;
  values: CliValues;
  format: NonNullable<(typeof FORMATS)[string]>;
  failOn: number;
  minCoverage: number | undefined;
  failOnNew: Set<string> | undefined;
  useCache: boolean;
  color: boolean;
}

/** Checks the folder, prints the report and returns the exit code. */
function checkAndReport(request: CheckRequest, folder: CheckedFolder, io: Io): number {
  const {
    command,
    root,
    absRoot,
    configPath,
    today,
    baselinePath,
    values,
    format,
    failOn,
    minCoverage,
    failOnNew,
    color,
  } = request;
  let report: CheckReport;
  try {
    const head = folder.snapshot({ evidence: values.base !== undefined });
    if (command === 'baseline') {
      const baseline = createBaseline(head);
      writeBaseline(baselinePath, baseline);
      const n = head.report.diagnostics.length;
      io.stderr(
        `grounded: recorded ${plural(n, 'known problem')} in ${path.relative(io.cwd, baselinePath) || baselinePath}; \`grounded check\` now reports only new ones\n`,
      );
      return 0;
    }
    report = { ...head.report };
    let shown = head.report.diagnostics;
    if (values.base !== undefined) {
      const tree = checkoutRevision(absRoot, values.base);
      let base: Snapshot;
      try {
        // An explicit --config is the same file for both sides: read once.
        const config = configPath === undefined ? new ConfigFile(tree.dir) : folder.config;
        base = snapshotFolder(tree.dir, { config, today, evidence: true });
      } catch (e) {
        if (e instanceof UsageError) throw new UsageError(`at ${values.base}: ${e.message.split(tree.dir).join(root)}`);
        throw e;
      } finally {
        tree.dispose();
      }
      report.comparison = compareSnapshots(base, head, values.base);
      if (values['new-only']) {
        const fresh = new Set(report.comparison.newDiagnostics);
        shown = shown.filter(d => fresh.has(d));
      }
    }
    if (!values['no-baseline']) {
      const baseline = readBaseline(baselinePath, values.baseline !== undefined, absRoot);
      if (baseline) {
        const { kept, suppressed } = applyBaseline(head, baseline);
        const keep = new Set(kept);
        shown = shown.filter(d => keep.has(d));
        report.baseline = { file: path.relative(absRoot, baselinePath).split(path.sep).join('/'), suppressed };
      }
    }
    if (shown !== head.report.diagnostics) {
      report.diagnostics = shown;
      report.summary = {
        ...report.summary,
        errors: count(shown, 'error'),
        warnings: count(shown, 'warning'),
        infos: count(shown, 'info'),
      };
    }
  } catch (e) {
    if (e instanceof UsageError) {
      // One problem a line (a config can have several); nothing in a line can break it.
      io.stderr(`grounded: ${e.message.split('\n').map(printable).join('\n')}\n`);
      return 2;
    }
    throw e;
  }
  io.stdout(format(report, { color, tty: io.isTTY, root: absRoot, cwd: io.cwd, failOn }));
  const failing = report.diagnostics.some(d => (SEVERITY_RANK.get(d.severity) ?? 0) >= failOn);
  const coverage = report.summary.coverage;
  // No document at all is most often an include pattern that matches nothing: say so, and do
  // not let --min-coverage pass on nothing.
  const nothing = report.summary.documents === 0;
  if (nothing)
    io.stderr(
      `grounded: no Markdown files found in ${printable(root)}; check \`include\` and \`exclude\` in the config\n`,
    );
  const tooLow = minCoverage !== undefined && ((coverage !== null && coverage * 100 < minCoverage) || nothing);
  if (tooLow && !nothing)
    io.stderr(`grounded: coverage ${percent(coverage!, '', 1)} is below --min-coverage ${minCoverage}%\n`);
  else if (tooLow) io.stderr(`grounded: --min-coverage ${minCoverage}% cannot pass with no documents\n`);
  let newlyUngrounded = 0;
  if (failOnNew) {
    const found = report.comparison
      ? report.comparison.regressed
          .filter(r => r.after === 'ungrounded' && failOnNew.has(r.priority))
          .map(r => ({ ...r, was: r.before ?? 'new' }))
      : report.specs.flatMap(s =>
          s.requirements
            .filter(r => r.state === 'ungrounded' && failOnNew.has(r.priority))
            .map(r => ({ id: r.id, priority: r.priority, file: s.file, was: undefined })),
        );
    for (const r of found)
      io.stderr(
        `grounded: ${printable(r.id)} (${r.priority}) in ${printable(r.file)} ${r.was ? `became ungrounded (was ${r.was})` : 'is ungrounded'}\n`,
      );
    newlyUngrounded = found.length;
  }
  return failing || tooLow || newlyUngrounded > 0 ? 1 : 0;
}

function count(list: { severity: string }[], severity: string): number {
  return list.filter(d => d.severity === severity).length;
}

function usage(io: Io, message: string): number {
  return usageError(io, '', message);
}

/**
 * `grounded lsp` and `grounded mcp` live in bundles of their own beside this one (`lsp.js`,
 * `mcp.js`), so that `grounded check` does not load the protocol libraries. Returns undefined
 * when the server started and runs on.
 */
function runServer(command: 'lsp' | 'mcp', args: string[]): number | undefined {
  // A computed path, so that esbuild leaves the bundle out of this one.
  const bundle = path.join(__dirname, `${command}.js`);
  const server = require(bundle) as {
    main: (args: string[], io: { stdout: (s: string) => void; stderr: (s: string) => void }) => number | undefined;
  };
  return server.main(args, { stdout: s => process.stdout.write(s), stderr: s => process.stderr.write(s) });
}

/**
 * Standard output and error for the process. A write error is one line and exit code 2, never a
 * stack trace (which an unhandled stream error prints, with exit code 1: "problems found"). A
 * closed pipe (`grounded check | head`) is the reader's choice: the rest of the output is
 * dropped and the exit code stays the check's.
 */
function processIo(): Io & { finish(code: number): void } {
  let broken: NodeJS.ErrnoException | undefined;
  let code = 0;
  let finished = false;
  const fail = (e: NodeJS.ErrnoException) => {
    if (broken) return;
    broken = e;
    if (e.code !== 'EPIPE') {
      try {
        process.stderr.write(`grounded: cannot write the report: ${e.code ?? e.message}\n`);
      } catch {
        // standard error is gone too
      }
    }
    process.exitCode = e.code === 'EPIPE' ? (finished ? code : process.exitCode) : 2;
  };
  process.stdout.on('error', fail);
  process.stderr.on('error', () => undefined);
  const write = (stream: NodeJS.WriteStream) => (s: string | Uint8Array) => {
    if (broken && stream === process.stdout) return;
    try {
      stream.write(s);
    } catch (e) {
      if (stream === process.stdout) fail(e as NodeJS.ErrnoException);
    }
  };
  return {
    stdout: write(process.stdout),
    stderr: write(process.stderr),
    isTTY: !!process.stdout.isTTY,
    env: process.env,
    cwd: process.cwd(),
    finish(c: number) {
      finished = true;
      code = c;
      process.exitCode = broken && broken.code !== 'EPIPE' ? 2 : c;
    },
  };
}

/** The process's entry: a server, or a command whose exit code becomes the process's. */
function cliMain(): void {
  const [command, ...rest] = process.argv.slice(2);
  if (command === 'lsp' || command === 'mcp') {
    try {
      const code = runServer(command, rest);
      if (code !== undefined) process.exitCode = code;
    } catch (e) {
      process.stderr.write(`grounded: internal error: ${printable((e as Error).message)}\n`);
      if (process.env.GROUNDED_DEBUG) process.stderr.write(`${(e as Error).stack}\n`);
      process.exitCode = 2;
    }
    return;
  }
  const io = processIo();
  let code: number;
  try {
    code = run(process.argv.slice(2), io);
  } catch (e) {
    // An internal error: one line for the user, the stack only when asked for.
    io.stderr(`grounded: internal error: ${(e as Error).message}\n`);
    if (process.env.GROUNDED_DEBUG) io.stderr(`${(e as Error).stack}\n`);
    code = 2;
  }
  io.finish(code);
}

if (require.main === module) cliMain();
