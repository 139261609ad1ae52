import type { Rule } from './rule';

export const rule: Rule = {
  id: 'duplicate-id',
  defaultSeverity: 'error',
  description: 'An ID is declared twice; each place points at the other.',
  reads: { declarers: true },
  check({ doc, index, report }) {
    for (const decl of doc.declarations) {
      const all = index.lookup(decl.id);
      if (all.length < 2) continue;
      const others = all.filter(d => d !== decl);
      report(
        decl.span,
        `\`${decl.id}\` is declared ${all.length} times. IDs must be unique in a workspace folder: rename one of them.`,
        {
          related: others.map(o => ({ uri: o.uri, span: o.span, message: `\`${decl.id}\` is also declared here` })),
        },
      );
    }
  },
};
