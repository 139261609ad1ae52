import * as vscode from 'vscode';
import type { FolderState, GroundedModel } from '../model';
import {
  escapeTooltip,
  plural,
  tooltipCode,
  groupInputs,
  INPUT_GROUPINGS,
  type InputGroup,
  type InputGrouping,
  type InputPlace,
  type InputRow,
} from '../../core';
import { openCommand, safeMarkdown, STATE_ICONS } from './util';
import { folderItem, FolderTree } from './folderTree';

export type InputNode =
  | { kind: 'folder'; id: string; folder: FolderState; children: InputNode[]; parent?: undefined }
  | { kind: 'group'; id: string; group: InputGroup; grouping: InputGrouping; parent?: InputNode; children: InputNode[] }
  | { kind: 'input'; id: string; row: InputRow; parent: InputNode; children: InputNode[] }
  | { kind: 'place'; id: string; place: InputPlace; parent: InputNode; children?: undefined };

export interface InputFilters {
  grouping: InputGrouping;
  waitingOnly: boolean;
}

const STATE_KEY = 'grounded.views.inputFilters';

/** Inputs (docs/format.md) grouped by team or status; each expands to where it went, with that place's state. */
export class InputsTreeProvider extends FolderTree<InputNode, InputFilters> {
  getTreeItem(node: InputNode): vscode.TreeItem {
    switch (node.kind) {
      case 'folder':
        return folderItem(node.id, node.folder);
      case 'group': {
        const { group } = node;
        const item = new vscode.TreeItem(group.label, vscode.TreeItemCollapsibleState.Expanded);
        item.id = node.id;
        const actioned = group.inputs.filter(r => r.actioned).length;
        const waiting = group.inputs.filter(r => r.waiting).length;
        item.description = [`${group.inputs.length}`, `${actioned} actioned`, waiting ? `${waiting} waiting` : '']
          .filter(Boolean)
          .join(' · ');
        item.iconPath = new vscode.ThemeIcon(node.grouping === 'team' ? 'organization' : statusIcon(group.key));
        item.contextValue = `inputGroup.${node.grouping}`;
        return item;
      }
      case 'input': {
        const { row } = node;
        const item = new vscode.TreeItem(
          row.id,
          row.places.length ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
        );
        item.id = node.id;
        const where = row.places.length
          ? plural(row.places.length, 'place')
          : row.waiting
            ? `waiting ${row.age} days`
            : row.status === 'declined'
              ? 'declined'
              : 'not cited';
        const other = this.filters.grouping === 'team' ? row.status : row.from;
        item.description = [row.title, other, where].filter(Boolean).join(' · ');
        item.iconPath = inputIcon(row);
        item.tooltip = safeMarkdown(
          [
            `**${tooltipCode(row.id)}** ${escapeTooltip(row.title)}`,
            [row.from ? `from ${row.from}` : 'no team', row.by, row.date, `${row.importance} importance`, row.status]
              .filter(Boolean)
              .map(s => escapeTooltip(s!))
              .join(' · '),
            row.customers.length ? `Customers: ${row.customers.map(escapeTooltip).join(', ')}` : '',
            row.status === 'declined'
              ? row.reason
                ? `Declined: ${escapeTooltip(row.reason)}`
                : '*Declined without a reason.*'
              : '',
            row.places.length
              ? `Cited in ${plural(row.places.length, 'place')}.`
              : row.waiting
                ? `*Waiting ${row.age} days for an answer.*`
                : '*Not cited yet.*',
          ]
            .filter(Boolean)
            .join('\n\n'),
        );
        item.contextValue = `input.${row.status}${row.waiting ? '.waiting' : ''}${row.actioned ? '.actioned' : ''}`;
        item.command = openCommand(row.uri, row.range, 'Open input');
        return item;
      }
      case 'place': {
        const p = node.place;
        const item = new vscode.TreeItem(
          p.id || vscode.workspace.asRelativePath(vscode.Uri.parse(p.uri), false),
          vscode.TreeItemCollapsibleState.None,
        );
        item.id = node.id;
        const what =
          p.kind === 'requirement'
            ? `${p.spec ?? ''}${p.status ? ` (${p.status})` : ''}`
            : [p.kind, p.status].filter(Boolean).join(', ');
        item.description = [p.title, what, p.state].filter(Boolean).join(' · ');
        item.iconPath = p.state
          ? STATE_ICONS[p.state]
          : new vscode.ThemeIcon(
              p.kind === 'spec' ? 'book' : p.kind === 'decision' ? 'law' : p.kind === 'finding' ? 'beaker' : 'file',
            );
        item.tooltip = safeMarkdown(
          `${escapeTooltip(p.kind)} ${tooltipCode(p.id)}${p.title ? ` ${escapeTooltip(p.title)}` : ''}${p.state ? `: **${p.state}**` : ''}`,
        );
        item.command = openCommand(p.uri, p.range, 'Open where it is cited');
        item.contextValue = `inputPlace.${p.kind}`;
        return item;
      }
    }
  }

  protected build(): InputNode[] {
    return this.byFolder('inputs', (folder, folderNode, fk) =>
      groupInputs(folder.index, { grouping: this.filters.grouping, waitingOnly: this.filters.waitingOnly }).map(
        group => {
          const g: InputNode = {
            kind: 'group',
            id: `inputs:${fk}|${this.filters.grouping}:${group.key}`,
            group,
            grouping: this.filters.grouping,
            parent: folderNode,
            children: [],
          };
          g.children = group.inputs.map(row => {
            const n: InputNode = { kind: 'input', id: `${g.id}|${row.id}`, row, parent: g, children: [] };
            n.children = row.places.map(
              (place, i) =>
                ({ kind: 'place', id: `${n.id}|${i}:${place.uri}:${place.id}`, place, parent: n }) as InputNode,
            );
            return n;
          });
          return g;
        },
      ),
    );
  }
}

function statusIcon(status: string): string {
  return (
    { new: 'circle-large-outline', qualified: 'eye', planned: 'calendar', declined: 'circle-slash', done: 'pass' }[
      status
    ] ?? 'circle-large-outline'
  );
}

function inputIcon(row: InputRow): vscode.ThemeIcon {
  if (row.waiting) return new vscode.ThemeIcon('clock', new vscode.ThemeColor('charts.yellow'));
  if (row.status === 'declined')
    return new vscode.ThemeIcon(
      'circle-slash',
      new vscode.ThemeColor(row.reason ? 'disabledForeground' : 'charts.yellow'),
    );
  if ((row.status === 'planned' || row.status === 'done') && !row.actioned)
    return new vscode.ThemeIcon('warning', new vscode.ThemeColor('charts.yellow'));
  if (row.actioned) return new vscode.ThemeIcon('pass-filled', new vscode.ThemeColor('charts.green'));
  return new vscode.ThemeIcon('comment');
}

/**
 * Registers the Inputs view with its commands (group by team or status, show only the waiting
 * ones) and keeps its filters in the workspace state. `refresh` is for the views' common refresh.
 */
export function registerInputsView(
  context: vscode.ExtensionContext,
  model: GroundedModel,
): { provider: InputsTreeProvider; view: vscode.TreeView<InputNode>; refresh(): void } {
  const saved = context.workspaceState.get<Partial<InputFilters>>(STATE_KEY) ?? {};
  const provider = new InputsTreeProvider(model, { grouping: 'team', waitingOnly: false, ...saved });
  const view = vscode.window.createTreeView('grounded.inputs', { treeDataProvider: provider, showCollapseAll: true });
  const update = () => {
    const f = provider.filters;
    view.description = `by ${f.grouping}${f.waitingOnly ? ' · waiting only' : ''}`;
    void vscode.commands.executeCommand('setContext', 'grounded.inputs.waitingOnly', f.waitingOnly);
    void vscode.commands.executeCommand('setContext', 'grounded.inputs.grouping', f.grouping);
    if (view.visible)
      view.message =
        provider.getChildren().length === 0 && f.waitingOnly ? 'No input is waiting for an answer.' : undefined;
  };
  const set = async (filters: Partial<InputFilters>) => {
    provider.filters = { ...provider.filters, ...filters };
    provider.refresh();
    update();
    await context.workspaceState.update(STATE_KEY, provider.filters);
  };
  const register = (id: string, fn: Parameters<typeof vscode.commands.registerCommand>[1]) =>
    context.subscriptions.push(vscode.commands.registerCommand(id, fn));
  register('grounded.groupInputs', async (grouping?: InputGrouping) => {
    let g = typeof grouping === 'string' && INPUT_GROUPINGS.includes(grouping) ? grouping : undefined;
    if (!g) {
      const pick = await vscode.window.showQuickPick(
        [
          { label: 'Team', description: 'sales, support, customer success, …', key: 'team' as const },
          { label: 'Status', description: 'new, qualified, planned, declined, done', key: 'status' as const },
        ],
        { title: 'Group inputs by' },
      );
      g = pick?.key;
    }
    if (g) await set({ grouping: g });
  });
  register('grounded.showWaitingInputs', () => set({ waitingOnly: true }));
  register('grounded.showAllInputs', () => set({ waitingOnly: false }));
  context.subscriptions.push(
    provider,
    view,
    view.onDidChangeVisibility(() => update()),
  );
  update();
  return {
    provider,
    view,
    refresh: () => {
      provider.refresh();
      update();
    },
  };
}
