import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { GroundedApi } from '../../../src/extension/extension';
import { fixtureUri, getApi, indexedSuite, openDoc, positionOf, waitFor } from './util';

function grounded(uri: vscode.Uri, rule?: string): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter(d => d.source === 'grounded' && (!rule || codeOf(d) === rule));
}

function codeOf(d: vscode.Diagnostic): string | undefined {
  const code = d.code;
  return typeof code === 'object' ? String(code.value) : code === undefined ? undefined : String(code);
}

describe('editor: diagnostics', function () {
  indexedSuite(this);

  it('publishes the rule as code with a link to its documentation, and tags', async () => {
    const spec = await openDoc('specs/checkout.md');
    const [superseded] = await waitFor(
      () => grounded(spec.uri, 'superseded-evidence').length > 0 && grounded(spec.uri, 'superseded-evidence'),
      15000,
      'no superseded-evidence',
    );
    assert.equal(spec.getText(superseded.range), 'F-031');
    assert.equal(superseded.severity, vscode.DiagnosticSeverity.Warning);
    const code = superseded.code as { value: string; target: vscode.Uri };
    assert.match(code.target.toString(), /#superseded-evidence$/);
    assert.deepEqual(superseded.tags, [vscode.DiagnosticTag.Deprecated]);
    const unused = await waitFor(
      () => grounded(fixtureUri('findings/F-030.md'), 'unused-finding')[0],
      10000,
      'no unused-finding on F-030',
    );
    assert.deepEqual(unused.tags, [vscode.DiagnosticTag.Unnecessary]);
  });

  it('shows and clears a diagnostic as the document is edited, without saving', async () => {
    // A temporary spec: the fixtures must not change, and the editor may auto-save.
    const uri = fixtureUri('specs/tmp-typing.md');
    const text = [
      '---',
      'id: S-tmp-typing',
      'type: spec',
      'title: Typing',
      'requirements:',
      '  - id: R-tmp-typing-1',
      '    text: Guest checkout',
      '    priority: could',
      '    evidence: [F-014]',
      '---',
      '',
    ].join('\n');
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
    try {
      const api = await getApi<GroundedApi>();
      await waitFor(() => api.model.document(uri), 10000, 'the temporary spec was not indexed');
      const doc = await vscode.workspace.openTextDocument(uri);
      const editor = await vscode.window.showTextDocument(doc);
      const at = positionOf(doc, 'F-014');
      await editor.edit(b => b.replace(new vscode.Range(at, at.translate(0, 5)), 'F-0XX'));
      assert.ok(doc.isDirty);
      const broken = await waitFor(
        () => grounded(uri, 'broken-link').find(d => doc.getText(d.range) === 'F-0XX'),
        5000,
        'no broken-link while typing',
      );
      assert.equal(broken.severity, vscode.DiagnosticSeverity.Error);
      assert.match(broken.message, /No finding has the ID `F-0XX`/);
      await editor.edit(b => b.replace(new vscode.Range(at, at.translate(0, 5)), 'F-022'));
      await waitFor(() => grounded(uri, 'broken-link').length === 0, 5000, 'the broken-link stayed after the fix');
      assert.deepEqual(grounded(uri).map(codeOf), []);
    } finally {
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      await vscode.workspace.fs.delete(uri).then(undefined, () => undefined);
    }
  });

  it("updates a spec's diagnostics when the finding it cites changes on disk", async () => {
    const spec = await openDoc('specs/checkout.md');
    const finding = fixtureUri('findings/F-031.md');
    const original = await vscode.workspace.fs.readFile(finding);
    await waitFor(
      () => grounded(spec.uri, 'superseded-evidence').length > 0,
      15000,
      'no superseded-evidence to start with',
    );
    try {
      const active = new TextDecoder()
        .decode(original)
        .replace('status: superseded\nsuperseded_by: F-022\n', 'status: active\n');
      await vscode.workspace.fs.writeFile(finding, new TextEncoder().encode(active));
      await waitFor(
        () => grounded(spec.uri, 'superseded-evidence').length === 0,
        10000,
        'the spec kept superseded-evidence',
      );
    } finally {
      await vscode.workspace.fs.writeFile(finding, original);
    }
    await waitFor(
      () => grounded(spec.uri, 'superseded-evidence').length === 1,
      10000,
      'superseded-evidence did not come back',
    );
  });

  it('points each place of a duplicate ID at the other', async () => {
    const temp = fixtureUri('findings/tmp-duplicate.md');
    await vscode.workspace.fs.writeFile(
      temp,
      new TextEncoder().encode('---\nid: F-022\ntype: finding\ntitle: A copy\nsource: survey\ndate: 2026-01-01\n---\n'),
    );
    try {
      const original = fixtureUri('findings/F-022.md');
      const dup = await waitFor(() => grounded(original, 'duplicate-id')[0], 10000, 'no duplicate-id on F-022.md');
      assert.equal(dup.relatedInformation?.length, 1);
      assert.equal(dup.relatedInformation![0].location.uri.toString(), temp.toString());
      assert.equal(dup.relatedInformation![0].location.range.start.line, 1);
    } finally {
      await vscode.workspace.fs.delete(temp);
    }
    await waitFor(
      () => grounded(fixtureUri('findings/F-022.md'), 'duplicate-id').length === 0,
      10000,
      'duplicate-id stayed after the copy was deleted',
    );
  });

  it('hides a severity when its setting is off', async () => {
    const spec = await openDoc('specs/checkout.md');
    const config = vscode.workspace.getConfiguration('grounded');
    await waitFor(() => grounded(spec.uri, 'superseded-evidence').length > 0, 10000, 'no warning to hide');
    await config.update('diagnostics.warning', false, vscode.ConfigurationTarget.Global);
    try {
      await waitFor(
        () => !grounded(spec.uri).some(d => d.severity === vscode.DiagnosticSeverity.Warning),
        5000,
        'warnings stayed',
      );
      // Other severities stay.
      assert.equal(grounded(fixtureUri('findings/F-030.md'), 'unused-finding').length, 1);
    } finally {
      await config.update('diagnostics.warning', undefined, vscode.ConfigurationTarget.Global);
    }
    await waitFor(() => grounded(spec.uri, 'superseded-evidence').length > 0, 5000, 'warnings did not come back');
  });
});
