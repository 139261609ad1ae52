import type { Config } from './config';
import type { ParsedDocument } from './model';
import { parseMarkdown } from './parse';
import { buildReport, type JsonReport } from './report';
import { traceItem, type Trace } from './trace';
import type { Diagnostic, ItemType, Span, TextEdit } from './types';
import {
  buildIndex,
  buildIndexSync,
  documentOf,
  fileFilter,
  type BuildOptions,
  type BuildProgress,
  type BuildResult,
  type FileFilter,
  type FileRead,
  type Workspace,
} from './workspace';
import { WorkspaceIndex } from './workspaceIndex';
import { checkDraft, coverageOf, getItem, searchTool, type SearchArgs } from './features/agent';
import { codeLenses } from './features/codeLens';
import {
  addInputReasonEdits,
  addWaiverEdits,
  itemTemplate,
  linkEvidenceEdits,
  linkInputEdits,
  newItemUri,
  renameFieldEdits,
  replaceLinkEdits,
} from './features/codeActions';
import { complete, type CompleteOptions } from './features/completion';
import { definition } from './features/definition';
import { describeId, hover } from './features/hover';
import { documentLinks } from './features/links';
import { references } from './features/references';
import { prepareRename, rename, renameId, renameProblem } from './features/rename';
import { searchItems } from './features/search';
import { documentSymbols, workspaceSymbols } from './features/symbols';

export interface ServiceOptions {
  /** Where the folder's documents are listed and read from. */
  workspace: Workspace;
  config: Config;
  /** "Today" as YYYY-MM-DD, for staleness and expiring waivers. */
  today: string;
}

/** What a full indexing may add to the service's own workspace, config and date. */
export type BuildRun = Omit<BuildOptions, 'config' | 'today'>;

/** A function from a document's URI to how an edge names it (a root-relative path for the CLI). */
export type FileOf = (uri: string) => string;

/**
 * The one entry to the core for an edge (the VS Code extension, the CLI, the language server,
 * the MCP server): one workspace folder with its config and date, the index that keeps it, and
 * every editor feature and report over that index. Positions are offsets into a document's
 * text; ranges in the answers are the core's zero-based LSP-shaped ones.
 *
 * The service only wraps the core's functions: what it answers is what they answer.
 */
export class GroundedService {
  readonly workspace: Workspace;
  readonly config: Config;
  readonly today: string;
  /** The config's include/exclude decision, the one every edge uses. */
  readonly filter: FileFilter;
  private current: WorkspaceIndex;

  constructor(options: ServiceOptions) {
    this.workspace = options.workspace;
    this.config = options.config;
    this.today = options.today;
    this.filter = fileFilter(options.config);
    // Empty until the first build: a placeholder that answers nothing.
    this.current = new WorkspaceIndex({ config: options.config, today: options.today });
  }

  /** The evidence graph, as of the last build and the updates since. */
  get index(): WorkspaceIndex {
    return this.current;
  }

  // Keeping the index current.

  /**
   * Indexes the whole folder (giving the host a turn every few milliseconds, see `buildIndex`);
   * the new index replaces the current one once it is complete. `signal` abandons the build.
   */
  async build(run: BuildRun = {}, progress?: BuildProgress, signal?: { cancelled: boolean }): Promise<BuildResult> {
    const built = await buildIndex(this.workspace, this.buildOptions(run), progress, signal);
    this.current = built.index;
    return built;
  }

  /** `build` for a workspace that answers synchronously (the CLI's, the tests'). */
  buildSync(run: BuildRun = {}, progress?: BuildProgress): BuildResult {
    const built = buildIndexSync(this.workspace, this.buildOptions(run), progress);
    this.current = built.index;
    return built;
  }

  private buildOptions(run: BuildRun): BuildOptions {
    return { ...run, config: this.config, today: this.today };
  }

  /** Whether the config includes the file at `uri` (a URI inside the workspace). */
  includes(uri: string): boolean {
    const rel = this.workspace.relative(uri);
    return rel !== undefined && this.filter.includes(rel);
  }

  get(uri: string): ParsedDocument | undefined {
    return this.current.get(uri);
  }

  /** Adds or replaces a document. Returns the URIs whose diagnostics may have changed. */
  set(doc: ParsedDocument): string[] {
    return this.current.set(doc);
  }

  /** Parses `text` as the document at `uri` (reusing its last parse where the edit left it alone) and sets it. */
  setText(uri: string, text: string): string[] {
    return this.current.set(parseMarkdown(uri, text, { previous: this.current.get(uri) }));
  }

  /** Sets the document a workspace read gave (text or an unreadable file). */
  setRead(uri: string, read: FileRead): string[] {
    return this.current.set(documentOf(uri, read));
  }

  /** Removes a document. Returns the other URIs whose diagnostics may have changed. */
  delete(uri: string): string[] {
    return this.current.delete(uri);
  }

  // Editor features, at an offset of an indexed document.

  hover(doc: ParsedDocument, offset: number) {
    return hover(this.current, doc, offset);
  }

  /** The hover text of an ID (completion items' documentation). */
  describeId(id: string) {
    return describeId(this.current, id);
  }

  complete(doc: ParsedDocument, offset: number, options?: CompleteOptions) {
    return complete(this.current, doc, offset, options);
  }

  definition(doc: ParsedDocument, offset: number) {
    return definition(this.current, doc, offset);
  }

  references(doc: ParsedDocument, offset: number, includeDeclaration?: boolean) {
    return references(this.current, doc, offset, includeDeclaration);
  }

  prepareRename(doc: ParsedDocument, offset: number) {
    return prepareRename(this.current, doc, offset);
  }

  /** The edits (and file renames) of renaming the ID at `offset`; throws with a message for a bad name. */
  rename(doc: ParsedDocument, offset: number, newName: string) {
    return rename(this.current, doc, offset, newName);
  }

  renameId(oldId: string, newName: string) {
    return renameId(this.current, oldId, newName);
  }

  /** Why `newName` cannot replace `oldId`, or undefined when it can. */
  renameProblem(oldId: string, newName: string) {
    return renameProblem(this.current, oldId, newName);
  }

  codeLenses(doc: ParsedDocument) {
    return codeLenses(this.current, doc);
  }

  documentLinks(doc: ParsedDocument) {
    return documentLinks(this.current, doc);
  }

  documentSymbols(doc: ParsedDocument) {
    return documentSymbols(doc);
  }

  workspaceSymbols(query: string, limit?: number) {
    return workspaceSymbols(this.current, query, limit);
  }

  // Code actions: the edits behind the quick fixes.

  /** Replaces the ID at `span` (a broken link) with `newId`. */
  replaceLinkEdits(doc: ParsedDocument, span: Span, newId: string): TextEdit[] {
    return replaceLinkEdits(doc, span, newId);
  }

  /** Renames the field whose key is at `keySpan` (an unknown field's near spelling). */
  renameFieldEdits(doc: ParsedDocument, keySpan: Span, name: string): TextEdit[] {
    return renameFieldEdits(doc, keySpan, name);
  }

  /** Cites finding `findingId` from a requirement (or from the decision the document is, without one). */
  linkEvidenceEdits(doc: ParsedDocument, requirementId: string | undefined, findingId: string) {
    return linkEvidenceEdits(doc, requirementId, findingId);
  }

  /** Lists the input `inputId` under a requirement's `inputs`. */
  linkInputEdits(doc: ParsedDocument, requirementId: string, inputId: string) {
    return linkInputEdits(doc, requirementId, inputId);
  }

  /** Gives a declined input its reason. */
  addInputReasonEdits(doc: ParsedDocument, reason: string) {
    return addInputReasonEdits(doc, reason);
  }

  /** Waives a requirement's grounding, with a reason. */
  addWaiverEdits(doc: ParsedDocument, requirementId: string, reason: string) {
    return addWaiverEdits(doc, requirementId, reason);
  }

  /** The text of a new item, for a quick fix that creates the item a broken link names. */
  itemTemplate(type: ItemType, id: string, today: string = this.today, title?: string): string {
    return itemTemplate(type, id, today, title);
  }

  /** Where a new item goes: beside the others of its type, else in the folder the config names. */
  newItemUri(type: ItemType, id: string, rootUri: string): string {
    return newItemUri(this.current, type, id, rootUri);
  }

  // Diagnostics, the report and search.

  diagnostics(uri: string): Diagnostic[] {
    return this.current.diagnostics(uri);
  }

  report(file: FileOf): JsonReport {
    return buildReport(this.current, file);
  }

  /** Items ranked for `query`, best first, restricted to `types`. */
  search(query: string, types?: readonly ItemType[], limit?: number) {
    return searchItems(this.current, query, types, limit);
  }

  /** Everything linked to an ID. */
  trace(id: string): Trace | undefined {
    return traceItem(this.current, id);
  }

  // The agent's tools (the MCP server).

  searchTool(args: SearchArgs, file: FileOf) {
    return searchTool(this.current, args, file);
  }

  getItem(id: string, file: FileOf) {
    return getItem(this.current, id, file);
  }

  checkDraft(uri: string, text: string, file: FileOf) {
    return checkDraft(this.current, uri, text, file);
  }

  coverageOf(file: FileOf, spec?: string) {
    return coverageOf(this.current, file, spec);
  }
}

/** The core for one workspace folder: see `GroundedService`. */
export function createGroundedService(options: ServiceOptions): GroundedService {
  return new GroundedService(options);
}
