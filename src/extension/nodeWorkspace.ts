import * as path from 'node:path';
import * as vscode from 'vscode';
import { NodeWorkspace } from '../node/workspace';
import { VsCodeWorkspace, type WorkspaceFactory } from './workspace';

/**
 * The workspaces of a Node extension host (issue 15): `file:` folders are walked and read by the
 * CLI's Node adapter, its read-ahead thread included, without ever blocking the host's thread;
 * other schemes (remote, virtual) go through `vscode.workspace.fs`.
 */
export const nodeWorkspaces: WorkspaceFactory = (folder) =>
  folder.uri.scheme === 'file'
    ? new NodeWorkspace(folder.uri.fsPath, {
        nonBlocking: true,
        workerFile: path.join(__dirname, 'worker.js'),
        uris: { of: (p) => vscode.Uri.file(p).toString(), path: (u) => vscode.Uri.parse(u).fsPath },
      })
    : new VsCodeWorkspace(folder.uri);
