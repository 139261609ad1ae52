import type { Rule } from './rule';

const FIELD_NAMES: Record<string, string> = {
  finding: 'findings',
  decision: 'decisions',
  persona: 'personas',
  spec: 'specs',
  input: 'inputs',
  metric: 'metrics',
};

export const rule: Rule = {
  id: 'wrong-link-type',
  defaultSeverity: 'error',
  description: 'A link names an item of the wrong type (`evidence: [P-1]`).',
  reads: { targets: [] },
  check({ doc, index, report }) {
    for (const link of doc.links) {
      const decls = index.lookup(link.id);
      if (decls.length === 0 || decls.some(d => d.kind === link.target)) continue;
      const field = link.field.replace(/^.*\./, '');
      report(link.span, `\`${link.id}\` is a ${decls[0].kind}, but \`${field}\` takes ${FIELD_NAMES[link.target]}.`);
    }
  },
};
