import * as vscode from 'vscode';
import type { FolderState, GroundedModel } from '../model';
import { codeSpan, escapeMarkdown } from '../../core/views/coverage';
import { groupFindings, type Citation, type EvidenceGrouping, type FindingGroup, type FindingRow } from '../../core/views/evidence';
import { openCommand, safeMarkdown } from './util';

export type EvidenceNode =
  | { kind: 'folder'; id: string; folder: FolderState; children: EvidenceNode[] }
  | { kind: 'group'; id: string; group: FindingGroup; grouping: EvidenceGrouping; parent?: EvidenceNode; children: EvidenceNode[] }
  | { kind: 'finding'; id: string; row: FindingRow; parent: EvidenceNode; children: EvidenceNode[] }
  | { kind: 'citation'; id: string; citation: Citation; parent: EvidenceNode };

export interface EvidenceFilters {
  grouping: EvidenceGrouping;
  unusedOnly: boolean;
}

/** Evidence: findings grouped by persona, source, method or status; each expands to what cites it. */
export class EvidenceTreeProvider implements vscode.TreeDataProvider<EvidenceNode> {
  private readonly emitter = new vscode.EventEmitter<EvidenceNode | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private roots: EvidenceNode[] | undefined;
  /**
   * False until every folder was indexed once: a half-read workspace would show a few specs
   * as if they were all (the welcome view says "Reading the workspace…" meanwhile).
   */
  ready = false;

  constructor(
    private readonly model: GroundedModel,
    public filters: EvidenceFilters,
  ) {}

  refresh(): void {
    this.roots = undefined;
    this.emitter.fire(undefined);
  }

  dispose(): void {
    this.emitter.dispose();
  }

  getChildren(element?: EvidenceNode): EvidenceNode[] {
    if (!element) return this.build();
    return element.kind === 'citation' ? [] : element.children;
  }

  getParent(element: EvidenceNode): EvidenceNode | undefined {
    return element.kind === 'folder' ? undefined : element.parent;
  }

  getTreeItem(node: EvidenceNode): vscode.TreeItem {
    switch (node.kind) {
      case 'folder': {
        const item = new vscode.TreeItem(node.folder.folder.name, vscode.TreeItemCollapsibleState.Expanded);
        item.id = node.id;
        item.iconPath = vscode.ThemeIcon.Folder;
        return item;
      }
      case 'group': {
        const { group } = node;
        const item = new vscode.TreeItem(group.label, vscode.TreeItemCollapsibleState.Expanded);
        item.id = node.id;
        item.description = [group.detail, `${group.findings.length}`].filter(Boolean).join(' · ');
        item.iconPath = new vscode.ThemeIcon(groupIcon(node.grouping, group.key));
        item.contextValue = `group.${node.grouping}`;
        return item;
      }
      case 'finding': {
        const { row } = node;
        const item = new vscode.TreeItem(
          row.id,
          row.citations.length ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
        );
        item.id = node.id;
        const uses = row.citations.length;
        const flag = row.note ?? (row.unused ? 'unused' : undefined);
        item.description = [row.title, flag, uses ? `${uses} citation${uses === 1 ? '' : 's'}` : undefined].filter(Boolean).join(' · ');
        item.iconPath = findingIcon(row);
        item.tooltip = safeMarkdown(
          [
            `**${codeSpan(row.id)}** ${escapeMarkdown(row.title)}`,
            [row.source, row.method, row.date].filter(Boolean).map((s) => escapeMarkdown(s!)).join(' · '),
            `Status: ${escapeMarkdown(row.health.status)}${row.note ? ` (${escapeMarkdown(row.note)})` : ''}`,
            row.personas.length ? `Personas: ${row.personas.map(codeSpan).join(', ')}` : '',
            row.unused ? '*Nothing cites this finding as evidence.*' : `Cited ${uses} time${uses === 1 ? '' : 's'}.`,
          ]
            .filter(Boolean)
            .join('\n\n'),
        );
        item.contextValue = `finding${row.unused ? '.unused' : ''}.${row.health.status}${row.health.stale ? '.stale' : ''}`;
        item.command = openCommand(row.uri, row.range, 'Open finding');
        return item;
      }
      case 'citation': {
        const c = node.citation;
        const item = new vscode.TreeItem(c.owner || vscode.workspace.asRelativePath(vscode.Uri.parse(c.uri), false), vscode.TreeItemCollapsibleState.None);
        item.id = node.id;
        item.description = [c.ownerTitle, c.field.includes('decisions') ? 'decision' : undefined].filter(Boolean).join(' · ');
        item.iconPath = new vscode.ThemeIcon(c.ownerKind === 'requirement' ? 'checklist' : c.ownerKind === 'decision' ? 'law' : 'file');
        item.tooltip = safeMarkdown(`Cited by ${escapeMarkdown(c.ownerKind)} ${codeSpan(c.owner)} in \`${escapeMarkdown(c.field)}\``);
        item.command = openCommand(c.uri, c.range, 'Open citation');
        item.contextValue = `citation.${c.ownerKind}`;
        return item;
      }
    }
  }

  private build(): EvidenceNode[] {
    if (this.roots) return this.roots;
    if (!this.ready) return [];
    const folders = this.model.all();
    const multi = folders.length > 1;
    const roots: EvidenceNode[] = [];
    for (const folder of folders) {
      const fk = folder.folder.uri.toString();
      const folderNode: EvidenceNode | undefined = multi ? { kind: 'folder', id: `evidence:${fk}`, folder, children: [] } : undefined;
      const groups = groupFindings(folder.index, { grouping: this.filters.grouping, unusedOnly: this.filters.unusedOnly });
      const groupNodes = groups.map((group) => {
        const g: EvidenceNode = { kind: 'group', id: `evidence:${fk}|${this.filters.grouping}:${group.key}`, group, grouping: this.filters.grouping, parent: folderNode, children: [] };
        g.children = group.findings.map((row) => {
          const f: EvidenceNode = { kind: 'finding', id: `${g.id}|${row.id}`, row, parent: g, children: [] };
          f.children = row.citations.map((citation, i) => ({ kind: 'citation', id: `${f.id}|${i}:${citation.uri}:${citation.owner}`, citation, parent: f }) as EvidenceNode);
          return f;
        });
        return g;
      });
      if (folderNode) {
        if (groupNodes.length === 0) continue;
        folderNode.children = groupNodes;
        roots.push(folderNode);
      } else roots.push(...groupNodes);
    }
    this.roots = roots;
    return roots;
  }
}

function groupIcon(grouping: EvidenceGrouping, key: string): string {
  switch (grouping) {
    case 'persona':
      return key.startsWith('\u0000') ? 'circle-slash' : 'person';
    case 'source':
      return 'symbol-event';
    case 'method':
      return key === 'quantitative' ? 'graph' : 'comment-discussion';
    case 'status':
      return key === 'refuted' ? 'close' : key === 'superseded' ? 'history' : key === 'stale' ? 'clock' : 'pass';
  }
}

function findingIcon(row: FindingRow): vscode.ThemeIcon {
  if (row.health.status === 'refuted') return new vscode.ThemeIcon('close', new vscode.ThemeColor('charts.red'));
  if (row.health.status === 'superseded') return new vscode.ThemeIcon('history', new vscode.ThemeColor('disabledForeground'));
  if (row.health.stale) return new vscode.ThemeIcon('clock', new vscode.ThemeColor('charts.yellow'));
  if (row.unused) return new vscode.ThemeIcon('beaker', new vscode.ThemeColor('charts.blue'));
  return new vscode.ThemeIcon('beaker');
}
