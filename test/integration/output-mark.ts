import { format } from 'node:util';

/**
 * Marks console output of the tests for run.ts. The workbench relays the extension host's
 * console to the page's `codeAutomationLog` mixed with its own log lines and without applying
 * format specifiers (`%s`), and VS Code's console wrappers can't be replaced, so the tests
 * format each line themselves and start it with this mark.
 */
export const OUTPUT_MARK = '[exthost] ';

/** Set by run.ts in code-server's environment, which its extension host inherits. */
export const MARK_ENV = 'GROUNDED_IT_MARK_OUTPUT';

/** `console.log` for test output that the runners print. */
export function markedLog(...args: unknown[]): void {
  console.log((process.env[MARK_ENV] === '1' ? OUTPUT_MARK : '') + format(...args));
}
