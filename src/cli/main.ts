import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { isValidDate } from '../core/schema';
import { todayIso } from '../core';
import { buildReport, type JsonReport } from '../core/report';
import { indexFolder, UsageError } from '../node/check';
import { FORMATS } from './formats';

declare const GROUNDED_VERSION: string | undefined;

const HELP = `Usage: grounded check [ROOT] [options]

Checks the evidence links of the specs, findings, personas and decisions below ROOT
(default: the current folder).

Options:
  --format FORMAT       ${Object.keys(FORMATS).join(', ')} (default: text)
  --fail-on LEVEL       error, warning, info or never (default: error)
  --min-coverage PCT    fail when workspace coverage is below PCT percent
  --today YYYY-MM-DD    the date to judge staleness against (default: today)
  --config FILE         the config file (default: ROOT/.grounded.yaml)
  -h, --help            show this help
  -v, --version         show the version

Exit codes: 0 nothing reached --fail-on and coverage is enough; 1 something did;
2 a usage or configuration error.
`;

const SEVERITY_RANK: Record<string, number> = { info: 1, warning: 2, error: 3 };
const FAIL_ON: Record<string, number> = { info: 1, warning: 2, error: 3, never: 99 };

interface Io {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  isTTY: boolean;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

/** Runs the CLI and returns its exit code. Never throws for user errors. */
export function run(argv: string[], io: Io): number {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: 'string', default: 'text' },
        'fail-on': { type: 'string', default: 'error' },
        'min-coverage': { type: 'string' },
        today: { type: 'string' },
        config: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (e) {
    return usage(io, (e as Error).message.split('\n')[0]);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(HELP);
    return 0;
  }
  if (values.version) {
    io.stdout(`${typeof GROUNDED_VERSION === 'string' ? GROUNDED_VERSION : '0.0.0-dev'}\n`);
    return 0;
  }
  const [command, root = '.', ...extra] = positionals;
  if (command === undefined) return usage(io, 'missing command: try `grounded check`');
  if (command !== 'check') return usage(io, `unknown command \`${command}\`: try \`grounded check\``);
  if (extra.length > 0) return usage(io, `unexpected argument \`${extra[0]}\`: give one ROOT folder`);
  const format = FORMATS[values.format!];
  if (!format) return usage(io, `unknown format \`${values.format}\`: use ${Object.keys(FORMATS).join(', ')}`);
  const failOn = FAIL_ON[values['fail-on']!];
  if (failOn === undefined) return usage(io, `unknown --fail-on \`${values['fail-on']}\`: use error, warning, info or never`);
  let minCoverage: number | undefined;
  if (values['min-coverage'] !== undefined) {
    minCoverage = Number(values['min-coverage'].replace(/%$/, ''));
    if (!Number.isFinite(minCoverage) || minCoverage < 0 || minCoverage > 100) {
      return usage(io, `--min-coverage takes a percentage from 0 to 100, not \`${values['min-coverage']}\``);
    }
  }
  if (values.today !== undefined && !isValidDate(values.today)) return usage(io, `--today takes a date YYYY-MM-DD, not \`${values.today}\``);

  const absRoot = path.resolve(io.cwd, root);
  let report: JsonReport;
  try {
    const { index } = indexFolder(absRoot, {
      config: values.config === undefined ? undefined : path.resolve(io.cwd, values.config),
      today: values.today ?? todayIso(),
    });
    report = buildReport(index, (uri) => relativePath(absRoot, uri));
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`grounded: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  io.stdout(format(report, { color: io.isTTY && !('NO_COLOR' in io.env && io.env.NO_COLOR !== ''), root: absRoot }));
  const failing = report.diagnostics.some((d) => SEVERITY_RANK[d.severity] >= failOn);
  const coverage = report.summary.coverage;
  const tooLow = minCoverage !== undefined && coverage !== null && coverage * 100 < minCoverage;
  if (tooLow) io.stderr(`grounded: coverage ${(coverage! * 100).toFixed(1)}% is below --min-coverage ${minCoverage}%\n`);
  return failing || tooLow ? 1 : 0;
}

function relativePath(root: string, uri: string): string {
  const abs = fileURLToPath(uri);
  return path.relative(root, abs).split(path.sep).join('/');
}

function usage(io: Io, message: string): number {
  io.stderr(`grounded: ${message}\nRun \`grounded --help\` for usage.\n`);
  return 2;
}

if (require.main === module) {
  let code: number;
  try {
    code = run(process.argv.slice(2), {
      stdout: (s) => process.stdout.write(s),
      stderr: (s) => process.stderr.write(s),
      isTTY: !!process.stdout.isTTY,
      env: process.env,
      cwd: process.cwd(),
    });
  } catch (e) {
    // An internal error: one line for the user, the stack only when asked for.
    process.stderr.write(`grounded: internal error: ${(e as Error).message}\n`);
    if (process.env.GROUNDED_DEBUG) process.stderr.write(`${(e as Error).stack}\n`);
    code = 2;
  }
  process.exitCode = code;
}
