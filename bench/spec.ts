import type { WorkspaceIndex } from '../src/core/workspaceIndex';

/** A spec with `count` requirements citing real findings, decisions and personas of the index. */
export function largeSpec(index: WorkspaceIndex, count: number): string {
  const ids = { finding: [] as string[], decision: [] as string[], persona: [] as string[] };
  for (const doc of index.documents()) {
    const item = doc.item;
    if (item?.id && item.type in ids) ids[item.type as keyof typeof ids].push(item.id);
  }
  const pick = (list: string[], i: number) => list[(i * 7919) % list.length];
  const fm = [
    '---',
    'id: S-bench-large',
    'type: spec',
    'title: Everything about the large benchmark spec',
    'status: review',
    `personas: [${pick(ids.persona, 1)}]`,
    'requirements:',
  ];
  const body = ['# Everything about the large benchmark spec', ''];
  for (let i = 0; i < count; i++) {
    fm.push(
      `  - id: R-bench-large-${i}`,
      `    text: Buyers can do thing number ${i} without help`,
      `    priority: ${['must', 'should', 'could'][i % 3]}`,
    );
    if (i % 10 === 9) fm.push('    waiver: legal asked for it');
    else fm.push(`    evidence: [${pick(ids.finding, i)}, ${pick(ids.finding, i + 1000)}]`);
    if (i % 5 === 0) fm.push(`    decisions: [${pick(ids.decision, i)}]`);
    body.push(
      `## R-bench-large-${i} Thing number ${i}`,
      '',
      `People asked for thing ${i} (see ${pick(ids.finding, i)} and ${pick(ids.finding, i + 3)}); \`code ${pick(ids.finding, i)}\` is not a reference.`,
      '',
    );
  }
  fm.push('---');
  return [...fm, ...body].join('\n');
}
