import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { openDoc, waitFor } from './util';
import { viewsApi, removeLeftovers } from './views-helpers';

describe('views: the spec status bar item', function () {
  // Opening editors is slow on a busy 2-core machine.
  this.timeout(60_000);
  after(removeLeftovers);
  // Reveal focuses the Grounded container; give the next window the Explorer back.
  after(() => vscode.commands.executeCommand('workbench.view.explorer'));
  it('shows the open spec as "S-checkout 1/3 grounded"', async () => {
    const { views } = await viewsApi();
    await openDoc('specs/checkout.md');
    await waitFor(() => views.statusBarVisible(), 15000, 'the item is hidden for a spec');
    assert.equal(views.statusBar.text, '$(warning) S-checkout 1/3 grounded');
    assert.equal(
      views.statusBar.command && typeof views.statusBar.command === 'object' && views.statusBar.command.command,
      'grounded.revealInGrounded',
    );
  });

  it('is hidden for a finding and for a plain note', async () => {
    const { views } = await viewsApi();
    await openDoc('findings/F-022.md');
    await waitFor(() => !views.statusBarVisible(), 15000, 'the item shows for a finding');
    await openDoc('specs/checkout.md');
    await waitFor(() => views.statusBarVisible(), 15000, 'the item is hidden for a spec');
    await openDoc('notes/README.md');
    await waitFor(() => !views.statusBarVisible(), 15000, 'the item shows for a note');
  });

  it('reveals the spec in the Coverage view when clicked', async () => {
    const { views } = await viewsApi();
    await openDoc('specs/checkout.md');
    await waitFor(() => views.statusBarVisible());
    const command = views.statusBar.command as vscode.Command;
    const ok = await vscode.commands.executeCommand(command.command, ...(command.arguments ?? []));
    assert.equal(ok, true);
    const selected = await waitFor(() => views.coverageView.selection[0]);
    assert.equal(selected.kind === 'spec' && selected.row.id, 'S-checkout');
  });
});
