import * as vscode from 'vscode';
import type { FolderState } from '../model';
import type { Range } from '../../core';
import { openCommand, safeMarkdown } from './util';
import { folderItem, FolderTree } from './folderTree';

/**
 * The types of a grouped tree: its groups and grouping, its rows (with their node kind) and the
 * places each row links to (with their node kind).
 */
export interface Grouped {
  group: { key: string; label: string };
  grouping: string;
  rowKind: string;
  row: { id: string; uri: string; range: Range };
  placeKind: string;
  place: { uri: string; range: Range };
}

/**
 * A node of a grouped tree: folder → group → row → place. A place node holds its place under the
 * name of its kind (`{ kind: 'citation', citation }`).
 */
export type GroupedNode<T extends Grouped> = FolderNode<T> | GroupNode<T> | RowNode<T> | PlaceNode<T>;

type FolderNode<T extends Grouped> = {
  kind: 'folder';
  id: string;
  folder: FolderState;
  children: GroupedNode<T>[];
  parent?: undefined;
};
type GroupNode<T extends Grouped> = {
  kind: 'group';
  id: string;
  group: T['group'];
  grouping: T['grouping'];
  parent?: GroupedNode<T>;
  children: GroupedNode<T>[];
};
type RowNode<T extends Grouped> = {
  kind: T['rowKind'];
  id: string;
  row: T['row'];
  parent: GroupedNode<T>;
  children: GroupedNode<T>[];
};
type PlaceNode<T extends Grouped> = {
  kind: T['placeKind'];
  id: string;
  parent: GroupedNode<T>;
  children?: undefined;
} & {
  [K in T['placeKind']]: T['place'];
};

/** How a grouped tree is made (see `GroupedTree`). */
export interface TreeShape<T extends Grouped, F> {
  /** The prefix of the node IDs. */
  prefix: string;
  /** A folder's groups for the filters. */
  groups: (folder: FolderState, filters: F) => T['group'][];
  /** The rows: their node kind, a group's rows and the title of their open command. */
  row: { kind: T['rowKind']; of: (group: T['group']) => T['row'][]; open: string };
  /**
   * The places: their node kind, a row's places, what a place is (the ID of the item or
   * requirement there, or '' for a document) and the title of their open command.
   */
  place: { kind: T['placeKind']; of: (row: T['row']) => T['place'][]; id: (place: T['place']) => string; open: string };
}

/**
 * What a group, row or place shows besides its label: the parts of its description and the
 * paragraphs of its tooltip (Markdown, rendered safely; empty ones are left out), its icon and
 * its context value.
 */
export interface ItemLook {
  description: (string | undefined)[];
  icon: vscode.ThemeIcon;
  tooltip?: string[];
  contextValue: string;
}

/**
 * A folder tree of grouped rows with the places they link to, as the Evidence view (findings →
 * what cites them) and the Inputs view (inputs → where they went) show them. Node IDs are
 * `prefix:folder|grouping:group key`, then `|row ID`, then `|index:place URI:place ID`. A row
 * and a place open where they are declared; a place without an ID shows its document's path.
 */
export abstract class GroupedTree<T extends Grouped, F extends { grouping: T['grouping'] }> extends FolderTree<
  GroupedNode<T>,
  F
> {
  protected abstract readonly shape: TreeShape<T, F>;
  protected abstract groupLook(group: T['group'], grouping: T['grouping']): ItemLook;
  protected abstract rowLook(row: T['row']): ItemLook;
  protected abstract placeLook(place: T['place']): ItemLook;

  getTreeItem(node: GroupedNode<T>): vscode.TreeItem {
    const { Expanded, Collapsed, None } = vscode.TreeItemCollapsibleState;
    const { row: rows, place: places } = this.shape;
    if (node.kind === 'folder') return folderItem(node.id, (node as FolderNode<T>).folder);
    if (node.kind === 'group') {
      const { group, grouping } = node as GroupNode<T>;
      return treeItem(node.id, group.label, Expanded, this.groupLook(group, grouping));
    }
    if (node.kind === rows.kind) {
      const { row } = node as RowNode<T>;
      const item = treeItem(node.id, row.id, places.of(row).length ? Collapsed : None, this.rowLook(row));
      item.command = openCommand(row.uri, row.range, rows.open);
      return item;
    }
    const place = (node as PlaceNode<T>)[places.kind];
    const label = places.id(place) || vscode.workspace.asRelativePath(vscode.Uri.parse(place.uri), false);
    const item = treeItem(node.id, label, None, this.placeLook(place));
    item.command = openCommand(place.uri, place.range, places.open);
    return item;
  }

  protected build(): GroupedNode<T>[] {
    const { prefix, groups, row: rows, place: places } = this.shape;
    const grouping = this.filters.grouping;
    return this.byFolder(prefix, (folder, parent, fk) =>
      groups(folder, this.filters).map(group => {
        const id = `${prefix}:${fk}|${grouping}:${group.key}`;
        const g = { kind: 'group', id, group, grouping, parent, children: [] } as GroupNode<T>;
        g.children = rows.of(group).map(row => {
          const r = { kind: rows.kind, id: `${g.id}|${row.id}`, row, parent: g, children: [] } as RowNode<T>;
          r.children = places.of(row).map(
            (place, i) =>
              ({
                kind: places.kind,
                id: `${r.id}|${i}:${place.uri}:${places.id(place)}`,
                [places.kind]: place,
                parent: r,
              }) as PlaceNode<T>,
          );
          return r;
        });
        return g;
      }),
    );
  }
}

/** A tree item with its node's ID and what `look` says it shows. */
function treeItem(id: string, label: string, state: vscode.TreeItemCollapsibleState, look: ItemLook): vscode.TreeItem {
  const item = new vscode.TreeItem(label, state);
  item.id = id;
  item.description = look.description.filter(Boolean).join(' · ');
  item.iconPath = look.icon;
  if (look.tooltip) item.tooltip = safeMarkdown(look.tooltip.filter(Boolean).join('\n\n'));
  item.contextValue = look.contextValue;
  return item;
}
