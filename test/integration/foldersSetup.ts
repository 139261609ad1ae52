// What the folders suite (folders.ts) sets up and changes between its two windows; kept apart
// from folders.ts so that run.ts's --between step can load it without starting another run.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(__dirname, '../../..');
const cli = path.join(root, 'dist', 'cli.js');

/** What the suite is told through `GROUNDED_IT_FOLDERS`. */
export interface FoldersSetup {
  big: string;
  small: string;
  /** A folder outside the workspace that a test adds, to open a spec in it while it is first indexed. */
  late?: string;
  /** The CLI's JSON report of each folder, by folder path. */
  expected: Record<string, string>;
  today: string;
}

/** The small folder: `exclude: [drafts]`, a broken link with a suggestion, and a draft that must stay out. */
export const SMALL: Record<string, string> = {
  '.grounded.yaml': 'exclude: [drafts]\n',
  'specs/pay.md': [
    '---',
    'id: S-pay',
    'type: spec',
    'title: Paying',
    'requirements:',
    '  - id: R-pay-1',
    '    text: Pay with cash',
    '    priority: should',
    '    evidence: [F-cash, F-cahs]',
    '---',
    '',
    '# Paying',
    '',
    'See F-cash.',
    '',
  ].join('\n'),
  'findings/cash.md': [
    '---',
    'id: F-cash',
    'type: finding',
    'title: Shop owners still take cash',
    'source: interview',
    'date: 2026-06-01',
    '---',
    '',
    'They do.',
    '',
  ].join('\n'),
  'drafts/idea.md': [
    '---',
    'id: F-draft',
    'type: finding',
    'title: A draft',
    'source: interview',
    'date: 2026-06-01',
    'personas: [P-nobody]',
    '---',
    '',
  ].join('\n'),
};

/** The CLI's JSON report of each folder, written where `setup.expected` says. */
export function checkWithCli(setup: FoldersSetup): void {
  for (const folder of [setup.big, setup.small]) {
    const out = spawnSync(
      process.execPath,
      [cli, 'check', folder, '--format', 'json', '--today', setup.today, '--no-cache', '--fail-on', 'never'],
      { encoding: 'utf8', maxBuffer: 1 << 28 },
    );
    if (out.status !== 0) throw new Error(`grounded check ${folder} exited with ${out.status}: ${out.stderr}`);
    fs.writeFileSync(setup.expected[folder], out.stdout);
  }
}

/**
 * Between the two windows (run.ts --between): files are edited (one keeping its size),
 * added and deleted in both folders, and the CLI checks them again.
 */
function changeWhileClosed(setup: FoldersSetup): void {
  const findings = (fs.readdirSync(path.join(setup.big, 'findings'), { recursive: true }) as string[])
    .filter(n => n.endsWith('.md'))
    .sort();
  const at = (n: number) => path.join(setup.big, 'findings', findings[n]);
  fs.writeFileSync(at(0), fs.readFileSync(at(0), 'utf8').replace(/^status: \w+$/m, 'status: refuted'));
  fs.appendFileSync(at(1), '\nSee F-nowhere-1.\n');
  const same = fs.readFileSync(at(2), 'utf8');
  fs.writeFileSync(
    at(2),
    same.replace(/title: ./, m => m.slice(0, -1) + (m.endsWith('Q') ? 'R' : 'Q')),
  );
  fs.rmSync(at(3));
  fs.writeFileSync(
    path.join(setup.big, 'findings', 'added-while-closed.md'),
    SMALL['findings/cash.md'].replace('F-cash', 'F-added-while-closed'),
  );
  fs.writeFileSync(path.join(setup.small, 'specs', 'pay.md'), SMALL['specs/pay.md'].replace('F-cahs', 'F-new'));
  fs.writeFileSync(path.join(setup.small, 'findings', 'new.md'), SMALL['findings/cash.md'].replace('F-cash', 'F-new'));
  checkWithCli(setup);
}

/** The `--between` step: the setup comes through the environment run.ts inherited. */
export function betweenWindows(): number {
  try {
    changeWhileClosed(JSON.parse(process.env.GROUNDED_IT_FOLDERS ?? '') as FoldersSetup);
    return 0;
  } catch (err) {
    console.error(`[folders] ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}
