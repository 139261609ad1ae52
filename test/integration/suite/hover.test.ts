import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { indexedSuite, openDoc, positionOf, waitFor } from './util';

async function hoverText(
  doc: vscode.TextDocument,
  pos: vscode.Position,
): Promise<{ text: string; contents: vscode.MarkdownString[] }> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, pos);
  const contents = hovers
    .flatMap(h => h.contents)
    .filter((c): c is vscode.MarkdownString => c instanceof vscode.MarkdownString);
  return { text: contents.map(c => c.value).join('\n'), contents };
}

describe('editor: hover', function () {
  indexedSuite(this);

  it('previews a finding cited in a spec: title, facts, personas, body and citations', async () => {
    const doc = await openDoc('specs/checkout.md');
    const { text, contents } = await waitFor(
      async () => {
        const h = await hoverText(doc, positionOf(doc, 'F-014, F-022', 2));
        return h.text.includes('SMB owners') && h;
      },
      15000,
      'no Grounded hover on F-014',
    );
    assert.match(text, /\*\*SMB owners abandon checkout when forced to create an account\*\*/);
    assert.match(text, /`F-014` · finding · active/);
    assert.match(text, /date 2026\\-03\\-02 · interview \(qualitative\) · confidence high · sample 12/);
    assert.match(text, /Personas: `P-smb-owner` Small\\-business owner/);
    // The first lines of the body, escaped.
    assert.match(text, /In 12 interviews with small\\-business owners/);
    assert.match(text, /Cited by 1 requirement in 1 spec and 1 decision\./);
    for (const c of contents) {
      assert.ok(!c.isTrusted, 'the hover must not be trusted');
      assert.ok(!c.supportHtml, 'the hover must not render HTML');
    }
  });

  it('previews a requirement: its state and each piece of evidence with its status', async () => {
    const doc = await openDoc('specs/checkout.md');
    const { text } = await hoverText(doc, positionOf(doc, 'R-checkout-2', 3));
    assert.match(text, /\*\*Card details can be saved for next time\*\*/);
    assert.match(text, /`R-checkout-2` · requirement of `S-checkout` · could · \*\*ungrounded\*\* \(0 of 1 valid\)/);
    assert.match(text, /- `F-031` Old card\\-entry finding — superseded ✗/);
  });

  it('previews an ID named in the body of a plain note', async () => {
    const doc = await openDoc('notes/README.md');
    const { text } = await hoverText(doc, positionOf(doc, 'S-checkout', 2));
    assert.match(text, /\*\*One\\-page checkout\*\*/);
    assert.match(text, /4 requirements: 1 grounded, 0 weak, 2 ungrounded, 1 waived/);
  });

  it('says nothing off an ID, so the built-in Markdown hovers are left alone', async () => {
    const doc = await openDoc('specs/checkout.md');
    const { text } = await hoverText(doc, positionOf(doc, 'All of checkout fits', 2));
    assert.doesNotMatch(text, /requirement|finding/);
  });
});
