import * as vscode from 'vscode';
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
import { GroupedTree, type GroupedNode, type ItemLook, type TreeShape } from './groupedTree';

type Evidence = {
  group: FindingGroup;
  grouping: EvidenceGrouping;
  rowKind: 'finding';
  row: FindingRow;
  placeKind: 'citation';
  place: Citation;
};
export type EvidenceNode = GroupedNode<Evidence>;

export interface EvidenceFilters {
  grouping: EvidenceGrouping;
  unusedOnly: boolean;
}

/** Evidence: findings grouped by persona, source, method or status; each expands to what cites it. */
export class EvidenceTreeProvider extends GroupedTree<Evidence, EvidenceFilters> {
  protected readonly shape: TreeShape<Evidence, EvidenceFilters> = {
    prefix: 'evidence',
    groups: (folder, filters) => groupFindings(folder.index, filters),
    row: { kind: 'finding', of: group => group.findings, open: 'Open finding' },
    place: { kind: 'citation', of: row => row.citations, id: c => c.owner, open: 'Open citation' },
  };

  protected groupLook(group: FindingGroup, grouping: EvidenceGrouping): ItemLook {
    return {
      description: [group.detail, `${group.findings.length}`],
      icon: new vscode.ThemeIcon(groupIcon(grouping, group.key)),
      contextValue: `group.${grouping}`,
    };
  }

  protected rowLook(row: FindingRow): ItemLook {
    const uses = row.citations.length;
    const flag = row.note ?? (row.unused ? 'unused' : undefined);
    return {
      description: [row.title, flag, uses ? plural(uses, 'citation') : undefined],
      icon: findingIcon(row),
      tooltip: [
        `**${tooltipCode(row.id)}** ${escapeTooltip(row.title)}`,
        [row.source, row.method, row.date]
          .filter(Boolean)
          .map(s => escapeTooltip(s!))
          .join(' · '),
        `Status: ${escapeTooltip(row.health.status)}${row.note ? ` (${escapeTooltip(row.note)})` : ''}`,
        row.personas.length ? `Personas: ${row.personas.map(tooltipCode).join(', ')}` : '',
        row.unused ? '*Nothing cites this finding as evidence.*' : `Cited ${plural(uses, 'time')}.`,
      ],
      contextValue: `finding${row.unused ? '.unused' : ''}.${row.health.status}${row.health.stale ? '.stale' : ''}`,
    };
  }

  protected placeLook(c: Citation): ItemLook {
    return {
      description: [c.ownerTitle, c.field.includes('decisions') ? 'decision' : undefined],
      icon: new vscode.ThemeIcon(
        c.ownerKind === 'requirement' ? 'checklist' : c.ownerKind === 'decision' ? 'law' : 'file',
      ),
      tooltip: [`Cited by ${escapeTooltip(c.ownerKind)} ${tooltipCode(c.owner)} in \`${escapeTooltip(c.field)}\``],
      contextValue: `citation.${c.ownerKind}`,
    };
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
