// The tests module that VS Code loads into the extension host (the `extensionTestsPath` of
// both runners: run.ts in code-server, electron.ts in @vscode/test-electron). Its `run()`
// settles when the suite is done; the workbench then reports the exit code to the runner.
import { runMocha } from '../mocha';

/**
 * Runs every `*.test.js` next to this file. The smoke suite goes first: it checks what every
 * other suite relies on (the extension is there, the fixture is open, VS Code's Markdown
 * server answers) before they change any state.
 */
export function run(): Promise<void> {
  return runMocha(__dirname, { first: 'smoke.test.js' });
}
