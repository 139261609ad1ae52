import * as vscode from 'vscode';

/*
 * Where Grounded tells what went wrong around the index (docs/limits.md): a broken config, a folder
 * that cannot be read, an unexpected error while indexing. Each goes to the "Grounded" output
 * channel with its details; each kind of problem is shown once per session as a notification
 * whose button opens that log. The rest of Grounded goes on working.
 */

let channel: vscode.LogOutputChannel | undefined;
const notified = new Set<string>();

/** The "Grounded" log, made on first use. */
export function log(): vscode.LogOutputChannel {
  return (channel ??= vscode.window.createOutputChannel('Grounded', { log: true }));
}

export const SHOW_LOG = 'Show Log';

/**
 * Logs `message` (with `detail`, such as an error's stack) and, the first time this `kind` of
 * problem comes up, shows a warning whose "Show Log" button opens the log.
 */
export function reportProblem(kind: string, message: string, detail?: unknown): void {
  const text =
    detail instanceof Error
      ? `${message}: ${detail.stack ?? detail.message}`
      : detail === undefined
        ? message
        : `${message}: ${String(detail)}`;
  log().error(text);
  if (notified.has(kind)) return;
  notified.add(kind);
  void vscode.window.showWarningMessage(`Grounded: ${message}`, SHOW_LOG).then(choice => {
    if (choice === SHOW_LOG) log().show(true);
  });
}

/** For tests: which kinds of problem were notified. */
export function notifiedKinds(): string[] {
  return [...notified];
}

export function disposeLog(): void {
  channel?.dispose();
  channel = undefined;
}
