import * as vscode from 'vscode';
import type { FolderState, GroundedModel } from '../model';
import {
  coverageDescription,
  coverageRows,
  requirementLabel,
  specState,
  type CoverageOptions,
  type CoverageSort,
  type EvidenceRow,
  type OutcomeRow,
  type RequirementRow,
  type SpecRow,
} from '../../core';
import { STATE_ICONS, openCommand, safeMarkdown } from './util';
import { escapeTooltip, percent, tooltipCode } from '../../core';

export type CoverageNode =
  | { kind: 'folder'; id: string; folder: FolderState; children?: CoverageNode[] }
  | { kind: 'spec'; id: string; row: SpecRow; parent?: CoverageNode; children: CoverageNode[] }
  | { kind: 'requirement'; id: string; row: RequirementRow; parent: CoverageNode; children: CoverageNode[] }
  | { kind: 'evidence'; id: string; row: EvidenceRow; parent: CoverageNode }
  | { kind: 'outcome'; id: string; row: OutcomeRow; spec: SpecRow; parent: CoverageNode }
  | { kind: 'empty'; id: string; folder: FolderState; parent?: CoverageNode };

/** The filters and sort order of the Coverage view. */
export interface CoverageFilters {
  gapsOnly: boolean;
  weakOnly: boolean;
  sort: CoverageSort;
}

/**
 * Coverage: (folder →) spec → requirement → evidence. The tree is built once per refresh from
 * the indexes, with parent links so that `TreeView.reveal` can find any node; node IDs are
 * stable across refreshes so that expansion state survives them.
 */
export class CoverageTreeProvider implements vscode.TreeDataProvider<CoverageNode> {
  private readonly emitter = new vscode.EventEmitter<CoverageNode | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private roots: CoverageNode[] | undefined;
  /**
   * False until every folder was indexed once: a half-read workspace would show a few specs
   * as if they were all (the welcome view says "Reading the workspace…" meanwhile).
   */
  ready = false;
  private readonly specs = new Map<string, CoverageNode>();
  private readonly requirements = new Map<string, CoverageNode>();

  constructor(
    private readonly model: GroundedModel,
    public filters: CoverageFilters,
  ) {}

  /** Drops the built tree; the next `getChildren` rebuilds it from the indexes. */
  refresh(): void {
    this.roots = undefined;
    this.emitter.fire(undefined);
  }

  dispose(): void {
    this.emitter.dispose();
  }

  getChildren(element?: CoverageNode): CoverageNode[] {
    if (!element) return this.build();
    if (element.kind === 'folder') return element.children ?? [];
    if (element.kind === 'spec' || element.kind === 'requirement') return element.children;
    return [];
  }

  getParent(element: CoverageNode): CoverageNode | undefined {
    return element.kind === 'folder' ? undefined : element.parent;
  }

  /** The spec node of `specId` (in the folder of `folderUri`, if given). */
  findSpec(specId: string, folderUri?: string): CoverageNode | undefined {
    this.build();
    return (
      this.specs.get(key(folderUri, specId)) ??
      (folderUri ? undefined : [...this.specs.values()].find(n => n.kind === 'spec' && n.row.id === specId))
    );
  }

  findRequirement(requirementId: string, folderUri?: string): CoverageNode | undefined {
    this.build();
    return (
      this.requirements.get(key(folderUri, requirementId)) ??
      (folderUri
        ? undefined
        : [...this.requirements.values()].find(n => n.kind === 'requirement' && n.row.id === requirementId))
    );
  }

  getTreeItem(node: CoverageNode): vscode.TreeItem {
    switch (node.kind) {
      case 'folder': {
        const item = new vscode.TreeItem(node.folder.folder.name, vscode.TreeItemCollapsibleState.Expanded);
        item.id = node.id;
        item.iconPath = vscode.ThemeIcon.Folder;
        item.resourceUri = node.folder.folder.uri;
        item.contextValue = 'folder';
        return item;
      }
      case 'spec': {
        const { row } = node;
        // The ID as the label and the numbers first in the description: a narrow side bar
        // still shows "S-checkout 1/3 · 33%"; the title follows when there is room.
        const name = row.id || row.title || vscode.workspace.asRelativePath(vscode.Uri.parse(row.uri), false);
        const item = new vscode.TreeItem(name, vscode.TreeItemCollapsibleState.Collapsed);
        item.id = node.id;
        item.description = [coverageDescription(row.coverage), row.id ? row.title : ''].filter(Boolean).join(' · ');
        item.iconPath = STATE_ICONS[specState(row.coverage)];
        item.tooltip = specTooltip(row);
        item.contextValue = 'spec';
        item.command = openCommand(row.uri, row.range, 'Open spec');
        item.accessibilityInformation = { label: `${name}, ${item.description}` };
        return item;
      }
      case 'requirement': {
        const { row } = node;
        const label = requirementLabel(row);
        const item = new vscode.TreeItem(
          label,
          row.evidence.length ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
        );
        item.id = node.id;
        item.description = row.text;
        item.iconPath = STATE_ICONS[row.state];
        item.tooltip = safeMarkdown(`${tooltipCode(label)} ${escapeTooltip(row.text)}\n\n${row.reason}`);
        item.contextValue = `requirement.${row.state}`;
        item.command = openCommand(row.uri, row.range, 'Open requirement');
        item.accessibilityInformation = { label: `${label}, ${row.state}: ${row.text}` };
        return item;
      }
      case 'evidence': {
        const { row } = node;
        const item = new vscode.TreeItem(row.id, vscode.TreeItemCollapsibleState.None);
        item.id = node.id;
        item.description = [row.title, row.note].filter(Boolean).join(' · ');
        item.iconPath = evidenceIcon(row);
        const kind = row.kind === 'decision' ? 'Decision' : row.kind === 'finding' ? 'Finding' : 'Link';
        item.tooltip = safeMarkdown(
          [
            `**${kind}** ${tooltipCode(row.id)}${row.title ? ` ${escapeTooltip(row.title)}` : ''}`,
            row.status ? `Status: ${escapeTooltip(row.status)}` : '',
            row.note ? escapeTooltip(row.note) : '',
            row.valid ? 'Counts as evidence.' : 'Does not count as evidence.',
          ]
            .filter(Boolean)
            .join('\n\n'),
        );
        item.contextValue = `evidence.${row.kind}`;
        if (row.uri) {
          item.command = openCommand(row.uri, row.range, 'Open');
          item.resourceUri = undefined;
        }
        return item;
      }
      case 'outcome': {
        // docs/format.md (outcomes): a shipped spec's outcome per metric, above its requirements.
        const { row } = node;
        const item = new vscode.TreeItem(row.metric, vscode.TreeItemCollapsibleState.None);
        item.id = node.id;
        const num = (v: number | undefined) => (v === undefined ? '?' : `${v}${row.unit ?? ''}`);
        const moved = `${num(row.baseline)} → ${row.latest ? num(row.latest.value) : 'not measured'}`;
        item.description = [row.verdict ?? 'not shipped', `${moved} (target ${num(row.target)})`, row.title]
          .filter(Boolean)
          .join(' · ');
        item.iconPath =
          row.verdict === 'met'
            ? new vscode.ThemeIcon('graph-line', new vscode.ThemeColor('charts.green'))
            : row.verdict === 'missed'
              ? new vscode.ThemeIcon('graph-line', new vscode.ThemeColor('charts.red'))
              : new vscode.ThemeIcon('graph-line', new vscode.ThemeColor('disabledForeground'));
        item.tooltip = safeMarkdown(
          [
            `**Metric** ${tooltipCode(row.metric)}${row.title ? ` ${escapeTooltip(row.title)}` : ''}`,
            `Baseline ${escapeTooltip(num(row.baseline))}, target ${escapeTooltip(num(row.target))} (${row.direction})`,
            row.latest
              ? `Latest since shipping: ${escapeTooltip(num(row.latest.value))} on ${escapeTooltip(row.latest.date ?? '')} (${tooltipCode(row.latest.id)})`
              : 'No measurement since shipping.',
            row.verdict ? `Outcome: **${row.verdict}**` : '',
          ]
            .filter(Boolean)
            .join('\n\n'),
        );
        item.contextValue = `outcome.${row.verdict ?? 'none'}`;
        if (row.uri) item.command = openCommand(row.uri, row.range, 'Open metric');
        item.accessibilityInformation = { label: `${row.metric}, ${item.description}` };
        return item;
      }
      case 'empty': {
        const item = new vscode.TreeItem('No Grounded documents yet', vscode.TreeItemCollapsibleState.None);
        item.id = node.id;
        item.description = 'create a spec';
        item.iconPath = new vscode.ThemeIcon('add');
        item.command = {
          command: 'grounded.newSpec',
          title: 'New Spec',
          arguments: [{ folder: node.folder.folder.uri }],
        };
        return item;
      }
    }
  }

  /** Every folder with its spec nodes, built and cached until the next refresh. */
  private build(): CoverageNode[] {
    if (this.roots) return this.roots;
    if (!this.ready) return [];
    this.specs.clear();
    this.requirements.clear();
    const folders = this.model.all();
    const options: CoverageOptions = { ...this.filters };
    const multi = folders.length > 1;
    const roots: CoverageNode[] = [];
    for (const folder of folders) {
      const folderKey = folder.folder.uri.toString();
      const folderNode: CoverageNode | undefined = multi
        ? { kind: 'folder', id: `coverage:${folderKey}`, folder, children: [] }
        : undefined;
      const specNodes: CoverageNode[] = [];
      for (const row of coverageRows(folder.index, options)) {
        const specNode: CoverageNode = {
          kind: 'spec',
          id: `coverage:${folderKey}|${row.uri}|${row.id}`,
          row,
          parent: folderNode,
          children: [],
        };
        if (row.status === 'shipped') {
          for (const o of row.outcomes)
            specNode.children.push({
              kind: 'outcome',
              id: `${specNode.id}|metric:${o.metric}`,
              row: o,
              spec: row,
              parent: specNode,
            });
        }
        for (const r of row.requirements) {
          const reqNode: CoverageNode = {
            kind: 'requirement',
            id: `${specNode.id}|${r.id || `#${r.index}`}`,
            row: r,
            parent: specNode,
            children: [],
          };
          reqNode.children = r.evidence.map(
            e => ({ kind: 'evidence', id: `${reqNode.id}|${e.kind}:${e.id}`, row: e, parent: reqNode }) as CoverageNode,
          );
          specNode.children.push(reqNode);
          if (r.id && !this.requirements.has(key(folderKey, r.id)))
            this.requirements.set(key(folderKey, r.id), reqNode);
        }
        specNodes.push(specNode);
        if (row.id && !this.specs.has(key(folderKey, row.id))) this.specs.set(key(folderKey, row.id), specNode);
      }
      if (folderNode) {
        const hasItems = [...folder.index.documents()].some(d => d.item);
        folderNode.children =
          specNodes.length || hasItems
            ? specNodes
            : [{ kind: 'empty', id: `coverage:${folderKey}|empty`, folder, parent: folderNode }];
        roots.push(folderNode);
      } else {
        roots.push(...specNodes);
      }
    }
    this.roots = roots;
    return roots;
  }
}

function key(folderUri: string | undefined, id: string): string {
  return `${folderUri ?? ''}\u0000${id}`;
}

function specTooltip(row: SpecRow): vscode.MarkdownString {
  const c = row.coverage;
  const lines = [
    `**${tooltipCode(row.id)}** ${escapeTooltip(row.title)}`,
    `Coverage ${percent(c.coverage, '–')}: ${c.grounded} grounded, ${c.weak} weak, ${c.ungrounded} ungrounded, ${c.waived} waived.`,
    `Status: ${escapeTooltip(row.status)}`,
  ];
  return safeMarkdown(lines.join('\n\n'));
}

function evidenceIcon(row: EvidenceRow): vscode.ThemeIcon {
  if (row.kind === 'missing') return new vscode.ThemeIcon('question', new vscode.ThemeColor('errorForeground'));
  if (row.kind === 'decision') {
    return row.valid
      ? new vscode.ThemeIcon('law')
      : new vscode.ThemeIcon('law', new vscode.ThemeColor('charts.yellow'));
  }
  if (row.status === 'refuted') return new vscode.ThemeIcon('close', new vscode.ThemeColor('charts.red'));
  if (row.status === 'superseded') return new vscode.ThemeIcon('history', new vscode.ThemeColor('charts.yellow'));
  if (row.health?.stale) return new vscode.ThemeIcon('clock', new vscode.ThemeColor('charts.yellow'));
  return new vscode.ThemeIcon('beaker');
}
