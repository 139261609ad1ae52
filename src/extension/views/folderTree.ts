import * as vscode from 'vscode';
import type { FolderState, GroundedModel } from '../model';

/** What the tree views' nodes share: a kind, a parent (but for roots) and, for inner nodes, children. */
export interface TreeNode<N> {
  kind: string;
  parent?: N;
  children?: N[];
}

/**
 * A tree of the model's folders that is built once per refresh and kept until the next one,
 * with filters the view's commands change. The Evidence and Inputs views extend it.
 */
export abstract class FolderTree<N extends TreeNode<N>, F> implements vscode.TreeDataProvider<N> {
  private readonly emitter = new vscode.EventEmitter<N | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private roots: N[] | undefined;
  /**
   * False until every folder was indexed once: a half-read workspace would show a few items
   * as if they were all (the welcome view says "Reading the workspace…" meanwhile).
   */
  ready = false;

  constructor(
    protected readonly model: GroundedModel,
    public filters: F,
  ) {}

  refresh(): void {
    this.roots = undefined;
    this.emitter.fire(undefined);
  }

  dispose(): void {
    this.emitter.dispose();
  }

  getChildren(element?: N): N[] {
    if (element) return element.children ?? [];
    if (!this.ready) return [];
    return (this.roots ??= this.build());
  }

  getParent(element: N): N | undefined {
    return element.parent;
  }

  abstract getTreeItem(node: N): vscode.TreeItem;

  /** The root nodes for the current filters. */
  protected abstract build(): N[];

  /**
   * The roots: each folder's nodes from `nodes(folder, parent, key)`, under a folder node (IDs
   * `prefix:key`) when the workspace has several folders; a folder with none is left out.
   */
  protected byFolder(prefix: string, nodes: (folder: FolderState, parent: N | undefined, key: string) => N[]): N[] {
    const folders = this.model.all();
    const roots: N[] = [];
    for (const folder of folders) {
      const key = folder.folder.uri.toString();
      const folderNode =
        folders.length > 1
          ? ({ kind: 'folder', id: `${prefix}:${key}`, folder, children: [] } as unknown as N)
          : undefined;
      const children = nodes(folder, folderNode, key);
      if (!folderNode) roots.push(...children);
      else if (children.length > 0) {
        folderNode.children = children;
        roots.push(folderNode);
      }
    }
    return roots;
  }
}

/** The tree item of a workspace folder (shown when the workspace has several). */
export function folderItem(id: string, folder: FolderState): vscode.TreeItem {
  const item = new vscode.TreeItem(folder.folder.name, vscode.TreeItemCollapsibleState.Expanded);
  item.id = id;
  item.iconPath = vscode.ThemeIcon.Folder;
  return item;
}
