import * as vscode from 'vscode';
import type { GroundedModel } from '../model';
import { groundedOfCounted, percent, specCoverage, specState } from '../../core';

const ICONS = {
  grounded: '$(pass-filled)',
  weak: '$(warning)',
  ungrounded: '$(error)',
  waived: '$(circle-slash)',
} as const;

/**
 * "S-checkout 1/3 grounded" for the spec in the active editor; hidden for anything else.
 * Clicking it reveals the spec in the Coverage view.
 */
export class SpecStatusBar implements vscode.Disposable {
  readonly item: vscode.StatusBarItem;
  /** Whether the item is shown (the API cannot tell). */
  visible = false;

  constructor(private readonly model: GroundedModel) {
    this.item = vscode.window.createStatusBarItem('grounded.specCoverage', vscode.StatusBarAlignment.Left, 50);
    this.item.name = 'Grounded: spec coverage';
  }

  /** Reads the active editor's spec from the index and shows or hides the item. */
  update(): void {
    const editor = vscode.window.activeTextEditor;
    const found = editor ? this.model.document(editor.document.uri) : undefined;
    const spec = found?.doc.item;
    if (!found || spec?.type !== 'spec') {
      this.item.hide();
      this.visible = false;
      return;
    }
    const c = specCoverage(found.index, spec);
    const name = spec.id ?? 'spec';
    this.item.text = `${ICONS[specState(c)]} ${name} ${groundedOfCounted(c)} grounded`;
    const tip = new vscode.MarkdownString(undefined, true);
    tip.isTrusted = false;
    tip.appendText(`${name}: ${percent(c.coverage, '–')} coverage\n`);
    tip.appendMarkdown('\n\n');
    tip.appendText(`${c.grounded} grounded · ${c.weak} weak · ${c.ungrounded} ungrounded · ${c.waived} waived`);
    tip.appendMarkdown('\n\nClick to reveal it in the Coverage view.');
    this.item.tooltip = tip;
    this.item.command = {
      command: 'grounded.revealInGrounded',
      title: 'Reveal in Grounded',
      arguments: [{ uri: found.doc.uri, id: spec.id }],
    };
    this.item.backgroundColor =
      c.ungrounded > 0 && spec.status === 'approved'
        ? new vscode.ThemeColor('statusBarItem.warningBackground')
        : undefined;
    this.item.show();
    this.visible = true;
  }

  dispose(): void {
    this.item.dispose();
  }
}
