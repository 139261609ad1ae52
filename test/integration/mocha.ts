// Runs the `*.test.js` files of one folder with mocha inside the extension host: the shared
// body of the tests modules (suite/index.ts, folders/index.ts, the editor benchmark).
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import { markedLog } from './output-mark';

/** Runs every `*.test.js` in `dir` (the one named `first` first); rejects when any test fails. */
export function runMocha(
  dir: string,
  options: { first?: string; timeout?: number; only?: (name: string) => boolean } = {},
): Promise<void> {
  const mocha = new Mocha({ reporter: 'spec', ui: 'bdd', timeout: options.timeout ?? 20000, color: false });
  const grep = process.env.GROUNDED_TEST_GREP;
  if (grep) mocha.grep(grep);
  const first = options.first;
  const files = fs
    .readdirSync(dir)
    .filter(name => name.endsWith('.test.js') && (options.only?.(name) ?? true))
    .sort((a, b) => Number(b === first) - Number(a === first) || a.localeCompare(b));
  for (const name of files) mocha.addFile(path.join(dir, name));
  // See OUTPUT_MARK in output-mark.ts.
  const reporterLog = Mocha.reporters.Base.consoleLog;
  Mocha.reporters.Base.consoleLog = markedLog;
  return new Promise<void>((resolve, reject) => {
    try {
      const runner = mocha.run(failures => {
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
