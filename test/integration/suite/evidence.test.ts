import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { evidenceTree, resetFilters, tempFile, viewsApi, removeLeftovers } from './views-helpers';
import { waitFor } from './util';

describe('views: the Evidence tree', function () {
  // Opening editors is slow on a busy 2-core machine.
  this.timeout(60_000);
  after(removeLeftovers);
  before(resetFilters);
  afterEach(resetFilters);

  it('groups findings by persona, each expanding to what cites it', async () => {
    const { views } = await viewsApi();
    const tree = evidenceTree(views);
    assert.deepEqual(
      tree.map(g => [g.group, g.findings.map(f => f.id)]),
      [
        ['P-smb-owner', ['F-014', 'F-022']],
        ['No persona', ['F-030', 'F-031']],
      ],
    );
    const f14 = tree[0].findings[0];
    assert.deepEqual(f14.children, ['D-007', 'R-checkout-1']);
    assert.match(f14.description, /^SMB owners abandon checkout when forced to create an account · \d+ citations$/);
  });

  it('marks stale, unused and superseded findings', async () => {
    const { views } = await viewsApi();
    const [, none] = evidenceTree(views);
    const [f30, f31] = none.findings;
    assert.match(f30.description, /stale: \d+ days old/);
    assert.equal(f30.icon, 'clock');
    assert.match(f31.description, /superseded by F-022/);
    assert.equal(f31.icon, 'history');
  });

  it('shows only unused findings with the filter', async () => {
    const { views } = await viewsApi();
    await vscode.commands.executeCommand('grounded.showUnusedFindings');
    assert.equal(views.filters().evidence.unusedOnly, true);
    assert.deepEqual(
      evidenceTree(views).flatMap(g => g.findings.map(f => f.id)),
      ['F-030'],
    );
    await vscode.commands.executeCommand('grounded.showAllFindings');
    assert.equal(evidenceTree(views).flatMap(g => g.findings).length, 4);
  });

  it('groups by status and by source', async () => {
    const { views } = await viewsApi();
    await vscode.commands.executeCommand('grounded.groupEvidence', 'status');
    assert.deepEqual(
      evidenceTree(views).map(g => [g.group, g.findings.map(f => f.id)]),
      [
        ['active', ['F-014', 'F-022']],
        ['stale', ['F-030']],
        ['superseded', ['F-031']],
      ],
    );
    await vscode.commands.executeCommand('grounded.groupEvidence', 'source');
    assert.deepEqual(
      evidenceTree(views).map(g => g.group),
      ['experiment', 'interview', 'support', 'survey'],
    );
    assert.equal(views.evidenceView.description, 'by source');
  });

  it('shows a new finding, and what cites it, when files change', async () => {
    const { views } = await viewsApi();
    const finding = await tempFile(
      'findings/zz-temp-F-900.md',
      [
        '---',
        'id: F-900',
        'type: finding',
        'title: Temporary finding',
        'source: survey',
        'date: 2026-05-01',
        'personas: [P-smb-owner]',
        '---',
        '',
      ].join('\n'),
    );
    const decision = await tempFile(
      'decisions/zz-temp-D-900.md',
      [
        '---',
        'id: D-900',
        'type: decision',
        'title: Temporary decision',
        'status: accepted',
        'evidence: [F-900]',
        '---',
        '',
      ].join('\n'),
    );
    try {
      const f900 = await waitFor(
        () => evidenceTree(views)[0].findings.find(f => f.id === 'F-900' && f.children.length === 1 && f),
        10000,
        'F-900 with its citation did not show',
      );
      assert.deepEqual(f900.children, ['D-900']);
    } finally {
      await decision.remove();
      await finding.remove();
    }
    await waitFor(() => !evidenceTree(views)[0].findings.some(f => f.id === 'F-900'), 10000, 'F-900 stayed');
  });
});
