import * as vscode from 'vscode';
import type { GroundedModel } from './model';
import { CoverageTreeProvider, type CoverageFilters, type CoverageNode } from './views/coverageTree';
import { EvidenceTreeProvider, type EvidenceFilters, type EvidenceNode } from './views/evidenceTree';
import { registerInputsView, type InputNode, type InputsTreeProvider } from './views/inputsTree';
import { SpecStatusBar } from './views/statusBar';
import { ReportPanel, coverageSummary } from './views/report';
import { createItem, type NewItemArgs } from './views/commands';
import { contains, EVIDENCE_GROUPINGS, type EvidenceGrouping, type ItemType } from '../core';
import { debounce } from './views/util';

const REFRESH_DELAY_MS = 250;
const STATE_KEY = 'grounded.views.filters';

/** What `registerViews` exposes to the integration tests (as `api.views`). */
export interface ViewsApi {
  [key: string]: unknown;
  coverage: CoverageTreeProvider;
  evidence: EvidenceTreeProvider;
  coverageView: vscode.TreeView<CoverageNode>;
  evidenceView: vscode.TreeView<EvidenceNode>;
  inputs: InputsTreeProvider;
  inputsView: vscode.TreeView<InputNode>;
  statusBar: vscode.StatusBarItem;
  /** Whether the status bar item is shown now. */
  statusBarVisible(): boolean;
  /** The report panel's current page, or '' when it is closed. */
  reportHtml(): string;
  /** The current filters of both views. */
  filters(): { coverage: CoverageFilters; evidence: EvidenceFilters };
  /** Refreshes every view now instead of after the debounce. */
  refreshNow(): void;
}

/** Registers the views, status bar item, report and commands. */
export function registerViews(context: vscode.ExtensionContext, model: GroundedModel): ViewsApi {
  const saved =
    context.workspaceState.get<{ coverage?: Partial<CoverageFilters>; evidence?: Partial<EvidenceFilters> }>(
      STATE_KEY,
    ) ?? {};
  const coverage = new CoverageTreeProvider(model, {
    gapsOnly: false,
    weakOnly: false,
    sort: 'coverage',
    ...saved.coverage,
  });
  const evidence = new EvidenceTreeProvider(model, { grouping: 'persona', unusedOnly: false, ...saved.evidence });
  const coverageView = vscode.window.createTreeView('grounded.coverage', {
    treeDataProvider: coverage,
    showCollapseAll: true,
  });
  const evidenceView = vscode.window.createTreeView('grounded.evidence', {
    treeDataProvider: evidence,
    showCollapseAll: true,
  });
  const statusBar = new SpecStatusBar(model);
  const report = new ReportPanel(model, context.extensionUri);
  context.subscriptions.push(coverage, evidence, coverageView, evidenceView, statusBar, report);
  const inputs = registerInputsView(context, model);

  const describe = () => {
    const f = coverage.filters;
    const parts = [
      f.gapsOnly ? 'gaps only' : '',
      f.weakOnly ? 'weak & ungrounded' : '',
      f.sort === 'name' ? 'by name' : '',
    ].filter(Boolean);
    coverageView.description = parts.join(' · ') || undefined;
    evidenceView.description = `by ${evidence.filters.grouping}${evidence.filters.unusedOnly ? ' · unused only' : ''}`;
  };

  const setContexts = () => {
    const f = coverage.filters;
    const set = (key: string, value: unknown) => void vscode.commands.executeCommand('setContext', key, value);
    set('grounded.coverage.gapsOnly', f.gapsOnly);
    set('grounded.coverage.weakOnly', f.weakOnly);
    set('grounded.coverage.filtered', f.gapsOnly || f.weakOnly);
    set('grounded.coverage.sort', f.sort);
    set('grounded.evidence.grouping', evidence.filters.grouping);
    set('grounded.evidence.unusedOnly', evidence.filters.unusedOnly);
    let items = false;
    let specs = false;
    let findings = false;
    let inputs = false;
    for (const folder of model.all()) {
      for (const doc of folder.index.documents()) {
        const type = doc.item?.type;
        if (!type) continue;
        items = true;
        if (type === 'spec') specs = true;
        if (type === 'finding') findings = true;
        if (type === 'input') inputs = true;
        if (specs && findings && inputs) break;
      }
    }
    set('grounded.hasInputs', inputs);
    set('grounded.hasItems', items);
    set('grounded.hasSpecs', specs);
    set('grounded.hasFindings', findings);
  };

  let indexingShown = false;
  // Only for visible views: asking for the children builds the tree, which is wasted work
  // (a second or so on 10,000 documents) while nobody looks.
  const messages = () => {
    const f = coverage.filters;
    // While a folder is indexed, both views say how far it got ("Indexing 4,200 / 10,000").
    const progress = model.indexingMessage();
    if (progress || indexingShown) {
      coverageView.message = progress;
      evidenceView.message = progress;
      indexingShown = progress !== undefined;
      if (progress) return;
    }
    if (coverageView.visible) {
      const empty = coverage.getChildren().length === 0;
      coverageView.message =
        empty && (f.gapsOnly || f.weakOnly)
          ? 'No spec has gaps that match the filters. Clear them to see every spec.'
          : undefined;
    }
    if (evidenceView.visible) {
      const empty = evidence.getChildren().length === 0;
      evidenceView.message =
        empty && evidence.filters.unusedOnly ? 'Every finding is cited: nothing unused.' : undefined;
    }
  };

  const refreshNow = () => {
    coverage.refresh();
    evidence.refresh();
    inputs.refresh();
    statusBar.update();
    report.update();
    setContexts();
    messages();
  };
  const refreshSoon = debounce(refreshNow, REFRESH_DELAY_MS);
  context.subscriptions.push({ dispose: () => refreshSoon.dispose() });

  const saveFilters = async () => {
    describe();
    setContexts();
    coverage.refresh();
    evidence.refresh();
    messages();
    await context.workspaceState.update(STATE_KEY, { coverage: coverage.filters, evidence: evidence.filters });
  };

  // `activate` starts the model after registering the views: ask for readiness once it has.
  void Promise.resolve()
    .then(() => model.ready())
    .then(() => {
      coverage.ready = true;
      evidence.ready = true;
      inputs.provider.ready = true;
      void vscode.commands.executeCommand('setContext', 'grounded.ready', true);
      refreshNow();
    });

  const reveal = async (arg?: unknown): Promise<boolean> => {
    const target = revealTarget(model, arg);
    if (!target) {
      void vscode.window.showInformationMessage(
        'Put the cursor in a spec, a requirement or a finding to reveal it in Grounded.',
      );
      return false;
    }
    if (target.kind === 'finding') {
      let node = findFinding(evidence, target.id);
      if (!node && evidence.filters.unusedOnly) {
        evidence.filters = { ...evidence.filters, unusedOnly: false };
        await saveFilters();
        node = findFinding(evidence, target.id);
      }
      if (!node) return false;
      await evidenceView.reveal(node, { select: true, focus: true, expand: false });
      return true;
    }
    const find = () =>
      (target.requirement ? coverage.findRequirement(target.requirement, target.folder) : undefined) ??
      coverage.findSpec(target.id, target.folder);
    let node = find();
    if (!node && (coverage.filters.gapsOnly || coverage.filters.weakOnly)) {
      // The filters hide it: show everything rather than fail.
      coverage.filters = { ...coverage.filters, gapsOnly: false, weakOnly: false };
      await saveFilters();
      node = find();
    }
    if (!node) return false;
    await coverageView.reveal(node, { select: true, focus: true, expand: true });
    return true;
  };

  const toggleCoverage = (key: 'gapsOnly' | 'weakOnly', value?: boolean) => {
    coverage.filters = { ...coverage.filters, [key]: value ?? !coverage.filters[key] };
    return saveFilters();
  };

  const filterPick = async () => {
    const f = coverage.filters;
    const items: (vscode.QuickPickItem & { key: 'gapsOnly' | 'weakOnly' })[] = [
      {
        key: 'gapsOnly',
        label: 'Only specs with gaps',
        description: 'hide specs whose requirements are all grounded or waived',
        picked: f.gapsOnly,
      },
      { key: 'weakOnly', label: 'Only weak and ungrounded requirements', picked: f.weakOnly },
    ];
    const picked = await vscode.window.showQuickPick(items, { canPickMany: true, title: 'Filter the Coverage view' });
    if (!picked) return;
    coverage.filters = {
      ...f,
      gapsOnly: picked.some(p => p.key === 'gapsOnly'),
      weakOnly: picked.some(p => p.key === 'weakOnly'),
    };
    await saveFilters();
  };

  const newItem = (type: ItemType) => (args?: NewItemArgs) => createItem(model, type, isArgs(args) ? args : {});

  const register = (id: string, fn: Parameters<typeof vscode.commands.registerCommand>[1]) =>
    context.subscriptions.push(vscode.commands.registerCommand(id, fn));
  register('grounded.newSpec', newItem('spec'));
  register('grounded.newFinding', newItem('finding'));
  register('grounded.newPersona', newItem('persona'));
  register('grounded.newDecision', newItem('decision'));
  register('grounded.openReport', () => report.show());
  register('grounded.exportReport', async (args?: { format?: 'html' | 'markdown'; uri?: vscode.Uri }) => {
    let format = args?.format;
    if (!format) {
      const pick = await vscode.window.showQuickPick(
        [
          { label: 'HTML', description: 'a standalone page with its styles inline', format: 'html' as const },
          { label: 'Markdown', description: 'for a pull request, a wiki or a chat', format: 'markdown' as const },
        ],
        { title: 'Export the coverage report as' },
      );
      format = pick?.format;
    }
    if (!format) return undefined;
    const uri = await report.export(format, args?.uri);
    if (uri && !args?.uri)
      void vscode.window.showInformationMessage(
        `Saved the coverage report to ${vscode.workspace.asRelativePath(uri)}.`,
      );
    return uri;
  });
  register('grounded.refresh', () => refreshNow());
  register('grounded.copyCoverageSummary', async () => {
    const text = coverageSummary(model);
    await vscode.env.clipboard.writeText(text);
    void vscode.window.setStatusBarMessage('$(check) Coverage summary copied as Markdown', 3000);
    return text;
  });
  register('grounded.revealInGrounded', reveal);
  register('grounded.revealNode', (node?: CoverageNode | EvidenceNode) => {
    if (node?.kind === 'evidence' && node.row.uri) return reveal({ uri: node.row.uri });
    if (node?.kind === 'citation') return reveal({ uri: node.citation.uri, id: node.citation.owner });
    return false;
  });
  register('grounded.filterCoverage', filterPick);
  register('grounded.filterCoverageActive', filterPick);
  register('grounded.toggleGapsOnly', (value?: boolean) =>
    toggleCoverage('gapsOnly', typeof value === 'boolean' ? value : undefined),
  );
  register('grounded.toggleWeakOnly', (value?: boolean) =>
    toggleCoverage('weakOnly', typeof value === 'boolean' ? value : undefined),
  );
  register('grounded.clearCoverageFilters', () => {
    coverage.filters = { ...coverage.filters, gapsOnly: false, weakOnly: false };
    return saveFilters();
  });
  register('grounded.sortByName', () => {
    coverage.filters = { ...coverage.filters, sort: 'name' };
    return saveFilters();
  });
  register('grounded.sortByCoverage', () => {
    coverage.filters = { ...coverage.filters, sort: 'coverage' };
    return saveFilters();
  });
  register('grounded.groupEvidence', async (grouping?: EvidenceGrouping) => {
    let g = typeof grouping === 'string' && EVIDENCE_GROUPINGS.includes(grouping) ? grouping : undefined;
    if (!g) {
      const labels: Record<EvidenceGrouping, string> = {
        persona: 'Persona',
        source: 'Source',
        method: 'Method (qualitative / quantitative)',
        status: 'Status (active, stale, superseded, refuted)',
      };
      const pick = await vscode.window.showQuickPick(
        EVIDENCE_GROUPINGS.map(key => ({
          label: labels[key],
          key,
          description: key === evidence.filters.grouping ? 'current' : undefined,
        })),
        { title: 'Group findings by' },
      );
      g = pick?.key;
    }
    if (!g) return;
    evidence.filters = { ...evidence.filters, grouping: g };
    await saveFilters();
  });
  register('grounded.showUnusedFindings', () => {
    evidence.filters = { ...evidence.filters, unusedOnly: true };
    return saveFilters();
  });
  register('grounded.showAllFindings', () => {
    evidence.filters = { ...evidence.filters, unusedOnly: false };
    return saveFilters();
  });
  // `finding` skips the editor's quick pick (for tests and other callers that know it).
  register('grounded.linkEvidenceToRequirement', async (node?: CoverageNode, finding?: string) => {
    if (node?.kind !== 'requirement') return;
    const { row } = node;
    const uri = vscode.Uri.parse(row.uri);
    const pos = new vscode.Position(row.range.start.line, row.range.start.character);
    // Put the cursor on the requirement too, for a command that works from the cursor.
    await vscode.window.showTextDocument(uri, { selection: new vscode.Range(pos, pos) });
    const commands = await vscode.commands.getCommands(true);
    if (!commands.includes('grounded.linkEvidence')) {
      void vscode.window.showInformationMessage('Linking evidence is not available yet.');
      return;
    }
    await vscode.commands.executeCommand(
      'grounded.linkEvidence',
      uri,
      row.id,
      ...(typeof finding === 'string' ? [finding] : []),
    );
  });

  context.subscriptions.push(
    model.onDidChange(() => refreshSoon()),
    model.onDidProgress(() => messages()),
    model.onDidChangeConfig(() => refreshSoon()),
    vscode.window.onDidChangeActiveTextEditor(() => statusBar.update()),
    coverageView.onDidChangeVisibility(() => messages()),
    evidenceView.onDidChangeVisibility(() => messages()),
  );

  describe();
  setContexts();
  statusBar.update();

  return {
    coverage,
    evidence,
    coverageView,
    evidenceView,
    inputs: inputs.provider,
    inputsView: inputs.view,
    statusBar: statusBar.item,
    statusBarVisible: () => statusBar.visible,
    reportHtml: () => report.currentHtml(),
    filters: () => ({ coverage: { ...coverage.filters }, evidence: { ...evidence.filters } }),
    refreshNow,
  };
}

function isArgs(value: unknown): value is NewItemArgs {
  // A command run from a view's title or the welcome view gets no arguments or a tree node.
  return typeof value === 'object' && value !== null && !(value instanceof vscode.Uri) && !('kind' in value);
}

type RevealTarget =
  | { kind: 'spec'; id: string; requirement?: string; folder?: string }
  | { kind: 'finding'; id: string; folder?: string };

/** What to reveal: an explicit `{ uri, id }`, a URI, or the spec/requirement/finding at the cursor. */
function revealTarget(model: GroundedModel, arg: unknown): RevealTarget | undefined {
  let uri: vscode.Uri | undefined;
  let explicitId: string | undefined;
  if (arg instanceof vscode.Uri) uri = arg;
  else if (typeof arg === 'object' && arg && 'uri' in arg) {
    const a = arg as { uri: string | vscode.Uri; id?: string };
    uri = typeof a.uri === 'string' ? vscode.Uri.parse(a.uri) : a.uri;
    explicitId = a.id;
  }
  const editor = vscode.window.activeTextEditor;
  uri ??= editor?.document.uri;
  if (!uri) return undefined;
  if (editor && editor.document.uri.toString() === uri.toString()) model.flush(editor.document);
  const found = model.document(uri);
  const item = found?.doc.item;
  if (!found || !item?.id) return undefined;
  const folder = found.folder.folder.uri.toString();
  if (item.type === 'finding') return { kind: 'finding', id: item.id, folder };
  if (item.type !== 'spec') return undefined;
  if (explicitId && explicitId !== item.id) return { kind: 'spec', id: item.id, requirement: explicitId, folder };
  if (!editor || editor.document.uri.toString() !== uri.toString() || explicitId)
    return { kind: 'spec', id: item.id, folder };
  // The requirement whose frontmatter entry holds the cursor, or whose ID is under it.
  const offset = found.doc.lines.offsetAt({
    line: editor.selection.active.line,
    character: editor.selection.active.character,
  });
  let requirement = item.requirements.find(r => r.id && contains(r.span, offset))?.id;
  if (!requirement) {
    const word = editor.document.getWordRangeAtPosition(editor.selection.active, /[A-Za-z][A-Za-z0-9_-]*/);
    const text = word ? editor.document.getText(word) : '';
    requirement = item.requirements.find(r => r.id === text)?.id;
  }
  return { kind: 'spec', id: item.id, requirement, folder };
}

function findFinding(evidence: EvidenceTreeProvider, id: string): EvidenceNode | undefined {
  const walk = (nodes: EvidenceNode[]): EvidenceNode | undefined => {
    for (const n of nodes) {
      if (n.kind === 'finding' && n.row.id === id) return n;
      if (n.kind === 'folder' || n.kind === 'group') {
        const hit = walk(n.children);
        if (hit) return hit;
      }
    }
    return undefined;
  };
  return walk(evidence.getChildren());
}
