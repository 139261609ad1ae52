/**
 * The benchmark of docs/performance.md (docs/performance.md). `npm run bench` (or `-- --quick` for the 1k corpus only).
 *
 * It generates seeded corpora under `bench/.data/` (reused while the generator and seed are the
 * same), then measures, in the same run and one thing at a time (the machine has 2 cores):
 * the read-only floor, `yaml` on all frontmatter, plain unified + remark on every file, the
 * peer `remark --use remark-validate-links`, `grounded check` cold and warm as spawned
 * processes, and the editor paths in-process on the largest index. Each spawned measurement
 * reports wall time, CPU time and peak RSS (from `process.resourceUsage()` of the child,
 * recorded by a preloaded hook, so no `/usr/bin/time` is needed). It prints a table next to
 * the reference figures and targets of docs/performance.md and writes `bench/results/latest.json`.
 *
 * Options: `--quick` (1k only), `--runs N` (repetitions of the grounded runs, default 3),
 * `--skip-peer`, `--skip-remark` (leave out the slow reference measurements).
 */
import * as crypto from 'node:crypto';
import { hover } from '../src/core/features/hover';
import { definition } from '../src/core/features/definition';
import { complete } from '../src/core/features/completion';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { parseDocument } from 'yaml';
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkFrontmatter from 'remark-frontmatter';
import { generate, GENERATED_TODAY } from './generate';
import { largeSpec } from './spec';
import { findFrontmatter, parseMarkdown } from '../src/core/parse';
import { indexFolder } from '../src/node/check';
import type { WorkspaceIndex } from '../src/core/workspaceIndex';
import type { ParsedDocument } from '../src/core/model';

const REPO = path.resolve(__dirname, '../..');
const DATA = path.join(REPO, 'bench', '.data');
const RESULTS = path.join(REPO, 'bench', 'results');
const CLI = path.join(REPO, 'dist', 'cli.js');
const SEED = 1;

// ---------------------------------------------------------------------------------------------
// Corpora

/** Generates (or reuses) a corpus of `count` documents; the stamp ties it to the generator's source. */
function corpus(count: number): string {
  const dir = path.join(DATA, `corpus-${count}-seed${SEED}`);
  const source = fs.readFileSync(path.join(REPO, 'bench', 'generate.ts'));
  const stamp = `${crypto.createHash('sha256').update(source).digest('hex').slice(0, 16)} count=${count} seed=${SEED}\n`;
  const stampFile = path.join(dir, '.bench-stamp');
  let old = '';
  try {
    old = fs.readFileSync(stampFile, 'utf8');
  } catch {
    // not generated yet
  }
  if (old !== stamp) {
    const t0 = performance.now();
    generate(dir, count, SEED);
    fs.writeFileSync(stampFile, stamp);
    log(`generated ${count} documents in ${rel(dir)} (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  }
  return dir;
}

function markdownFiles(dir: string): string[] {
  const out: string[] = [];
  const visit = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) visit(p);
      else if (/\.(md|markdown)$/i.test(e.name)) out.push(p);
    }
  };
  visit(dir);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Child tasks: each runs in its own process so that its peak RSS is its own.

interface ChildResult {
  ms: number;
  detail?: Record<string, unknown>;
}

function childTask(task: string, dir: string): ChildResult {
  const files = markdownFiles(dir);
  if (task === 'read') {
    const t0 = performance.now();
    let bytes = 0;
    for (const f of files) bytes += fs.readFileSync(f, 'utf8').length;
    return { ms: performance.now() - t0, detail: { files: files.length, chars: bytes } };
  }
  const texts = files.map(f => fs.readFileSync(f, 'utf8'));
  if (task === 'yaml') {
    const t0 = performance.now();
    let parsed = 0;
    for (const text of texts) {
      const block = findFrontmatter(text);
      if (!block) continue;
      parseDocument(text.slice(block.content.start, block.content.end));
      parsed++;
    }
    return { ms: performance.now() - t0, detail: { frontmatters: parsed } };
  }
  if (task === 'remark') {
    const processor = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']);
    const t0 = performance.now();
    let nodes = 0;
    for (const text of texts) {
      const tree = processor.parse(text) as { children: { type: string; value?: string }[] };
      nodes += tree.children.length;
      for (const child of tree.children) if (child.type === 'yaml') parseDocument(child.value ?? '');
    }
    return { ms: performance.now() - t0, detail: { topLevelNodes: nodes } };
  }
  if (task === 'editor') return editorTask(dir);
  throw new Error(`unknown task ${task}`);
}

// ---------------------------------------------------------------------------------------------
// The editor paths, in-process on a whole index

interface Features {
  hover: (index: WorkspaceIndex, doc: ParsedDocument, offset: number) => unknown;
  definition: (index: WorkspaceIndex, doc: ParsedDocument, offset: number) => unknown;
  completion: (index: WorkspaceIndex, doc: ParsedDocument, offset: number) => unknown;
}

/** The editor features the bench times: the same pure functions the VS Code providers call. */
function loadFeatures(): Features {
  return { hover, definition, completion: complete };
}

function percentiles(samples: number[]): { p50: number; p95: number; max: number; n: number } {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))];
  return { p50: at(0.5), p95: at(0.95), max: s[s.length - 1], n: s.length };
}

function editorTask(dir: string): ChildResult {
  const t0 = performance.now();
  const { index } = indexFolder(dir, { today: GENERATED_TODAY });
  const indexMs = performance.now() - t0;
  const t1 = performance.now();
  for (const doc of index.documents()) index.diagnostics(doc.uri);
  const allDiagnosticsMs = performance.now() - t1;

  const uri = pathToFileURL(path.join(dir, 'specs', 'bench-large-spec.md')).href;
  let text = largeSpec(index, 300);
  index.set(parseMarkdown(uri, text));
  index.diagnostics(uri);

  // Keystrokes: typing into a requirement's text, into body prose, and into a cited ID (which
  // makes a broken link for a moment, with its "did you mean" suggestions).
  const keystroke: number[] = [];
  const parts = { parse: [] as number[], index: [] as number[], diagnostics: [] as number[] };
  let affectedTotal = 0;
  const edits = 200;
  for (let k = 0; k < edits; k++) {
    const kind = k % 3;
    let at: number;
    let insert = 'x';
    if (kind === 0) at = text.indexOf(' without help', text.indexOf(`R-bench-large-${(k * 37) % 300}\n`));
    else if (kind === 1) at = text.indexOf(' without help', text.lastIndexOf(`## R-bench-large-${(k * 53) % 300} `));
    else {
      const evidence =
        text.indexOf('evidence: [', text.indexOf(`R-bench-large-${(k * 29) % 300}\n`)) + 'evidence: ['.length;
      at = text.indexOf(',', evidence);
      insert = '7';
    }
    if (at < 0) at = text.length;
    text = text.slice(0, at) + insert + text.slice(at);
    const s = performance.now();
    // As the editor does (src/extension/model.ts): the last parse is reused where the edit left it alone.
    const parsed = parseMarkdown(uri, text, { previous: index.get(uri) });
    const p = performance.now();
    const affected = index.set(parsed);
    const x = performance.now();
    for (const u of affected) index.diagnostics(u);
    const e = performance.now();
    keystroke.push(e - s);
    parts.parse.push(p - s);
    parts.index.push(x - p);
    parts.diagnostics.push(e - x);
    affectedTotal += affected.length;
  }

  // Hover, definition, completion: at body and frontmatter positions of the large spec.
  const doc = index.get(uri)!;
  const offsets: number[] = [];
  for (const ref of doc.bodyRefs) offsets.push(ref.span.start + 1);
  for (const link of doc.links) offsets.push(link.span.start + 1);
  const features = loadFeatures();
  const measure = (fn: (offset: number) => unknown): ReturnType<typeof percentiles> => {
    const samples: number[] = [];
    for (let i = 0; i < 1000; i++) {
      const offset = offsets[(i * 7919) % offsets.length];
      const s = performance.now();
      fn(offset);
      samples.push(performance.now() - s);
    }
    return percentiles(samples);
  };
  const idAt = (offset: number) => {
    for (const r of doc.bodyRefs) if (r.span.start <= offset && offset <= r.span.end) return r.id;
    for (const l of doc.links) if (l.span.start <= offset && offset <= l.span.end) return l.id;
    return undefined;
  };
  const latency: Record<string, { source: string } & ReturnType<typeof percentiles>> = {};
  latency.hover = features.hover
    ? { source: 'src/core/features/hover', ...measure(o => features.hover!(index, doc, o)) }
    : {
        source: 'core lookups (features/hover not present): lookup + item + references + grounding',
        ...measure(o => {
          const id = idAt(o);
          if (!id) return;
          index.lookup(id);
          index.item(id);
          index.references(id);
          const r = index.requirement(id);
          if (r) index.grounding(r.requirement);
        }),
      };
  latency.definition = features.definition
    ? { source: 'src/core/features/definition', ...measure(o => features.definition!(index, doc, o)) }
    : {
        source: 'core lookups (features/definition not present): lookup',
        ...measure(o => index.lookup(idAt(o) ?? '')),
      };
  latency.completion = features.completion
    ? { source: 'src/core/features/completion', ...measure(o => features.completion!(index, doc, o)) }
    : {
        source: 'core lookups (features/completion not present): every ID with its item',
        ...measure(() => {
          let n = 0;
          for (const id of index.allIds()) if (index.lookup(id)[0].kind !== 'requirement') n++;
          return n;
        }),
      };
  latency.references = { source: 'index.references', ...measure(o => index.references(idAt(o) ?? '')) };
  return {
    ms: indexMs,
    detail: {
      documents: index.size,
      indexMs,
      allDiagnosticsMs,
      keystroke: {
        ...percentiles(keystroke),
        edits,
        meanAffected: affectedTotal / edits,
        parts: {
          parse: percentiles(parts.parse),
          index: percentiles(parts.index),
          diagnostics: percentiles(parts.diagnostics),
        },
      },
      latency,
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Spawning and measuring

interface Run {
  wallMs: number;
  cpuMs: number;
  maxRssMb: number;
  status: number | null;
  stdoutHash?: string;
  detail?: Record<string, unknown>;
}

const PRELOAD = path.join(DATA, 'rusage-preload.cjs');

function writePreload(): void {
  fs.mkdirSync(DATA, { recursive: true });
  fs.writeFileSync(
    PRELOAD,
    [
      "// Written by bench/bench.ts: records this process's resource usage when it exits.",
      "const { isMainThread } = require('node:worker_threads');",
      'if (isMainThread && process.env.BENCH_RUSAGE_FILE) {',
      "  process.on('exit', () => {",
      '    const u = process.resourceUsage();',
      "    require('node:fs').writeFileSync(process.env.BENCH_RUSAGE_FILE, JSON.stringify({ maxRSS: u.maxRSS, user: u.userCPUTime, system: u.systemCPUTime }));",
      '  });',
      '}',
      '',
    ].join('\n'),
  );
}

function spawnMeasured(args: string[], options: { cwd?: string } = {}): Run {
  const usageFile = path.join(os.tmpdir(), `grounded-bench-${process.pid}-${Math.random().toString(36).slice(2)}.json`);
  const t0 = performance.now();
  const child = spawnSync(process.execPath, ['--require', PRELOAD, ...args], {
    cwd: options.cwd ?? REPO,
    env: { ...process.env, BENCH_RUSAGE_FILE: usageFile },
    maxBuffer: 1 << 30,
    encoding: 'buffer',
  });
  const wallMs = performance.now() - t0;
  if (child.error) throw child.error;
  let usage = { maxRSS: 0, user: 0, system: 0 };
  try {
    usage = JSON.parse(fs.readFileSync(usageFile, 'utf8'));
    fs.rmSync(usageFile);
  } catch {
    // the child died before its exit hook
  }
  const run: Run = {
    wallMs,
    cpuMs: (usage.user + usage.system) / 1000,
    maxRssMb: usage.maxRSS / 1024,
    status: child.status,
    stdoutHash: crypto.createHash('sha256').update(child.stdout).digest('hex').slice(0, 16),
  };
  if (child.status !== 0 && child.status !== 1) {
    throw new Error(`${args.join(' ')} exited ${child.status}: ${child.stderr.toString().slice(0, 2000)}`);
  }
  const out = child.stdout.toString();
  if (out.startsWith('{"benchChild"')) run.detail = JSON.parse(out).benchChild;
  return run;
}

function child(task: string, dir: string): Run {
  const run = spawnMeasured(['--expose-gc', __filename, '--child', task, dir]);
  return { ...run, wallMs: (run.detail?.ms as number) ?? run.wallMs };
}

function median(runs: Run[]): Run {
  const sorted = [...runs].sort((a, b) => a.wallMs - b.wallMs);
  const m = sorted[Math.floor(sorted.length / 2)];
  return { ...m, maxRssMb: Math.max(...runs.map(r => r.maxRssMb)) };
}

// ---------------------------------------------------------------------------------------------
// The table

interface Row {
  what: string;
  figure: string;
  reference: string;
  target: string;
  met?: boolean;
}

function fmtS(ms: number): string {
  return ms >= 100 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(ms < 1 ? 3 : 1)} ms`;
}

function printTable(title: string, rows: Row[]): void {
  const head = ['what', 'measured', 'reference', 'target', ''];
  const cells = rows.map(r => [
    r.what,
    r.figure,
    r.reference,
    r.target,
    r.met === undefined ? '' : r.met ? 'met' : 'MISSED',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map(c => c[i].length)));
  const line = (c: string[]) => `| ${c.map((x, i) => x.padEnd(widths[i])).join(' | ')} |`;
  process.stdout.write(
    `\n${title}\n${line(head)}\n| ${widths.map(w => '-'.repeat(w)).join(' | ')} |\n${cells.map(line).join('\n')}\n`,
  );
}

function log(s: string): void {
  process.stderr.write(`bench: ${s}\n`);
}

function rel(p: string): string {
  return path.relative(REPO, p) || '.';
}

// ---------------------------------------------------------------------------------------------

function main(argv: string[]): void {
  if (argv[0] === '--child') {
    const result = childTask(argv[1], argv[2]);
    process.stdout.write(JSON.stringify({ benchChild: { ms: result.ms, ...result.detail } }));
    return;
  }
  const quick = argv.includes('--quick');
  const runsArg = argv.indexOf('--runs');
  const runs = runsArg >= 0 ? Number(argv[runsArg + 1]) : 3;
  const skipPeer = argv.includes('--skip-peer');
  const skipRemark = argv.includes('--skip-remark');
  if (!fs.existsSync(CLI)) throw new Error(`${rel(CLI)} is missing: run \`npm run build\` first`);
  writePreload();
  const sizes = quick ? [1000] : [1000, 10000];
  const results: Record<string, unknown> = {
    date: new Date().toISOString(),
    node: process.version,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model,
    loadavg: os.loadavg(),
    seed: SEED,
    quick,
    corpora: {} as Record<string, unknown>,
  };
  for (const count of sizes) {
    const dir = corpus(count);
    const files = markdownFiles(dir);
    const bytes = files.reduce((n, f) => n + fs.statSync(f).size, 0);
    log(`corpus ${count}: ${files.length} files, ${(bytes / 1e6).toFixed(1)} MB`);
    const r: Record<string, unknown> = { files: files.length, mb: bytes / 1e6 };
    const step = <T>(name: string, f: () => T): T => {
      log(`${count}: ${name}…`);
      const v = f();
      r[name] = v;
      return v;
    };
    step('read', () => child('read', dir));
    step('yaml', () => child('yaml', dir));
    if (!skipRemark) step('remark', () => child('remark', dir));
    if (!skipPeer) {
      const remark = path.join(REPO, 'node_modules', 'remark-cli', 'cli.js');
      step('peer', () =>
        spawnMeasured([remark, '.', '--use', 'remark-validate-links', '--quiet', '--no-stdout'], { cwd: dir }),
      );
    }
    const check = (extra: string[]) =>
      spawnMeasured([CLI, 'check', dir, '--format', 'json', '--today', GENERATED_TODAY, ...extra]);
    const cold = step('groundedCold', () => median(Array.from({ length: runs }, () => check(['--no-cache']))));
    step('groundedFill', () => check([]));
    const warm = step('groundedWarm', () => median(Array.from({ length: runs }, () => check([]))));
    r.sameReportColdWarm = cold.stdoutHash === warm.stdoutHash;
    if (!r.sameReportColdWarm) log('WARNING: the warm report differs from the cold one');
    (results.corpora as Record<string, unknown>)[String(count)] = r;
  }
  const largest = corpus(sizes[sizes.length - 1]);
  log(`editor paths on the ${sizes[sizes.length - 1]} index…`);
  results.editor = child('editor', largest).detail;

  fs.mkdirSync(RESULTS, { recursive: true });
  fs.writeFileSync(path.join(RESULTS, 'latest.json'), JSON.stringify(results, null, 2) + '\n');

  // Print.
  const n = String(sizes[sizes.length - 1]);
  const c = (results.corpora as Record<string, Record<string, Run | undefined>>)[n];
  const runFig = (run: Run | undefined, rss = true) =>
    run ? `${fmtS(run.wallMs)}${rss ? `, ${run.maxRssMb.toFixed(0)} MB` : ''} (cpu ${fmtS(run.cpuMs)})` : 'skipped';
  const rows: Row[] = [
    { what: `reading the ${n} files only (floor)`, figure: runFig(c.read, false), reference: '0.25 s', target: '—' },
    {
      what: '`yaml` parseDocument of all frontmatter, one thread',
      figure: runFig(c.yaml, false),
      reference: '1.6 s',
      target: '—',
    },
    {
      what: 'unified + remark-parse + remark-frontmatter + yaml, one thread',
      figure: runFig(c.remark),
      reference: '13 s, 140 MB',
      target: '—',
    },
    {
      what: '`remark --use remark-validate-links` (peer)',
      figure: runFig(c.peer),
      reference: '15.5 s, 573 MB',
      target: '—',
    },
    {
      what: '`grounded check`, cold (--no-cache)',
      figure: runFig(c.groundedCold),
      reference: '—',
      target: '≤ 1.5 s, ≤ 250 MB',
      met: !!c.groundedCold && c.groundedCold.wallMs <= 1500 && c.groundedCold.maxRssMb <= 250,
    },
    {
      what: '`grounded check`, warm (nothing changed)',
      figure: runFig(c.groundedWarm),
      reference: '—',
      target: '≤ 0.4 s',
      met: !!c.groundedWarm && c.groundedWarm.wallMs <= 400,
    },
  ];
  const editor = results.editor as {
    keystroke: ReturnType<typeof percentiles> & { meanAffected: number };
    latency: Record<string, ReturnType<typeof percentiles> & { source: string }>;
    indexMs: number;
    allDiagnosticsMs: number;
  };
  rows.push({
    what: `editor: keystroke in a 300-requirement spec → diagnostics (${editor.keystroke.meanAffected.toFixed(1)} docs affected on average)`,
    figure: `p50 ${fmtS(editor.keystroke.p50)}, p95 ${fmtS(editor.keystroke.p95)}`,
    reference: '—',
    target: '≤ 15 ms p95',
    met: editor.keystroke.p95 <= 15,
  });
  for (const [name, l] of Object.entries(editor.latency)) {
    rows.push({
      what: `editor: ${name} [${l.source}]`,
      figure: `p50 ${fmtS(l.p50)}, p95 ${fmtS(l.p95)}`,
      reference: '—',
      target: name === 'references' ? '—' : '≤ 5 ms p95',
      met: name === 'references' ? undefined : l.p95 <= 5,
    });
  }
  const peer = c.peer;
  const cold = c.groundedCold;
  printTable(
    `Grounded benchmark, ${n} documents (${Number((c as unknown as { mb: number }).mb).toFixed(1)} MB), ${os.cpus().length} cores, node ${process.version}, load ${os.loadavg()[0].toFixed(1)}`,
    rows,
  );
  if (peer && cold)
    process.stdout.write(
      `\ngrounded check cold is ${(peer.wallMs / cold.wallMs).toFixed(1)}× faster than the peer in wall time, ${(peer.cpuMs / cold.cpuMs).toFixed(1)}× in CPU time, and uses ${(peer.maxRssMb / cold.maxRssMb).toFixed(1)}× less memory.\n`,
    );
  if (sizes.length > 1) {
    const k = (results.corpora as Record<string, Record<string, Run>>)['1000'];
    process.stdout.write(
      `1k corpus: read ${fmtS(k.read.wallMs)}, yaml ${fmtS(k.yaml.wallMs)}${k.remark ? `, remark ${fmtS(k.remark.wallMs)}` : ''}${k.peer ? `, peer ${fmtS(k.peer.wallMs)}` : ''}, grounded cold ${fmtS(k.groundedCold.wallMs)}, warm ${fmtS(k.groundedWarm.wallMs)}\n`,
    );
  }
  process.stdout.write(
    `in-process: index ${fmtS(editor.indexMs)}, all diagnostics ${fmtS(editor.allDiagnosticsMs)}; JSON in ${rel(path.join(RESULTS, 'latest.json'))}\n`,
  );
}

main(process.argv.slice(2));
