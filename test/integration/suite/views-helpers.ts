// Shared by the views' integration tests: the exported views API and ways to read the trees.
import * as vscode from 'vscode';
import type { GroundedApi } from '../../../src/extension/extension';
import type { ViewsApi } from '../../../src/extension/views';
import type { CoverageNode } from '../../../src/extension/views/coverageTree';
import type { EvidenceNode } from '../../../src/extension/views/evidenceTree';
import { fixtureUri, getApi, waitFor } from './util';

export async function viewsApi(): Promise<{ api: GroundedApi; views: ViewsApi }> {
  const api = await getApi<GroundedApi>();
  await api.model.ready();
  const views = api.views as unknown as ViewsApi;
  // The first full indexing refreshes the views; wait until the fixture spec shows.
  await waitFor(() => findSpec(views, 'S-checkout'), 15000, 'S-checkout never showed in the Coverage view');
  return { api, views };
}

function label(item: vscode.TreeItem): string {
  const l = item.label;
  return typeof l === 'string' ? l : (l?.label ?? '');
}

/**
 * Other suites that run at the same time on the same fixture folder write `*-tmp-*` items;
 * the view tests look past them.
 */
export const OTHERS = /-tmp-/i;

export function specNodes(views: ViewsApi): CoverageNode[] {
  const roots = views.coverage.getChildren();
  return roots
    .flatMap(n => (n.kind === 'folder' ? views.coverage.getChildren(n) : [n]))
    .filter(n => n.kind === 'spec' && !OTHERS.test(n.row.id));
}

export function findSpec(views: ViewsApi, id: string): CoverageNode | undefined {
  return specNodes(views).find(n => n.kind === 'spec' && n.row.id === id);
}

/** A node as the user sees it: label, description and children's labels. */
export function show(views: ViewsApi, node: CoverageNode): { label: string; description: string; icon: string } {
  const item = views.coverage.getTreeItem(node);
  return {
    label: label(item),
    description: String(item.description ?? ''),
    icon: (item.iconPath as vscode.ThemeIcon | undefined)?.id ?? '',
  };
}

export function children(
  views: ViewsApi,
  node?: CoverageNode,
): { node: CoverageNode; label: string; description: string; icon: string }[] {
  return views.coverage.getChildren(node).map(n => ({ node: n, ...show(views, n) }));
}

export function evidenceTree(
  views: ViewsApi,
): { group: string; findings: { id: string; description: string; children: string[]; icon: string }[] }[] {
  const ev = views.evidence;
  const roots: EvidenceNode[] = ev.getChildren().flatMap(n => (n.kind === 'folder' ? ev.getChildren(n) : [n]));
  return roots.map(g => ({
    group: label(ev.getTreeItem(g)),
    findings: ev
      .getChildren(g)
      .filter(f => !(f.kind === 'finding' && OTHERS.test(f.row.id)))
      .map(f => {
        const item = ev.getTreeItem(f);
        return {
          id: label(item),
          description: String(item.description ?? ''),
          icon: (item.iconPath as vscode.ThemeIcon | undefined)?.id ?? '',
          children: ev
            .getChildren(f)
            .map(c => label(ev.getTreeItem(c)))
            .filter(l => !OTHERS.test(l)),
        };
      }),
  }));
}

/**
 * Marks this run's temporary files: several people run the suite on the same fixture folder at
 * once, and one run must not delete another's files.
 */
const RUN = `zz-temp-${process.pid.toString(36)}-`;

/** Writes a file in the fixture workspace (`zz-temp-` names get this run's mark); returns a function that deletes it. */
export async function tempFile(relPath: string, text: string): Promise<{ uri: vscode.Uri; remove(): Promise<void> }> {
  relPath = relPath.replace(/(^|\/)zz-temp-/, `$1${RUN}`);
  const uri = fixtureUri(relPath);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  return {
    uri,
    remove: async () => {
      await closeTabs(uri);
      await vscode.workspace.fs.delete(uri, { useTrash: false }).then(undefined, () => undefined);
      const api = await getApi<GroundedApi>();
      await waitFor(() => !api.model.document(uri), 10000, `${relPath} stayed in the index`);
    },
  };
}

/** Resets both views' filters to what the fixture tests expect. */
export async function resetFilters(): Promise<void> {
  await vscode.commands.executeCommand('grounded.clearCoverageFilters');
  await vscode.commands.executeCommand('grounded.sortByCoverage');
  await vscode.commands.executeCommand('grounded.showAllFindings');
  await vscode.commands.executeCommand('grounded.groupEvidence', 'persona');
}

/** Closes every tab of `uri`, so that no restored window shows a deleted file. */
export async function closeTabs(uri: vscode.Uri): Promise<void> {
  const key = uri.toString();
  // Save pending edits first (a WorkspaceEdit can leave a document dirty in the background):
  // an editor left open on a deleted, dirty file is written back by auto-save.
  for (const doc of vscode.workspace.textDocuments) {
    if (doc.uri.toString() === key && doc.isDirty) await doc.save();
  }
  for (let i = 0; i < 5; i++) {
    const tabs = vscode.window.tabGroups.all
      .flatMap(g => g.tabs)
      .filter(t => t.input instanceof vscode.TabInputText && t.input.uri.toString() === key);
    if (tabs.length === 0) return;
    await vscode.window.tabGroups.close(tabs, true);
    await new Promise(r => setTimeout(r, 100));
  }
}

/** Deletes every temporary file this run's view tests may have left. */
export async function removeLeftovers(): Promise<void> {
  for (const dir of ['specs', 'findings', 'decisions', '']) {
    let entries: [string, vscode.FileType][] = [];
    try {
      entries = await vscode.workspace.fs.readDirectory(fixtureUri(dir || '.'));
    } catch {
      continue;
    }
    for (const [name] of entries) {
      if (!name.startsWith(RUN)) continue;
      const uri = fixtureUri(dir ? `${dir}/${name}` : name);
      await closeTabs(uri);
      await vscode.workspace.fs.delete(uri, { useTrash: false }).then(undefined, () => undefined);
    }
  }
}
