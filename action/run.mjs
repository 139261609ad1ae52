// The GitHub Action's one step (action.yml): runs `grounded check` for the report, the gate and
// SARIF, and hands the results to GitHub the ways a runner reads them: the job summary file, the
// outputs file, workflow annotations on stdout, and one pull-request comment through the REST API.
// It reads only what a runner provides (GITHUB_* variables, the event payload) and the INPUT_*
// variables that action.yml sets; it needs Node.js 20 and nothing else.
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const env = process.env;
const here = dirname(fileURLToPath(import.meta.url));
const cli = env.GROUNDED_CLI || join(here, '..', 'dist', 'cli.js');
const workspace = env.GITHUB_WORKSPACE || process.cwd();

/** Marks the comment that this action keeps up to date. */
export const COMMENT_MARK = '<!-- grounded-action-report -->';
/** GitHub refuses comments longer than this. */
const COMMENT_LIMIT = 65536;

function input(name, fallback = '') {
  const value = env[`INPUT_${name.toUpperCase().replace(/[- ]/g, '_')}`];
  return value === undefined || value.trim() === '' ? fallback : value.trim();
}

function flag(name, fallback) {
  const value = input(name, fallback ? 'true' : 'false').toLowerCase();
  if (value !== 'true' && value !== 'false')
    throw new UsageError(`input \`${name}\` must be true or false, not \`${value}\``);
  return value === 'true';
}

class UsageError extends Error {}

/** Escapes text for the message of a workflow command, so that it cannot start another one. */
function commandData(text) {
  return String(text).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function annotate(level, message) {
  process.stdout.write(`::${level} title=Grounded::${commandData(message)}\n`);
}

function setOutput(name, value) {
  if (env.GITHUB_OUTPUT) appendFileSync(env.GITHUB_OUTPUT, `${name}=${String(value).replace(/[\r\n]/g, ' ')}\n`);
}

function grounded(args) {
  const r = spawnSync(process.execPath, [cli, 'check', ...args], {
    cwd: workspace,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    env: { ...env, NO_COLOR: '1' },
  });
  if (r.error) throw r.error;
  return { code: r.status ?? 2, stdout: r.stdout, stderr: r.stderr };
}

function git(args) {
  return spawnSync('git', args, { cwd: workspace, encoding: 'utf8' });
}

function readEvent() {
  if (!env.GITHUB_EVENT_PATH || !existsSync(env.GITHUB_EVENT_PATH)) return {};
  try {
    return JSON.parse(readFileSync(env.GITHUB_EVENT_PATH, 'utf8'));
  } catch {
    return {};
  }
}

/**
 * The ref to compare with: the input, or the pull request's base commit. A base commit that the
 * checkout lacks (actions/checkout fetches one commit by default) is fetched, one commit deep:
 * `grounded check --base` only reads that commit's files.
 */
function resolveBase(event) {
  const given = input('base');
  const base = given || event.pull_request?.base?.sha || '';
  if (!base) return '';
  if (git(['rev-parse', '--verify', '--quiet', `${base}^{commit}`]).status === 0) return base;
  const remoteRef = base.replace(/^origin\//, '');
  const fetched = git(['fetch', '--no-tags', '--depth=1', 'origin', remoteRef]);
  if (fetched.status !== 0) return base; // grounded check reports the bad ref itself (exit 2).
  if (git(['rev-parse', '--verify', '--quiet', `${base}^{commit}`]).status === 0) return base;
  return 'FETCH_HEAD';
}

/** Coverage as a percentage with one decimal, or '' when no requirement counts. */
function percent(coverage) {
  return typeof coverage === 'number' ? String(Math.round(coverage * 1000) / 10) : '';
}

/**
 * Creates the report comment on the pull request, or updates the one this action made before.
 * A read-only token (pull requests from forks) is a warning, not a failure.
 */
async function upsertComment(number, body) {
  const api = (env.GITHUB_API_URL || 'https://api.github.com').replace(/\/$/, '');
  const repo = env.GITHUB_REPOSITORY;
  const token = input('github-token');
  if (!repo || !token) {
    annotate('warning', 'no GITHUB_REPOSITORY or github-token: the pull-request comment is skipped');
    return;
  }
  const headers = {
    accept: 'application/vnd.github+json',
    authorization: `Bearer ${token}`,
    'content-type': 'application/json',
    'user-agent': 'grounded-action',
    'x-github-api-version': '2022-11-28',
  };
  const call = async (method, url, payload) => {
    const res = await fetch(url, { method, headers, body: payload ? JSON.stringify(payload) : undefined });
    if (!res.ok) throw new Error(`${method} ${new URL(url).pathname} answered ${res.status}`);
    return res.json();
  };
  try {
    let existing;
    for (let page = 1; page <= 50 && !existing; page++) {
      const comments = await call('GET', `${api}/repos/${repo}/issues/${number}/comments?per_page=100&page=${page}`);
      existing = comments.find(c => typeof c.body === 'string' && c.body.includes(COMMENT_MARK));
      if (comments.length < 100) break;
    }
    if (existing) await call('PATCH', `${api}/repos/${repo}/issues/comments/${existing.id}`, { body });
    else await call('POST', `${api}/repos/${repo}/issues/${number}/comments`, { body });
    process.stdout.write(
      `Grounded: ${existing ? 'updated' : 'posted'} the report comment on pull request #${number}\n`,
    );
  } catch (err) {
    annotate(
      'warning',
      `the pull-request comment failed (${err.message}); a token from a fork is read-only. The report is in the job summary.`,
    );
  }
}

function commentBody(markdown) {
  const note = '\n\n_The report is cut here; the whole report is in the job summary._\n';
  let body = `${COMMENT_MARK}\n${markdown}`;
  if (body.length > COMMENT_LIMIT) body = body.slice(0, COMMENT_LIMIT - note.length) + note;
  return body;
}

async function main() {
  if (!existsSync(cli)) throw new UsageError(`the Grounded CLI is missing at ${cli}`);
  const event = readEvent();
  const root = input('root', '.');
  const failOn = input('fail-on', 'error');
  const newOnly = flag('new-only', true);
  const wantComment = flag('comment', true);
  const wantSarif = flag('sarif', false);
  const base = resolveBase(event);
  const scope = input('config') ? [root, '--config', input('config')] : [root];
  const common = base ? [...scope, '--base', base] : scope;

  // 1. The numbers, from the JSON contract.
  const json = grounded([...common, '--format', 'json', '--fail-on', 'never']);
  if (json.code === 2) {
    const message = json.stderr.trim().split('\n')[0] || 'grounded check failed';
    annotate('error', message);
    setOutput('exit-code', 2);
    return 2;
  }
  const report = JSON.parse(json.stdout);
  const newProblems = base && report.comparison ? report.comparison.newDiagnostics.length : report.diagnostics.length;
  setOutput('coverage', percent(report.summary.coverage));
  setOutput('new-problems', newProblems);

  // 2. The report, for the job summary and the comment.
  const markdown = grounded([...common, '--format', 'markdown', '--fail-on', 'never']).stdout;
  if (env.GITHUB_STEP_SUMMARY) appendFileSync(env.GITHUB_STEP_SUMMARY, `${markdown.trimEnd()}\n`);
  const number = event.pull_request?.number;
  if (wantComment && number) await upsertComment(number, commentBody(markdown));

  // 3. SARIF, when asked: the whole state of the docs, as code scanning expects.
  if (wantSarif) {
    const sarifFile = join(env.RUNNER_TEMP || tmpdir(), 'grounded.sarif');
    writeFileSync(sarifFile, grounded([...scope, '--format', 'sarif', '--fail-on', 'never']).stdout);
    setOutput('sarif-file', resolve(sarifFile));
  }

  // 4. The gate, whose annotations land on the changed lines when there is a base.
  const gate = [...common, '--format', 'github', '--fail-on', failOn];
  if (base && newOnly) gate.push('--new-only');
  if (input('fail-on-new-ungrounded')) gate.push('--fail-on-new-ungrounded', input('fail-on-new-ungrounded'));
  if (input('min-coverage')) gate.push('--min-coverage', input('min-coverage'));
  const result = grounded(gate);
  process.stdout.write(result.stdout);
  const messages = result.stderr.split('\n').filter(l => l.trim() !== '');
  // A usage error is one line (the rest is a pointer to --help); other lines list what failed.
  if (result.code === 2) annotate('error', messages[0] ?? 'grounded check failed');
  else for (const line of messages) annotate('notice', line);
  setOutput('exit-code', result.code);
  return result.code;
}

main().then(
  code => process.exit(code),
  err => {
    annotate('error', err instanceof UsageError ? err.message : `the action failed: ${err?.message ?? err}`);
    setOutput('exit-code', 2);
    process.exit(2);
  },
);
