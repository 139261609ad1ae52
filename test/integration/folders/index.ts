// The tests module of the folders suite (see ../folders.ts, which sets the workspace up). The
// window is opened twice: the first pass runs folders.test.js, the second (after files changed
// while it was closed) reopen.test.js.
import * as fs from 'node:fs';
import { runMocha } from '../mocha';

export function run(): Promise<void> {
  const file = process.env.GROUNDED_IT_PASS_FILE;
  const pass = file && fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trim() : '1';
  return runMocha(__dirname, {
    timeout: 120000,
    only: name =>
      pass === '2' ? name === 'reopen.test.js' : name === 'folders.test.js' || name === 'git-checkout.test.js',
  });
}
