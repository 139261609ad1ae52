import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  computeDiagnostics,
  ID_PREFIXES,
  ITEM_TEMPLATES,
  parseMarkdown,
  renderSnippets,
  RULES,
  snippetBody,
  typeOfId,
  type ItemType,
} from '../../src/core';
import { itemTemplate } from '../../src/core/features/codeActions';
import { template } from '../../src/core/views/newItem';
import { indexOf } from './helpers';

const SNIPPETS = path.resolve(__dirname, '../../../snippets/markdown.json');
const TODAY = '2026-11-29';

/** A snippet body as VS Code inserts it when every placeholder keeps its default. */
function expand(body: string[]): string {
  const [year, month, date] = TODAY.split('-');
  const vars: Record<string, string> = { CURRENT_YEAR: year, CURRENT_MONTH: month, CURRENT_DATE: date };
  let text = body.join('\n').replace(/\$(CURRENT_YEAR|CURRENT_MONTH|CURRENT_DATE)/g, (_, v: string) => vars[v]);
  // Innermost first: choices take their first option, placeholders their default, tab stops nothing.
  for (let before = ''; before !== text;) {
    before = text;
    text = text
      .replace(/\$\{\d+\|([^,|}]*)[^|}]*\|\}/g, '$1')
      .replace(/\$\{\d+:((?:\\.|[^\\{}$])*)\}/g, '$1')
      .replace(/\$\{\d+\}|\$\d+/g, '');
  }
  assert.doesNotMatch(text, /\$\{|\$\d/, `a placeholder was left in:\n${text}`);
  return text.replace(/\\([$}\\])/g, '$1') + '\n';
}

const snippets = JSON.parse(fs.readFileSync(SNIPPETS, 'utf8')) as Record<string, { body: string[] }>;
/** The rules that read only the document they check: a template must satisfy every one of them. */
const SINGLE_DOCUMENT = new Set(RULES.filter(r => !r.reads).map(r => r.id));

/** What a lone new item raises because nothing links it yet, by snippet. */
const UNLINKED: Record<string, string[]> = {
  'Grounded spec': ['ungrounded-requirement'],
  'Grounded finding': ['unused-finding'],
  'Grounded requirement': ['ungrounded-requirement'],
};
const METRIC = ['---', 'id: M-conversion', 'type: metric', 'title: A metric', 'direction: increase', '---', ''].join(
  '\n',
);

describe('templates: one source for the commands, the quick fix and the snippets', () => {
  it('names each type by one prefix, and a Create quick fix finds the type back from it', () => {
    for (const t of ITEM_TEMPLATES) {
      const id = `${ID_PREFIXES[t.type]}7`;
      assert.equal(typeOfId(id), t.type, id);
      assert.match(snippetBody(t)[1] ?? '', new RegExp(`^id: ${ID_PREFIXES[t.type]}\\$`), t.name);
    }
    assert.equal(typeOfId('X-1'), undefined);
  });

  it('generates the committed snippets/markdown.json (UPDATE_SNIPPETS=1 rewrites it)', () => {
    const generated = renderSnippets();
    // Then `npx prettier --write snippets/markdown.json`: the comparison is of the JSON, not its layout.
    if (process.env.UPDATE_SNIPPETS) fs.writeFileSync(SNIPPETS, generated);
    assert.deepEqual(JSON.parse(fs.readFileSync(SNIPPETS, 'utf8')), JSON.parse(generated));
  });

  for (const [name, snippet] of Object.entries(snippets)) {
    it(`${name}: the body, with every placeholder at its default, parses with no diagnostics`, () => {
      const isFragment = !snippet.body[0].startsWith('---');
      const text = isFragment
        ? [
            '---',
            'id: S-x',
            'type: spec',
            'title: X',
            'requirements:',
            ...expand(snippet.body).split('\n'),
            '---',
            '',
          ].join('\n')
        : expand(snippet.body);
      // The metric a measurement names, so that its link resolves.
      const index = indexOf({ 'metrics/conversion.md': METRIC }, {}, TODAY);
      const doc = parseMarkdown('file:///ws/new.md', text);
      index.set(doc);
      assert.ok(doc.item, text);
      const found = computeDiagnostics(doc, index).map(d => `${d.rule}: ${d.message}`);
      // Zero, but for what a lone new item cannot have yet: evidence behind its requirement, or
      // something that cites it. Those rules read other documents; every rule of the form passes.
      assert.deepEqual(
        found.map(d => d.slice(0, d.indexOf(':'))),
        UNLINKED[name] ?? [],
        `${found.join('\n')}\n${text}`,
      );
      for (const rule of UNLINKED[name] ?? []) assert.ok(!SINGLE_DOCUMENT.has(rule), rule);
    });
  }

  for (const t of ITEM_TEMPLATES) {
    it(`${t.type}: the command, the quick fix and the snippet write the same fields in the same order`, () => {
      const keys = (text: string) => [...text.split('---')[1].matchAll(/^ *-? *([a-z_]+):/gm)].map(m => m[1]);
      const command = template({ type: t.type as ItemType, id: 'X-1', title: 'A title', today: TODAY }).text;
      const fix = itemTemplate(t.type, 'X-1', TODAY, 'A title');
      const snippet = expand(snippets[`Grounded ${t.name}`].body);
      assert.deepEqual(keys(fix), keys(command));
      assert.deepEqual(keys(snippet), keys(command));
      assert.equal(fix, command);
    });
  }
});
