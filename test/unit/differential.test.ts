import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { generate, GENERATED_TODAY } from '../../bench/generate';
import { scanBody } from '../../src/core/body';
import { scanBodyRemark } from './bodyRemark';
import { defaultConfig } from '../../src/core/config';
import { nearest } from '../../src/core/ids';
import { readFrontmatterFast } from '../../src/core/frontmatter';
import { parseMarkdown, parseWith, type Readers } from '../../src/core/parse';
import { WorkspaceIndex } from '../../src/core/workspaceIndex';
import { REPO, markdownBelow, sharedCorpora } from './corpora';

/*
 * The fast paths of docs/performance.md must give what the slow, obviously right paths give: the body
 * scanner against the remark parse, and the ID trie against `nearest` over every ID.
 */

/**
 * Every token on which the fast scanner and remark still disagree in the real collections
 * (the shared corpora beside the clone when present, and the committed sample in
 * `test/fixtures/real-docs`), named with the reason it is accepted: 8 of 24,046 tokens in 2,379
 * files (docs/limits.md; there were 1,938 in 341 files). None is in a Grounded item. Key:
 * `collection/path:offset:id` and who finds it. The test fails on any other difference, and
 * when one of these goes away.
 */
const RESIDUAL: Record<string, string> = {
  // `[text](` at a line's end with the destination on the next line: the scanner looks for
  // the `)` on the line of the `](` only.
  'rust-rfcs/text/0446-es6-unicode-escapes.md:1031:character-and-string-literals fast':
    'a link destination that starts on the next line',
  'rust-rfcs/text/2361-dbg-macro.md:3869:comment84465322_48732525 fast':
    'a link destination that starts on the next line',
  // `[[MS-ADA2] …][MS-ADA2]`: a link inside a link's text; CommonMark makes the inner one the
  // link and the outer brackets text, the scanner takes the outer as a reference link.
  'powershell-docs/reference/docs-conceptual/security/remoting/PS-remoting-second-hop.md:11193:MS-ADA2 remark':
    'a link inside the text of a reference link',
  'powershell-docs/reference/docs-conceptual/security/remoting/PS-remoting-second-hop.md:11314:MS-SFU remark':
    'a link inside the text of a reference link',
  // A table indented by four spaces inside a list item: remark sees the item's content, the
  // scanner indented code.
  'rust-rfcs/text/2500-needle.md:50509:PCRE2 remark': 'an indented table in a list item, read as indented code',
  'rust-rfcs/text/2500-needle.md:50803:re2 remark': 'an indented table in a list item, read as indented code',
  // Lazy continuation lines of a nested list item after code spans, which the scanner ends early.
  'rust-rfcs/text/1977-public-private-dependencies.md:16407:v1 remark':
    'a link text over three lines with code spans, in a list item',
  'rust-rfcs/text/2141-alternative-registries.md:13068:build-time remark':
    'a nested list item with several code spans, continued lazily',
};

/** The differences of one file, as `offset:id fast|remark`. */
function differences(text: string): string[] {
  const bodyStart = parseMarkdown('file:///x.md', text).bodyStart;
  const fast = scanBody(text, bodyStart).map(r => `${r.span.start}:${r.id}`);
  const full = scanBodyRemark(text)
    .filter(r => r.span.start >= bodyStart)
    .map(r => `${r.span.start}:${r.id}`);
  const inFast = new Set(fast);
  const inFull = new Set(full);
  return [
    ...fast.filter(x => !inFull.has(x)).map(x => `${x} fast`),
    ...full.filter(x => !inFast.has(x)).map(x => `${x} remark`),
  ];
}

/** The real collections: the committed sample always, the shared folders when present. */
function realCollections(): { name: string; dir: string }[] {
  const out = [{ name: 'test/fixtures/real-docs', dir: path.join(REPO, 'test', 'fixtures', 'real-docs') }];
  const corpora = sharedCorpora();
  if (corpora) {
    out.push({ name: 'the shared corpora', dir: corpora });
    const realDocs = path.join(path.dirname(corpora), 'real-docs');
    if (fs.existsSync(realDocs)) out.push({ name: 'the shared real-docs', dir: realDocs });
  }
  return out;
}

/** The parse with remark as the body scanner. */
const remarkScan: Readers = {
  scanBody: (t, from) => scanBodyRemark(t).filter(r => r.span.start >= from),
  readFrontmatter: readFrontmatterFast,
};

function diffRefs(file: string, text: string): string | undefined {
  const doc = parseMarkdown(pathToFileURL(file).href, text);
  const fast = scanBody(text, doc.bodyStart).map(r => `${r.span.start}:${r.id}`);
  const full = scanBodyRemark(text)
    .filter(r => r.span.start >= doc.bodyStart)
    .map(r => `${r.span.start}:${r.id}`);
  const onlyFast = fast.filter(x => !full.includes(x));
  const onlyFull = full.filter(x => !fast.includes(x));
  if (onlyFast.length === 0 && onlyFull.length === 0) return undefined;
  return `${file}: only the fast scanner: ${onlyFast.slice(0, 5).join(', ')}; only remark: ${onlyFull.slice(0, 5).join(', ')}`;
}

function indexOf(files: { uri: string; text: string }[], readers?: Readers): WorkspaceIndex {
  const index = new WorkspaceIndex({ config: defaultConfig(), today: GENERATED_TODAY });
  for (const f of files) index.set(readers ? parseWith(f.uri, f.text, readers) : parseMarkdown(f.uri, f.text));
  return index;
}

describe('differential: fast paths against the reference paths', function () {
  this.timeout(120000);
  let corpus: string;
  let files: { path: string; uri: string; text: string }[];

  before(() => {
    corpus = fs.mkdtempSync(path.join(os.tmpdir(), 'grounded-differential-'));
    generate(corpus, 300, 7);
    files = markdownBelow(corpus).map(p => ({ path: p, uri: pathToFileURL(p).href, text: fs.readFileSync(p, 'utf8') }));
  });

  after(() => fs.rmSync(corpus, { recursive: true, force: true }));

  it('the body scanner finds the same references as remark on a generated corpus', () => {
    assert.ok(files.length >= 300);
    const problems = files.map(f => diffRefs(f.path, f.text)).filter(Boolean);
    assert.deepEqual(problems, []);
  });

  for (const [name, dir] of [
    ['test/fixtures', path.join(REPO, 'test', 'fixtures')],
    ['examples', path.join(REPO, 'examples')],
  ] as const) {
    it(`the body scanner finds the same references as remark in every Markdown file of ${name}`, () => {
      const problems = markdownBelow(dir)
        .map(p => diffRefs(p, fs.readFileSync(p, 'utf8')))
        .filter(Boolean);
      assert.deepEqual(problems, []);
    });
  }

  for (const { name, dir } of realCollections()) {
    it(`the body scanner agrees with remark on ${name}, but for the differences named with their reasons`, function () {
      const found = markdownBelow(dir);
      assert.ok(found.length > 0, dir);
      const seen = new Set<string>();
      const unexplained: string[] = [];
      for (const file of found) {
        const rel = path.relative(dir, file).split(path.sep).join('/');
        for (const d of differences(fs.readFileSync(file, 'utf8'))) {
          // Residual keys name the collection's folder, so that the same file matches in every copy.
          const key = Object.keys(RESIDUAL).find(
            k => rel.endsWith(k.slice(0, k.indexOf('.md:') + 3)) && k.endsWith(`.md:${d}`),
          );
          if (key) seen.add(key);
          else unexplained.push(`${rel}:${d}`);
        }
      }
      assert.deepEqual(unexplained, []);
      if (name === 'the shared real-docs') {
        const gone = Object.keys(RESIDUAL).filter(
          k => !seen.has(k) && !k.startsWith('kubernetes-keps') && !k.startsWith('madr'),
        );
        assert.deepEqual(gone, [], 'these now agree: remove them from RESIDUAL');
      }
    });
  }

  it('an index built with the fast scanner gives the same diagnostics as one built with remark', () => {
    const fast = indexOf(files);
    const full = indexOf(files, remarkScan);
    let compared = 0;
    for (const f of files) {
      assert.deepEqual(fast.diagnostics(f.uri), full.diagnostics(f.uri), f.path);
      compared += fast.diagnostics(f.uri).length;
    }
    assert.ok(compared > 50, 'the corpus should have diagnostics to compare');
  });

  it('the same diagnostics for the fixtures and examples too', () => {
    for (const dir of [path.join(REPO, 'test', 'fixtures'), path.join(REPO, 'examples')]) {
      const docs = markdownBelow(dir).map(p => ({ uri: pathToFileURL(p).href, text: fs.readFileSync(p, 'utf8') }));
      const fast = indexOf(docs);
      const full = indexOf(docs, remarkScan);
      for (const d of docs) assert.deepEqual(fast.diagnostics(d.uri), full.diagnostics(d.uri), d.uri);
    }
  });

  it('nearestIds gives what nearest over every ID gives', () => {
    const index = indexOf(files);
    const ids = [...index.allIds()];
    const words = new Set<string>(['F-1', 'f-0001', 'R-', 'S-checkout', 'x', 'P-smb-owner', 'D-0001x']);
    ids.forEach((id, i) => {
      if (i % 7 !== 0) return;
      words.add(id.slice(0, -1));
      words.add(id + 'x');
      words.add(id.toLowerCase());
      words.add(id.slice(0, 2) + id.slice(3));
      words.add(id.replace(/\d/, '9'));
    });
    for (const w of words) assert.deepEqual(index.nearestIds(w, 6), nearest(w, ids, 6), w);
    // After removing and re-adding documents the trie must still agree.
    for (const f of files.slice(0, 40)) index.delete(f.uri);
    const rest = [...index.allIds()];
    for (const w of [...words].slice(0, 300)) assert.deepEqual(index.nearestIds(w, 3), nearest(w, rest, 3), w);
  });

  /** Keystroke-sized edits at seeded places: the frontmatter, the body, fences, IDs, line breaks. */
  function* edits(text: string, seed: number): Generator<string> {
    let state = seed;
    const random = (n: number) => {
      state = (state * 1103515245 + 12345) % 2147483648;
      return state % n;
    };
    const inserts = ['x', '7', ' ', '\n', '-', ':', 'F-', '\n---\n', '`', '[', '#'];
    let current = text;
    for (let k = 0; k < 12; k++) {
      const at = random(current.length + 1);
      current =
        random(3) === 0 && current.length > 0
          ? current.slice(0, at) + current.slice(at + 1)
          : current.slice(0, at) + inserts[random(inserts.length)] + current.slice(at);
      yield current;
    }
  }

  it('a parse that reuses the last parse of the document equals a fresh parse, edit after edit', () => {
    const docs = [
      ...files.filter((_, i) => i % 3 === 0),
      ...[path.join(REPO, 'test', 'fixtures'), path.join(REPO, 'examples')].flatMap(dir =>
        markdownBelow(dir).map(p => ({ path: p, uri: pathToFileURL(p).href, text: fs.readFileSync(p, 'utf8') })),
      ),
    ];
    let reusedFrontmatter = 0;
    let reusedBody = 0;
    docs.forEach((f, n) => {
      let previous = parseMarkdown(f.uri, f.text);
      for (const text of edits(f.text, n + 1)) {
        const incremental = parseMarkdown(f.uri, text, { previous });
        assert.deepEqual(incremental, parseMarkdown(f.uri, text), `${f.path} after an edit`);
        if (incremental.item && incremental.item === previous.item) reusedFrontmatter++;
        if (
          incremental.bodyRefs.length > 0 &&
          incremental.bodyRefs[0].id === previous.bodyRefs[0]?.id &&
          text.length !== previous.text.length
        )
          reusedBody++;
        previous = incremental;
      }
    });
    assert.ok(reusedFrontmatter > 100, `the frontmatter was reused ${reusedFrontmatter} times`);
    assert.ok(reusedBody > 100, `the body was reused ${reusedBody} times`);
  });

  it('an index updated edit by edit gives the diagnostics of an index built from scratch', () => {
    const live = indexOf(files);
    const edited = files.filter((_, i) => i % 10 === 0);
    const texts = new Map(files.map(f => [f.uri, f.text]));
    edited.forEach((f, n) => {
      for (const text of edits(f.text, 100 + n)) {
        live.set(parseMarkdown(f.uri, text, { previous: live.get(f.uri) }));
        texts.set(f.uri, text);
      }
    });
    live.delete(files[1].uri);
    texts.delete(files[1].uri);
    const fresh = indexOf([...texts].map(([uri, text]) => ({ uri, text })));
    for (const uri of texts.keys()) assert.deepEqual(live.diagnostics(uri), fresh.diagnostics(uri), uri);
    // `add`, which a cold build uses, builds the index that `set` builds.
    const added = new WorkspaceIndex({ config: defaultConfig(), today: GENERATED_TODAY });
    for (const doc of fresh.documents()) added.add(parseMarkdown(doc.uri, doc.text));
    for (const uri of texts.keys()) assert.deepEqual(added.diagnostics(uri), fresh.diagnostics(uri), uri);
    // The maps against a count over every document, not against another index.
    const referrers = new Map<string, Set<string>>();
    const declared = new Map<string, number>();
    for (const doc of fresh.documents()) {
      for (const r of [...doc.links, ...doc.bodyRefs])
        referrers.set(r.id, (referrers.get(r.id) ?? new Set()).add(doc.uri));
      for (const d of doc.declarations) declared.set(d.id, (declared.get(d.id) ?? 0) + 1);
    }
    assert.ok(referrers.size > 100);
    for (const [id, uris] of referrers) {
      assert.deepEqual(live.referrersOf(id).sort(), [...uris].sort(), id);
      assert.deepEqual(added.referrersOf(id).sort(), [...uris].sort(), id);
    }
    assert.deepEqual([...live.allIds()].sort(), [...declared.keys()].sort());
    for (const [id, n] of declared) {
      assert.equal(live.lookup(id).length, n, id);
      assert.deepEqual(live.lookup(id), fresh.lookup(id), id);
    }
  });
});
