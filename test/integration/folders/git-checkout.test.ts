import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as vscode from 'vscode';
import { todayIso } from '../../../src/core';
import { buildIndexSync } from '../../../src/core/workspace';
import type { WorkspaceIndex } from '../../../src/core/workspaceIndex';
import type { GroundedApi } from '../../../src/extension/extension';
import { loadConfig } from '../../../src/node/check';
import { NodeWorkspace } from '../../../src/node/workspace';
import { getApi, waitFor } from '../suite/util';
import { setup, uriIn } from './helpers';

/*
 * File-system faults in the real editor (docs/limits.md): thousands of files changing at once, as in
 * a `git checkout` of another branch, converge to the state of a fresh index (no duplicate, no
 * ghost, no stale document); a broken config is shown once as a notification that opens the
 * log, and the folder goes on being checked. Runs after folders.test.js on the small folder,
 * and leaves it as it found it.
 */

const finding = (id: string, title: string, extra = '') =>
  `---\nid: ${id}\ntype: finding\ntitle: ${title}\nsource: interview\ndate: 2026-06-01\n${extra}---\nSee ${id}.\n`;

/** What an index shows, by file relative to `folder`: each document's diagnostics as rows. */
function shown(index: WorkspaceIndex, folder: string, pathOf: (uri: string) => string): string[] {
  const rows: string[] = [];
  for (const doc of index.documents()) {
    const rel = path.relative(folder, pathOf(doc.uri)).split(path.sep).join('/');
    rows.push(`${rel} ${doc.item?.id ?? '-'}`);
    for (const d of index.diagnostics(doc.uri))
      rows.push(`${rel}:${d.range.start.line}:${d.range.start.character} ${d.rule} ${d.message}`);
  }
  return rows.sort();
}

describe('file-system faults in the editor', function () {
  this.timeout(240000);
  let api: GroundedApi;
  let churn: string;

  before(async () => {
    api = await getApi<GroundedApi>();
    await api.model.ready();
    churn = path.join(setup.small, 'churn');
  });

  after(() => fs.rmSync(churn, { recursive: true, force: true }));

  const state = () => api.model.folderOf(uriIn(setup.small, 'x.md'))!;
  const fresh = () => {
    const built = buildIndexSync(new NodeWorkspace(setup.small, { threads: 1 }), {
      config: loadConfig(setup.small),
      today: todayIso(),
    });
    return shown(built.index, setup.small, fileURLToPath);
  };
  const editor = () => shown(state().index, setup.small, u => vscode.Uri.parse(u).fsPath);
  /** Waits until the editor's index shows what a fresh index of the disk shows, then compares them. */
  const assertConverges = async (what: string) => {
    const want = fresh();
    let got: string[] = [];
    await waitFor(() => (got = editor()).join('\n') === want.join('\n'), 120000, what).catch(() => undefined);
    assert.deepEqual(got, want);
  };

  it('thousands of files changing at once (a branch switch) converge to a fresh index', async () => {
    const before = state().index.size;
    fs.mkdirSync(churn, { recursive: true });
    const N = 1200;
    for (let i = 0; i < N; i++) fs.writeFileSync(path.join(churn, `f${i}.md`), finding(`F-c${i}`, `Churn ${i}`));
    await waitFor(() => state().index.size === before + N, 120000, 'the new files are indexed');
    // The "checkout": in one go, delete a third, rewrite a third with other IDs, add as many
    // new ones, delete and recreate some, and move a few (delete + create under another name).
    for (let i = 0; i < N; i++) {
      const file = path.join(churn, `f${i}.md`);
      if (i % 3 === 0) fs.rmSync(file);
      else if (i % 3 === 1)
        fs.writeFileSync(
          file,
          finding(`F-d${i}`, `Rewritten ${i}`, i % 2 ? 'status: superseded\nsuperseded_by: F-c2\n' : ''),
        );
      if (i % 50 === 0) {
        fs.writeFileSync(file, finding(`F-c${i}`, 'Back again'));
        fs.rmSync(file);
        fs.writeFileSync(file, finding(`F-e${i}`, 'Recreated'));
      }
    }
    for (let i = N; i < N + N / 3; i++)
      fs.writeFileSync(path.join(churn, `g${i}.md`), finding(i % 7 === 0 ? 'F-c2' : `F-g${i}`, `New ${i}`));
    for (let i = 2; i < 60; i += 3) fs.renameSync(path.join(churn, `f${i}.md`), path.join(churn, `moved-${i}.md`));
    await assertConverges('the editor converges to a fresh index');
    // No document twice and none that is gone.
    const uris = [...state().index.documents()].map(d => vscode.Uri.parse(d.uri).fsPath);
    assert.equal(new Set(uris).size, uris.length);
    for (const p of uris) assert.ok(fs.existsSync(p), `a ghost: ${p}`);
  });

  it('a folder moved at once (mv) is indexed under its new name, nothing under the old', async () => {
    const moved = path.join(setup.small, 'churn-moved');
    fs.renameSync(churn, moved);
    try {
      await assertConverges('the editor converges after the move');
    } finally {
      fs.renameSync(moved, churn);
    }
    await assertConverges('and after the move back');
  });

  it('the folder deleted at once leaves nothing behind', async () => {
    const start = state().index.size;
    assert.ok(start > 2);
    fs.rmSync(churn, { recursive: true, force: true });
    await waitFor(() => state().index.size === 2, 120000, 'every churned document is gone').catch(() => undefined);
    assert.deepEqual(editor(), fresh());
  });

  it('a broken config is shown once, as a notification that opens the log, and checking goes on', async () => {
    const config = path.join(setup.small, '.grounded.yaml');
    const original = fs.readFileSync(config, 'utf8');
    try {
      // Written again until the watcher reports it: after the churn above its events can lag.
      for (let k = 0; k < 6 && state().configErrors.length === 0; k++) {
        fs.writeFileSync(config, `${original}stale_after_dayz: ${30 + k}\n`);
        await waitFor(() => state().configErrors.length > 0, 10000, 'the config is read again').catch(() => undefined);
      }
      assert.ok(state().configErrors.length > 0, 'the config was read again');
      await waitFor(() => api.notified().includes('config'), 10000, 'a notification');
      assert.match(
        state().configErrors[0].message,
        /unknown setting `stale_after_dayz`; did you mean `stale_after_days`\?/,
      );
      // The rest of the config still applies (drafts/ stays out) and the folder is checked.
      await waitFor(() => state().index.size === 2, 30000, 'the folder is indexed again');
      assert.ok(vscode.languages.getDiagnostics(uriIn(setup.small, 'specs/pay.md')).length > 0);
      // The same kind of problem again is logged, not notified twice.
      fs.writeFileSync(config, `${original}stale_after_dayz: 31\n`);
      await new Promise(r => setTimeout(r, 1500));
      assert.equal(api.notified().filter(k => k === 'config').length, 1);
    } finally {
      fs.writeFileSync(config, original);
      await waitFor(() => state().configErrors.length === 0, 30000, 'the config is fixed').catch(() => undefined);
    }
    assert.deepEqual(state().configErrors, []);
  });
});
