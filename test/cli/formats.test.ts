import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { escapeData, escapeProperty } from '../../src/cli/formats/github';
import { formatJson } from '../../src/cli/formats/json';
import { formatSarif } from '../../src/cli/formats/sarif';
import { RULES } from '../../src/core/rules';
import { cli, REPO, TODAY, WORKSPACE, tempDir, writeFiles } from './reviewHelpers';

function run(format: string, ...extra: string[]) {
  return cli(['check', WORKSPACE, '--format', format, ...TODAY, ...extra]);
}

describe('--format sarif', () => {
  const schema = JSON.parse(fs.readFileSync(path.join(REPO, 'test/fixtures/sarif-schema-2.1.0.json'), 'utf8'));
  // The official schema is not itself valid 2020-12 (region lists `anyOf` under `properties`), so skip the
  // meta-schema check; and its `language` patterns open with `(?i)`, an inline flag JavaScript lacks: read it as `i`.
  const regExp = Object.assign(
    (pattern: string, flags: string) =>
      pattern.startsWith('^(?i)') ? new RegExp(`^${pattern.slice(5)}`, `${flags}i`) : new RegExp(pattern, flags),
    { code: 'caseInsensitiveRegExp' },
  );
  const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false, code: { regExp } });
  addFormats(ajv);
  const validate = ajv.compile(schema);

  it('validates against the official SARIF 2.1.0 schema', () => {
    const r = run('sarif');
    assert.equal(r.code, 1, r.stderr);
    const log = JSON.parse(r.stdout);
    const ok = validate(log);
    assert.ok(ok, JSON.stringify(validate.errors, null, 2));
  });

  it('the schema check catches an invalid log', () => {
    const log = JSON.parse(run('sarif').stdout);
    log.runs[0].results[0].level = 'info'; // SARIF says note, not info
    assert.equal(validate(log), false);
  });

  it('describes every rule and maps severities to levels', () => {
    const log = JSON.parse(run('sarif').stdout);
    const driver = log.runs[0].tool.driver;
    assert.equal(driver.name, 'Grounded');
    assert.match(driver.version, /^\d+\.\d+\.\d+/);
    assert.match(driver.informationUri, /^https:\/\//);
    assert.deepEqual(
      driver.rules.map((r: { id: string }) => r.id),
      RULES.map(r => r.id),
    );
    const expired = driver.rules.find((r: { id: string }) => r.id === 'expired-waiver');
    assert.equal(expired.defaultConfiguration.level, 'warning');
    assert.match(expired.helpUri, /#expired-waiver$/);
    assert.ok(expired.shortDescription.text.length > 10);
    const levels = Object.fromEntries(
      log.runs[0].results.map((x: { ruleId: string; level: string }) => [x.ruleId, x.level]),
    );
    assert.equal(levels['broken-link'], 'error');
    assert.equal(levels['ungrounded-requirement'], 'warning');
    assert.equal(levels['weak-requirement'], 'note');
  });

  it('locates results on exact ranges, with relative, encoded URIs', () => {
    const log = JSON.parse(run('sarif').stdout);
    const broken = log.runs[0].results.find((x: { ruleId: string }) => x.ruleId === 'broken-link');
    const loc = broken.locations[0].physicalLocation;
    assert.equal(loc.artifactLocation.uri, `${WORKSPACE}/specs/plain.md`);
    assert.equal(loc.artifactLocation.uriBaseId, '%SRCROOT%');
    assert.deepEqual(loc.region, { startLine: 13, startColumn: 16, endLine: 13, endColumn: 20 });
    assert.equal(log.runs[0].tool.driver.rules[broken.ruleIndex].id, 'broken-link');
    const odd = log.runs[0].results.find((x: { ruleId: string }) => x.ruleId === 'unused-finding');
    assert.equal(
      odd.locations[0].physicalLocation.artifactLocation.uri,
      `${WORKSPACE}/findings/odd%2C%20name%3A%20100%25.md`,
    );
  });
});

describe('--format github', () => {
  it('escapes data: %, CR and LF', () => {
    assert.equal(escapeData('100% done\r\nnext: a, b'), '100%25 done%0D%0Anext: a, b');
  });

  it('escapes properties: also : and ,', () => {
    assert.equal(escapeProperty('odd, name: 100%\n.md'), 'odd%2C name%3A 100%25%0A.md');
  });

  it('prints one annotation per diagnostic, info as notice, with escaped file and message', () => {
    const r = run('github');
    assert.equal(r.code, 1);
    const lines = r.stdout.trimEnd().split('\n');
    const annotations = lines.filter(l => l.startsWith('::'));
    assert.equal(annotations.length, 8);
    assert.ok(
      annotations.includes(
        `::error file=${WORKSPACE}/specs/plain.md,line=13,col=16,endLine=13,endColumn=20,title=Grounded%3A broken-link::No finding has the ID \`F-99\`.`,
      ),
    );
    assert.ok(
      annotations.some(l => l.startsWith(`::notice file=${WORKSPACE}/findings/odd%2C name%3A 100%25.md,line=2,col=5,`)),
    );
    const expired = annotations.find(l => l.includes('expired-waiver'))!;
    assert.match(expired, /^::warning /);
    assert.match(expired, /granted by Dana, legal: 100%25, expired on 2026-01-01/);
    assert.equal(annotations.filter(l => l.startsWith('::notice')).length, 2);
  });
});

describe('--format junit', () => {
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    isArray: name => ['testsuite', 'testcase'].includes(name),
  });

  function parse(xml: string) {
    assert.equal(XMLValidator.validate(xml), true);
    return parser.parse(xml).testsuites;
  }

  it('parses, with a suite per spec and a case per requirement', () => {
    const r = run('junit');
    assert.equal(r.code, 1);
    const doc = parse(r.stdout);
    const suites = doc.testsuite;
    assert.deepEqual(
      suites.map((s: { name: string }) => s.name),
      ['S-hostile: Checkout <script>alert(1)</script> | pipes *and* `ticks`', 'S-plain: Plain', 'diagnostics'],
    );
    const [hostile, plain, diagnostics] = suites;
    assert.equal(hostile.testcase.length, 5);
    assert.equal(hostile.tests, '5');
    assert.equal(hostile.failures, '3'); // R-h-2 ungrounded, R-h-3 weak, R-h-5 expired waiver
    assert.equal(hostile.skipped, '1');
    assert.ok(hostile.testcase.find((c: { name: string }) => c.name.startsWith('R-h-4')).skipped !== undefined);
    assert.equal(hostile.testcase.find((c: { name: string }) => c.name.startsWith('R-h-3')).failure.type, 'weak');
    assert.equal(plain.failures, '1');
    assert.equal(diagnostics.testcase.length, 3);
    assert.equal(diagnostics.failures, '1'); // only plain.md has an error
    assert.equal(doc.tests, '10');
    assert.equal(doc.failures, '5');
  });

  it('--fail-on decides which diagnostic files fail', () => {
    const doc = parse(run('junit', '--fail-on', 'warning').stdout);
    assert.equal(doc.testsuite[2].failures, '2');
    const never = parse(run('junit', '--fail-on', 'never').stdout);
    assert.equal(never.testsuite[2].failures, '0');
  });
});

describe('--format markdown', () => {
  it('matches the committed snapshot', () => {
    const r = run('markdown');
    assert.equal(r.code, 1);
    const expected = fs.readFileSync(path.join(REPO, 'test/cli/expected/review-workspace.md'), 'utf8');
    assert.equal(r.stdout, expected);
  });

  it('escapes HTML and table pipes in workspace text', () => {
    const out = run('markdown').stdout;
    assert.doesNotMatch(out, /<script>/);
    const row = out.split('\n').find(l => l.startsWith('| `S-hostile`'))!;
    // Seven cells: the `|` in the title is escaped.
    assert.equal(row.split(/(?<!\\)\|/).length - 2, 6);
  });

  it('stays readable at 500 requirements', () => {
    const { dir, remove } = tempDir('grounded-md-');
    try {
      const files: Record<string, string> = {
        'findings/F-1.md': '---\nid: F-1\ntype: finding\ntitle: F\nsource: interview\ndate: 2026-06-01\n---\n',
      };
      for (let s = 0; s < 50; s++) {
        const reqs = Array.from(
          { length: 10 },
          (_, i) =>
            `  - id: R-${s}-${i}\n    text: Requirement ${i}\n    priority: should\n${i < s % 10 ? '' : '    evidence: [F-1]\n'}`,
        ).join('');
        files[`specs/s${s}.md`] =
          `---\nid: S-${String(s).padStart(2, '0')}\ntype: spec\ntitle: Spec ${s}\nrequirements:\n${reqs}---\n`;
      }
      writeFiles(dir, files);
      const out = cli(['check', dir, '--format', 'markdown', ...TODAY]).stdout;
      const rows = out.split('\n').filter(l => l.startsWith('| `S-'));
      assert.equal(rows.length, 25);
      assert.match(rows[0], /S-09.* 10% /); // worst first
      assert.match(out, /and 25 more specs \(250 requirements\), all at 60% or better/);
      assert.equal((out.match(/<details>/g) ?? []).length, 11); // 10 specs with gaps + errors and warnings
      assert.match(out, /35 more specs with gaps/);
      assert.ok(out.length < 65536, `a GitHub comment holds 65536 characters, this is ${out.length}`);
    } finally {
      remove();
    }
  });
});

describe('JSON and SARIF layout', () => {
  it('is one line into a file or pipe, and indented on a terminal', () => {
    for (const format of ['json', 'sarif']) {
      const r = run(format);
      assert.equal(r.stdout.indexOf('\n'), r.stdout.length - 1, `${format}: one line, then a line break`);
      assert.ok(JSON.parse(r.stdout));
    }
    const report = JSON.parse(run('json').stdout);
    for (const format of [formatJson, formatSarif]) {
      const context = { color: false, root: WORKSPACE };
      const pretty = format(report, { ...context, tty: true });
      assert.match(pretty, /^\{\n {2}"/);
      assert.deepEqual(JSON.parse(pretty), JSON.parse(format(report, context)));
    }
  });
});
