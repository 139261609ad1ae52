import type { Rule } from './rule';
import type { WorkspaceIndex } from '../workspaceIndex';
import type { ItemType } from '../types';

/** IDs of the wanted type first, then any other, nearest to `id`. */
export function suggestIds(index: WorkspaceIndex, id: string, target?: ItemType): string[] {
  const all = index.nearestIds(id, 6);
  const typed = all.filter(s => index.lookup(s).some(d => d.kind === target));
  return [...typed, ...all.filter(s => !typed.includes(s))].slice(0, 3);
}

export function didYouMean(suggestions: string[]): string {
  if (suggestions.length === 0) return '';
  return ` Did you mean ${suggestions
    .map(s => `\`${s}\``)
    .join(', ')
    .replace(/, ([^,]*)$/, ' or $1')}?`;
}

export const rule: Rule = {
  id: 'broken-link',
  defaultSeverity: 'error',
  description: 'A link names an ID that does not exist.',
  reads: { targets: [], allIds: true },
  check({ doc, index, report }) {
    for (const link of doc.links) {
      if (index.lookup(link.id).length > 0) continue;
      const suggestions = suggestIds(index, link.id, link.target);
      report(link.span, `No ${link.target} has the ID \`${link.id}\`.${didYouMean(suggestions)}`, {
        data: { id: link.id, suggestions, target: link.target },
      });
    }
  },
};
