import * as vscode from 'vscode';
import type { GroundedModel } from '../model';
import {
  buildReportModel,
  coverageSummaryMarkdown,
  renderReportBody,
  renderReportPage,
  reportMarkdown,
  type ReportModel,
  type ReportSource,
} from '../../core';

/** The model behind the report, over every workspace folder. */
export function currentReport(model: GroundedModel): ReportModel {
  const sources: ReportSource[] = model.all().map(f => ({
    name: f.folder.name,
    index: f.index,
    file: uri => vscode.workspace.asRelativePath(vscode.Uri.parse(uri), false),
  }));
  return buildReportModel(sources);
}

/** The summary that `grounded check --format markdown` begins with, over every workspace folder. */
export function coverageSummary(model: GroundedModel): string {
  return coverageSummaryMarkdown(currentReport(model).report);
}

type Message =
  | { type: 'open'; uri: string; line: number; character: number }
  | { type: 'refresh' | 'exportHtml' | 'exportMarkdown' };

/**
 * The coverage report in a webview. Strict CSP (nonce script, styles from media/ only, no
 * remote content); `localResourceRoots` is media/. While visible it updates in place through a
 * message so that the scroll position stays; while hidden the page is replaced, because a
 * hidden webview is rebuilt from its last `html` when shown again.
 */
export class ReportPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private html = '';
  private readonly disposables: vscode.Disposable[] = [];
  private readonly media: vscode.Uri;

  constructor(
    private readonly model: GroundedModel,
    extensionUri: vscode.Uri,
  ) {
    this.media = vscode.Uri.joinPath(extensionUri, 'media');
  }

  /** The page the panel shows now, or '' when it is closed. */
  currentHtml(): string {
    return this.panel ? this.html : '';
  }

  get isOpen(): boolean {
    return this.panel !== undefined;
  }

  show(): void {
    if (this.panel) {
      this.panel.reveal();
      this.update();
      return;
    }
    const panel = vscode.window.createWebviewPanel('grounded.report', 'Evidence coverage', vscode.ViewColumn.Active, {
      enableScripts: true,
      enableCommandUris: false,
      localResourceRoots: [this.media],
    });
    panel.iconPath = vscode.Uri.joinPath(this.media, 'grounded.svg');
    this.panel = panel;
    panel.webview.onDidReceiveMessage((m: Message) => this.onMessage(m), undefined, this.disposables);
    panel.onDidDispose(
      () => {
        this.panel = undefined;
        this.html = '';
      },
      undefined,
      this.disposables,
    );
    panel.onDidChangeViewState(
      () => {
        if (panel.visible && panel.webview.html !== this.html) panel.webview.html = this.html;
      },
      undefined,
      this.disposables,
    );
    this.html = this.page(currentReport(this.model));
    panel.webview.html = this.html;
  }

  /** Re-renders after the index changed (the caller debounces). */
  update(): void {
    const panel = this.panel;
    if (!panel) return;
    const report = currentReport(this.model);
    this.html = this.page(report);
    if (panel.visible) void panel.webview.postMessage({ type: 'update', html: renderReportBody(report) });
    else panel.webview.html = this.html;
  }

  /** Saves the report as standalone HTML (inline CSS, no script) or Markdown; asks where unless `target` is given. */
  async export(format: 'html' | 'markdown', target?: vscode.Uri): Promise<vscode.Uri | undefined> {
    const report = currentReport(this.model);
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const name = format === 'html' ? 'coverage-report.html' : 'coverage-report.md';
    const uri =
      target ??
      (await vscode.window.showSaveDialog({
        title: 'Export the coverage report',
        defaultUri: folder ? vscode.Uri.joinPath(folder, name) : undefined,
        filters: format === 'html' ? { HTML: ['html'] } : { Markdown: ['md'] },
      }));
    if (!uri) return undefined;
    const text =
      format === 'html' ? renderReportPage(report, { style: { inline: await this.css() } }) : reportMarkdown(report);
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
    return uri;
  }

  dispose(): void {
    this.panel?.dispose();
    for (const d of this.disposables) d.dispose();
  }

  private page(report: ReportModel): string {
    const webview = this.panel!.webview;
    const nonce = makeNonce();
    const csp = [
      "default-src 'none'",
      `style-src ${webview.cspSource}`,
      `script-src 'nonce-${nonce}'`,
      `img-src ${webview.cspSource} data:`,
      `font-src ${webview.cspSource}`,
    ].join('; ');
    return renderReportPage(report, {
      csp,
      style: { href: webview.asWebviewUri(vscode.Uri.joinPath(this.media, 'report.css')).toString() },
      script: { src: webview.asWebviewUri(vscode.Uri.joinPath(this.media, 'report.js')).toString(), nonce },
      actions: true,
    });
  }

  private async css(): Promise<string> {
    try {
      return new TextDecoder().decode(
        await vscode.workspace.fs.readFile(vscode.Uri.joinPath(this.media, 'report.css')),
      );
    } catch {
      return '';
    }
  }

  private async onMessage(m: Message): Promise<void> {
    switch (m?.type) {
      case 'open': {
        // Only documents Grounded indexed: the page is ours, but its messages are still input.
        const uri = vscode.Uri.parse(String(m.uri));
        if (!this.model.document(uri)) return;
        const pos = new vscode.Position(Number(m.line) || 0, Number(m.character) || 0);
        await vscode.window.showTextDocument(uri, {
          selection: new vscode.Range(pos, pos),
          viewColumn: vscode.ViewColumn.One,
        });
        return;
      }
      case 'refresh':
        this.update();
        return;
      case 'exportHtml':
        await vscode.commands.executeCommand('grounded.exportReport', { format: 'html' });
        return;
      case 'exportMarkdown':
        await vscode.commands.executeCommand('grounded.exportReport', { format: 'markdown' });
        return;
    }
  }
}

/** A fresh nonce from Web Crypto, which both the desktop and the web extension host have. */
function makeNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(18));
  return btoa(String.fromCharCode(...bytes)).replace(/[+/=]/g, '');
}
