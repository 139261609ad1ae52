import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { openDoc, positionOf, waitFor } from './util';
import {
  children,
  findSpec,
  resetFilters,
  show,
  specNodes,
  tempFile,
  viewsApi,
  removeLeftovers,
} from './views-helpers';

describe('views: the Coverage tree', function () {
  // Opening editors is slow on a busy 2-core machine.
  this.timeout(60_000);
  after(removeLeftovers);
  before(resetFilters);
  afterEach(resetFilters);
  // Reveal focuses the Grounded container; give the next window the Explorer back.
  after(() => vscode.commands.executeCommand('workbench.view.explorer'));

  it('shows S-checkout with 1 of 3 counted requirements grounded', async () => {
    const { views } = await viewsApi();
    const spec = findSpec(views, 'S-checkout')!;
    const s = show(views, spec);
    assert.equal(s.label, 'S-checkout');
    assert.equal(s.description, '1/3 · 33% · One-page checkout');
    assert.equal(s.icon, 'warning');
  });

  it('lists the requirements with their state and a tooltip that says why', async () => {
    const { views } = await viewsApi();
    const reqs = children(views, findSpec(views, 'S-checkout'));
    assert.deepEqual(
      reqs.map(r => [r.label, r.icon, r.node.kind === 'requirement' && r.node.row.state]),
      [
        ['R-checkout-1', 'pass-filled', 'grounded'],
        ['R-checkout-2', 'error', 'ungrounded'],
        ['R-checkout-3', 'error', 'ungrounded'],
        ['R-checkout-4', 'circle-slash', 'waived'],
      ],
    );
    assert.equal(reqs[0].description, 'Buyers can check out as a guest');
    const tip = views.coverage.getTreeItem(reqs[1].node).tooltip as vscode.MarkdownString;
    assert.ok(tip instanceof vscode.MarkdownString);
    assert.equal(tip.isTrusted, false);
    assert.match(tip.value, /\*\*Ungrounded\*\*/);
    assert.match(tip.value, /`F-031` does not count: superseded by F\\-022/);
    const waived = views.coverage.getTreeItem(reqs[3].node).tooltip as vscode.MarkdownString;
    assert.match(waived.value, /\*\*Waived\*\*: Legal requirement/);
  });

  it('lists the evidence under a requirement with its status', async () => {
    const { views } = await viewsApi();
    const [r1, r2, r3] = children(views, findSpec(views, 'S-checkout'));
    assert.deepEqual(
      children(views, r1.node).map(e => [e.label, e.icon]),
      [
        ['F-014', 'beaker'],
        ['F-022', 'beaker'],
      ],
    );
    const [f31] = children(views, r2.node);
    assert.equal(f31.label, 'F-031');
    assert.equal(f31.icon, 'history');
    assert.equal(f31.description, 'Old card-entry finding · superseded by F-022');
    assert.deepEqual(children(views, r3.node), []);
  });

  it('opens the document at the exact range of a node', async () => {
    const { views } = await viewsApi();
    const [r1] = children(views, findSpec(views, 'S-checkout'));
    const item = views.coverage.getTreeItem(r1.node);
    assert.equal(item.command?.command, 'vscode.open');
    await vscode.commands.executeCommand(item.command!.command, ...(item.command!.arguments ?? []));
    const editor = await waitFor(
      () =>
        vscode.window.activeTextEditor?.document.uri.path.endsWith('/specs/checkout.md') &&
        vscode.window.activeTextEditor,
    );
    assert.equal(editor.document.getText(editor.selection), 'R-checkout-1');
    const [f14] = children(views, r1.node);
    const open = views.coverage.getTreeItem(f14.node).command!;
    await vscode.commands.executeCommand(open.command, ...(open.arguments ?? []));
    const finding = await waitFor(
      () =>
        vscode.window.activeTextEditor?.document.uri.path.endsWith('/F-014 guest checkout.md') &&
        vscode.window.activeTextEditor,
    );
    assert.equal(finding.document.getText(finding.selection), 'F-014');
  });

  it('has a parent for every node, so that reveal works', async () => {
    const { views } = await viewsApi();
    const spec = findSpec(views, 'S-checkout')!;
    const [r1] = children(views, spec);
    const [f14] = children(views, r1.node);
    assert.equal(views.coverage.getParent(f14.node), r1.node);
    assert.equal(views.coverage.getParent(r1.node), spec);
  });

  it('reveals the requirement under the cursor', async () => {
    const { views } = await viewsApi();
    const doc = await openDoc('specs/checkout.md');
    const editor = vscode.window.activeTextEditor!;
    const pos = positionOf(doc, 'Order confirmation by SMS');
    editor.selection = new vscode.Selection(pos, pos);
    const ok = await vscode.commands.executeCommand<boolean>('grounded.revealInGrounded');
    assert.equal(ok, true);
    const selected = await waitFor(() => views.coverageView.selection[0]);
    assert.equal(selected.kind === 'requirement' && selected.row.id, 'R-checkout-3');
  });

  it('follows unsaved edits: linking F-030 grounds a requirement', async () => {
    const { views } = await viewsApi();
    // A temporary spec, because the editor may auto-save and the fixtures must not change.
    const file = await tempFile(
      'specs/zz-temp-edit.md',
      [
        '---',
        'id: S-temp-edit',
        'type: spec',
        'title: Temporary, edited',
        'requirements:',
        '  - id: R-temp-edit-1',
        '    text: Cards can be saved',
        '    priority: should',
        '---',
        '',
      ].join('\n'),
    );
    try {
      await waitFor(() => findSpec(views, 'S-temp-edit'), 10000, 'the temporary spec did not show');
      assert.equal(show(views, findSpec(views, 'S-temp-edit')!).description, '0/1 · 0% · Temporary, edited');
      const doc = await vscode.workspace.openTextDocument(file.uri);
      const editor = await vscode.window.showTextDocument(doc);
      await editor.edit(e =>
        e.insert(positionOf(doc, '    priority: should\n').translate(1, 0), '    evidence: [F-030]\n'),
      );
      await waitFor(
        () => show(views, findSpec(views, 'S-temp-edit')!).description.startsWith('1/1 · 100%'),
        10000,
        'the edit did not ground the spec',
      );
      const [r1] = children(views, findSpec(views, 'S-temp-edit'));
      assert.equal(r1.icon, 'pass-filled');
      const [f30] = children(views, r1.node);
      assert.match(f30.description, /^Saved cards requested by repeat buyers · stale: \d+ days old$/);
      assert.equal(f30.icon, 'clock');
    } finally {
      await file.remove();
    }
    await waitFor(() => !findSpec(views, 'S-temp-edit'), 10000, 'the deleted spec stayed');
  });

  it('adds a spec when a file appears and drops it when it goes', async () => {
    const { views } = await viewsApi();
    const file = await tempFile(
      'specs/zz-temp-grounded.md',
      [
        '---',
        'id: S-temp-grounded',
        'type: spec',
        'title: Temporary, fully grounded',
        'requirements:',
        '  - id: R-temp-1',
        '    text: Guest checkout stays',
        '    evidence: [F-014]',
        '---',
        '',
      ].join('\n'),
    );
    try {
      const spec = await waitFor(() => findSpec(views, 'S-temp-grounded'), 10000, 'the new spec did not show');
      assert.equal(show(views, spec).description, '1/1 · 100% · Temporary, fully grounded');
      assert.equal(show(views, spec).icon, 'pass-filled');
      // Worst coverage first.
      assert.deepEqual(
        specNodes(views).map(n => n.kind === 'spec' && n.row.id),
        ['S-checkout', 'S-temp-grounded'],
      );

      await vscode.commands.executeCommand('grounded.sortByName');
      assert.equal(views.filters().coverage.sort, 'name');

      await vscode.commands.executeCommand('grounded.toggleGapsOnly', true);
      assert.equal(views.filters().coverage.gapsOnly, true);
      assert.deepEqual(
        specNodes(views).map(n => n.kind === 'spec' && n.row.id),
        ['S-checkout'],
      );
      await vscode.commands.executeCommand('grounded.toggleGapsOnly', false);
      assert.equal(specNodes(views).length, 2);
    } finally {
      await file.remove();
    }
    await waitFor(() => !findSpec(views, 'S-temp-grounded'), 10000, 'the deleted spec stayed');
  });

  it('filters to weak and ungrounded requirements', async () => {
    const { views } = await viewsApi();
    await vscode.commands.executeCommand('grounded.toggleWeakOnly', true);
    assert.deepEqual(views.filters().coverage, { gapsOnly: false, weakOnly: true, sort: 'coverage' });
    assert.deepEqual(
      children(views, findSpec(views, 'S-checkout')).map(r => r.label),
      ['R-checkout-2', 'R-checkout-3'],
    );
    assert.equal(views.coverageView.description, 'weak & ungrounded');
    await vscode.commands.executeCommand('grounded.clearCoverageFilters');
    assert.equal(children(views, findSpec(views, 'S-checkout')).length, 4);
    assert.equal(views.coverageView.description, undefined);
  });
});

describe('views: the Coverage tree links evidence through the editor command', function () {
  this.timeout(60_000);
  after(removeLeftovers);

  it('links a finding to an ungrounded requirement from its context menu command', async function () {
    const { views } = await viewsApi();
    if (!(await vscode.commands.getCommands(true)).includes('grounded.linkEvidence')) this.skip();
    const file = await tempFile(
      'specs/zz-temp-link.md',
      [
        '---',
        'id: S-temp-link',
        'type: spec',
        'title: Temporary, to link',
        'requirements:',
        '  - id: R-temp-link-1',
        '    text: Guest checkout',
        '    priority: should',
        '    evidence: []',
        '---',
        '',
      ].join('\n'),
    );
    try {
      const spec = await waitFor(() => findSpec(views, 'S-temp-link'), 10000, 'the temporary spec did not show');
      const [r1] = children(views, spec);
      assert.equal(r1.icon, 'error');
      const item = views.coverage.getTreeItem(r1.node);
      assert.equal(item.contextValue, 'requirement.ungrounded');
      await vscode.commands.executeCommand('grounded.linkEvidenceToRequirement', r1.node, 'F-014');
      await waitFor(
        () => show(views, findSpec(views, 'S-temp-link')!).description.startsWith('1/1 · 100%'),
        10000,
        'linking F-014 did not ground the requirement',
      );
    } finally {
      await file.remove();
    }
  });
});
