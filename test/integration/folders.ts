// The folders suite (docs/performance.md) in the real VS Code of run.ts: one multi-root window with a
// generated folder of about 2,000 documents and a small folder, each with its own
// .grounded.yaml. The suite (folders/*.test.ts) compares every diagnostic VS Code holds with
// the CLI's `--format json` for the same folder, and checks that a config error in one folder
// leaves the other working.
//
//   node out/test/integration/folders.js        (part of `npm run test:integration`)
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { generate } from '../../bench/generate';
import { todayIso } from '../../src/core';
import { checkWithCli, SMALL, type FoldersSetup } from './foldersSetup';

export type { FoldersSetup };

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
    // 2,000 generated documents and the small folder's spec and finding.
    const late = path.join(tmp, 'late');
    generate(late, 2000, 3);
    for (const rel of ['specs/pay.md', 'findings/cash.md']) {
      fs.mkdirSync(path.dirname(path.join(late, rel)), { recursive: true });
      fs.writeFileSync(path.join(late, rel), SMALL[rel]);
    }
    const expected = { [big]: path.join(tmp, 'big.json'), [small]: path.join(tmp, 'small.json') };
    const setup: FoldersSetup = { big, small, late, expected, today: todayIso() };
    checkWithCli(setup);
    const workspace = path.join(tmp, 'two.code-workspace');
    fs.writeFileSync(workspace, JSON.stringify({ folders: [{ path: big }, { path: small }] }, null, 2));
    const runArgs = [
      '--workspace',
      workspace,
      '--tests',
      path.join(__dirname, 'folders', 'index.js'),
      '--no-ui',
      '--reopen',
      '--between',
      path.join(__dirname, 'folders-between.js'),
    ];
    const child = spawn(process.execPath, [path.join(__dirname, 'run.js'), ...runArgs], {
      stdio: 'inherit',
      env: { ...process.env, GROUNDED_IT_FOLDERS: JSON.stringify(setup) },
    });
    return await new Promise<number>(resolve => child.on('exit', code => resolve(code ?? 1)));
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

if (require.main === module) {
  main().then(
    code => process.exit(code),
    (err: unknown) => {
      console.error(`[folders] ${err instanceof Error ? err.message : String(err)}`);
      process.exit(1);
    },
  );
}
