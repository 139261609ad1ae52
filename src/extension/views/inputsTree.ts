import * as vscode from 'vscode';
import type { GroundedModel } from '../model';
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
import { STATE_ICONS } from './util';
import { GroupedTree, type GroupedNode, type ItemLook, type TreeShape } from './groupedTree';

type Inputs = {
  group: InputGroup;
  grouping: InputGrouping;
  rowKind: 'input';
  row: InputRow;
  placeKind: 'place';
  place: InputPlace;
};
export type InputNode = GroupedNode<Inputs>;

export interface InputFilters {
  grouping: InputGrouping;
  waitingOnly: boolean;
}

const STATE_KEY = 'grounded.views.inputFilters';

/** Inputs (docs/format.md) grouped by team or status; each expands to where it went, with that place's state. */
export class InputsTreeProvider extends GroupedTree<Inputs, InputFilters> {
  protected readonly shape: TreeShape<Inputs, InputFilters> = {
    prefix: 'inputs',
    groups: (folder, filters) => groupInputs(folder.index, filters),
    row: { kind: 'input', of: group => group.inputs, open: 'Open input' },
    place: { kind: 'place', of: row => row.places, id: p => p.id, open: 'Open where it is cited' },
  };

  protected groupLook(group: InputGroup, grouping: InputGrouping): ItemLook {
    const actioned = group.inputs.filter(r => r.actioned).length;
    const waiting = group.inputs.filter(r => r.waiting).length;
    return {
      description: [`${group.inputs.length}`, `${actioned} actioned`, waiting ? `${waiting} waiting` : ''],
      icon: new vscode.ThemeIcon(grouping === 'team' ? 'organization' : statusIcon(group.key)),
      contextValue: `inputGroup.${grouping}`,
    };
  }

  protected rowLook(row: InputRow): ItemLook {
    const where = row.places.length
      ? plural(row.places.length, 'place')
      : row.waiting
        ? `waiting ${row.age} days`
        : row.status === 'declined'
          ? 'declined'
          : 'not cited';
    const other = this.filters.grouping === 'team' ? row.status : row.from;
    return {
      description: [row.title, other, where],
      icon: inputIcon(row),
      tooltip: [
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
      ],
      contextValue: `input.${row.status}${row.waiting ? '.waiting' : ''}${row.actioned ? '.actioned' : ''}`,
    };
  }

  protected placeLook(p: InputPlace): ItemLook {
    const what =
      p.kind === 'requirement'
        ? `${p.spec ?? ''}${p.status ? ` (${p.status})` : ''}`
        : [p.kind, p.status].filter(Boolean).join(', ');
    return {
      description: [p.title, what, p.state],
      icon: p.state
        ? STATE_ICONS[p.state]
        : new vscode.ThemeIcon(
            p.kind === 'spec' ? 'book' : p.kind === 'decision' ? 'law' : p.kind === 'finding' ? 'beaker' : 'file',
          ),
      tooltip: [
        `${escapeTooltip(p.kind)} ${tooltipCode(p.id)}${p.title ? ` ${escapeTooltip(p.title)}` : ''}${p.state ? `: **${p.state}**` : ''}`,
      ],
      contextValue: `inputPlace.${p.kind}`,
    };
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
