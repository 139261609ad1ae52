import * as assert from 'node:assert/strict';
import { buildReport, coverageSummaryMarkdown, joinLines } from '../../src/core';
import { buildReportModel } from '../../src/core/views/reportModel';
import { FORMATS } from '../../src/cli/formats';
import { finding, indexOf, spec } from './helpers';
import { checkoutIndex } from './views/fixture';

const file = (u: string) => u.replace('file:///ws/', '');

describe('summary: one renderer for --format markdown and the editor', () => {
  it('is how --format markdown begins; only the errors and warnings follow', () => {
    const index = checkoutIndex();
    const report = buildReport(index, file);
    const summary = coverageSummaryMarkdown(report);
    const cli = FORMATS.markdown(report, { color: false, root: '/ws', cwd: '/ws' });
    assert.ok(cli.startsWith(summary), cli);
    assert.match(
      cli.slice(summary.length),
      /^\n<details><summary>Errors and warnings \(\d+\)<\/summary>\n[\s\S]*<\/details>\n$/,
    );
  });

  it('counts grounded requirements of those that count, the same way as the coverage', () => {
    const summary = coverageSummaryMarkdown(buildReport(checkoutIndex(), file));
    // Four requirements count (one of the five is waived); two are grounded: 50%.
    assert.match(
      summary,
      /^## Grounded: evidence coverage 50%\n\n\*\*2 of 4\*\* requirements grounded \(0 weak, 2 ungrounded, 1 waived\)/,
    );
  });

  it('is what the editor copies: the report model carries the same JSON report', () => {
    const index = checkoutIndex();
    const model = buildReportModel([{ name: 'ws', index, file }]);
    assert.deepEqual(model.report, buildReport(index, file));
    assert.equal(coverageSummaryMarkdown(model.report), coverageSummaryMarkdown(buildReport(index, file)));
  });

  it('sums the folders of a multi-root workspace', () => {
    const a = indexOf({
      'specs/a.md': spec('S-a', ['  - id: R-a', '    evidence: [F-1]']),
      'findings/F-1.md': finding('F-1'),
    });
    const b = indexOf({ 'specs/b.md': spec('S-b', ['  - id: R-b']) });
    const model = buildReportModel([
      { name: 'one', index: a, file },
      { name: 'two', index: b, file },
    ]);
    assert.equal(model.report.summary.requirements, 2);
    assert.equal(model.report.summary.coverage, 0.5);
    assert.deepEqual(
      model.report.specs.map(s => s.file),
      ['one/specs/a.md', 'two/specs/b.md'],
    );
    assert.match(coverageSummaryMarkdown(model.report), /\*\*1 of 2\*\* requirements grounded .* in 2 specs/);
  });

  it('keeps hostile titles inert, as the CLI does', () => {
    const index = indexOf({
      'specs/x.md': joinLines(
        '---',
        'id: S-x',
        'type: spec',
        'title: "##[error] <b>x</b> | @team"',
        'requirements:',
        '  - id: R-x',
        '    text: Something',
        '---',
        '',
      ),
    });
    const summary = coverageSummaryMarkdown(buildReport(index, file));
    assert.match(summary, /<summary><b>S-x<\/b>/);
    assert.doesNotMatch(summary, /##\[|<b>x|@team/);
  });
});
