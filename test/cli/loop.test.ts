import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cli, finding, git, REPO, TODAY, tempDir, writeFiles } from './reviewHelpers';
import { freshCacheDir } from './cli';

/** Inputs, metrics and changed evidence (docs/format.md) through the built CLI: the JSON additions, `trace`, `import` and changed evidence. */

const INPUT = (id: string, from: string, extra = '') =>
  `---\nid: ${id}\ntype: input\ntitle: Input ${id}\nfrom: ${from}\ndate: 2026-09-14\n${extra}---\nWhat was said.\n`;
const METRIC = `---\nid: M-conv\ntype: metric\ntitle: Conversion\nunit: "%"\ndirection: increase\nbaseline: 61.5\ntarget: 70\n---\n`;
const MEASURE = (id: string, value: number, date: string) =>
  `---\nid: ${id}\ntype: finding\ntitle: Conversion ${date}\nsource: analytics\ndate: ${date}\nmetric: M-conv\nvalue: ${value}\n---\n`;
const SPEC = (evidence = 'F-1', status = 'shipped') => `---
id: S-pay
type: spec
title: Pay by bank transfer
status: ${status}
shipped: 2026-09-20
metrics: [M-conv]
requirements:
  - id: R-pay-1
    text: Buyers can pay by bank transfer
    evidence: [${evidence}]
    inputs: [I-1, I-2]
---
# Pay
`;

function loopFiles(): Record<string, string> {
  return {
    'inputs/I-1.md': INPUT('I-1', 'sales'),
    'inputs/I-2.md': INPUT('I-2', 'support'),
    'inputs/I-3.md': INPUT('I-3', 'success', 'status: declined\n'),
    'metrics/M-conv.md': METRIC,
    'findings/F-1.md': finding('F-1'),
    'findings/m1.md': MEASURE('F-m1', 64, '2026-10-01'),
    'findings/m2.md': MEASURE('F-m2', 66.5, '2026-11-01'),
    'specs/pay.md': SPEC(),
  };
}

describe('the input-to-outcome loop (CLI)', () => {
  let ws: { dir: string; remove: () => void };
  before(() => {
    ws = tempDir('grounded-loop-');
    writeFiles(ws.dir, loopFiles());
  });
  after(() => ws.remove());

  describe('check', () => {
    it('adds summary.inputs, summary.actionedInputs and specs[].metrics to the JSON report', () => {
      const r = cli(['check', '.', '--format', 'json', '--no-cache', ...TODAY], ws.dir);
      const report = JSON.parse(r.stdout);
      assert.equal(report.summary.inputs, 3);
      assert.equal(report.summary.actionedInputs, 2);
      assert.deepEqual(report.specs[0].metrics, [
        {
          id: 'M-conv',
          target: 70,
          latest: { id: 'F-m2', value: 66.5, date: '2026-11-01' },
          verdict: 'missed',
          baseline: 61.5,
          unit: '%',
        },
      ]);
      assert.deepEqual(report.diagnostics.map((d: { rule: string; file: string }) => `${d.file} ${d.rule}`).sort(), [
        'inputs/I-3.md declined-without-reason',
        'specs/pay.md missed-target',
      ]);
    });

    it('carries the new rules into SARIF, GitHub annotations, JUnit and Markdown', () => {
      const sarif = JSON.parse(cli(['check', '.', '--format', 'sarif', '--no-cache', ...TODAY], ws.dir).stdout);
      const rules = sarif.runs[0].tool.driver.rules.map((x: { id: string }) => x.id);
      for (const id of [
        'unanswered-input',
        'declined-without-reason',
        'planned-input-not-actioned',
        'missing-metric',
        'unmeasured-outcome',
        'missed-target',
      ])
        assert.ok(rules.includes(id), id);
      assert.deepEqual(sarif.runs[0].results.map((x: { ruleId: string }) => x.ruleId).sort(), [
        'declined-without-reason',
        'missed-target',
      ]);
      const github = cli(['check', '.', '--format', 'github', '--no-cache', ...TODAY], ws.dir).stdout;
      assert.match(
        github,
        /^::warning file=specs\/pay\.md,line=7,.*title=Grounded%3A missed-target::`M-conv` missed its target/m,
      );
      const junit = cli(
        ['check', '.', '--format', 'junit', '--fail-on', 'warning', '--no-cache', ...TODAY],
        ws.dir,
      ).stdout;
      assert.match(junit, /<failure [^>]*declined-without-reason/);
      const markdown = cli(['check', '.', '--format', 'markdown', '--no-cache', ...TODAY], ws.dir).stdout;
      assert.match(markdown, /missed-target/);
    });
  });

  describe('trace', () => {
    it('prints, for an input, each requirement that cites it with its spec, status and state', () => {
      const r = cli(['trace', 'I-1', '.', ...TODAY], ws.dir);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /^I-1 {2}input · from sales · new — Input I-1$/m);
      assert.match(
        r.stdout,
        /Cited by \(downstream\):\n {2}R-pay-1 +inputs +requirement of S-pay · shipped · grounded — Buyers can pay by bank transfer {2}specs\/pay\.md:12/,
      );
    });

    it("prints a requirement's evidence and inputs, and a spec's outcome, as JSON with 1-based positions", () => {
      const r = JSON.parse(cli(['trace', 'R-pay-1', '.', '--format', 'json', ...TODAY], ws.dir).stdout);
      assert.equal(r.kind, 'requirement');
      assert.equal(r.spec, 'S-pay');
      assert.deepEqual(
        r.upstream.map((u: { field: string; id: string }) => `${u.field}:${u.id}`),
        ['evidence:F-1', 'inputs:I-1', 'inputs:I-2'],
      );
      assert.deepEqual(r.upstream[0].at, { file: 'specs/pay.md', line: 11, column: 16 });
      const s = JSON.parse(cli(['trace', 'S-pay', '.', '--format', 'json', ...TODAY], ws.dir).stdout);
      assert.deepEqual(s.outcomes, [
        {
          spec: 'S-pay',
          metric: 'M-conv',
          verdict: 'missed',
          baseline: 61.5,
          target: 70,
          latest: { id: 'F-m2', value: 66.5, date: '2026-11-01' },
        },
      ]);
    });

    it('prints what cites a finding, and Markdown with escaped titles', () => {
      const md = cli(['trace', 'F-1', '.', '--format', 'markdown', ...TODAY], ws.dir);
      assert.equal(md.code, 0);
      assert.match(
        md.stdout,
        /### Cited by \(downstream\)\n\n\| ID \| Field \| What \| Title \| Where \|\n\| --- \| --- \| --- \| --- \| --- \|\n\| `R-pay-1` \| evidence \|/,
      );
    });

    it("prints a metric's measurements and mentions in Markdown too, as the text format does, escaped", () => {
      const extra = tempDir('grounded-trace-md-');
      try {
        writeFiles(extra.dir, {
          ...loopFiles(),
          'findings/m_[3]*.md': MEASURE('F-m3', 67, '2026-11-15'),
          'notes/weekly|review.md': '# Weekly\n\nWe watch M-conv every Monday.\n',
        });
        const text = cli(['trace', 'M-conv', '.', ...TODAY], extra.dir);
        assert.match(
          text.stdout,
          /Measurements:\n {2}2026-10-01 {2}64 {2}F-m1\n {2}2026-11-01 {2}66\.5 {2}F-m2\n {2}2026-11-15 {2}67 {2}F-m3\n/,
        );
        assert.match(text.stdout, /Mentioned in:\n {2}notes\/weekly\|review\.md:3\n/);
        const r = cli(['trace', 'M-conv', '.', '--format', 'markdown', ...TODAY], extra.dir);
        assert.equal(r.code, 0, r.stderr);
        assert.ok(
          r.stdout.includes(
            '### Measurements\n\n| Date | Value | Finding | Where |\n| --- | --- | --- | --- |\n' +
              '| 2026-10-01 | 64 | `F-m1` | findings/m1.md |\n| 2026-11-01 | 66.5 | `F-m2` | findings/m2.md |\n| 2026-11-15 | 67 | `F-m3` | findings/m\\_\\[3\\]\\*.md |\n',
          ),
          r.stdout,
        );
        assert.ok(r.stdout.includes('### Mentioned in\n\n- notes/weekly\\|review.md:3\n'), r.stdout);
      } finally {
        extra.remove();
      }
    });

    it('exits 2 for an ID that does not exist, with the nearest ones', () => {
      const r = cli(['trace', 'I-4', '.', ...TODAY], ws.dir);
      assert.equal(r.code, 2);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, /no item or requirement has the ID `I-4`.*Did you mean `I-1`, `I-2` or `I-3`\?/);
      assert.equal(cli(['trace', 'I-1', '.', '--format', 'sarif'], ws.dir).code, 2);
    });
  });
});

describe('grounded import (CLI)', () => {
  let ws: { dir: string; remove: () => void };
  beforeEach(() => {
    ws = tempDir('grounded-import-');
    writeFiles(ws.dir, { 'inputs/I-007.md': INPUT('I-007', 'sales') });
  });
  afterEach(() => ws.remove());

  const files = () => fs.readdirSync(path.join(ws.dir, 'inputs')).sort();

  it('writes one input per row with the next free IDs and imported_from, and reports what it wrote', () => {
    fs.writeFileSync(
      path.join(ws.dir, 'notes.csv'),
      'Note title,Team,Created at,Note text,Company\nBank transfer,Sales,2026-09-14T10:22:00Z,"They said ""please""\nand more",Northwind; Contoso\nDark mode,support,2026-09-15,,\n',
    );
    const r = cli(
      [
        'import',
        'notes.csv',
        '--type',
        'input',
        '--map',
        'title=Note title',
        '--map',
        'from=Team',
        '--map',
        'date=Created at',
        '--map',
        'body=Note text',
        '--map',
        'customers=Company',
      ],
      ws.dir,
    );
    assert.equal(r.code, 0, r.stderr);
    assert.equal(
      r.stdout,
      'wrote inputs/I-008-bank-transfer.md  (row 2: I-008)\nwrote inputs/I-009-dark-mode.md  (row 3: I-009)\n',
    );
    assert.deepEqual(files(), ['I-007.md', 'I-008-bank-transfer.md', 'I-009-dark-mode.md']);
    const text = fs.readFileSync(path.join(ws.dir, 'inputs', 'I-008-bank-transfer.md'), 'utf8');
    assert.equal(
      text,
      '---\nid: I-008\ntype: input\ntitle: Bank transfer\nfrom: sales\ndate: 2026-09-14\ncustomers:\n  - Northwind\n  - Contoso\nimported_from: notes.csv#2\n---\n# Bank transfer\n\nThey said "please"\nand more\n',
    );
    // The imported items check clean but for their wait.
    const check = JSON.parse(
      cli(['check', '.', '--format', 'json', '--no-cache', '--today', '2026-09-20'], ws.dir).stdout,
    );
    assert.deepEqual(check.diagnostics, []);
    // The same rows again: already imported, nothing written.
    const again = cli(
      [
        'import',
        'notes.csv',
        '--type',
        'input',
        '--map',
        'title=Note title',
        '--map',
        'from=Team',
        '--map',
        'date=Created at',
      ],
      ws.dir,
    );
    assert.equal(again.code, 2);
    assert.match(again.stderr, /notes\.csv: row 2: this row was imported before, as `I-008`/);
  });

  it('--dry-run writes nothing; --set gives every row a value; --out picks the folder', () => {
    fs.writeFileSync(path.join(ws.dir, 'h.csv'), 'title,date,sample\nCheckout stalls on mobile,2026-05-02,12\n');
    const dry = cli(
      ['import', 'h.csv', '--type', 'finding', '--set', 'source=interview', '--out', 'research', '--dry-run'],
      ws.dir,
    );
    assert.equal(dry.code, 0, dry.stderr);
    assert.equal(dry.stdout, 'would write research/F-001-checkout-stalls-on-mobile.md  (row 2: F-001)\n');
    assert.equal(fs.existsSync(path.join(ws.dir, 'research')), false);
    const real = cli(
      ['import', 'h.csv', '--type', 'finding', '--set', 'source=interview', '--out', 'research'],
      ws.dir,
    );
    assert.equal(real.code, 0, real.stderr);
    assert.match(
      fs.readFileSync(path.join(ws.dir, 'research', 'F-001-checkout-stalls-on-mobile.md'), 'utf8'),
      /^source: interview\n.*\nsample: 12\n/ms,
    );
  });

  const bad: [string, string, string[], RegExp][] = [
    [
      'a missing column',
      'title,date\nA,2026-01-01\n',
      ['--map', 'from=Team'],
      /bad\.csv: --map from=Team: the file has no column `Team` \(columns: title, date\)/,
    ],
    [
      'a broken quote',
      'title,from,date\nA,sales,2026-01-01\nB,"sales,2026-01-02\nC,sales,2026-01-03\n',
      [],
      /bad\.csv: row 3 \(from line 3\): a quoted cell is never closed/,
    ],
    [
      'a row with too many cells',
      'title,from,date\nA,sales,2026-01-01,extra\n',
      [],
      /bad\.csv: row 2 \(from line 2\): it has a different number of cells than the header/,
    ],
    [
      'a row whose ID is taken',
      'id,title,from,date\nI-100,A,sales,2026-01-01\nI-007,B,sales,2026-01-01\n',
      [],
      /bad\.csv: row 3: the ID `I-007` is taken in the workspace/,
    ],
    [
      'a bad value',
      'title,from,date\nA,finance,2026-01-01\nB,sales,14/09/2026\n',
      [],
      /row 2: `from` must be one of sales, support.*\n.*row 3: `date` must be a date written YYYY-MM-DD/,
    ],
    [
      'an empty required cell',
      'title,from,date\n,sales,2026-01-01\n',
      [],
      /row 2: `title` is empty \(column `title`\)/,
    ],
  ];
  for (const [what, csv, args, message] of bad) {
    it(`stops on ${what} with its row, and writes nothing`, () => {
      fs.writeFileSync(path.join(ws.dir, 'bad.csv'), csv);
      const r = cli(['import', 'bad.csv', '--type', 'input', ...args], ws.dir);
      assert.equal(r.code, 2);
      assert.match(r.stderr, message);
      assert.match(r.stderr, /nothing written/);
      assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
      assert.deepEqual(files(), ['I-007.md']);
    });
  }

  it('stops on a 100,000-row file at the row past the limit, quickly and writing nothing', () => {
    const rows = ['title,from,date'];
    for (let i = 0; i < 100_000; i++) rows.push(`Input ${i},sales,2026-01-01`);
    fs.writeFileSync(path.join(ws.dir, 'big.csv'), rows.join('\n'));
    const r = cli(['import', 'big.csv', '--type', 'input'], ws.dir);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /big\.csv: row 10002: more than 10,000 rows; split the file and import it in parts/);
    assert.deepEqual(files(), ['I-007.md']);
  });

  it('never writes through a symbolic link, and rejects an unknown --type', () => {
    fs.writeFileSync(path.join(ws.dir, 'ok.csv'), 'title,from,date\nA,sales,2026-01-01\n');
    fs.mkdirSync(path.join(ws.dir, 'elsewhere'));
    fs.symlinkSync(path.join(ws.dir, 'elsewhere'), path.join(ws.dir, 'linked'));
    const r = cli(['import', 'ok.csv', '--type', 'input', '--out', 'linked'], ws.dir);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /is a symbolic link; Grounded does not write through links/);
    assert.deepEqual(fs.readdirSync(path.join(ws.dir, 'elsewhere')), []);
    assert.match(
      cli(['import', 'ok.csv', '--type', 'persona'], ws.dir).stderr,
      /--type takes input or finding, not `persona`/,
    );
    assert.match(
      cli(['import', 'ok.csv', '--type', 'input', '--map', 'title'], ws.dir).stderr,
      /--map takes FIELD=COLUMN, not `title`/,
    );
    assert.match(
      cli(['import', 'ok.csv', '--type', 'input', '--map', 'titel=title'], ws.dir).stderr,
      /unknown field `titel` for inputs/,
    );
  });
});

describe('changed evidence with --base (docs/format.md ("Changed evidence"))', () => {
  let repo: { dir: string; remove: () => void };
  before(() => {
    repo = tempDir('grounded-changed-');
    git(repo.dir, 'init', '-q');
    const decision = '---\nid: D-1\ntype: decision\ntitle: Go\nstatus: accepted\nevidence: [F-2]\n---\n';
    const spec =
      '---\nid: S-1\ntype: spec\ntitle: One\nrequirements:\n  - id: R-1\n    text: a\n    evidence: [F-1]\n  - id: R-2\n    text: b\n    decisions: [D-1]\n  - id: R-3\n    text: c\n    evidence: [F-3]\n---\n';
    writeFiles(repo.dir, {
      'f1.md': finding('F-1'),
      'f2.md': finding('F-2'),
      'f3.md': finding('F-3'),
      'd.md': decision,
      's.md': spec,
    });
    git(repo.dir, 'add', '.');
    git(repo.dir, 'commit', '-q', '-m', 'base');
    // F-1's body changes; F-2 (cited through D-1) becomes low confidence with a sample; F-3 only moves a line.
    writeFiles(repo.dir, {
      'f1.md': finding('F-1').replace('Body.', 'Body, rewritten: only 2 of 12 agreed.'),
      'f2.md': finding('F-2', 'confidence: low\nsample: 3\n'),
      'f3.md': finding('F-3').replace('title: Finding F-3\n', 'title: Finding F-3\ntags: [x]\n'),
    });
    git(repo.dir, 'commit', '-q', '-am', 'change');
  });
  after(() => repo.remove());

  it('lists each changed finding with its changed fields and the requirements that cite it, in JSON', () => {
    // A plain check first: it caches a report without the findings' prints, which --base must not reuse.
    const cache = { GROUNDED_CACHE_DIR: freshCacheDir() };
    cli(['check', '.', ...TODAY], repo.dir, cache);
    const r = cli(['check', '.', '--base', 'HEAD~1', '--format', 'json', ...TODAY], repo.dir, cache);
    const changed = JSON.parse(r.stdout).comparison.changedEvidence;
    assert.deepEqual(changed, [
      { id: 'F-1', file: 'f1.md', fields: ['body'], citedBy: ['R-1'] },
      { id: 'F-2', file: 'f2.md', fields: ['confidence', 'sample'], citedBy: ['R-2'] },
    ]);
  });

  it('the PR Markdown report lists changed evidence and the requirements under it', () => {
    const r = cli(['check', '.', '--base', 'HEAD~1', '--format', 'markdown', ...TODAY], repo.dir);
    assert.match(r.stdout, /🔬 2 findings changed under 2 requirements/);
    assert.match(
      r.stdout,
      /### Changed evidence \(2\)\n\n.*\n\n- `F-1` in f1\.md: body changed; cited by `R-1`\n- `F-2` in f2\.md: confidence, sample changed; cited by `R-2`\n/,
    );
  });
});

describe('the bundled example', () => {
  it('prints what the README shows: the outcomes of the shipped spec and the inputs', () => {
    const out = cli(['check', 'examples/acme-checkout', '--fail-on', 'never', '--no-cache', ...TODAY]).stdout;
    const readme = fs.readFileSync(path.join(REPO, 'README.md'), 'utf8');
    const from = readme.indexOf('```text', readme.indexOf('Here is the first run on the bundled example'));
    const sample = readme.slice(from + 8, readme.indexOf('```', from + 8));
    for (const line of sample.split('\n')) {
      const shown = line.split('…')[0].trimEnd();
      if (shown.trim() !== '') assert.ok(out.includes(shown), `README line not in the output: ${shown}`);
    }
    assert.match(
      cli(['trace', 'I-004', 'examples/acme-checkout', ...TODAY]).stdout,
      /R-ship-1 +inputs +requirement of S-mobile-shipping · shipped · grounded/,
    );
  });
});
