import * as vscode from 'vscode';
import {
  parseMarkdown,
  todayIso,
  typeOfId,
  type Diagnostic,
  type ItemType,
  type ParsedDocument,
  type Requirement,
  type TextEdit,
} from '../../core';
import { MARKDOWN, resolve, toRange, toUri, toWorkspaceEdit, type FeatureContext, type Resolved } from './convert';

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
          for (const d of r.service.diagnostics(r.doc.uri)) {
            if (!toRange(d.range).intersection(range)) continue;
            actions.push(...fixesFor(ctx, r, document, d));
          }
          // In a spec, any requirement can take an input (docs/format.md, "Input"), with or without a diagnostic.
          const at = document.offsetAt(range.start);
          const req =
            r.doc.item.type === 'spec'
              ? r.doc.item.requirements.find(q => q.id && at >= q.span.start && at <= q.span.end)
              : undefined;
          if (req) {
            const a = new vscode.CodeAction(`Link an input to ${req.id}…`, vscode.CodeActionKind.RefactorRewrite);
            a.command = { title: 'Link an input…', command: 'grounded.linkInput', arguments: [document.uri, req.id] };
            actions.push(a);
          }
          return actions;
        },
      },
      { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix, vscode.CodeActionKind.RefactorRewrite] },
    ),
    vscode.commands.registerCommand(
      'grounded.linkInput',
      (uri?: vscode.Uri | string, requirement?: string, input?: string | string[]) =>
        linkInput(ctx, uri, requirement, input),
    ),
    vscode.commands.registerCommand('grounded.addInputReason', (uri?: vscode.Uri | string, reason?: string) =>
      addInputReason(ctx, uri, reason),
    ),
    vscode.commands.registerCommand(
      'grounded.linkEvidence',
      (uri?: vscode.Uri | string, requirement?: string, finding?: string | string[]) =>
        linkEvidence(ctx, uri, requirement, finding),
    ),
    vscode.commands.registerCommand(
      'grounded.addWaiver',
      (uri?: vscode.Uri | string, requirement?: string, reason?: string) => addWaiver(ctx, uri, requirement, reason),
    ),
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
  return doc.item?.requirements.find(q => at >= q.span.start && at <= q.span.end);
}

function fixesFor(ctx: FeatureContext, r: Resolved, document: vscode.TextDocument, d: Diagnostic): vscode.CodeAction[] {
  const { doc } = r;
  const data = (d.data ?? {}) as Record<string, unknown>;
  const out: vscode.CodeAction[] = [];
  const span = spanOf(doc, d);
  switch (d.rule) {
    case 'superseded-evidence': {
      const successor = data.successor as string | undefined;
      if (successor) {
        const a = fix(`Replace ${data.id} with its successor ${successor}`, d, true);
        a.edit = toWorkspaceEdit(r.service.replaceLinkEdits(doc, span, successor));
        out.push(a);
      }
      break;
    }
    case 'unknown-field': {
      const suggestion = data.suggestion as string | undefined;
      if (suggestion) {
        const a = fix(`Rename \`${data.field}\` to \`${suggestion}\``, d, true);
        a.edit = toWorkspaceEdit(r.service.renameFieldEdits(doc, span, suggestion));
        out.push(a);
      }
      break;
    }
    case 'broken-link':
    case 'unknown-reference': {
      const id = data.id as string;
      for (const s of (data.suggestions as string[] | undefined) ?? []) {
        const a = fix(`Change to ${s}`, d, false);
        a.edit = toWorkspaceEdit(r.service.replaceLinkEdits(doc, span, s));
        out.push(a);
      }
      const type = (data.target as ItemType | undefined) ?? typeOfId(id);
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
    case 'declined-without-reason': {
      const a = fix(`Add a reason for declining ${doc.item?.id ?? 'this input'}…`, d, true);
      a.command = { title: 'Add a reason…', command: 'grounded.addInputReason', arguments: [document.uri] };
      out.push(a);
      break;
    }
    case 'unanswered-input':
    case 'planned-input-not-actioned': {
      const id = doc.item?.id;
      if (!id) break;
      // The requirement under the cursor of another editor: where the PM is working right now.
      for (const editor of vscode.window.visibleTextEditors) {
        const other = resolve(ctx, editor.document);
        const item = other?.doc.item;
        if (!other || item?.type !== 'spec' || other.index !== r.index) continue;
        const at = editor.document.offsetAt(editor.selection.active);
        const req = item.requirements.find(q => q.id && at >= q.span.start && at <= q.span.end);
        const edits = req && other.service.linkInputEdits(other.doc, req.id!, id);
        if (!req || !edits?.length) continue;
        const a = fix(
          `Link ${id} to ${req.id} (under the cursor in ${editor.document.uri.path.replace(/^.*\//, '')})`,
          d,
          true,
        );
        a.edit = toWorkspaceEdit(edits);
        out.push(a);
      }
      const pick = fix(`Link ${id} to a requirement…`, d);
      pick.command = {
        title: 'Link to a requirement…',
        command: 'grounded.linkInput',
        arguments: [undefined, undefined, id],
      };
      out.push(pick);
      break;
    }
    case 'ungrounded-decision': {
      const link = fix('Link evidence to this decision…', d, true);
      link.command = {
        title: 'Link evidence…',
        command: 'grounded.linkEvidence',
        arguments: [document.uri, undefined],
      };
      out.push(link);
      break;
    }
  }
  return out;
}

/** Creates the missing item from its template (one WorkspaceEdit) and opens it. */
function createItemFix(r: Resolved, d: Diagnostic, type: ItemType, id: string): vscode.CodeAction {
  const target = toUri(r.service.newItemUri(type, id, r.folder.folder.uri.toString()));
  const a = fix(`Create ${type} ${id}`, d);
  const edit = new vscode.WorkspaceEdit();
  edit.createFile(target, { ignoreIfExists: true });
  edit.insert(target, new vscode.Position(0, 0), r.service.itemTemplate(type, id, todayIso()));
  a.edit = edit;
  a.command = { title: 'Open', command: 'vscode.open', arguments: [target] };
  return a;
}

async function documentFor(uri: vscode.Uri | string | undefined): Promise<vscode.TextDocument | undefined> {
  if (uri === undefined) return vscode.window.activeTextEditor?.document;
  return vscode.workspace.openTextDocument(typeof uri === 'string' ? toUri(uri) : uri);
}

/** The requirement under the cursor of the document's editor, or one the user picks. */
async function pickRequirement(
  r: Resolved,
  document: vscode.TextDocument,
  placeHolder: string,
): Promise<string | undefined> {
  const editor = vscode.window.visibleTextEditors.find(e => e.document === document);
  const requirements = r.doc.item?.requirements.filter(q => q.id) ?? [];
  if (editor) {
    const at = document.offsetAt(editor.selection.active);
    const here = requirements.find(q => at >= q.span.start && at <= q.span.end);
    if (here) return here.id;
  }
  if (requirements.length === 0) return undefined;
  const picked = await vscode.window.showQuickPick(
    requirements.map(q => ({ label: q.id!, description: q.text ?? '', detail: r.index.grounding(q).state })),
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
    pick.items = r.service
      .search(pick.value, ['finding'], 50)
      .filter(e => !exclude.has(e.id))
      .map(e => ({
        id: e.id,
        label: e.id,
        description: e.title,
        detail: [e.status, e.item.source, e.item.method, e.item.date].filter(Boolean).join(' · '),
        // fuse.js ranked these; VS Code's own filter must not drop them.
        alwaysShow: true,
      }));
  };
  update();
  return new Promise(resolvePick => {
    let done = false;
    pick.onDidChangeValue(update);
    pick.onDidAccept(() => {
      done = true;
      const chosen = pick.selectedItems.length ? pick.selectedItems : pick.activeItems;
      resolvePick(chosen.map(c => c.id));
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
export async function linkEvidence(
  ctx: FeatureContext,
  uri?: vscode.Uri | string,
  requirement?: string,
  finding?: string | string[],
): Promise<boolean> {
  const document = await documentFor(uri);
  if (!document) return false;
  const r = resolve(ctx, document);
  if (!r?.doc.item) return false;
  const isDecision = r.doc.item.type === 'decision';
  if (!requirement && !isDecision)
    requirement = await pickRequirement(r, document, 'Which requirement gets the evidence?');
  if (!requirement && !isDecision) return false;
  const cited = new Set(
    (isDecision ? r.doc.item.evidence : (r.doc.item.requirements.find(q => q.id === requirement)?.evidence ?? [])).map(
      l => l.id,
    ),
  );
  const ids = finding === undefined ? await pickFindings(r, cited) : Array.isArray(finding) ? finding : [finding];
  if (!ids?.length) return false;
  return applyLinks(document, ids, (doc, id) =>
    r.service.linkEvidenceEdits(doc, isDecision ? undefined : requirement, id),
  );
}

/**
 * Applies the edits that link each of `ids`, one after the other, to the text as it stands
 * after the previous one; the result is applied as one replacement of the part that changed,
 * so that the cursor stays and undo is one step.
 */
async function applyLinks(
  document: vscode.TextDocument,
  ids: string[],
  edits: (doc: ParsedDocument, id: string) => TextEdit[] | undefined,
): Promise<boolean> {
  const before = document.getText();
  let text = before;
  for (const id of ids) {
    const doc = parseMarkdown(document.uri.toString(), text);
    for (const e of edits(doc, id) ?? []) {
      text = text.slice(0, doc.lines.offsetAt(e.range.start)) + e.newText + text.slice(doc.lines.offsetAt(e.range.end));
    }
  }
  if (text === before) return false;
  let start = 0;
  while (start < before.length && start < text.length && before[start] === text[start]) start++;
  let end = 0;
  while (
    end < before.length - start &&
    end < text.length - start &&
    before[before.length - 1 - end] === text[text.length - 1 - end]
  )
    end++;
  const edit = new vscode.WorkspaceEdit();
  edit.replace(
    document.uri,
    new vscode.Range(document.positionAt(start), document.positionAt(before.length - end)),
    text.slice(start, text.length - end),
  );
  return vscode.workspace.applyEdit(edit);
}

/** Sets a requirement's `waiver` to a reason the user types (or passes), as one WorkspaceEdit. */
export async function addWaiver(
  ctx: FeatureContext,
  uri?: vscode.Uri | string,
  requirement?: string,
  reason?: string,
): Promise<boolean> {
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
    validateInput: v => (v.trim() ? undefined : 'A waiver needs a reason.'),
  });
  if (!reason?.trim()) return false;
  const edits = r.service.addWaiverEdits(r.doc, requirement, reason.trim());
  if (!edits) return false;
  return vscode.workspace.applyEdit(toWorkspaceEdit(edits));
}

/** A quick pick of the workspace's requirements, for an input to be linked to. */
async function pickAnyRequirement(r: Resolved): Promise<{ uri: string; id: string } | undefined> {
  const items: (vscode.QuickPickItem & { uri: string; id: string })[] = [];
  for (const doc of r.index.documents()) {
    if (doc.item?.type !== 'spec') continue;
    for (const q of doc.item.requirements) {
      if (q.id)
        items.push({
          label: q.id,
          description: q.text ?? '',
          detail: `${doc.item.id ?? ''} · ${doc.item.status} · ${r.index.grounding(q).state}`,
          uri: doc.uri,
          id: q.id,
        });
    }
  }
  items.sort((a, b) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
  const picked = await vscode.window.showQuickPick(items, {
    placeHolder: 'Which requirement acts on this input?',
    matchOnDescription: true,
    matchOnDetail: true,
  });
  return picked && { uri: picked.uri, id: picked.id };
}

/** A quick pick of inputs, searched like completion, for a requirement to cite. */
async function pickInputs(r: Resolved, exclude: Set<string>): Promise<string[] | undefined> {
  const items = r.service
    .search('', ['input'], 500)
    .filter(e => !exclude.has(e.id))
    .map(e => ({
      label: e.id,
      description: e.title,
      detail: [e.item.from, e.status, e.item.date].filter(Boolean).join(' · '),
      id: e.id,
    }));
  const picked = await vscode.window.showQuickPick(items, {
    placeHolder: 'Which inputs does this requirement act on?',
    canPickMany: true,
    matchOnDescription: true,
    matchOnDetail: true,
  });
  return picked?.map(p => p.id);
}

/**
 * Adds inputs to a requirement's `inputs` (docs/format.md, "Input") as one WorkspaceEdit. Arguments: the spec,
 * the requirement and the input IDs; whatever is missing is asked for (with only an input, the
 * requirement is picked from the whole workspace folder).
 */
export async function linkInput(
  ctx: FeatureContext,
  uri?: vscode.Uri | string,
  requirement?: string,
  input?: string | string[],
): Promise<boolean> {
  let document = uri === undefined && input !== undefined ? undefined : await documentFor(uri);
  if (!document) {
    const from = vscode.window.activeTextEditor?.document;
    const here = from && resolve(ctx, from);
    if (!here) return false;
    const picked = requirement ? undefined : await pickAnyRequirement(here);
    if (!picked) return false;
    document = await vscode.workspace.openTextDocument(toUri(picked.uri));
    requirement = picked.id;
  }
  const r = resolve(ctx, document);
  if (r?.doc.item?.type !== 'spec') return false;
  requirement ??= await pickRequirement(r, document, 'Which requirement acts on the input?');
  if (!requirement) return false;
  const cited = new Set(r.doc.item.requirements.find(q => q.id === requirement)?.inputs.map(l => l.id) ?? []);
  const ids = input === undefined ? await pickInputs(r, cited) : Array.isArray(input) ? input : [input];
  if (!ids?.length) return false;
  return applyLinks(document, ids, (doc, id) => r.service.linkInputEdits(doc, requirement!, id));
}

/** Gives a declined input the `reason` the user types (or passes), as one WorkspaceEdit. */
export async function addInputReason(
  ctx: FeatureContext,
  uri?: vscode.Uri | string,
  reason?: string,
): Promise<boolean> {
  const document = await documentFor(uri);
  if (!document) return false;
  const r = resolve(ctx, document);
  if (r?.doc.item?.type !== 'input') return false;
  const team = r.doc.item.from ? `the ${r.doc.item.from} team` : 'whoever raised it';
  reason ??= await vscode.window.showInputBox({
    title: `Why was ${r.doc.item.id ?? 'this input'} declined?`,
    prompt: `The reason is kept with the input, so that ${team} can read the answer.`,
    placeHolder: 'e.g. Out of scope for this year; handed to the B2B team',
    validateInput: v => (v.trim() ? undefined : 'A declined input needs a reason.'),
  });
  if (!reason?.trim()) return false;
  const edits = r.service.addInputReasonEdits(r.doc, reason.trim());
  if (!edits) return false;
  return vscode.workspace.applyEdit(toWorkspaceEdit(edits));
}
