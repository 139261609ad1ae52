import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { joinLines, parseMarkdown, type ParsedDocument, type TextEdit } from '../../../src/core';
import { complete } from '../../../src/core/features/completion';
import { hover } from '../../../src/core/features/hover';
import { codeLenses } from '../../../src/core/features/codeLens';
import { addInputReasonEdits, linkInputEdits } from '../../../src/core/features/codeActions';
import { indexOf, uri } from '../helpers';
import { input, metric } from '../loopHelpers';

function applyEdits(doc: ParsedDocument, edits: TextEdit[]): string {
  let text = doc.text;
  const sorted = [...edits].sort((a, b) => doc.lines.offsetAt(b.range.start) - doc.lines.offsetAt(a.range.start));
  for (const e of sorted)
    text = text.slice(0, doc.lines.offsetAt(e.range.start)) + e.newText + text.slice(doc.lines.offsetAt(e.range.end));
  return text;
}

/** The text a reader sees: Markdown backslash escapes removed (HTML stays escaped as entities). */
function shown(markdown: string): string {
  return markdown.replace(/\\([!-/:-@[-`{-~])/g, '$1');
}

const SPEC = joinLines(
  '---',
  'id: S-pay',
  'type: spec',
  'title: Pay',
  'status: shipped',
  'shipped: 2026-09-20',
  'metrics: [M-conv]',
  'requirements:',
  '  - id: R-1',
  '    text: Pay by bank transfer',
  '    evidence: [F-1]',
  '    inputs: [I-1, I-2, I-3]',
  '  - id: R-2',
  '    text: Nothing asked',
  '    evidence: [F-1]',
  '---',
  '# Pay',
  '',
);
const measure = (id: string, value: number, date: string) =>
  joinLines(
    '---',
    `id: ${id}`,
    'type: finding',
    `title: Conversion ${date}`,
    'source: analytics',
    `date: ${date}`,
    'metric: M-conv',
    `value: ${value}`,
    '---',
    '',
  );

function workspace() {
  return indexOf({
    'i1.md': input('I-1', ['by: Sam, <b>AE</b>', 'customers: [Northwind]']),
    'i2.md': input('I-2', ['from: support']),
    'i3.md': input('I-3'),
    'i4.md': input('I-4', ['from: success', 'status: declined', 'reason: Out of scope']),
    'm.md': metric('M-conv', ['unit: "%"', 'title: Conversion *on* mobile']),
    'f1.md': joinLines(
      '---',
      'id: F-1',
      'type: finding',
      'title: A finding',
      'source: interview',
      'date: 2026-06-01',
      '---',
      '',
    ),
    'a.md': measure('F-m2', 72, '2026-11-01'),
    'b.md': measure('F-m1', 64, '2026-10-01'),
    's.md': SPEC,
  });
}

describe('editor features for inputs and metrics', () => {
  it('hover on an input shows who raised it and every place that cites it, with their state, escaped', () => {
    const index = workspace();
    const doc = index.get(uri('s.md'))!;
    const raw = hover(index, doc, doc.text.indexOf('I-1'))!.markdown;
    assert.doesNotMatch(raw, /<b>/, 'workspace HTML is escaped');
    const h = { markdown: shown(raw) };
    assert.match(h.markdown, /From \*\*sales\*\* by Sam, <b>AE<\/b> on 2026-09-14/);
    assert.match(h.markdown, /Customers: Northwind/);
    assert.match(
      h.markdown,
      /Where it went \(1 place\):\n- `R-1` Pay by bank transfer — requirement of `S-pay` \(shipped\), \*\*grounded\*\*/,
    );
    const lone = {
      markdown: shown(hover(index, index.get(uri('i4.md'))!, index.get(uri('i4.md'))!.text.indexOf('I-4'))!.markdown),
    };
    assert.match(lone.markdown, /Declined: Out of scope/);
    assert.match(
      lone.markdown,
      /Not cited by any spec, requirement, decision or finding yet\. It has waited 76 days\./,
    );
  });

  it('hover on a metric shows the baseline, the target and the measurements in date order, and the outcome', () => {
    const index = workspace();
    const doc = index.get(uri('s.md'))!;
    const raw = hover(index, doc, doc.text.indexOf('M-conv'))!.markdown;
    assert.match(raw, /\*\*Conversion \\\*on\\\* mobile\*\*/);
    const h = shown(raw);
    assert.match(h, /Baseline 61\.5% → target 70% \(↑ increase\)/);
    assert.match(h, /Measurements:\n- 2026-10-01: 64% \(`F-m1`\)\n- 2026-11-01: 72% \(`F-m2`\)/);
    assert.match(h, /`S-pay` \(shipped 2026-09-20\): 61\.5% → 72% on 2026-11-01, target 70% — \*\*met\*\*/);
  });

  it('hover on a requirement names its inputs by team; on a shipped spec, its outcomes', () => {
    const index = workspace();
    const doc = index.get(uri('s.md'))!;
    assert.match(
      shown(hover(index, doc, doc.text.indexOf('R-1'))!.markdown),
      /Asked in 3 inputs: sales, support:\n- `I-1`/,
    );
    assert.match(
      shown(hover(index, doc, doc.text.indexOf('S-pay'))!.markdown),
      /Outcomes since shipping on 2026-09-20:\n- `M-conv` 61\.5% → 72% on 2026-11-01, target 70% — \*\*met\*\*/,
    );
  });

  it('CodeLens on a requirement names its inputs by team', () => {
    const index = workspace();
    const lenses = codeLenses(index, index.get(uri('s.md'))!);
    assert.deepEqual(
      lenses.filter(l => l.title.startsWith('asked')).map(l => [l.title, l.action]),
      [['asked in 3 inputs: sales, support', { kind: 'showItems', ids: ['I-1', 'I-2', 'I-3'] }]],
    );
  });

  it('completion in inputs: offers only inputs, and in metrics: only metrics', () => {
    const index = workspace();
    const text = SPEC.replace('    inputs: [I-1, I-2, I-3]', '    inputs: [I-1, ]').replace(
      'metrics: [M-conv]',
      'metrics: []',
    );
    const doc = parseMarkdown(uri('s.md'), text);
    const inInputs = complete(index, doc, text.indexOf('I-1, ') + 5)!;
    assert.deepEqual(inInputs.context.accepts, ['input']);
    assert.ok(
      inInputs.items.length >= 3 && inInputs.items.every(i => i.type === 'input'),
      JSON.stringify(inInputs.items.map(i => i.id)),
    );
    const inMetrics = complete(index, doc, text.indexOf('metrics: [') + 10)!;
    assert.deepEqual(
      inMetrics.items.map(i => i.id),
      ['M-conv'],
    );
  });

  it('links an input to a requirement in the style of its list, or adds the list', () => {
    const doc = parseMarkdown(uri('s.md'), SPEC);
    assert.match(applyEdits(doc, linkInputEdits(doc, 'R-1', 'I-4')!), /    inputs: \[I-1, I-2, I-3, I-4\]\n/);
    assert.match(
      applyEdits(doc, linkInputEdits(doc, 'R-2', 'I-4')!),
      /    evidence: \[F-1\]\n    inputs: \[I-4\]\n---/,
    );
    assert.deepEqual(linkInputEdits(doc, 'R-1', 'I-2'), []);
    assert.equal(linkInputEdits(doc, 'R-9', 'I-2'), undefined);
  });

  it('adds a reason to a declined input after its status, quoted when it must be', () => {
    const doc = parseMarkdown(uri('i.md'), input('I-9', ['status: declined']));
    const text = applyEdits(doc, addInputReasonEdits(doc, 'Not now: maybe in 2027')!);
    assert.match(text, /status: declined\nreason: "Not now: maybe in 2027"\n---/);
    const index = indexOf({ 'i.md': text });
    assert.deepEqual(
      index.diagnostics(uri('i.md')).map(d => d.rule),
      [],
    );
  });

  it('the input, metric and measurement snippets expand to items with no problem', () => {
    const snippets = JSON.parse(
      fs.readFileSync(path.join(__dirname, '..', '..', '..', '..', 'snippets', 'markdown.json'), 'utf8'),
    );
    for (const name of ['Grounded input', 'Grounded metric', 'Grounded measurement']) {
      // Each placeholder takes its default, or the first choice.
      const text = (snippets[name].body as string[])
        .join('\n')
        .replace(/\$CURRENT_YEAR-\$CURRENT_MONTH-\$CURRENT_DATE/g, '2026-11-20')
        .replace(/\$\{\d+\|([^,|]+)[^}]*\}/g, '$1')
        .replace(/\$\{\d+:([^}]*)\}/g, '$1')
        .replace(/\$\{\d+\}|\$0/g, '');
      const doc = parseMarkdown(uri('snippet.md'), text);
      assert.ok(doc.item && ['input', 'metric', 'finding'].includes(doc.item.type), name);
      assert.deepEqual(doc.problems, [], `${name}: ${JSON.stringify(doc.problems)}`);
    }
  });
});
