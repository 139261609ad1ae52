import * as assert from 'node:assert/strict';
import { buildReportModel } from '../../../src/core/views/reportModel';
import { LIST_MAX, renderReportBody, renderReportPage } from '../../../src/core/views/reportHtml';
import { escapeHtml, markdownCell as mdText } from '../../../src/core/presentation';
import { reportMarkdown } from '../../../src/core/views/markdown';
import { coverageSummaryMarkdown } from '../../../src/core/summary';
import { finding, spec } from '../helpers';
import { checkoutIndex } from './fixture';

const model = (extra: Record<string, string> = {}) =>
  buildReportModel([{ name: 'ws', index: checkoutIndex(extra), file: u => u.replace('file:///ws/', '') }]);

describe('views: the coverage report', () => {
  it('sums coverage and counts documents', () => {
    const m = model();
    assert.deepEqual(m.total, { requirements: 5, grounded: 2, weak: 0, waived: 1, ungrounded: 2, coverage: 0.5 });
    assert.deepEqual(m.counts, { specs: 1, findings: 4, personas: 2, decisions: 1, inputs: 0, metrics: 0 });
  });

  it('builds a persona × requirement matrix that shows silent personas', () => {
    const m = model();
    assert.deepEqual(
      m.personas.map(p => [p.id, p.targeted, p.evidenced, p.gaps]),
      [
        ['P-ops', 0, 0, 0],
        ['P-smb', 4, 2, 2],
      ],
    );
    assert.deepEqual(
      m.matrix.map(r => [r.requirement, r.cells.map(c => c.cell)]),
      [
        ['R-1', ['none', 'ok']],
        ['R-2', ['none', 'gap']],
        ['R-3', ['none', 'gap']],
        ['R-4', ['none', 'none']],
        ['R-5', ['none', 'ok']],
      ],
    );
  });

  it('splits the evidence mix by method and source', () => {
    const [s] = model().specs;
    assert.deepEqual(s.mix, {
      findings: 2,
      qualitative: 1,
      quantitative: 1,
      unknown: 0,
      bySource: [
        { source: 'experiment', count: 1 },
        { source: 'interview', count: 1 },
      ],
    });
  });

  it('lists superseded, refuted and stale evidence that is still cited, and unused findings', () => {
    const m = model({
      'findings/F-050.md': finding('F-050', ['status: refuted']),
      'specs/other.md': [
        '---',
        'id: S-other',
        'type: spec',
        'title: Other',
        'requirements:',
        '  - id: R-o',
        '    evidence: [F-050, F-030]',
        '---',
        '',
      ].join('\n'),
    });
    assert.deepEqual(
      m.problems.map(p => [p.id, p.kind, p.citedBy.map(c => c.owner)]),
      [
        ['F-050', 'refuted', ['R-o']],
        ['F-031', 'superseded', ['R-2']],
        ['F-030', 'stale', ['R-o']],
      ],
    );
    assert.deepEqual(
      model().unused.map(f => f.id),
      ['F-030'],
    );
  });

  it('escapes every workspace string in the HTML', () => {
    const evil = '<script>alert(1)</script>" onload="x';
    const m = model({ 'findings/F-666.md': finding('F-666', [`title: '${evil}'`]) });
    const html = renderReportPage(m, { style: { inline: 'body{}' } });
    assert.ok(html.includes(escapeHtml(evil)));
    assert.ok(!html.includes('<script>alert'));
    assert.ok(!html.includes('" onload="x'));
    assert.doesNotMatch(html, /<script/);
    assert.doesNotMatch(html, / style="/);
    assert.equal(escapeHtml(`<a href="x">'&\``), '&#60;a href=&#34;x&#34;&#62;&#39;&#38;&#96;');
  });

  it('keeps a stylesheet from closing its own <style> tag', () => {
    const html = renderReportPage(model(), { style: { inline: 'a{} </style><script>x</script>' } });
    assert.equal((html.match(/<\/style/gi) ?? []).length, 1);
  });

  it('adds a CSP, a nonce script and the actions only for the webview', () => {
    const html = renderReportPage(model(), {
      csp: "default-src 'none'",
      style: { href: 'x.css' },
      script: { src: 'r.js', nonce: 'abc' },
      actions: true,
    });
    assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;">/);
    assert.match(html, /<script nonce="abc" src="r.js"><\/script>/);
    assert.match(html, /data-command="exportHtml"/);
  });

  it('writes Markdown with escaped cells', () => {
    const m = model();
    // The summary is the one of `--format markdown`: grounded of the requirements that count
    // (waived ones do not), as the coverage is.
    const summary = coverageSummaryMarkdown(m.report);
    assert.match(
      summary,
      /^## Grounded: evidence coverage 50%\n\n\*\*2 of 4\*\* requirements grounded \(0 weak, 2 ungrounded, 1 waived\) in 1 spec/,
    );
    assert.match(summary, /\| `S-checkout` Spec S-checkout \| 50% \| 2\/4 \| 0 \| 2 \| 1 \|/);
    assert.match(summary, /- `R-2` could: \*\*ungrounded\*\*/);
    assert.ok(reportMarkdown(m).includes(summary), 'the export holds the same summary');
    assert.equal(mdText('a|b <i>*x*</i>'), 'a\\|b &lt;i&gt;\\*x\\*&lt;/i&gt;');
    const full = reportMarkdown(m);
    assert.match(full, /## Personas × requirements\n\n\| Requirement \| P-ops \| P-smb \|/);
    assert.match(full, /No evidence from: P-ops\./);
    assert.match(full, /- \*\*F-031\*\* Finding F-031: superseded by F-022; still cited by R-2/);
  });

  it('shows per-persona totals and the worst specs only when the workspace is big', () => {
    const extra: Record<string, string> = {};
    for (let i = 0; i < 200; i++) {
      extra[`specs/big-${i}.md`] = spec(
        `S-big-${i}`,
        ['  - id: R-big-' + i + '-a', '    evidence: [F-014]', '  - id: R-big-' + i + '-b'],
        ['personas: [P-smb]'],
      );
    }
    const m = model(extra);
    assert.equal(m.matrix.length, 0);
    assert.equal(m.matrixOmitted, 405);
    assert.deepEqual(
      m.personas.map(p => [p.id, p.targeted, p.gaps]),
      [
        ['P-ops', 0, 0],
        ['P-smb', 404, 202],
      ],
    );
    const html = renderReportBody(m);
    assert.match(html, /405 requirements are too many for a grid/);
    assert.equal((html.match(/<li class="spec /g) ?? []).length, LIST_MAX);
    assert.match(html, new RegExp(`Showing ${LIST_MAX} of 201 specs, worst first`));
  });
});
