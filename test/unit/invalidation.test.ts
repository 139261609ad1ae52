import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  buildIndexSync,
  defaultConfig,
  MemoryWorkspace,
  parseMarkdown,
  type Diagnostic,
  type WorkspaceIndex,
} from '../../src/core';
import { joinLines, ROOT } from './helpers';

/*
 * The differential edit-sequence test: random sequences of edits (add, delete and
 * rename IDs, change statuses, same-length edits such as F-1 → F-2, CRLF files) applied to a
 * live index the way the editor applies them, and after each step the diagnostics the editor
 * would show compared with those of a fresh build. The editor republishes only the URIs that
 * `set` and `delete` return, so the test keeps what was published the same way.
 */

const TODAY = '2026-11-29';
// Few files and IDs, so that documents often name each other.
const FILES = ['a.md', 'b.md', 'c.md', 'notes/d.md'];
const FINDINGS = ['F-1', 'F-2', 'F-12'];
const DECISIONS = ['D-1', 'D-2'];
const PERSONAS = ['P-1', 'P-2'];
const SPECS = ['S-1'];
const REQUIREMENTS = ['R-1', 'R-2'];
/** Every ID a document may declare or name, some never declared (F-9, D-7) so that links break. */
const NAMES = [...FINDINGS, ...DECISIONS, ...PERSONAS, 'F-9', 'D-7', 'R-1'];

type Doc =
  | {
      type: 'finding';
      id: string;
      status: string;
      date: string;
      personas: string[];
      supersededBy?: string;
      body: string[];
    }
  | { type: 'persona'; id: string; body: string[] }
  | { type: 'decision'; id: string; status: string; evidence: string[]; body: string[] }
  | {
      type: 'spec';
      id: string;
      requirements: { id: string; priority: string; evidence: string[]; decisions: string[] }[];
      personas: string[];
      body: string[];
    }
  | { type: 'note'; body: string[] };

const names = fc.subarray(NAMES, { maxLength: 3 });
/** Mostly findings, as evidence lists are. */
const findings = fc.oneof(fc.subarray([...FINDINGS, 'F-9'], { minLength: 1, maxLength: 2 }), names);
const body = fc.subarray(NAMES, { maxLength: 2 });

const doc: fc.Arbitrary<Doc> = fc.oneof(
  fc.record({
    type: fc.constant('finding' as const),
    id: fc.constantFrom(...FINDINGS),
    status: fc.constantFrom('active', 'refuted', 'superseded'),
    date: fc.constantFrom('2026-06-01', '2024-01-01'),
    personas: fc.subarray(PERSONAS),
    supersededBy: fc.option(fc.constantFrom(...FINDINGS, 'F-9'), { nil: undefined }),
    body,
  }),
  fc.record({ type: fc.constant('persona' as const), id: fc.constantFrom(...PERSONAS, 'F-2'), body }),
  fc.record({
    type: fc.constant('decision' as const),
    id: fc.constantFrom(...DECISIONS),
    status: fc.constantFrom('accepted', 'accepted', 'proposed', 'superseded'),
    evidence: findings,
    body,
  }),
  fc.record({
    type: fc.constant('spec' as const),
    id: fc.constantFrom(...SPECS),
    requirements: fc.array(
      fc.record({
        id: fc.constantFrom(...REQUIREMENTS),
        priority: fc.constantFrom('must', 'should'),
        evidence: fc.oneof(fc.constant<string[]>([]), findings),
        decisions: fc.subarray(['D-1', 'D-7'], { maxLength: 2 }),
      }),
      { minLength: 1, maxLength: 3 },
    ),
    personas: fc.subarray(PERSONAS, { maxLength: 1 }),
    body,
  }),
  fc.record({ type: fc.constant('note' as const), body }),
);

type Edit =
  | { op: 'write'; file: string; doc: Doc; crlf: boolean }
  | { op: 'delete'; file: string }
  /** Replaces the first occurrence of one ID by another of the same length, anywhere in the text. */
  | { op: 'replace'; file: string; from: string; to: string }
  /** Sets the status to one of the three its type allows (finding or decision). */
  | { op: 'status'; file: string; status: 0 | 1 | 2 };

const file = fc.constantFrom(...FILES);
const sameLength = fc.constantFrom(
  ['F-1', 'F-2'],
  ['F-2', 'F-9'],
  ['D-1', 'D-2'],
  ['D-2', 'D-7'],
  ['P-1', 'P-2'],
  ['R-1', 'R-2'],
  ['F-12', 'F-13'],
);
const edit: fc.Arbitrary<Edit> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ op: fc.constant('write' as const), file, doc, crlf: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('delete' as const), file }) },
  {
    weight: 3,
    arbitrary: fc
      .tuple(file, sameLength, fc.boolean())
      .map(([f, [a, b], flip]) => ({ op: 'replace' as const, file: f, from: flip ? b : a, to: flip ? a : b })),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      op: fc.constant('status' as const),
      file,
      status: fc.constantFrom(0 as const, 1 as const, 2 as const),
    }),
  },
);

const list = (ids: string[]) => `[${ids.join(', ')}]`;

function render(d: Doc, crlf: boolean): string {
  const text = d.body.length ? `See ${d.body.join(' and ')}.` : 'No references.';
  let lines: string[];
  switch (d.type) {
    case 'finding':
      lines = [
        '---',
        `id: ${d.id}`,
        'type: finding',
        `title: Finding ${d.id}`,
        'source: interview',
        `date: ${d.date}`,
        `status: ${d.status}`,
        `personas: ${list(d.personas)}`,
      ];
      if (d.supersededBy) lines.push(`superseded_by: ${d.supersededBy}`);
      break;
    case 'persona':
      lines = ['---', `id: ${d.id}`, 'type: persona', `title: Persona ${d.id}`];
      break;
    case 'decision':
      lines = [
        '---',
        `id: ${d.id}`,
        'type: decision',
        `title: Decision ${d.id}`,
        `status: ${d.status}`,
        `evidence: ${list(d.evidence)}`,
      ];
      break;
    case 'spec':
      lines = [
        '---',
        `id: ${d.id}`,
        'type: spec',
        `title: Spec ${d.id}`,
        `personas: ${list(d.personas)}`,
        'requirements:',
      ];
      for (const r of d.requirements)
        lines.push(
          `  - id: ${r.id}`,
          `    text: Do it`,
          `    priority: ${r.priority}`,
          `    evidence: ${list(r.evidence)}`,
          `    decisions: ${list(r.decisions)}`,
        );
      break;
    case 'note':
      return joinLines('# A note', '', text, '');
  }
  const out = joinLines(...lines, '---', '', text, '');
  return crlf ? out.replace(/\n/g, '\r\n') : out;
}

/** The live side: an index changed one document at a time, and what the editor published from it. */
class Live {
  readonly published = new Map<string, Diagnostic[]>();

  constructor(readonly index: WorkspaceIndex) {
    for (const d of index.documents()) this.publish([d.uri]);
  }

  publish(uris: string[]): void {
    for (const uri of uris) {
      if (this.index.get(uri)) this.published.set(uri, this.index.diagnostics(uri));
      else this.published.delete(uri);
    }
  }
}

/** Applies one edit to the files (and, through the editor's calls, to the live index). */
function apply(files: Map<string, string>, e: Edit, live?: Live): void {
  const uri = `${ROOT}/${e.file}`;
  const before = files.get(e.file);
  let after: string | undefined;
  if (e.op === 'write') after = render(e.doc, e.crlf);
  else if (e.op === 'delete' || before === undefined) after = undefined;
  else if (e.op === 'replace') after = before.replace(e.from, e.to);
  else
    after = before.replace(
      /^status: \w+/m,
      `status: ${(/^type: finding/m.test(before) ? ['active', 'refuted', 'superseded'] : ['accepted', 'proposed', 'superseded'])[e.status]}`,
    );
  if (after === undefined) files.delete(e.file);
  else files.set(e.file, after);
  if (!live) return;
  if (after === undefined) {
    if (before !== undefined) live.publish([uri, ...live.index.delete(uri)]);
  } else if (after !== before) {
    // The editor parses with the last parse, which lets an edit skip the unchanged part.
    live.publish(live.index.set(parseMarkdown(uri, after, { previous: live.index.get(uri) })));
  }
}

function fresh(files: Map<string, string>): WorkspaceIndex {
  return buildIndexSync(new MemoryWorkspace(ROOT, Object.fromEntries(files)), { config: defaultConfig(), today: TODAY })
    .index;
}

/** Diagnostics by URI, as JSON text, with empty lists left out. */
function shown(entries: Iterable<[string, Diagnostic[]]>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [uri, list] of [...entries].sort((a, b) => (a[0] < b[0] ? -1 : 1)))
    if (list.length) out[uri] = JSON.stringify(list);
  return out;
}

function check(start: Edit[], edits: Edit[]): void {
  const files = new Map<string, string>();
  for (const e of start) apply(files, e);
  const live = new Live(fresh(files));
  edits.forEach((e, step) => {
    apply(files, e, live);
    const want = fresh(files);
    const expected = shown([...want.documents()].map(d => [d.uri, want.diagnostics(d.uri)]));
    assert.deepEqual(
      shown(live.published),
      expected,
      `after step ${step + 1} (${JSON.stringify(e)}), what the editor shows differs from a fresh build`,
    );
  });
}

describe('invalidation (differential: a live index against a fresh build after each edit)', function () {
  this.timeout(120000);

  /** A spec, a decision and a finding to start with, so that chains of citations are common, and maybe more. */
  const typed = (type: Doc['type']) => doc.filter(d => d.type === type);
  const chain = (more: number) =>
    fc
      .tuple(
        typed('spec'),
        typed('decision'),
        typed('finding'),
        fc.array(fc.record({ op: fc.constant('write' as const), file, doc, crlf: fc.boolean() }), { maxLength: more }),
      )
      .map(([s, d, f, rest]): Edit[] => [
        { op: 'write', file: 'a.md', doc: s, crlf: false },
        { op: 'write', file: 'b.md', doc: d, crlf: false },
        { op: 'write', file: 'c.md', doc: f, crlf: true },
        ...rest,
      ]);

  it('shows what a fresh build shows after random sequences of edits', () => {
    fc.assert(
      fc.property(chain(3), fc.array(edit, { minLength: 4, maxLength: 20 }), (first, edits) => check(first, edits)),
      { seed: 15, numRuns: 1000, endOnFailure: true },
    );
  });

  it('shows what a fresh build shows after status changes and same-length edits along chains of citations', () => {
    const along = fc.oneof(
      fc.record({
        op: fc.constant('status' as const),
        file: fc.constantFrom('b.md', 'c.md'),
        status: fc.constantFrom(0 as const, 1 as const, 2 as const),
      }),
      fc
        .tuple(fc.constantFrom('a.md', 'b.md', 'c.md'), sameLength, fc.boolean())
        .map(([f, [a, b], flip]): Edit => ({ op: 'replace', file: f, from: flip ? b : a, to: flip ? a : b })),
    );
    fc.assert(
      fc.property(chain(0), fc.array(along, { minLength: 1, maxLength: 8 }), (first, edits) => check(first, edits)),
      { seed: 15, numRuns: 1000, endOnFailure: true },
    );
  });

  // Known cases, kept as examples that any change must pass.
  it('drops a "did you mean" suggestion once the finding it suggested is deleted', () => {
    // A case once found by hand: F-0002 suggested for a broken F-0003, then deleted.
    const spec = {
      type: 'spec' as const,
      id: 'S-1',
      personas: [],
      body: [],
      requirements: [{ id: 'R-1', priority: 'must', evidence: ['F-9'], decisions: [] }],
    };
    const start: Edit[] = [
      { op: 'write', file: 'a.md', doc: spec, crlf: false },
      {
        op: 'write',
        file: 'b.md',
        doc: { type: 'finding', id: 'F-1', status: 'active', date: '2026-06-01', personas: [], body: [] },
        crlf: false,
      },
    ];
    check(start, [{ op: 'delete', file: 'b.md' }]);
    check(start, [
      {
        op: 'write',
        file: 'c.md',
        doc: { type: 'finding', id: 'F-3', status: 'active', date: '2026-06-01', personas: [], body: [] },
        crlf: true,
      },
    ]);
  });

  it("rewrites superseded-evidence advice when a successor's status changes, two and three links away", () => {
    // The spec cites F-1, superseded by F-2; F-2's status (and, with F-2 superseded by F-12, F-12's) decides the advice.
    const f = (id: string, status: string, supersededBy?: string) => ({
      type: 'finding' as const,
      id,
      status,
      date: '2026-06-01',
      personas: [],
      supersededBy,
      body: [],
    });
    const spec = {
      type: 'spec' as const,
      id: 'S-1',
      personas: [],
      body: [],
      requirements: [{ id: 'R-1', priority: 'should', evidence: ['F-1'], decisions: [] }],
    };
    const start: Edit[] = [
      { op: 'write', file: 'a.md', doc: spec, crlf: false },
      { op: 'write', file: 'b.md', doc: f('F-1', 'superseded', 'F-2'), crlf: false },
      { op: 'write', file: 'c.md', doc: f('F-2', 'active'), crlf: false },
    ];
    check(start, [
      { op: 'status', file: 'c.md', status: 2 },
      { op: 'status', file: 'c.md', status: 1 },
      { op: 'status', file: 'c.md', status: 0 },
    ]);
    check(
      [
        ...start.slice(0, 2),
        { op: 'write', file: 'c.md', doc: f('F-2', 'superseded', 'F-12'), crlf: false },
        { op: 'write', file: 'notes/d.md', doc: f('F-12', 'active'), crlf: false },
      ],
      [
        { op: 'status', file: 'notes/d.md', status: 1 },
        { op: 'write', file: 'notes/d.md', doc: f('F-12', 'superseded', 'F-1'), crlf: false },
        { op: 'delete', file: 'notes/d.md' },
      ],
    );
  });

  it('regrounds a requirement when a finding that a decision it cites brings is refuted', () => {
    const spec = {
      type: 'spec' as const,
      id: 'S-1',
      personas: [],
      body: [],
      requirements: [{ id: 'R-1', priority: 'should', evidence: [], decisions: ['D-1'] }],
    };
    const start: Edit[] = [
      { op: 'write', file: 'a.md', doc: spec, crlf: false },
      {
        op: 'write',
        file: 'b.md',
        doc: { type: 'decision', id: 'D-1', status: 'accepted', evidence: ['F-1'], body: [] },
        crlf: false,
      },
      {
        op: 'write',
        file: 'c.md',
        doc: { type: 'finding', id: 'F-1', status: 'active', date: '2026-06-01', personas: [], body: [] },
        crlf: false,
      },
    ];
    check(start, [
      { op: 'status', file: 'c.md', status: 1 },
      { op: 'status', file: 'c.md', status: 0 },
    ]);
  });
});
