// The GitHub Action (action.yml, action/run.mjs) on a runner's files and variables: the summary
// file, the outputs file, the event payload, a shallow checkout of a pull request, and a local
// HTTP server in place of GitHub's REST API for the sticky comment.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { parse } from 'yaml';
import { CLI, REPO, finding, git, tempDir, writeFiles } from './reviewHelpers';
import { freshCacheDir } from './cli';

const SCRIPT = path.join(REPO, 'action', 'run.mjs');

const spec = (requirements: string) => `---
id: S-pay
type: spec
title: Pay
requirements:
  - id: R-pay-1
    text: Pay by card
    priority: should
    evidence: [F-1]
${requirements}---
# Pay
`;

interface Comment {
  id: number;
  body: string;
}

/** A stand-in for the part of GitHub's REST API that the action calls: issue comments. */
class FakeGitHub {
  comments: Comment[] = [{ id: 1, body: 'Looks good to me' }];
  requests: { method: string; url: string; auth?: string }[] = [];
  status = 200;
  private server = http.createServer((req, res) => {
    let data = '';
    req.on('data', c => (data += c));
    req.on('end', () => {
      this.requests.push({ method: req.method!, url: req.url!, auth: req.headers.authorization });
      const send = (code: number, body: unknown) => {
        res.writeHead(code, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (this.status !== 200) return send(this.status, { message: 'Resource not accessible by integration' });
      const url = new URL(req.url!, 'http://x');
      if (req.method === 'GET' && /^\/repos\/acme\/docs\/issues\/7\/comments$/.test(url.pathname))
        return send(200, this.comments);
      if (req.method === 'POST' && url.pathname === '/repos/acme/docs/issues/7/comments') {
        const c = { id: 100 + this.comments.length, body: JSON.parse(data).body as string };
        this.comments.push(c);
        return send(201, c);
      }
      const patch = /^\/repos\/acme\/docs\/issues\/comments\/(\d+)$/.exec(url.pathname);
      if (req.method === 'PATCH' && patch) {
        const c = this.comments.find(x => x.id === Number(patch[1]));
        if (!c) return send(404, {});
        c.body = JSON.parse(data).body;
        return send(200, c);
      }
      send(404, {});
    });
  });

  async start(): Promise<string> {
    await new Promise<void>(r => this.server.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    return new Promise(r => this.server.close(() => r()));
  }
}

interface ActionRun {
  code: number;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
}

describe('the GitHub Action on a pull request (shallow checkout, runner files, a local API)', function () {
  this.timeout(60000);
  let tmp: { dir: string; remove: () => void };
  let workspace: string;
  let github: FakeGitHub;
  let api: string;
  let baseSha: string;

  before(async () => {
    tmp = tempDir('grounded-action-test-');
    // The upstream repository: a base commit, then the pull request's change on top.
    const origin = path.join(tmp.dir, 'origin');
    fs.mkdirSync(origin);
    git(origin, 'init', '-q');
    writeFiles(origin, { 'docs/findings/F-1.md': finding('F-1'), 'docs/specs/pay.md': spec('') });
    git(origin, 'add', '.');
    git(origin, 'commit', '-q', '-m', 'base');
    baseSha = git(origin, 'rev-parse', 'HEAD').trim();
    // The change adds an ungrounded must-requirement and a broken link.
    writeFiles(origin, {
      'docs/specs/pay.md': spec(
        '  - id: R-pay-2\n    text: Pay by invoice\n    priority: must\n  - id: R-pay-3\n    text: Pay later\n    priority: could\n    evidence: [F-99]\n',
      ),
    });
    git(origin, 'commit', '-q', '-am', 'change');
    // actions/checkout's default: one commit deep, so the base commit is not there.
    workspace = path.join(tmp.dir, 'workspace');
    git(tmp.dir, 'clone', '-q', '--depth', '1', `file://${origin}`, workspace);
    assert.throws(() => git(workspace, 'cat-file', '-e', `${baseSha}^{commit}`), 'the base commit should be missing');
  });

  beforeEach(async () => {
    github = new FakeGitHub();
    api = await github.start();
  });

  afterEach(() => github.stop());
  after(() => tmp.remove());

  async function runAction(inputs: Record<string, string>): Promise<ActionRun> {
    const runner = fs.mkdtempSync(path.join(tmp.dir, 'runner-'));
    const files = {
      GITHUB_STEP_SUMMARY: path.join(runner, 'summary.md'),
      GITHUB_OUTPUT: path.join(runner, 'output'),
      GITHUB_EVENT_PATH: path.join(runner, 'event.json'),
    };
    for (const f of [files.GITHUB_STEP_SUMMARY, files.GITHUB_OUTPUT]) fs.writeFileSync(f, '');
    fs.writeFileSync(
      files.GITHUB_EVENT_PATH,
      JSON.stringify({
        action: 'synchronize',
        number: 7,
        pull_request: { number: 7, base: { sha: baseSha, ref: 'main' } },
      }),
    );
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      GITHUB_ACTIONS: 'true',
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_REPOSITORY: 'acme/docs',
      GITHUB_WORKSPACE: workspace,
      GITHUB_API_URL: api,
      RUNNER_TEMP: runner,
      GROUNDED_CLI: CLI,
      GROUNDED_CACHE_DIR: freshCacheDir(),
      ...files,
      INPUT_GITHUB_TOKEN: 'ghs_test-token',
    };
    for (const [k, v] of Object.entries(inputs)) env[`INPUT_${k.toUpperCase().replace(/-/g, '_')}`] = v;
    const child = spawn(process.execPath, [SCRIPT], { cwd: workspace, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', c => (stdout += c));
    child.stderr.on('data', c => (stderr += c));
    const code = await new Promise<number>(r => child.on('exit', c => r(c ?? -1)));
    const outputs: Record<string, string> = {};
    for (const line of fs.readFileSync(files.GITHUB_OUTPUT, 'utf8').split('\n').filter(Boolean)) {
      const at = line.indexOf('=');
      outputs[line.slice(0, at)] = line.slice(at + 1);
    }
    return { code, stdout, stderr, outputs, summary: fs.readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8') };
  }

  it('fetches the base, writes the summary and the outputs, annotates the changed lines, and fails the gate', async () => {
    const r = await runAction({ root: 'docs', 'fail-on-new-ungrounded': 'must' });
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.equal(r.outputs['exit-code'], '1');
    assert.equal(r.outputs['new-problems'], '3');
    assert.equal(r.outputs.coverage, '33.3');
    assert.match(r.summary, /^## Grounded: evidence coverage 100% → 33%/m);
    assert.match(r.summary, new RegExp(`Compared with \`${baseSha}\``));
    assert.match(r.summary, /R-pay-2/);
    const commands = r.stdout.split('\n').filter(l => l.startsWith('::'));
    const annotations = commands.filter(l => / file=/.test(l));
    // Only the three new problems, all on lines the change added (10 to 16).
    assert.equal(annotations.length, 3, r.stdout);
    for (const a of annotations) assert.match(a, /^::(error|warning|notice) file=docs\/specs\/pay\.md,line=1[0-6],/, a);
    assert.ok(annotations.some(a => a.includes('broken-link')));
    // The gate's reason, from the CLI's stderr, as a notice.
    assert.ok(
      commands.includes(
        '::notice title=Grounded::grounded: R-pay-2 (must) in specs/pay.md became ungrounded (was new)',
      ),
      r.stdout,
    );
  });

  it('posts one sticky comment and updates it on the next run', async () => {
    await runAction({ root: 'docs', 'fail-on': 'never' });
    const posted = github.comments.filter(c => c.body.includes('<!-- grounded-action-report -->'));
    assert.equal(posted.length, 1);
    assert.match(posted[0]!.body, /## Grounded: evidence coverage/);
    assert.equal(github.requests.find(q => q.method === 'POST')?.auth, 'Bearer ghs_test-token');
    posted[0]!.body = '<!-- grounded-action-report -->\nold';
    github.requests = [];
    const again = await runAction({ root: 'docs', 'fail-on': 'never' });
    assert.equal(again.code, 0);
    assert.equal(github.comments.filter(c => c.body.includes('<!-- grounded-action-report -->')).length, 1);
    assert.match(github.comments.find(c => c.id === posted[0]!.id)!.body, /## Grounded: evidence coverage/);
    assert.deepEqual(
      github.requests.map(q => q.method),
      ['GET', 'PATCH'],
    );
    assert.equal(github.comments[0]!.body, 'Looks good to me');
  });

  it('warns and carries on when the token may not comment (a fork)', async () => {
    github.status = 403;
    const r = await runAction({ root: 'docs', 'fail-on': 'never' });
    assert.equal(r.code, 0, r.stdout);
    assert.match(r.stdout, /^::warning title=Grounded::the pull-request comment failed \(GET .* answered 403\)/m);
    assert.match(r.summary, /## Grounded/);
  });

  it('writes SARIF when asked, and comments nothing when told not to', async () => {
    const r = await runAction({ root: 'docs', sarif: 'true', comment: 'false', 'fail-on': 'never' });
    assert.equal(r.code, 0);
    const sarif = JSON.parse(fs.readFileSync(r.outputs['sarif-file']!, 'utf8')) as {
      version: string;
      runs: { results: unknown[] }[];
    };
    assert.equal(sarif.version, '2.1.0');
    assert.ok(sarif.runs[0]!.results.length > 0);
    assert.deepEqual(github.requests, []);
  });

  it('a bad input is one error annotation and exit code 2', async () => {
    const r = await runAction({ root: 'docs', 'fail-on': 'sometimes', comment: 'false' });
    assert.equal(r.code, 2);
    assert.equal(r.outputs['exit-code'], '2');
    const lines = r.stdout.split('\n').filter(l => l.startsWith('::'));
    assert.equal(lines.length, 1, r.stdout);
    assert.match(lines[0]!, /^::error title=Grounded::.*fail-on/);
  });
});

describe('action.yml', () => {
  const action = parse(fs.readFileSync(path.join(REPO, 'action.yml'), 'utf8')) as {
    inputs: Record<string, { description: string; default?: string }>;
    outputs: Record<string, { value: string }>;
    runs: { using: string; steps: { id?: string; env?: Record<string, string>; uses?: string; if?: string }[] };
  };

  it('is a composite action that hands every input to the script', () => {
    assert.equal(action.runs.using, 'composite');
    const check = action.runs.steps.find(s => s.id === 'check')!;
    for (const name of Object.keys(action.inputs)) {
      assert.equal(check.env?.[`INPUT_${name.toUpperCase().replace(/-/g, '_')}`], `\${{ inputs.${name} }}`, name);
      assert.ok(action.inputs[name]!.description.length > 0, name);
    }
    for (const name of ['root', 'base', 'fail-on', 'fail-on-new-ungrounded', 'min-coverage'])
      assert.ok(name in action.inputs, name);
  });

  it('sets the outputs that the script writes', () => {
    const script = fs.readFileSync(SCRIPT, 'utf8');
    for (const [name, output] of Object.entries(action.outputs)) {
      assert.equal(output.value, `\${{ steps.check.outputs.${name} }}`);
      assert.ok(script.includes(`setOutput('${name}'`), `run.mjs never sets ${name}`);
    }
    for (const name of ['coverage', 'new-problems', 'exit-code']) assert.ok(name in action.outputs, name);
  });

  it('uploads SARIF only when asked', () => {
    const upload = action.runs.steps.find(s => s.uses?.startsWith('github/codeql-action/upload-sarif'));
    assert.match(upload?.if ?? '', /inputs\.sarif == 'true'/);
  });
});
