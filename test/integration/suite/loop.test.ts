import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { GroundedApi } from '../../../src/extension/extension';
import type { ViewsApi } from '../../../src/extension/views';
import type { InputNode } from '../../../src/extension/views/inputsTree';
import { fixtureUri, getApi, indexedSuite, positionOf, waitFor } from './util';

/** Inputs, metrics and outcomes (docs/format.md) in the real editor: the Inputs view, the hovers and the quick fixes. */

const FILES: Record<string, string> = {
  'specs/tmp-loop.md': [
    '---',
    'id: S-tmp-loop',
    'type: spec',
    'title: Loop playground',
    'status: shipped',
    'shipped: 2026-01-10',
    'metrics: [M-tmp-loop]',
    'requirements:',
    '  - id: R-tmp-loop-1',
    '    text: Asked for by two teams',
    '    waiver: playground',
    '    inputs: [I-tmp-loop-1, I-tmp-loop-3]',
    '  - id: R-tmp-loop-2',
    '    text: Nothing asked yet',
    '    waiver: playground',
    '---',
    '# Loop playground',
    '',
  ].join('\n'),
  'inputs/I-tmp-loop-1.md': [
    '---',
    'id: I-tmp-loop-1',
    'type: input',
    'title: Shoppers ask why they need an account',
    'from: support',
    'by: Maya',
    'date: 2026-01-05',
    'status: done',
    '---',
    '# Shoppers ask',
    '',
  ].join('\n'),
  'inputs/I-tmp-loop-2.md': [
    '---',
    'id: I-tmp-loop-2',
    'type: input',
    'title: A dark mode',
    'from: success',
    'date: 2026-01-06',
    'status: declined',
    '---',
    '# A dark mode',
    '',
  ].join('\n'),
  'inputs/I-tmp-loop-3.md': [
    '---',
    'id: I-tmp-loop-3',
    'type: input',
    'title: Apple Pay in demos',
    'from: sales',
    'date: 2026-01-07',
    'status: planned',
    '---',
    '# Apple Pay',
    '',
  ].join('\n'),
  'metrics/M-tmp-loop.md': [
    '---',
    'id: M-tmp-loop',
    'type: metric',
    'title: Loop conversion',
    'unit: "%"',
    'direction: increase',
    'baseline: 50',
    'target: 60',
    '---',
    '',
  ].join('\n'),
  'findings/F-tmp-loop-b.md': [
    '---',
    'id: F-tmp-loop-b',
    'type: finding',
    'title: Conversion in March',
    'source: analytics',
    'date: 2026-03-01',
    'metric: M-tmp-loop',
    'value: 62',
    '---',
    '',
  ].join('\n'),
  'findings/F-tmp-loop-a.md': [
    '---',
    'id: F-tmp-loop-a',
    'type: finding',
    'title: Conversion in February',
    'source: analytics',
    'date: 2026-02-01',
    'metric: M-tmp-loop',
    'value: 55',
    '---',
    '',
  ].join('\n'),
};

async function hoverText(uri: vscode.Uri, pos: vscode.Position): Promise<string> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, pos);
  return hovers
    .flatMap(h => h.contents)
    .map(c => (c instanceof vscode.MarkdownString ? c.value : typeof c === 'string' ? c : c.value))
    .join('\n')
    .replace(/\\([!-/:-@[-`{-~])/g, '$1');
}

function label(item: vscode.TreeItem): string {
  return typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
}

describe('the input-to-outcome loop in the editor', function () {
  indexedSuite(this);
  let api: GroundedApi;
  let views: ViewsApi;
  const uri = (rel: string) => fixtureUri(rel);

  before(async () => {
    api = await getApi<GroundedApi>();
    views = api.views as unknown as ViewsApi;
    for (const [rel, text] of Object.entries(FILES))
      await vscode.workspace.fs.writeFile(uri(rel), new TextEncoder().encode(text));
    await waitFor(
      () => Object.keys(FILES).every(rel => api.model.document(uri(rel))),
      15000,
      'the playground files were not indexed',
    );
  });

  after(async () => {
    await vscode.commands.executeCommand('grounded.showAllInputs');
    await vscode.commands.executeCommand('grounded.groupInputs', 'team');
    // Revert and close what this suite opened, and go back to one editor group: the next window
    // (the UI checks) restores the editors and the layout it finds.
    for (;;) {
      const tab = vscode.window.tabGroups.all
        .flatMap(g => g.tabs)
        .find(t => t.input instanceof vscode.TabInputText && /tmp-loop|I-100/.test(t.input.uri.path));
      if (!tab) break;
      await vscode.window.showTextDocument((tab.input as vscode.TabInputText).uri, {
        viewColumn: tab.group.viewColumn,
        preview: false,
      });
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
    await vscode.commands.executeCommand('workbench.action.editorLayoutSingle');
    for (const rel of Object.keys(FILES)) await vscode.workspace.fs.delete(uri(rel)).then(undefined, () => undefined);
    assert.equal(vscode.window.tabGroups.all.length, 1, 'one editor group is left');
  });

  describe('the Inputs view', () => {
    const roots = () => views.inputs.getChildren();
    const find = (id: string) =>
      roots()
        .flatMap(g => views.inputs.getChildren(g))
        .find(n => n.kind === 'input' && n.row.id === id);

    it('groups the inputs by team, in the order of the format', async () => {
      await vscode.commands.executeCommand('grounded.groupInputs', 'team');
      const groups = await waitFor(
        () => {
          views.refreshNow();
          const r = roots();
          return r.some(g => g.kind === 'group' && g.group.inputs.some(i => i.id === 'I-tmp-loop-3')) && r;
        },
        10000,
        'the playground inputs never showed in the Inputs view',
      );
      assert.deepEqual(
        groups.map(g => label(views.inputs.getTreeItem(g))),
        ['sales', 'support', 'success'],
      );
      const sales = views.inputs.getTreeItem(groups[0]);
      assert.equal(sales.description, '2 · 1 actioned · 1 waiting');
      assert.deepEqual(
        views.inputs.getChildren(groups[0]).map(n => n.kind === 'input' && n.row.id),
        ['I-100', 'I-tmp-loop-3'],
      );
    });

    it('expands an input to where it went, with the state of each place', () => {
      const node = find('I-tmp-loop-1')!;
      const item = views.inputs.getTreeItem(node);
      assert.equal(item.collapsibleState, vscode.TreeItemCollapsibleState.Collapsed);
      assert.match(String(item.description), /Shoppers ask why they need an account · done · 1 place/);
      const [place] = views.inputs.getChildren(node) as InputNode[];
      const p = views.inputs.getTreeItem(place);
      assert.equal(label(p), 'R-tmp-loop-1');
      assert.equal(p.description, 'Asked for by two teams · S-tmp-loop (shipped) · waived');
      assert.equal((p.iconPath as vscode.ThemeIcon).id, 'circle-slash');
      assert.equal(p.command?.command, 'vscode.open');
      const tip = item.tooltip as vscode.MarkdownString;
      assert.equal(tip.isTrusted, false);
    });

    it('groups by status, and shows only the waiting inputs one click away', async () => {
      await vscode.commands.executeCommand('grounded.groupInputs', 'status');
      assert.deepEqual(
        roots().map(g => label(views.inputs.getTreeItem(g))),
        ['new', 'planned', 'declined', 'done'],
      );
      await vscode.commands.executeCommand('grounded.showWaitingInputs');
      assert.equal(views.inputsView.description, 'by status · waiting only');
      assert.deepEqual(
        roots()
          .flatMap(g => views.inputs.getChildren(g))
          .map(n => n.kind === 'input' && n.row.id),
        ['I-100'],
      );
      const item = views.inputs.getTreeItem(find('I-100')!);
      assert.match(String(item.description), /waiting \d+ days/);
      await vscode.commands.executeCommand('grounded.showAllInputs');
      assert.ok(find('I-tmp-loop-2'));
    });
  });

  describe('hovers', () => {
    it('on an input: who raised it, and every place that cites it with its state', async () => {
      const spec = await vscode.workspace.openTextDocument(uri('specs/tmp-loop.md'));
      await vscode.window.showTextDocument(spec);
      const text = await waitFor(
        async () => {
          const t = await hoverText(spec.uri, positionOf(spec, 'I-tmp-loop-1', 3));
          return t.includes('From **support**') && t;
        },
        15000,
        'no input hover',
      );
      assert.match(text, /From \*\*support\*\* by Maya on 2026-01-05/);
      assert.match(
        text,
        /Where it went \(1 place\):\n- `R-tmp-loop-1` Asked for by two teams — requirement of `S-tmp-loop` \(shipped\), \*\*waived\*\*/,
      );
    });

    it('on a metric: baseline, target and the measurements in date order, with the outcome', async () => {
      const spec = await vscode.workspace.openTextDocument(uri('specs/tmp-loop.md'));
      const text = await hoverText(spec.uri, positionOf(spec, 'M-tmp-loop', 3));
      assert.match(text, /Baseline 50% → target 60% \(↑ increase\)/);
      assert.match(text, /Measurements:\n- 2026-02-01: 55% \(`F-tmp-loop-a`\)\n- 2026-03-01: 62% \(`F-tmp-loop-b`\)/);
      assert.match(text, /`S-tmp-loop` \(shipped 2026-01-10\): 50% → 62% on 2026-03-01, target 60% — \*\*met\*\*/);
    });

    it('CodeLens on a requirement names its inputs by team', async () => {
      const spec = await vscode.workspace.openTextDocument(uri('specs/tmp-loop.md'));
      const lenses = await waitFor(
        async () => {
          const found = await vscode.commands.executeCommand<vscode.CodeLens[]>(
            'vscode.executeCodeLensProvider',
            spec.uri,
            10,
          );
          return found.some(l => l.command?.title.startsWith('asked')) && found;
        },
        10000,
        'no inputs CodeLens',
      );
      const lens = lenses.find(l => l.command?.title.startsWith('asked'))!;
      assert.equal(lens.command!.title, 'asked in 2 inputs: support, sales');
      assert.equal(lens.range.start.line, 8);
    });
  });

  describe('completion', () => {
    it('offers only inputs in inputs: and only metrics in metrics:', async () => {
      const spec = await vscode.workspace.openTextDocument(uri('specs/tmp-loop.md'));
      await vscode.window.showTextDocument(spec);
      const items = async (needle: string) => {
        const list = await vscode.commands.executeCommand<vscode.CompletionList>(
          'vscode.executeCompletionItemProvider',
          spec.uri,
          positionOf(spec, needle, needle.length),
        );
        return list.items.filter(i => /^(finding|spec|decision|persona|input|metric)( · |$)/.test(i.detail ?? ''));
      };
      const inputs = await waitFor(
        async () => {
          const found = await items('    inputs: [');
          return found.length >= 4 && found;
        },
        10000,
        'no input completions',
      );
      assert.ok(
        inputs.every(i => /^input\b/.test(i.detail ?? '')),
        inputs.map(i => i.detail).join(', '),
      );
      assert.ok(inputs.some(i => (typeof i.label === 'string' ? i.label : i.label.label) === 'I-100'));
      const metrics = await items('metrics: [');
      assert.deepEqual([...new Set(metrics.map(i => (i.detail ?? '').split(' ')[0]))], ['metric']);
    });
  });

  describe('the coverage report', () => {
    it('has Input from teams and Outcomes, with a chart that has the target line and the ship date', async () => {
      await vscode.commands.executeCommand('grounded.openReport');
      const html = await waitFor(
        () => views.reportHtml().includes('F-tmp-loop-b') && views.reportHtml(),
        15000,
        'the report did not show the playground',
      );
      assert.match(html, /<h2>Input from teams<\/h2>/);
      assert.match(
        html,
        /<th scope="row">success<\/th><td class="num">1<\/td><td class="num">0<\/td><td class="num">0<\/td>/,
      );
      assert.match(html, /<h2>Outcomes<\/h2>/);
      assert.match(html, /<svg class="chart" [^>]*aria-label="M-tmp-loop: 50% → 62%, target 60%, met">/);
      assert.match(html, /<line class="target" [^>]*><title>target 60%<\/title>/);
      assert.match(html, /<line class="ship" [^>]*><title>shipped 2026-01-10<\/title>/);
      assert.match(html, /Content-Security-Policy/);
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    });
  });

  describe('quick fixes', () => {
    async function actionsAt(target: vscode.Uri, needle: string, title: RegExp): Promise<vscode.CodeAction> {
      const doc = await vscode.workspace.openTextDocument(target);
      const pos = positionOf(doc, needle, 1);
      return waitFor(
        async () => {
          const found = await vscode.commands.executeCommand<vscode.CodeAction[]>(
            'vscode.executeCodeActionProvider',
            target,
            new vscode.Range(pos, pos),
          );
          return found.find(a => title.test(a.title));
        },
        10000,
        `no code action ${title} at ${needle}`,
      );
    }

    it('adds a reason to a declined input, as one undoable edit', async () => {
      const target = uri('inputs/I-tmp-loop-2.md');
      const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(target));
      const before = editor.document.getText();
      const fix = await actionsAt(target, 'declined', /^Add a reason for declining I-tmp-loop-2…$/);
      assert.equal(fix.command?.command, 'grounded.addInputReason');
      assert.equal(fix.isPreferred, true);
      // The reason the input box would ask for, passed as the command's argument.
      assert.equal(
        await vscode.commands.executeCommand(
          fix.command!.command,
          ...(fix.command!.arguments ?? []),
          'Not this year: the admin redesign comes first',
        ),
        true,
      );
      assert.match(
        editor.document.getText(),
        /\nstatus: declined\nreason: "Not this year: the admin redesign comes first"\n---/,
      );
      await waitFor(
        () =>
          !vscode.languages
            .getDiagnostics(target)
            .some(
              d =>
                d.code === 'declined-without-reason' ||
                (typeof d.code === 'object' && d.code.value === 'declined-without-reason'),
            ),
        10000,
        'the warning stayed',
      );
      await vscode.commands.executeCommand('undo');
      await waitFor(() => editor.document.getText() === before, 5000, 'undo did not restore the input');
      await editor.document.save();
    });

    it('links a waiting input to the requirement under the cursor in the spec beside it', async () => {
      const spec = await vscode.workspace.openTextDocument(uri('specs/tmp-loop.md'));
      const specEditor = await vscode.window.showTextDocument(spec, vscode.ViewColumn.One);
      const at = positionOf(spec, 'Nothing asked yet', 2);
      specEditor.selection = new vscode.Selection(at, at);
      const inputUri = uri('inputs/I-100 sales.md');
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(inputUri), vscode.ViewColumn.Two);
      const fix = await actionsAt(
        inputUri,
        'I-100',
        /^Link I-100 to R-tmp-loop-2 \(under the cursor in tmp-loop\.md\)$/,
      );
      assert.ok(fix.edit, 'the fix is a WorkspaceEdit');
      assert.ok(await vscode.workspace.applyEdit(fix.edit));
      assert.match(spec.getText(), /    text: Nothing asked yet\n    waiver: playground\n    inputs: \[I-100\]\n---/);
      await waitFor(
        () => !vscode.languages.getDiagnostics(inputUri).some(d => /unanswered-input/.test(JSON.stringify(d.code))),
        10000,
        'the input still counts as unanswered',
      );
      await vscode.window.showTextDocument(spec, vscode.ViewColumn.One);
      await vscode.commands.executeCommand('undo');
      await waitFor(() => spec.getText() === FILES['specs/tmp-loop.md'], 5000, 'undo did not restore the spec');
      await spec.save();
    });

    it('offers "Link an input" on any requirement of a spec, and links the chosen one', async () => {
      const spec = await vscode.workspace.openTextDocument(uri('specs/tmp-loop.md'));
      await vscode.window.showTextDocument(spec, vscode.ViewColumn.One);
      const action = await actionsAt(spec.uri, 'Nothing asked yet', /^Link an input to R-tmp-loop-2…$/);
      assert.equal(action.command?.command, 'grounded.linkInput');
      assert.equal(
        await vscode.commands.executeCommand('grounded.linkInput', ...(action.command!.arguments ?? []), [
          'I-tmp-loop-2',
          'I-100',
        ]),
        true,
      );
      assert.match(spec.getText(), /    waiver: playground\n    inputs: \[I-tmp-loop-2, I-100\]\n---/);
      await vscode.commands.executeCommand('undo');
      await waitFor(
        () => spec.getText() === FILES['specs/tmp-loop.md'],
        5000,
        'undo did not restore the spec in one step',
      );
      await spec.save();
    });
  });
});
