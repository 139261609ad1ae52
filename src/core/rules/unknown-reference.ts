import { suggestIds, didYouMean } from './broken-link';
import type { Rule } from './rule';

export const rule: Rule = {
  id: 'unknown-reference',
  defaultSeverity: 'warning',
  description: 'The body of an item names an ID-like token (configured prefixes) that does not exist.',
  reads: { targets: [], allIds: true },
  check({ doc, index, report }) {
    if (!doc.item) return;
    const prefixes = index.config.referencePrefixes;
    for (const ref of doc.bodyRefs) {
      if (!prefixes.some(p => ref.id.startsWith(p) && ref.id.length > p.length)) continue;
      if (index.lookup(ref.id).length > 0) continue;
      const suggestions = suggestIds(index, ref.id);
      report(ref.span, `\`${ref.id}\` does not exist.${didYouMean(suggestions)}`, {
        data: { id: ref.id, suggestions },
      });
    }
  },
};
