import * as vscode from 'vscode';
import type { FolderState } from '../model';
import {
  escapeTooltip,
  plural,
  tooltipCode,
  groupFindings,
  type Citation,
  type EvidenceGrouping,
  type FindingGroup,
  type FindingRow,
} from '../../core';
import { openCommand, safeMarkdown } from './util';
import { folderItem, FolderTree } from './folderTree';

export type EvidenceNode =
  | { kind: 'folder'; id: string; folder: FolderState; children: EvidenceNode[]; parent?: undefined }
  | {
      kind: 'group';
      id: string;
      group: FindingGroup;
      grouping: EvidenceGrouping;
      parent?: EvidenceNode;
      children: EvidenceNode[];
    }
  | { kind: 'finding'; id: string; row: FindingRow; parent: EvidenceNode; children: EvidenceNode[] }
  | { kind: 'citation'; id: string; citation: Citation; parent: EvidenceNode; children?: undefined };

export interface EvidenceFilters {
  grouping: EvidenceGrouping;
  unusedOnly: boolean;
}

/** Evidence: findings grouped by persona, source, method or status; each expands to what cites it. */
export class EvidenceTreeProvider extends FolderTree<EvidenceNode, EvidenceFilters> {
  getTreeItem(node: EvidenceNode): vscode.TreeItem {
    switch (node.kind) {
      case 'folder':
        return folderItem(node.id, node.folder);
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
        item.description = [row.title, flag, uses ? plural(uses, 'citation') : undefined].filter(Boolean).join(' · ');
        item.iconPath = findingIcon(row);
        item.tooltip = safeMarkdown(
          [
            `**${tooltipCode(row.id)}** ${escapeTooltip(row.title)}`,
            [row.source, row.method, row.date]
              .filter(Boolean)
              .map(s => escapeTooltip(s!))
              .join(' · '),
            `Status: ${escapeTooltip(row.health.status)}${row.note ? ` (${escapeTooltip(row.note)})` : ''}`,
            row.personas.length ? `Personas: ${row.personas.map(tooltipCode).join(', ')}` : '',
            row.unused ? '*Nothing cites this finding as evidence.*' : `Cited ${plural(uses, 'time')}.`,
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
        const item = new vscode.TreeItem(
          c.owner || vscode.workspace.asRelativePath(vscode.Uri.parse(c.uri), false),
          vscode.TreeItemCollapsibleState.None,
        );
        item.id = node.id;
        item.description = [c.ownerTitle, c.field.includes('decisions') ? 'decision' : undefined]
          .filter(Boolean)
          .join(' · ');
        item.iconPath = new vscode.ThemeIcon(
          c.ownerKind === 'requirement' ? 'checklist' : c.ownerKind === 'decision' ? 'law' : 'file',
        );
        item.tooltip = safeMarkdown(
          `Cited by ${escapeTooltip(c.ownerKind)} ${tooltipCode(c.owner)} in \`${escapeTooltip(c.field)}\``,
        );
        item.command = openCommand(c.uri, c.range, 'Open citation');
        item.contextValue = `citation.${c.ownerKind}`;
        return item;
      }
    }
  }

  protected build(): EvidenceNode[] {
    return this.byFolder('evidence', (folder, folderNode, fk) =>
      groupFindings(folder.index, { grouping: this.filters.grouping, unusedOnly: this.filters.unusedOnly }).map(
        group => {
          const g: EvidenceNode = {
            kind: 'group',
            id: `evidence:${fk}|${this.filters.grouping}:${group.key}`,
            group,
            grouping: this.filters.grouping,
            parent: folderNode,
            children: [],
          };
          g.children = group.findings.map(row => {
            const f: EvidenceNode = { kind: 'finding', id: `${g.id}|${row.id}`, row, parent: g, children: [] };
            f.children = row.citations.map(
              (citation, i) =>
                ({
                  kind: 'citation',
                  id: `${f.id}|${i}:${citation.uri}:${citation.owner}`,
                  citation,
                  parent: f,
                }) as EvidenceNode,
            );
            return f;
          });
          return g;
        },
      ),
    );
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
  if (row.health.status === 'superseded')
    return new vscode.ThemeIcon('history', new vscode.ThemeColor('disabledForeground'));
  if (row.health.stale) return new vscode.ThemeIcon('clock', new vscode.ThemeColor('charts.yellow'));
  if (row.unused) return new vscode.ThemeIcon('beaker', new vscode.ThemeColor('charts.blue'));
  return new vscode.ThemeIcon('beaker');
}
