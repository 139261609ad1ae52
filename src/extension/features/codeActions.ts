import * as vscode from 'vscode';
import { parseMarkdown, todayIso, type Diagnostic, type ItemType, type ParsedDocument, type Requirement } from '../../core';
import { addWaiverEdits, itemTemplate, linkEvidenceEdits, newItemUri, renameFieldEdits, replaceLinkEdits } from '../../core/features/codeActions';
import { searchItems } from '../../core/features/search';
import { MARKDOWN, resolve, toRange, toUri, toWorkspaceEdit, type FeatureContext, type Resolved } from './convert';

const PREFIX_TYPES: Record<string, ItemType> = { 'F-': 'finding', 'P-': 'persona', 'D-': 'decision', 'S-': 'spec', 'I-': 'input', 'M-': 'metric' };

/**
 * Quick fixes for Grounded's diagnostics, each one WorkspaceEdit (so one undo reverts it), and
 * the `grounded.linkEvidence` and `grounded.addWaiver` commands that the fixes, the CodeLens
 * and the views run. The commands take their choice as arguments too, which the tests use.
 */
export function registerCodeActions(ctx: FeatureContext): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.languages.registerCodeActionsProvider(
      MARKDOWN,
      {
        provideCodeActions(document, range) {
          const r = resolve(ctx, document);
          if (!r?.doc.item) return undefined;
          const actions: vscode.CodeAction[] = [];
          for (const d of r.index.diagnostics(r.doc.uri)) {
            if (!toRange(d.range).intersection(range)) continue;
            actions.push(...fixesFor(r, document, d));
          }
          return actions;
        },
      },
      { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] },
    ),
    vscode.commands.registerCommand('grounded.linkEvidence', (uri?: vscode.Uri | string, requirement?: string, finding?: string | string[]) =>
      linkEvidence(ctx, uri, requirement, finding),
    ),
    vscode.commands.registerCommand('grounded.addWaiver', (uri?: vscode.Uri | string, requirement?: string, reason?: string) => addWaiver(ctx, uri, requirement, reason)),
  );
}

function fix(title: string, d: Diagnostic, preferred = false): vscode.CodeAction {
  const action = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
  action.isPreferred = preferred;
  const diagnostic = new vscode.Diagnostic(toRange(d.range), d.message);
  diagnostic.source = 'grounded';
  diagnostic.code = d.rule;
  action.diagnostics = [diagnostic];
  return action;
}

function spanOf(doc: ParsedDocument, d: Diagnostic) {
  return { start: doc.lines.offsetAt(d.range.start), end: doc.lines.offsetAt(d.range.end) };
}

function requirementAt(doc: ParsedDocument, d: Diagnostic): Requirement | undefined {
  const at = doc.lines.offsetAt(d.range.start);
  return doc.item?.requirements.find((q) => at >= q.span.start && at <= q.span.end);
}

function fixesFor(r: Resolved, document: vscode.TextDocument, d: Diagnostic): vscode.CodeAction[] {
  const { doc } = r;
  const data = (d.data ?? {}) as Record<string, unknown>;
  const out: vscode.CodeAction[] = [];
  const span = spanOf(doc, d);
  switch (d.rule) {
    case 'superseded-evidence': {
      const successor = data.successor as string | undefined;
      if (successor) {
        const a = fix(`Replace ${data.id} with its successor ${successor}`, d, true);
        a.edit = toWorkspaceEdit(replaceLinkEdits(doc, span, successor));
        out.push(a);
      }
      break;
    }
    case 'unknown-field': {
      const suggestion = data.suggestion as string | undefined;
      if (suggestion) {
        const a = fix(`Rename \`${data.field}\` to \`${suggestion}\``, d, true);
        a.edit = toWorkspaceEdit(renameFieldEdits(doc, span, suggestion));
        out.push(a);
      }
      break;
    }
    case 'broken-link':
    case 'unknown-reference': {
      const id = data.id as string;
      for (const s of (data.suggestions as string[] | undefined) ?? []) {
        const a = fix(`Change to ${s}`, d, false);
        a.edit = toWorkspaceEdit(replaceLinkEdits(doc, span, s));
        out.push(a);
      }
      const type = (data.target as ItemType | undefined) ?? Object.entries(PREFIX_TYPES).find(([p]) => id.startsWith(p))?.[1];
      if (type) out.push(createItemFix(r, d, type, id));
      break;
    }
    case 'ungrounded-requirement':
    case 'weak-requirement': {
      const req = requirementAt(doc, d);
      if (!req?.id) break;
      const link = fix(`Link evidence to ${req.id}…`, d, d.rule === 'ungrounded-requirement');
      link.command = { title: 'Link evidence…', command: 'grounded.linkEvidence', arguments: [document.uri, req.id] };
      out.push(link);
      if (!req.waiver) {
        const waive = fix(`Add a waiver to ${req.id}…`, d);
        waive.command = { title: 'Add a waiver…', command: 'grounded.addWaiver', arguments: [document.uri, req.id] };
        out.push(waive);
      }
      break;
    }
    case 'ungrounded-decision': {
      const link = fix('Link evidence to this decision…', d, true);
      link.command = { title: 'Link evidence…', command: 'grounded.linkEvidence', arguments: [document.uri, undefined] };
      out.push(link);
      break;
    }
  }
  return out;
}

/** Creates the missing item from its template (one WorkspaceEdit) and opens it. */
function createItemFix(r: Resolved, d: Diagnostic, type: ItemType, id: string): vscode.CodeAction {
  const target = toUri(newItemUri(r.index, type, id, r.folder.folder.uri.toString()));
  const a = fix(`Create ${type} ${id}`, d);
  const edit = new vscode.WorkspaceEdit();
  edit.createFile(target, { ignoreIfExists: true });
  edit.insert(target, new vscode.Position(0, 0), itemTemplate(type, id, todayIso()));
  a.edit = edit;
  a.command = { title: 'Open', command: 'vscode.open', arguments: [target] };
  return a;
}

async function documentFor(uri: vscode.Uri | string | undefined): Promise<vscode.TextDocument | undefined> {
  if (uri === undefined) return vscode.window.activeTextEditor?.document;
  return vscode.workspace.openTextDocument(typeof uri === 'string' ? toUri(uri) : uri);
}

/** The requirement under the cursor of the document's editor, or one the user picks. */
async function pickRequirement(r: Resolved, document: vscode.TextDocument, placeHolder: string): Promise<string | undefined> {
  const editor = vscode.window.visibleTextEditors.find((e) => e.document === document);
  const requirements = r.doc.item?.requirements.filter((q) => q.id) ?? [];
  if (editor) {
    const at = document.offsetAt(editor.selection.active);
    const here = requirements.find((q) => at >= q.span.start && at <= q.span.end);
    if (here) return here.id;
  }
  if (requirements.length === 0) return undefined;
  const picked = await vscode.window.showQuickPick(
    requirements.map((q) => ({ label: q.id!, description: q.text ?? '', detail: r.index.grounding(q).state })),
    { placeHolder },
  );
  return picked?.label;
}

/** A quick pick of findings, searched with the same ranking as completion as the user types. */
async function pickFindings(r: Resolved, exclude: Set<string>): Promise<string[] | undefined> {
  const pick = vscode.window.createQuickPick<vscode.QuickPickItem & { id: string }>();
  pick.title = 'Link evidence';
  pick.placeholder = 'Search findings by ID, title, tags or text (e.g. "guest checkout")';
  pick.canSelectMany = true;
  pick.matchOnDescription = true;
  pick.matchOnDetail = true;
  const update = () => {
    pick.items = searchItems(r.index, pick.value, ['finding'], 50)
      .filter((e) => !exclude.has(e.id))
      .map((e) => ({
        id: e.id,
        label: e.id,
        description: e.title,
        detail: [e.status, e.item.source, e.item.method, e.item.date].filter(Boolean).join(' · '),
        // fuse.js ranked these; VS Code's own filter must not drop them.
        alwaysShow: true,
      }));
  };
  update();
  return new Promise((resolvePick) => {
    let done = false;
    pick.onDidChangeValue(update);
    pick.onDidAccept(() => {
      done = true;
      const chosen = pick.selectedItems.length ? pick.selectedItems : pick.activeItems;
      resolvePick(chosen.map((c) => c.id));
      pick.hide();
    });
    pick.onDidHide(() => {
      if (!done) resolvePick(undefined);
      pick.dispose();
    });
    pick.show();
  });
}

/**
 * Adds findings to a requirement's `evidence` (or a decision's, with no requirement) as one
 * WorkspaceEdit. Arguments: the document, the requirement ID, and the finding IDs; whatever
 * is missing is asked for.
 */
export async function linkEvidence(ctx: FeatureContext, uri?: vscode.Uri | string, requirement?: string, finding?: string | string[]): Promise<boolean> {
  const document = await documentFor(uri);
  if (!document) return false;
  const r = resolve(ctx, document);
  if (!r?.doc.item) return false;
  const isDecision = r.doc.item.type === 'decision';
  if (!requirement && !isDecision) requirement = await pickRequirement(r, document, 'Which requirement gets the evidence?');
  if (!requirement && !isDecision) return false;
  const cited = new Set((isDecision ? r.doc.item.evidence : r.doc.item.requirements.find((q) => q.id === requirement)?.evidence ?? []).map((l) => l.id));
  const ids = finding === undefined ? await pickFindings(r, cited) : Array.isArray(finding) ? finding : [finding];
  if (!ids?.length) return false;
  // Each ID is added to the text as it stands after the previous one; the result is applied
  // as one replacement of the part that changed, so that the cursor stays and undo is one step.
  const before = document.getText();
  let text = before;
  for (const id of ids) {
    const doc = parseMarkdown(document.uri.toString(), text);
    for (const e of linkEvidenceEdits(doc, isDecision ? undefined : requirement, id) ?? []) {
      text = text.slice(0, doc.lines.offsetAt(e.range.start)) + e.newText + text.slice(doc.lines.offsetAt(e.range.end));
    }
  }
  if (text === before) return false;
  let start = 0;
  while (start < before.length && start < text.length && before[start] === text[start]) start++;
  let end = 0;
  while (end < before.length - start && end < text.length - start && before[before.length - 1 - end] === text[text.length - 1 - end]) end++;
  const edit = new vscode.WorkspaceEdit();
  edit.replace(document.uri, new vscode.Range(document.positionAt(start), document.positionAt(before.length - end)), text.slice(start, text.length - end));
  return vscode.workspace.applyEdit(edit);
}

/** Sets a requirement's `waiver` to a reason the user types (or passes), as one WorkspaceEdit. */
export async function addWaiver(ctx: FeatureContext, uri?: vscode.Uri | string, requirement?: string, reason?: string): Promise<boolean> {
  const document = await documentFor(uri);
  if (!document) return false;
  const r = resolve(ctx, document);
  if (!r?.doc.item) return false;
  requirement ??= await pickRequirement(r, document, 'Which requirement is waived?');
  if (!requirement) return false;
  reason ??= await vscode.window.showInputBox({
    title: `Waive ${requirement}`,
    prompt: 'Why does this requirement need no evidence? The reason is kept in the spec for reviewers.',
    placeHolder: 'e.g. PCI requirement from legal; no user research needed',
    validateInput: (v) => (v.trim() ? undefined : 'A waiver needs a reason.'),
  });
  if (!reason?.trim()) return false;
  const edits = addWaiverEdits(r.doc, requirement, reason.trim());
  if (!edits) return false;
  return vscode.workspace.applyEdit(toWorkspaceEdit(edits));
}
