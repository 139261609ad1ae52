// The tests module that VS Code loads into the extension host (the `extensionTestsPath` of
// both runners: run.ts in code-server, electron.ts in @vscode/test-electron). Its `run()`
// settles when the suite is done; the workbench then reports the exit code to the runner.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import { markedLog } from '../output-mark';

/** Runs every `*.test.js` next to this file with mocha; rejects when any test fails. */
export function run(): Promise<void> {
  const mocha = new Mocha({ reporter: 'spec', ui: 'bdd', timeout: 20000, color: false });
  const grep = process.env.GROUNDED_TEST_GREP;
  if (grep) mocha.grep(grep);
  // The smoke suite goes first: it checks what every other suite relies on (the extension is
  // there, the fixture is open, VS Code's Markdown server answers) before they change any state.
  const files = fs
    .readdirSync(__dirname)
    .filter((name) => name.endsWith('.test.js'))
    .sort((a, b) => Number(b === 'smoke.test.js') - Number(a === 'smoke.test.js') || a.localeCompare(b));
  for (const name of files) mocha.addFile(path.join(__dirname, name));
  // See OUTPUT_MARK in output-mark.ts.
  const reporterLog = Mocha.reporters.Base.consoleLog;
  Mocha.reporters.Base.consoleLog = markedLog;
  return new Promise<void>((resolve, reject) => {
    try {
      const runner = mocha.run((failures) => {
        const stats = runner.stats;
        const passed = stats?.passes ?? 0;
        const pending = stats?.pending ?? 0;
        // The closing line CI reads; alone on its line.
        markedLog(`${passed} passed, ${failures} failed${pending ? `, ${pending} skipped` : ''}`);
        if (failures > 0) reject(new Error(`${failures} integration test(s) failed`));
        else if (passed === 0) reject(new Error('no integration test ran'));
        else resolve();
      });
    } catch (err) {
      markedLog(err);
      reject(err);
    }
  }).finally(() => {
    Mocha.reporters.Base.consoleLog = reporterLog;
  });
}

