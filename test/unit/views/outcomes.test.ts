import * as assert from 'node:assert/strict';
import { buildReportModel } from '../../../src/core/views/reportModel';
import { outcomeChart, renderReportPage } from '../../../src/core/views/reportHtml';
import { reportMarkdown } from '../../../src/core/views/markdown';
import { finding, indexOf, spec } from '../helpers';
import { input, metric } from '../loopHelpers';

const EVIL = '<img src=x onerror=alert(1)>';

function model(extra: Record<string, string> = {}) {
  const index = indexOf({
    'i1.md': input('I-1'),
    'i2.md': input('I-2', ['from: support', 'status: declined', 'reason: Not now']),
    'i3.md': input('I-3', ['from: support']),
    'f1.md': finding('F-1'),
    'm.md': metric('M-1', ['unit: "%"', `title: '${EVIL}'`]),
    'a.md': finding('F-a', ['source: analytics', 'metric: M-1', 'value: 60', 'date: 2026-09-01']),
    'b.md': finding('F-b', ['source: analytics', 'metric: M-1', 'value: 66', 'date: 2026-10-01']),
    'c.md': finding('F-c', ['source: analytics', 'metric: M-1', 'value: 72', 'date: 2026-11-01']),
    's.md': spec(
      'S-1',
      ['  - id: R-1', '    text: Do it', '    evidence: [F-1]', '    inputs: [I-1]'],
      ['status: shipped', 'shipped: 2026-09-15', 'metrics: [M-1]'],
    ),
    ...extra,
  });
  return buildReportModel([{ name: 'ws', index, file: u => u.replace('file:///ws/', '') }]);
}

describe("views: the report's Input from teams and Outcomes", () => {
  it('sums up the inputs of each team', () => {
    assert.deepEqual(model().teams, [
      { team: 'sales', raised: 1, actioned: 1, declined: 0, waiting: 0 },
      { team: 'support', raised: 2, actioned: 0, declined: 1, waiting: 1 },
    ]);
  });

  it('gives each shipped spec and metric its measurements, latest value and verdict', () => {
    const [o] = model().outcomes;
    assert.deepEqual(
      [o.spec, o.metric, o.shipped, o.baseline, o.target, o.latest, o.verdict, o.measurements.length],
      ['S-1', 'M-1', '2026-09-15', 61.5, 70, { id: 'F-c', value: 72, date: '2026-11-01' }, 'met', 3],
    );
  });

  it('renders both sections in HTML, with a chart that has the target line and the ship date, escaped and without inline styles', () => {
    const html = renderReportPage(model(), { style: { inline: 'body{}' }, csp: "default-src 'none'" });
    assert.match(html, /<h2>Input from teams<\/h2>/);
    assert.match(
      html,
      /<th scope="row">support<\/th><td class="num">2<\/td><td class="num">0<\/td><td class="num">1<\/td><td class="num waiting">1<\/td>/,
    );
    assert.match(html, /<h2>Outcomes<\/h2>/);
    assert.match(html, /<svg class="chart" [^>]*aria-label="M-1: 61\.5% → 72%, target 70%, met">/);
    assert.match(html, /<line class="target" [^>]*><title>target 70%<\/title><\/line>/);
    assert.match(html, /<line class="ship" [^>]*><title>shipped 2026-09-15<\/title><\/line>/);
    assert.equal((html.match(/<circle class="point (after|before)"/g) ?? []).length, 3);
    assert.match(html, /<circle class="point before"[^>]*><title>2026-09-01: 60% \(F-a\)<\/title>/);
    assert.ok(!html.includes(EVIL), 'the metric title is escaped');
    assert.doesNotMatch(html.slice(html.indexOf('<main')), /\sstyle=/, 'no inline style attributes (CSP)');
    assert.doesNotMatch(html.slice(html.indexOf('<main')), /<script/);
  });

  it('places the target line above the points that miss it for an increase metric', () => {
    const svg = outcomeChart({
      metric: 'M',
      unit: '',
      baseline: 10,
      target: 20,
      shipped: '2026-01-10',
      verdict: 'missed',
      latest: { id: 'F', value: 15 },
      measurements: [{ id: 'F', value: 15, date: '2026-02-01' }],
    });
    const targetY = Number(/<line class="target" x1="[\d.]+" y1="([\d.]+)"/.exec(svg)![1]);
    const pointY = Number(/<circle class="point after" cx="[\d.]+" cy="([\d.]+)"/.exec(svg)![1]);
    assert.ok(targetY < pointY, `${targetY} < ${pointY}: higher values are drawn higher`);
    assert.match(outcomeChart({ metric: 'M', measurements: [], verdict: 'unmeasured' }), /No measurements yet/);
  });

  it('has both sections in the Markdown export', () => {
    const md = reportMarkdown(model());
    assert.match(
      md,
      /## Outcomes\n\n\| Spec \| Metric \| Baseline → latest \| Target \| Verdict \|\n.*\n\| S-1 \| M-1 &lt;img src=x onerror=alert\(1\)&gt; \| 61\.5% → 72% \(2026-11-01\) \| 70% \| met \|/,
    );
    assert.match(
      md,
      /## Input from teams\n\n\| Team \| Raised \| Actioned \| Declined with a reason \| Waiting > 30 days \|\n.*\n\| sales \| 1 \| 1 \| 0 \| 0 \|\n\| support \| 2 \| 0 \| 1 \| 1 \|/,
    );
  });
});
