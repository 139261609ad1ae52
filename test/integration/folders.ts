// The folders suite (issue 15) in the real VS Code of run.ts: one multi-root window with a
// generated folder of about 2,000 documents and a small folder, each with its own
// .grounded.yaml. The suite (folders/*.test.ts) compares every diagnostic VS Code holds with
// the CLI's `--format json` for the same folder, and checks that a config error in one folder
// leaves the other working.
//
//   node out/test/integration/folders.js        (part of `npm run test:integration`)
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { generate } from '../../bench/generate';
import { todayIso } from '../../src/core';

const root = path.resolve(__dirname, '../../..');
const cli = path.join(root, 'dist', 'cli.js');

/** What the suite is told through `GROUNDED_IT_FOLDERS`. */
export interface FoldersSetup {
  big: string;
  small: string;
  /** The CLI's JSON report of each folder, by folder path. */
  expected: Record<string, string>;
  today: string;
}

/** The small folder: `exclude: [drafts]`, a broken link with a suggestion, and a draft that must stay out. */
const SMALL: Record<string, string> = {
  '.grounded.yaml': 'exclude: [drafts]\n',
  'specs/pay.md': ['---', 'id: S-pay', 'type: spec', 'title: Paying', 'requirements:', '  - id: R-pay-1', '    text: Pay with cash', '    priority: should', '    evidence: [F-cash, F-cahs]', '---', '', '# Paying', '', 'See F-cash.', ''].join('\n'),
  'findings/cash.md': ['---', 'id: F-cash', 'type: finding', 'title: Shop owners still take cash', 'source: interview', 'date: 2026-06-01', '---', '', 'They do.', ''].join('\n'),
  'drafts/idea.md': ['---', 'id: F-draft', 'type: finding', 'title: A draft', 'source: interview', 'date: 2026-06-01', 'personas: [P-nobody]', '---', ''].join('\n'),
};

async function main(): Promise<number> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'grounded-folders-'));
  try {
    const big = path.join(tmp, 'big');
    const small = path.join(tmp, 'small');
    generate(big, 2000, 2);
    for (const [rel, text] of Object.entries(SMALL)) {
      fs.mkdirSync(path.dirname(path.join(small, rel)), { recursive: true });
      fs.writeFileSync(path.join(small, rel), text);
    }
    const today = todayIso();
    const expected: Record<string, string> = {};
    for (const folder of [big, small]) {
      const out = spawnSync(process.execPath, [cli, 'check', folder, '--format', 'json', '--today', today, '--no-cache', '--fail-on', 'never'], { encoding: 'utf8', maxBuffer: 1 << 28 });
      if (out.status !== 0) throw new Error(`grounded check ${folder} exited with ${out.status}: ${out.stderr}`);
      expected[folder] = path.join(tmp, `${path.basename(folder)}.json`);
      fs.writeFileSync(expected[folder], out.stdout);
    }
    const workspace = path.join(tmp, 'two.code-workspace');
    fs.writeFileSync(workspace, JSON.stringify({ folders: [{ path: big }, { path: small }] }, null, 2));
    const setup: FoldersSetup = { big, small, expected, today };
    const child = spawn(process.execPath, [path.join(__dirname, 'run.js'), '--workspace', workspace, '--tests', path.join(__dirname, 'folders', 'index.js'), '--no-ui'], {
      stdio: 'inherit',
      env: { ...process.env, GROUNDED_IT_FOLDERS: JSON.stringify(setup) },
    });
    return await new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? 1)));
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(`[folders] ${err instanceof Error ? err.message : String(err)}`);
      process.exit(1);
    },
  );
}
