import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import Ajv from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { XMLValidator } from 'fast-xml-parser';
import {
  buildReport,
  defaultConfig,
  parseMarkdown,
  WorkspaceIndex,
  type Diagnostic,
  type ParsedDocument,
} from '../../src/core';
import { scanBody } from '../../src/core/body';
import { FORMATS } from '../../src/cli/formats';
import { compareSnapshots, snapshot } from '../../src/node/compare';

/*
 * Property-based fuzzing (docs/limits.md) of the parser, the index, the rules and every output format.
 * `npm test` runs it with a fixed seed and a bounded number of runs; `npm run fuzz` sets
 * FUZZ_RUNS (and FUZZ_SEED, or a random seed, printed on failure) for a longer one.
 */

const RUNS = Number(process.env.FUZZ_RUNS) || 60;
const SEED =
  process.env.FUZZ_SEED !== undefined ? Number(process.env.FUZZ_SEED) : process.env.FUZZ_RUNS ? Date.now() : 11;
const params = { numRuns: RUNS, seed: SEED, endOnFailure: true };

const REPO = path.join(__dirname, '..', '..', '..');

/** Pieces people and attackers put in frontmatter values. */
const hostile = fc.constantFrom(
  '::error file=x.md,line=1::forged',
  '::add-mask::secret',
  '##[error]legacy',
  '\u001b[31mred',
  '\u009b31m',
  '\u202eevil',
  '\r',
  '\n',
  '\t',
  '@octocat',
  '#123',
  'https://evil.example',
  'www.evil.example',
  '<script>',
  '&amp;',
  '"',
  "'",
  '`',
  '[',
  ']',
  '{',
  '}',
  '|',
  '*',
  '_',
  '~',
  '\\',
  '%0A',
  '%25',
  ':',
  ',',
  '#',
  '- ',
  '&x',
  '*x',
  '!tag',
  '>',
  '|-',
  '\u0000',
  '\uFFFE',
  '\uD800',
  '😀',
  'é',
  '__proto__',
  'constructor',
);
const word = fc.oneof(
  fc.constantFrom(
    'F-1',
    'F-2',
    'F-3',
    'R-1',
    'R-2',
    'S-1',
    'P-1',
    'D-1',
    'D-2',
    'x',
    'spec',
    'finding',
    'must',
    'should',
    '2026-01-01',
    '2023-14-05',
    '1',
    '0',
    '-1',
    'true',
    'null',
    '',
  ),
  fc.string({ maxLength: 6 }),
);
const value = fc.array(fc.oneof(word, hostile), { maxLength: 4 }).map(parts => parts.join(''));
const scalar = fc.oneof(
  value,
  value.map(v => JSON.stringify(v)),
  value.map(v => `'${v.replace(/'/g, "''")}'`),
);
const list = fc.array(scalar, { maxLength: 4 }).map(items => `[${items.join(', ')}]`);
const key = fc.oneof(
  fc.constantFrom(
    'id',
    'type',
    'title',
    'status',
    'source',
    'date',
    'method',
    'confidence',
    'sample',
    'personas',
    'evidence',
    'decisions',
    'supersedes',
    'superseded_by',
    'valid_until',
    'tags',
    'owners',
    'priority',
    'text',
    'waiver',
    'waiver_until',
    '__proto__',
    'constructor',
    'evidense',
  ),
  fc.string({ maxLength: 5 }),
);
const requirement = fc
  .tuple(scalar, fc.constantFrom('must', 'should', 'could', 'urgent'), list, fc.option(scalar))
  .map(
    ([id, priority, evidence, waiver]) =>
      `  - id: ${id}\n    text: t\n    priority: ${priority}\n    evidence: ${evidence}\n${waiver === null ? '' : `    waiver: ${waiver}\n`}`,
  );
const frontmatter = fc
  .tuple(
    fc.constantFrom('spec', 'finding', 'persona', 'decision', 'other'),
    fc.constantFrom('F-1', 'F-2', 'S-1', 'R-1', 'P-1', 'D-1', 'D-2', 'F-1'),
    fc.array(fc.tuple(key, fc.oneof(scalar, list)), { maxLength: 6 }),
    fc.array(requirement, { maxLength: 3 }),
    fc.constantFrom('\n', '\r\n'),
  )
  .map(([type, id, fields, reqs, eol]) => {
    const lines = [
      `id: ${id}`,
      `type: ${type}`,
      'title: T',
      'source: interview',
      'date: 2026-06-01',
      ...fields.map(([k, v]) => `${k}: ${v}`),
    ];
    const req = reqs.length > 0 && type === 'spec' ? `requirements:\n${reqs.join('')}` : '';
    return `---${eol}${lines.join(eol)}${eol}${req}---${eol}`;
  });
const bodyPiece = fc.oneof(
  word,
  hostile,
  fc.constantFrom(
    '\n',
    '\n\n',
    '```\n',
    '~~~\n',
    '> ',
    '- ',
    '1. ',
    '# ',
    '    ',
    '<!--',
    '-->',
    '`',
    '``',
    '](',
    '![',
    '[x]: F-1',
    '[F-1]',
    '(F-2)',
    '<http://x/F-3>',
    '\\',
    '---\n',
    '***\n',
    '| a | b |\n',
  ),
);
const body = fc.array(bodyPiece, { maxLength: 40 }).map(parts => parts.join(' '));
const markdown = fc.oneof(
  fc.tuple(frontmatter, body).map(([f, b]) => f + b),
  body,
  fc.tuple(frontmatter, body, fc.nat({ max: 400 })).map(([f, b, cut]) => (f + b).slice(0, cut)),
  fc.string({ maxLength: 200 }),
);
const workspace = fc.array(
  fc.tuple(
    fc.constantFrom(
      'a.md',
      'b.md',
      'c d.md',
      'sub/e.md',
      '::error::f.md',
      'g\n::warning::.md',
      'h%0A.md',
      'i\u001b[2J.md',
    ),
    markdown,
  ),
  { minLength: 1, maxLength: 5 },
);

const uriOf = (name: string) => `file:///ws/${name.split('/').map(encodeURIComponent).join('/')}`;
const fileOf = (uri: string) => uri.slice('file:///ws/'.length).split('/').map(decodeURIComponent).join('/');

function index(files: [string, string][]): WorkspaceIndex {
  const ix = new WorkspaceIndex({ config: defaultConfig(), today: '2026-11-29' });
  for (const [name, text] of files) ix.set(parseMarkdown(uriOf(name), text));
  return ix;
}

function allDiagnostics(ix: WorkspaceIndex): Diagnostic[] {
  return [...ix.documents()].flatMap(d => ix.diagnostics(d.uri));
}

function assertSpanInside(doc: ParsedDocument, span: { start: number; end: number }, what: string): void {
  assert.ok(
    span.start >= 0 && span.start <= span.end && span.end <= doc.text.length,
    `${what} ${JSON.stringify(span)} outside 0..${doc.text.length}`,
  );
}

function assertRangeInside(doc: ParsedDocument, range: Diagnostic['range'], what: string): void {
  const lines = doc.text.split('\n');
  for (const p of [range.start, range.end]) {
    assert.ok(p.line >= 0 && p.line < lines.length, `${what}: line ${p.line} of ${lines.length}`);
    assert.ok(
      p.character >= 0 && p.character <= lines[p.line].length,
      `${what}: character ${p.character} of ${lines[p.line].length}`,
    );
  }
  assert.ok(
    range.start.line < range.end.line ||
      (range.start.line === range.end.line && range.start.character <= range.end.character),
    `${what}: start after end`,
  );
}

describe('fuzz (fast-check, seed ' + SEED + ', ' + RUNS + ' runs)', function () {
  this.timeout(Math.max(30000, RUNS * 500));

  it('parsing never throws, and every span lies inside its document', () => {
    fc.assert(
      fc.property(markdown, text => {
        const doc = parseMarkdown('file:///ws/x.md', text);
        for (const d of doc.declarations) assertSpanInside(doc, d.span, 'declaration');
        for (const l of doc.links) assertSpanInside(doc, l.span, 'link');
        for (const r of doc.bodyRefs) assertSpanInside(doc, r.span, 'body reference');
        for (const p of doc.problems) assertSpanInside(doc, p.span, `problem ${p.rule}`);
        assert.ok(doc.bodyStart >= 0 && doc.bodyStart <= text.length);
        // The body scanner is deterministic and finds the same tokens twice.
        assert.deepEqual(scanBody(text, doc.bodyStart), doc.bodyRefs);
      }),
      { ...params, numRuns: RUNS * 5 },
    );
  });

  it('the index and the rules never throw; every diagnostic range lies inside its document', () => {
    fc.assert(
      fc.property(workspace, files => {
        const ix = index(files);
        for (const d of allDiagnostics(ix)) {
          const doc = ix.get(d.uri)!;
          assertRangeInside(doc, d.range, `${d.rule} in ${d.uri}`);
          for (const r of d.related ?? [])
            if (ix.get(r.uri)) assertRangeInside(ix.get(r.uri)!, r.range, `related of ${d.rule}`);
        }
      }),
      params,
    );
  });

  it('indexing the same texts again, or setting each twice, gives the same diagnostics and report', () => {
    fc.assert(
      fc.property(workspace, files => {
        const a = index(files);
        const b = index([...files].reverse());
        const c = index(files);
        for (const [name, text] of files) c.set(parseMarkdown(uriOf(name), text, { previous: c.get(uriOf(name)) }));
        const key = (ix: WorkspaceIndex) =>
          JSON.stringify(
            [...ix.documents()]
              .map(d => d.uri)
              .sort()
              .map(u => [u, ix.diagnostics(u)]),
          );
        assert.equal(key(c), key(a));
        // Last writer wins for a file named twice, so order matters only then.
        if (new Set(files.map(([n]) => n)).size === files.length) assert.equal(key(b), key(a));
        assert.equal(JSON.stringify(buildReport(c, fileOf)), JSON.stringify(buildReport(a, fileOf)));
      }),
      params,
    );
  });

  describe('every output format', () => {
    const schema = JSON.parse(fs.readFileSync(path.join(REPO, 'test/fixtures/sarif-schema-2.1.0.json'), 'utf8'));
    const regExp = Object.assign(
      (pattern: string, flags: string) =>
        pattern.startsWith('^(?i)') ? new RegExp(`^${pattern.slice(5)}`, `${flags}i`) : new RegExp(pattern, flags),
      { code: 'caseInsensitiveRegExp' },
    );
    const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false, code: { regExp } });
    addFormats(ajv);
    const validate = ajv.compile(schema);
    const GITHUB_COMMAND =
      /^::(error|warning|notice) file=[^,:\n\r]*,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,title=Grounded%3A [a-z-]+::[^\r]*$/;

    it('parses or validates, and no line can start a workflow command', () => {
      fc.assert(
        fc.property(workspace, fc.boolean(), fc.boolean(), (files, withBase, tty) => {
          const ix = index(files);
          const report = buildReport(ix, fileOf);
          const head = snapshot(ix, report, fileOf);
          const input = withBase
            ? {
                ...report,
                comparison: compareSnapshots(
                  snapshot(index(files.slice(1)), buildReport(index(files.slice(1)), fileOf), fileOf),
                  head,
                  'main',
                ),
              }
            : report;
          const ctx = { color: tty, tty, root: '/ws', cwd: '/ws', failOn: 2 };
          for (const [name, format] of Object.entries(FORMATS)) {
            const out = format(input, ctx);
            assert.ok(out.endsWith('\n'), name);
            if (name === 'json') assert.deepEqual(JSON.parse(out).diagnostics.length, report.diagnostics.length);
            if (name === 'sarif')
              assert.ok(validate(JSON.parse(out)), `${name}: ${JSON.stringify(validate.errors?.slice(0, 2))}`);
            if (name === 'junit') assert.equal(XMLValidator.validate(out), true, name);
            for (const line of out.split('\n')) {
              if (name === 'github' && GITHUB_COMMAND.test(line)) continue;
              assert.doesNotMatch(line, /^\s*::|##\[/, `${name}: ${JSON.stringify(line)}`);
              // Our own colours are ESC [ digits m; nothing else may reach a terminal.
              assert.doesNotMatch(
                line.replace(/\u001b\[\d+m/g, ''),
                /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/,
                `${name}: ${JSON.stringify(line)}`,
              );
            }
          }
        }),
        params,
      );
    });
  });
});
