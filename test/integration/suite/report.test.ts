import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { fixtureUri, waitFor } from './util';
import { tempFile, viewsApi, removeLeftovers } from './views-helpers';

describe('views: the coverage report', function () {
  // Opening editors is slow on a busy 2-core machine.
  this.timeout(60_000);
  after(removeLeftovers);
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('opens a webview with a strict CSP and only local resources', async () => {
    const { views } = await viewsApi();
    await vscode.commands.executeCommand('grounded.openReport');
    const html = await waitFor(() => views.reportHtml(), 10000, 'the report did not open');
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1].replace(/&#39;/g, "'");
    assert.ok(csp, 'no CSP');
    assert.match(csp, /^default-src 'none'; style-src ([^;]+); script-src 'nonce-[A-Za-z0-9]+'; img-src \1 data:/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*;|http:/);
    const nonce = /'nonce-([A-Za-z0-9]+)'/.exec(csp)![1];
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map(m => m[0]);
    assert.equal(scripts.length, 1);
    assert.ok(scripts[0].includes(`nonce="${nonce}"`));
    assert.match(scripts[0], /src="[^"]*\/media\/report\.js"/);
    assert.match(html, /<link rel="stylesheet" href="[^"]*\/media\/report\.css">/);
    assert.doesNotMatch(html, / style="/, 'inline styles would break the CSP');
  });

  it('shows coverage bars, the persona matrix, the evidence mix and evidence to revisit', async () => {
    const { views } = await viewsApi();
    await vscode.commands.executeCommand('grounded.openReport');
    const html = views.reportHtml();
    assert.match(html, /<h2>Coverage by spec<\/h2>/);
    assert.match(html, /<span class="id">S-checkout<\/span> <span class="title">One-page checkout<\/span>/);
    assert.match(html, /<span class="pct">33%<\/span>/);
    assert.match(html, /<rect class="seg grounded" x="0\.000" width="25\.000"/);
    assert.match(html, /<h2>Personas × requirements<\/h2>/);
    // R-checkout-2 and -3 target P-smb-owner (through the spec) and have no evidence from them.
    assert.equal((html.match(/<td class="cell gap"/g) ?? []).length, 2);
    assert.match(html, /<h2>Evidence mix<\/h2>[\s\S]*1 qual · 1 quant/);
    assert.match(
      html,
      /<span class="badge superseded">superseded<\/span>[\s\S]*F-031[\s\S]*superseded by F-022[\s\S]*R-checkout-2/,
    );
  });

  it('escapes a <script> in a finding title, and refreshes when the index changes', async () => {
    const { views } = await viewsApi();
    await vscode.commands.executeCommand('grounded.openReport');
    const file = await tempFile(
      'findings/zz-temp-script.md',
      [
        '---',
        'id: F-901',
        'type: finding',
        'title: "<script>alert(1)</script> & <img src=x onerror=alert(2)>"',
        'source: survey',
        'date: 2026-05-01',
        '---',
        '',
      ].join('\n'),
    );
    try {
      const html = await waitFor(
        () => views.reportHtml().includes('F-901') && views.reportHtml(),
        10000,
        'the report did not refresh with F-901',
      );
      assert.ok(
        html.includes('&#60;script&#62;alert(1)&#60;/script&#62; &#38; &#60;img src=x onerror=alert(2)&#62;'),
        'the title is not escaped',
      );
      assert.ok(!html.includes('<script>alert(1)'));
      assert.ok(!html.includes('<img src=x'));
    } finally {
      await file.remove();
    }
    await waitFor(() => !views.reportHtml().includes('F-901'), 10000, 'the report kept F-901');
  });

  it('exports standalone HTML without a script, and Markdown', async () => {
    await viewsApi();
    const htmlUri = fixtureUri('zz-temp-report.html');
    const mdUri = fixtureUri('zz-temp-report.md');
    try {
      await vscode.commands.executeCommand('grounded.exportReport', { format: 'html', uri: htmlUri });
      const html = new TextDecoder().decode(await vscode.workspace.fs.readFile(htmlUri));
      assert.match(html, /<style>[\s\S]*--vscode-charts-green[\s\S]*<\/style>/);
      assert.doesNotMatch(html, /<script/);
      assert.doesNotMatch(html, /vscode-resource|vscode-webview/);
      assert.match(html, /<body class="standalone">/);
      await vscode.commands.executeCommand('grounded.exportReport', { format: 'markdown', uri: mdUri });
      const md = new TextDecoder().decode(await vscode.workspace.fs.readFile(mdUri));
      assert.match(md, /^# Evidence coverage\n/);
      assert.match(md, /## Personas × requirements/);
    } finally {
      await vscode.workspace.fs.delete(htmlUri).then(undefined, () => undefined);
      await vscode.workspace.fs.delete(mdUri).then(undefined, () => undefined);
    }
  });
});
