import * as vscode from 'vscode';
import {
  BuildCancelled,
  CONFIG_FILE,
  createGroundedService,
  defaultConfig,
  isMissing,
  MAX_CONFIG_BYTES,
  parseConfig,
  RULE_IDS,
  todayIso,
  type Config,
  type ConfigError,
  type FileFilter,
  type FileStat,
  type GroundedService,
  type ParsedDocument,
  type Workspace,
  type WorkspaceIndex,
} from '../core';
import { readFile, VsCodeWorkspace, type WorkspaceFactory } from './workspace';
import type { SnapshotStore } from './snapshots';
import { log, reportProblem } from './log';

const TYPING_DELAY_MS = 120;
/** After a change, the snapshot is written once changes have settled for this long. */
const SNAPSHOT_DELAY_MS = 5000;
/** After a full indexing, once the diagnostics are out. */
const SNAPSHOT_FIRST_DELAY_MS = 1500;

/** Gives the extension host a turn: pending events (typing) run first. */
const turn = () => new Promise<void>(r => setImmediate(r));

/** One workspace folder with its own config and index. */
export interface FolderState {
  folder: vscode.WorkspaceFolder;
  /** The core for this folder: its index and every feature over it. */
  service: GroundedService;
  /** `service.index`. */
  readonly index: WorkspaceIndex;
  configErrors: ConfigError[];
  configUri: vscode.Uri;
  /** Where the folder's documents are listed and read from (`service.workspace`, or the next one while indexing). */
  workspace: Workspace;
  /** The config's include/exclude decision (the one every front end uses). */
  filter: FileFilter;
  /** Resolves when the first full indexing of this folder is done. */
  ready: Promise<void>;
  /** While a full indexing runs: `done` of `total` files, and the URIs changed meanwhile. */
  indexing?: { done: number; total: number; changed: Set<string>; cancel: { cancelled: boolean } };
  /** The stat of the file each document was read from, for the snapshot; none for unsaved texts. */
  stats: Map<string, FileStat>;
  /** How many documents the last full indexing took from the snapshot. */
  reused: number;
  /** Whether `index` is a full indexing's (until the first one ends it is an empty placeholder). */
  complete: boolean;
  /** Milliseconds of the last full indexing's phases, for the editor benchmark. */
  timings?: Record<string, number>;
  /** A snapshot write waiting for changes to settle. */
  saveTimer?: NodeJS.Timeout;
}

export interface ModelChange {
  folder: FolderState;
  /** URIs (strings) whose diagnostics, hovers or tree items may have changed. */
  uris: string[];
}

/**
 * Keeps one `WorkspaceIndex` per workspace folder current: the first indexing runs in the
 * background with progress, then file-system watchers and editor changes update single
 * documents. Unsaved editor contents win over the disk.
 */
export class GroundedModel implements vscode.Disposable {
  private readonly folders = new Map<string, FolderState>();
  private readonly emitter = new vscode.EventEmitter<ModelChange>();
  private readonly disposables: vscode.Disposable[] = [this.emitter];
  private readonly pending = new Map<string, NodeJS.Timeout>();
  /**
   * Per URI, a number bumped by every change from the disk (docs/limits.md): a read that a later
   * change or delete overtook is dropped, so that thousands of changes at once (a branch
   * switch) converge to what a fresh index of the disk gives, with no ghost or stale document.
   */
  private readonly diskGeneration = new Map<string, number>();
  private readonly configEmitter = new vscode.EventEmitter<FolderState>();
  /** Fires after documents changed in an index. */
  readonly onDidChange = this.emitter.event;
  /** Fires when a folder's `.grounded.yaml` was read again (its errors may have changed). */
  readonly onDidChangeConfig = this.configEmitter.event;

  private readonly progressEmitter = new vscode.EventEmitter<FolderState>();
  /** Fires as a full indexing advances (see `FolderState.indexing`) and when it ends. */
  readonly onDidProgress = this.progressEmitter.event;

  constructor(
    private readonly today: () => string = todayIso,
    private readonly workspaceFor: WorkspaceFactory = folder => new VsCodeWorkspace(folder.uri),
    private readonly snapshots?: SnapshotStore,
  ) {
    this.disposables.push(this.configEmitter, this.progressEmitter);
  }

  /** Starts indexing every folder and listening for changes. Returns at once. */
  start(): void {
    for (const folder of vscode.workspace.workspaceFolders ?? []) this.addFolder(folder);
    this.disposables.push(
      vscode.workspace.onDidChangeWorkspaceFolders(e => {
        for (const f of e.removed) this.folders.delete(f.uri.toString());
        for (const f of e.added) this.addFolder(f);
      }),
      vscode.workspace.onDidChangeTextDocument(e => {
        if (isMarkdown(e.document) && e.contentChanges.length > 0) this.schedule(e.document);
      }),
      vscode.workspace.onDidOpenTextDocument(d => {
        if (isMarkdown(d)) this.updateFromText(d.uri, d.getText());
      }),
      vscode.workspace.onDidCloseTextDocument(d => {
        // Closing a dirty editor without saving drops its text: fall back to the disk.
        if (isMarkdown(d) && d.isDirty) void this.updateFromDisk(d.uri);
      }),
    );
    const watcher = vscode.workspace.createFileSystemWatcher('**/*.{md,markdown}');
    watcher.onDidCreate(uri => this.updateFromDiskUnlessOpen(uri));
    watcher.onDidChange(uri => this.updateFromDiskUnlessOpen(uri));
    watcher.onDidDelete(uri => this.remove(uri));
    // A folder deleted or moved at once (`rm -r`, a branch switch) is reported as the folder
    // alone, which the Markdown pattern does not match: what was below a deleted folder goes
    // too, and a new folder (moved in) has the folder indexed again (docs/limits.md).
    const folders = vscode.workspace.createFileSystemWatcher('**/*', false, true, false);
    folders.onDidDelete(uri => {
      if (!/\.(md|markdown)$/i.test(uri.path)) this.removeBelow(uri);
    });
    folders.onDidCreate(uri => {
      if (!/\.(md|markdown)$/i.test(uri.path)) void this.reindexIfFolder(uri);
    });
    this.disposables.push(folders);
    const configWatcher = vscode.workspace.createFileSystemWatcher(`**/${CONFIG_FILE}`);
    const reloadConfig = (uri: vscode.Uri) => {
      const state = this.folderOf(uri);
      if (state && state.configUri.toString() === uri.toString()) void this.reindex(state.folder);
    };
    configWatcher.onDidCreate(reloadConfig);
    configWatcher.onDidChange(reloadConfig);
    configWatcher.onDidDelete(reloadConfig);
    this.disposables.push(watcher, configWatcher);
  }

  /** Every folder state. */
  all(): FolderState[] {
    return [...this.folders.values()];
  }

  /** "Indexing 4,200 / 10,000" over every folder being indexed, or undefined when none is. */
  indexingMessage(): string | undefined {
    let done = 0;
    let total = 0;
    let any = false;
    for (const f of this.folders.values()) {
      if (!f.indexing) continue;
      any = true;
      done += f.indexing.done;
      total += f.indexing.total;
    }
    return any ? indexingMessage(done, total) : undefined;
  }

  /** Resolves when every folder has been indexed once. */
  async ready(): Promise<void> {
    await Promise.all(this.all().map(f => f.ready));
  }

  folderOf(uri: vscode.Uri): FolderState | undefined {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    return folder ? this.folders.get(folder.uri.toString()) : undefined;
  }

  /** The parsed document, its folder's service and index, for a URI inside a workspace folder. */
  document(
    uri: vscode.Uri,
  ): { doc: ParsedDocument; service: GroundedService; index: WorkspaceIndex; folder: FolderState } | undefined {
    const folder = this.folderOf(uri);
    const doc = folder?.index.get(uri.toString());
    return folder && doc ? { doc, service: folder.service, index: folder.index, folder } : undefined;
  }

  /** Parses an editor's current text now, skipping the typing delay (for features that need it fresh). */
  flush(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    const timer = this.pending.get(key);
    if (timer) {
      clearTimeout(timer);
      this.pending.delete(key);
      this.updateFromText(document.uri, document.getText());
    }
  }

  /** Writes every folder's snapshot now (the tests and the benchmark wait for it). */
  async saveSnapshots(): Promise<void> {
    await Promise.all(this.all().map(state => this.saveSnapshot(state)));
  }

  private scheduleSave(state: FolderState, delayMs = SNAPSHOT_DELAY_MS): void {
    if (!this.snapshots) return;
    clearTimeout(state.saveTimer);
    state.saveTimer = setTimeout(() => void this.saveSnapshot(state), delayMs);
  }

  private async saveSnapshot(state: FolderState): Promise<void> {
    clearTimeout(state.saveTimer);
    state.saveTimer = undefined;
    if (!this.snapshots || state.indexing) return;
    await this.snapshots.save(state.folder.uri, state.index, state.stats, turn);
  }

  dispose(): void {
    for (const t of this.pending.values()) clearTimeout(t);
    this.pending.clear();
    for (const f of this.folders.values()) clearTimeout(f.saveTimer);
    for (const d of this.disposables) d.dispose();
  }

  private addFolder(folder: vscode.WorkspaceFolder): void {
    const configUri = this.configUriOf(folder);
    const workspace = this.workspaceFor(folder);
    // An empty placeholder until the first indexing replaces it.
    const service = createGroundedService({ workspace, config: defaultConfig(), today: this.today() });
    const state: FolderState = {
      folder,
      configUri,
      configErrors: [],
      service,
      get index() {
        return this.service.index;
      },
      workspace,
      filter: service.filter,
      ready: Promise.resolve(),
      stats: new Map(),
      reused: 0,
      complete: false,
    };
    this.folders.set(folder.uri.toString(), state);
    state.ready = this.indexFolder(state);
  }

  private configUriOf(folder: vscode.WorkspaceFolder): vscode.Uri {
    const setting = vscode.workspace.getConfiguration('grounded', folder.uri).get<string>('configPath', '');
    return setting ? vscode.Uri.joinPath(folder.uri, setting) : vscode.Uri.joinPath(folder.uri, CONFIG_FILE);
  }

  private async reindex(folder: vscode.WorkspaceFolder): Promise<void> {
    const state = this.folders.get(folder.uri.toString());
    if (!state) return;
    state.workspace = this.workspaceFor(folder);
    state.ready = this.indexFolder(state);
    await state.ready;
  }

  private async readConfig(state: FolderState): Promise<Config> {
    let text: string;
    try {
      // A regular file of at most 1 MB: a FIFO or /dev/zero behind a symlink would never end.
      const st = await vscode.workspace.fs.stat(state.configUri);
      if (!(st.type & vscode.FileType.File) || st.size > MAX_CONFIG_BYTES) {
        state.configErrors = [
          {
            message:
              st.type & vscode.FileType.File
                ? `the config is over the ${MAX_CONFIG_BYTES / 1024 / 1024} MB limit; it was not read`
                : 'the config is not a regular file; it was not read',
            line: 1,
            column: 1,
          },
        ];
        reportProblem(
          'config',
          `${vscode.workspace.asRelativePath(state.configUri)} was not read: ${state.configErrors[0].message}`,
        );
        return defaultConfig();
      }
      text = new TextDecoder().decode(await vscode.workspace.fs.readFile(state.configUri));
    } catch {
      state.configErrors = [];
      return defaultConfig();
    }
    const { config, errors } = parseConfig(text, RULE_IDS);
    state.configErrors = errors;
    // Shown on the config file too; the folder is checked with the defaults meanwhile.
    if (errors.length > 0)
      reportProblem(
        'config',
        `${vscode.workspace.asRelativePath(state.configUri)} has ${errors.length === 1 ? 'an error' : `${errors.length} errors`}; the rest of its settings are used`,
        errors.map(e => `${e.line}:${e.column} ${e.message}`).join('\n'),
      );
    return config;
  }

  /**
   * Builds the folder's index with the one builder (docs/performance.md): open editors first and from
   * their unsaved text, the rest through the folder's workspace, giving the extension host a
   * turn every few milliseconds so that typing never waits. Edits made meanwhile are applied
   * to the new index once it replaces the old one. A newer indexing of the folder cancels this.
   */
  private async indexFolder(state: FolderState): Promise<void> {
    if (state.indexing) state.indexing.cancel.cancelled = true;
    const indexing = { done: 0, total: 0, changed: new Set<string>(), cancel: { cancelled: false } };
    state.indexing = indexing;
    const title = (vscode.workspace.workspaceFolders?.length ?? 0) > 1 ? `Grounded (${state.folder.name})` : 'Grounded';
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title }, async progress => {
      const config = await this.readConfig(state);
      this.configEmitter.fire(state);
      const service = createGroundedService({ workspace: state.workspace, config, today: this.today() });
      state.filter = service.filter;
      const open = new Map(vscode.workspace.textDocuments.filter(isMarkdown).map(d => [d.uri.toString(), d]));
      const active = vscode.window.activeTextEditor?.document.uri.toString();
      const first = [...(active && open.has(active) ? [active] : []), ...[...open.keys()].filter(u => u !== active)];
      let shown = 0;
      let built;
      const started = Date.now();
      let snapshotMs = 0;
      try {
        // The last snapshot of the folder: what did not change since is not read again.
        const reuse = await this.snapshots?.load(state.folder.uri, turn);
        snapshotMs = Date.now() - started;
        built = await service.build(
          {
            first,
            overlay: uri => open.get(uri)?.getText(),
            pause: turn,
            reuse,
            keepStats: true,
          },
          (done, total) => {
            indexing.done = done;
            indexing.total = total;
            const percent = total ? Math.floor((100 * done) / total) : 100;
            if (percent > shown || done === total) {
              progress.report({ message: indexingMessage(done, total), increment: percent - shown });
              shown = percent;
              this.progressEmitter.fire(state);
            }
          },
          indexing.cancel,
        );
      } catch (e) {
        if (state.indexing === indexing) state.indexing = undefined;
        if (e instanceof BuildCancelled) return;
        // A folder that cannot be listed (gone, unreadable) keeps what it has, and edits still
        // apply; the other folders and features go on, and the problem goes to the log.
        state.complete = true;
        this.progressEmitter.fire(state);
        reportProblem('index', `could not index ${state.folder.name}`, e);
        return;
      }
      for (const p of built.listing.problems) log().warn(`${p.file.rel || '.'}: ${p.message}`);
      state.service = service;
      state.complete = true;
      state.stats = built.stats ?? new Map();
      state.reused = built.reused;
      state.indexing = undefined;
      state.timings = { snapshot: snapshotMs, ...built.timings, total: Date.now() - started };
      this.progressEmitter.fire(state);
      // Once the first diagnostics are out (and unless nothing changed): a snapshot for the next start.
      if (built.reused < built.index.size) this.scheduleSave(state, SNAPSHOT_FIRST_DELAY_MS);
      // The documents open now (the active one first) have their diagnostics published first.
      const all = [...built.index.documents()].map(d => d.uri);
      const now = vscode.window.activeTextEditor?.document.uri.toString();
      const ahead = [
        ...new Set([...(now ? [now] : []), ...vscode.workspace.textDocuments.map(d => d.uri.toString()), ...first]),
      ].filter(u => built.index.get(u));
      const taken = new Set(ahead);
      this.emitter.fire({ folder: state, uris: [...ahead, ...all.filter(u => !taken.has(u))] });
      // What changed while the folder was read: from the editor when open, else from the disk.
      for (const uri of indexing.changed) this.updateFromDiskUnlessOpen(vscode.Uri.parse(uri));
    });
  }

  private schedule(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    const existing = this.pending.get(key);
    if (existing) clearTimeout(existing);
    this.pending.set(
      key,
      setTimeout(() => {
        this.pending.delete(key);
        this.updateFromText(document.uri, document.getText());
      }, TYPING_DELAY_MS),
    );
  }

  private updateFromText(uri: vscode.Uri, text: string): void {
    const state = this.folderOf(uri);
    if (!state) return;
    state.indexing?.changed.add(uri.toString());
    // Before the first indexing ends there is nothing to show: it takes the editor's text, or
    // applies the change once it is done, rather than showing diagnostics of a half index.
    if (!state.complete || !this.isIncluded(state, uri)) return;
    // VS Code opens documents for hovers, peeks and searches too: the same text needs no re-parse.
    const previous = state.index.get(uri.toString());
    if (previous?.text === text) return;
    // The last parse lets an edit in the body skip the frontmatter, and the other way round.
    const uris = state.service.setText(uri.toString(), text);
    // An editor's text may differ from the disk: the snapshot leaves it out (it is read again).
    if (state.stats.delete(uri.toString())) this.scheduleSave(state);
    this.emitter.fire({ folder: state, uris });
  }

  private updateFromDiskUnlessOpen(uri: vscode.Uri): void {
    const open = vscode.workspace.textDocuments.find(d => d.uri.toString() === uri.toString());
    if (open) this.updateFromText(uri, open.getText());
    else void this.updateFromDisk(uri);
  }

  private async updateFromDisk(uri: vscode.Uri): Promise<void> {
    const state = this.folderOf(uri);
    if (!state) return;
    const key = uri.toString();
    const generation = this.bumpDisk(key);
    state.indexing?.changed.add(key);
    if (!state.complete || !this.isIncluded(state, uri)) return;
    let stat: FileStat | undefined;
    let read;
    try {
      // The stat before the read, through the folder's workspace as the snapshot compares it.
      stat = await state.workspace.stat(key);
      read = stat ? await readFile(uri) : undefined;
    } catch (e) {
      reportProblem('read', `could not read ${vscode.workspace.asRelativePath(uri)}`, e);
      return;
    }
    // A later change or delete of the same file overtook this read: it has the last word.
    if (this.diskGeneration.get(key) !== generation) return;
    if (!stat || !read || isMissing(read)) {
      this.remove(uri);
      return;
    }
    const uris = state.service.setRead(key, read);
    state.stats.set(uri.toString(), stat);
    this.scheduleSave(state);
    this.emitter.fire({ folder: state, uris });
  }

  /** Removes every document below `uri` (a folder that was deleted). */
  private removeBelow(uri: vscode.Uri): void {
    const state = this.folderOf(uri);
    if (!state) return;
    const prefix = `${uri.toString()}/`;
    for (const doc of [...state.index.documents()])
      if (doc.uri.startsWith(prefix)) this.remove(vscode.Uri.parse(doc.uri));
  }

  private readonly reindexTimers = new Map<string, NodeJS.Timeout>();

  /** A folder that appeared (moved in, checked out): its folder is indexed again, once changes settle. */
  private async reindexIfFolder(uri: vscode.Uri): Promise<void> {
    const state = this.folderOf(uri);
    if (!state || uri.toString() === state.folder.uri.toString()) return;
    const rel = state.workspace.relative(uri.toString());
    if (rel === undefined || !state.filter.folder(rel)) return;
    let st: vscode.FileStat;
    try {
      st = await vscode.workspace.fs.stat(uri);
    } catch {
      return;
    }
    if (!(st.type & vscode.FileType.Directory)) return;
    const key = state.folder.uri.toString();
    clearTimeout(this.reindexTimers.get(key));
    this.reindexTimers.set(
      key,
      setTimeout(() => {
        this.reindexTimers.delete(key);
        void this.reindex(state.folder);
      }, 300),
    );
  }

  /** A new generation of `key`'s disk state (see `diskGeneration`). */
  private bumpDisk(key: string): number {
    const next = (this.diskGeneration.get(key) ?? 0) + 1;
    this.diskGeneration.set(key, next);
    return next;
  }

  private remove(uri: vscode.Uri): void {
    // A typing timer still pending for a deleted file would put it back.
    const key = uri.toString();
    // …and so would a read from the disk still under way.
    this.bumpDisk(key);
    clearTimeout(this.pending.get(key));
    this.pending.delete(key);
    const state = this.folderOf(uri);
    if (!state) return;
    state.indexing?.changed.add(key);
    if (!state.complete) return;
    if (state.stats.delete(key)) this.scheduleSave(state);
    const uris = state.service.delete(uri.toString());
    this.emitter.fire({ folder: state, uris: [uri.toString(), ...uris] });
  }

  /** The one include/exclude decision, the same as the CLI's walk (`exclude: [drafts]` keeps `drafts/` out). */
  private isIncluded(state: FolderState, uri: vscode.Uri): boolean {
    const rel = state.workspace.relative(uri.toString());
    return rel !== undefined && state.filter.includes(rel);
  }
}

function isMarkdown(document: vscode.TextDocument): boolean {
  return document.languageId === 'markdown' || /\.(md|markdown)$/i.test(document.uri.path);
}

/** True when something exists at `uri`. */
export async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/** "Indexing 4,200 / 10,000". */
export function indexingMessage(done: number, total: number): string {
  return `Indexing ${done.toLocaleString('en-US')} / ${total.toLocaleString('en-US')}`;
}
