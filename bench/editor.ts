/**
 * `npm run bench:editor` (docs/performance.md): the editor measured in the real VS Code of the integration
 * harness (code-server, test/integration/run.ts), on the generated 10,000-document corpus (seed
 * 1) plus one 300-requirement spec, with the CLI's cold `grounded check` of the same folder
 * taken in the same run as the reference. The window is opened twice with the same profile:
 * a cold start (first diagnostics on the open spec, keystrokes, hovers, completions, heap),
 * then a reopen. Prints a table of figures and ratios and writes bench/results/editor.json.
 *
 * Options: `--count N` (documents, default 10000), `--runs N` (CLI cold runs, default 3).
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { generate, GENERATED_TODAY } from './generate';
import { largeSpec } from './spec';
import { indexFolder } from '../src/node/check';
import { todayIso } from '../src/core';
import type { EditorResults } from './editor/index';

const REPO = path.resolve(__dirname, '../..');
const CLI = path.join(REPO, 'dist', 'cli.js');
const RESULTS = path.join(REPO, 'bench', 'results');

function arg(name: string, fallback: number): number {
  const at = process.argv.indexOf(name);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
}

function percentile(samples: number[], q: number): number {
  const s = [...samples].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
}

function median(samples: number[]): number {
  return percentile(samples, 0.5);
}

const log = (m: string) => process.stdout.write(`[bench:editor] ${m}\n`);
const fmt = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);

async function main(): Promise<number> {
  const count = arg('--count', 10000);
  const runs = arg('--runs', 3);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'grounded-bench-editor-'));
  try {
    const dir = path.join(tmp, 'corpus');
    generate(dir, count, 1);
    const { index } = indexFolder(dir, { today: GENERATED_TODAY });
    const spec = path.join(dir, 'specs', 'bench-large-spec.md');
    fs.writeFileSync(spec, largeSpec(index, 300));
    log(`${count} documents and a 300-requirement spec in ${dir}`);

    // The reference: the CLI's cold check of the same folder (no report cache), as the editor sees it (today's date).
    const cold: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      const r = spawnSync(
        process.execPath,
        [CLI, 'check', dir, '--no-cache', '--format', 'json', '--today', todayIso(), '--fail-on', 'never'],
        { maxBuffer: 1 << 28 },
      );
      cold.push(performance.now() - t0);
      if (r.status !== 0) throw new Error(`grounded check exited with ${r.status}: ${r.stderr}`);
    }
    log(`CLI cold check: ${cold.map(fmt).join(', ')}`);

    const out = path.join(tmp, 'results.json');
    const child = spawn(
      process.execPath,
      [
        path.join(REPO, 'out', 'test', 'integration', 'run.js'),
        '--workspace',
        dir,
        '--tests',
        path.join(REPO, 'out', 'bench', 'editor', 'index.js'),
        '--no-ui',
        '--reopen',
      ],
      {
        stdio: 'inherit',
        env: {
          ...process.env,
          GROUNDED_BENCH_OUT: out,
          GROUNDED_BENCH_SPEC: spec,
          GROUNDED_IT_TIMEOUT_MS: String(20 * 60_000),
        },
      },
    );
    const code = await new Promise<number>(resolve => child.on('exit', c => resolve(c ?? 1)));
    if (code !== 0) return code;
    const r = JSON.parse(fs.readFileSync(out, 'utf8')) as EditorResults;
    const p1 = r.pass1!;
    const p2 = r.pass2!;
    const cli = median(cold);
    const firstOpen = p1.firstAt - p1.activatedAt;
    const reopen = p2.firstAt - p2.activatedAt;
    const rows: [string, string, string, string][] = [
      ['CLI cold `grounded check` (reference, median)', fmt(cli), '', ''],
      [
        'open → first diagnostics on the open spec (from activation)',
        fmt(firstOpen),
        `${(firstOpen / cli).toFixed(2)}× CLI`,
        '≤ 1.5×',
      ],
      [
        '  … all of its diagnostics (from activation)',
        fmt(p1.completeAt - p1.activatedAt),
        `${((p1.completeAt - p1.activatedAt) / cli).toFixed(2)}× CLI`,
        '',
      ],
      ['  … from opening the spec', fmt(p1.firstAt - p1.openedAt), '', ''],
      [
        `reopen → first diagnostics (from activation; ${p2.reused} of ${p2.documents} documents from the snapshot)`,
        fmt(reopen),
        `${(reopen / cli).toFixed(2)}× CLI`,
        '≤ 0.3×',
      ],
      [
        'keystroke → updated diagnostics, end to end (typing delay 120 ms included)',
        `p50 ${fmt(median(p1.keystroke))}, p95 ${fmt(percentile(p1.keystroke, 0.95))}`,
        '',
        '≤ 200 ms p95',
      ],
      [
        'hover round trip (vscode.executeHoverProvider)',
        `p50 ${fmt(median(p1.hover))}, p95 ${fmt(percentile(p1.hover, 0.95))}`,
        '',
        '≤ 50 ms p95',
      ],
      [
        'completion round trip (vscode.executeCompletionItemProvider)',
        `p50 ${fmt(median(p1.completion))}, p95 ${fmt(percentile(p1.completion, 0.95))}`,
        '',
        '≤ 50 ms p95',
      ],
      [
        'extension host heap once indexed (all extensions)',
        `${p1.heapMb.toFixed(0)} MB (RSS ${p1.rssMb.toFixed(0)} MB)`,
        '',
        '≤ 400 MB',
      ],
      ['extension host heap after a reopen', `${p2.heapMb.toFixed(0)} MB (RSS ${p2.rssMb.toFixed(0)} MB)`, '', ''],
    ];
    process.stdout.write(
      `\nGrounded in the real VS Code (code-server), ${p1.documents} documents, ${os.cpus().length} cores, load ${os.loadavg()[0].toFixed(1)}\n\n`,
    );
    process.stdout.write('| what | measured | ratio | target |\n| --- | --- | --- | --- |\n');
    for (const row of rows) process.stdout.write(`| ${row.join(' | ')} |\n`);
    fs.mkdirSync(RESULTS, { recursive: true });
    fs.writeFileSync(
      path.join(RESULTS, 'editor.json'),
      JSON.stringify({ when: new Date().toISOString(), count, cliCold: cold, ...r }, null, 2),
    );
    log(`JSON in ${path.relative(REPO, path.join(RESULTS, 'editor.json'))}`);
    return 0;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().then(
  code => process.exit(code),
  (err: unknown) => {
    console.error(`[bench:editor] ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
