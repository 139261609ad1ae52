// Helpers for the integration tests that run inside a real extension host. They work on the
// fixture workspace in test/fixtures/workspace, which both runners open as the folder.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { GroundedApi } from '../../../src/extension/extension';

/** Prints a line among the test results (plain `console.log` shows only with GROUNDED_IT_VERBOSE=1). */
export { markedLog as log } from '../output-mark';

/** The extension's ID, `publisher.name` from package.json. */
export const EXTENSION_ID = 'grounded.grounded';

/** The fixture workspace on disk, found from this file's place in out/test/integration/suite. */
const fixtureRoot = path.resolve(__dirname, '../../../../test/fixtures/workspace');

/** The URI of a file in the fixture workspace, e.g. `fixtureUri('specs/checkout.md')`. */
export function fixtureUri(relPath: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.find(
    f => f.uri.scheme === 'file' && path.resolve(f.uri.fsPath) === fixtureRoot,
  );
  const base = folder?.uri ?? vscode.Uri.file(fixtureRoot);
  return vscode.Uri.joinPath(base, ...relPath.split('/'));
}

/** Opens a fixture file in an editor and returns its document once it is shown. */
export async function openDoc(relPath: string): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(fixtureUri(relPath));
  await vscode.window.showTextDocument(doc);
  return doc;
}

/**
 * Polls `predicate` until it returns a truthy value and resolves with it; rejects with
 * `message` after `timeoutMs`. Use it for work that VS Code does asynchronously (diagnostics,
 * tree refreshes) instead of fixed sleeps.
 */
export async function waitFor<T>(
  predicate: () => T | undefined | null | false | PromiseLike<T | undefined | null | false>,
  timeoutMs = 10000,
  message = 'condition not met',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await predicate();
      if (value) return value;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) {
      const cause = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new Error(`Timed out after ${timeoutMs} ms: ${message}${cause}`);
    }
    await new Promise(r => setTimeout(r, 50));
  }
}

/** Activates Grounded if needed and returns what its `activate()` returned. */
export async function getApi<T = unknown>(): Promise<T> {
  const ext = vscode.extensions.getExtension<T>(EXTENSION_ID);
  if (!ext) throw new Error(`extension ${EXTENSION_ID} is not installed in this extension host`);
  return ext.isActive ? ext.exports : await ext.activate();
}

/**
 * Sets up an editor suite: the time real VS Code needs on a shared machine (indexing, the
 * Markdown server and file events can be slow), and a wait for the first index before its
 * tests. Call it first in the `describe` callback, so that its hook runs before the suite's own.
 */
export function indexedSuite(suite: Mocha.Suite): void {
  suite.timeout(60000);
  before(async () => {
    await (await getApi<GroundedApi>()).model.ready();
  });
}

/** The position of the first occurrence of `needle` in `doc` (plus `offset` characters). */
export function positionOf(doc: vscode.TextDocument, needle: string, offset = 0): vscode.Position {
  const index = doc.getText().indexOf(needle);
  if (index < 0) throw new Error(`"${needle}" not found in ${doc.uri.toString()}`);
  return doc.positionAt(index + offset);
}
