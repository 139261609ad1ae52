import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vm from 'node:vm';

const ROOT = path.join(__dirname, '..', '..', '..');
const BUNDLE = path.join(ROOT, 'dist', 'web', 'extension.js');

/**
 * What a browser's web worker has (the web extension host of github.dev and vscode.dev): the
 * language's own globals plus these. No `require` beyond `vscode`, no `process`, `Buffer`,
 * `setImmediate`, `__dirname`.
 */
function workerGlobals(): Record<string, unknown> {
  return {
    console,
    setTimeout,
    clearTimeout,
    setInterval,
    clearInterval,
    queueMicrotask,
    TextDecoder,
    TextEncoder,
    URL,
    URLSearchParams,
    crypto: globalThis.crypto,
    btoa,
    atob,
    performance,
    AbortController,
  };
}

/** A stand-in for the `vscode` module that answers every property with another stand-in. */
function anything(): unknown {
  const target = function () {};
  const proxy: unknown = new Proxy(target, {
    get: (_t, key) => (key === 'prototype' ? target.prototype : key === Symbol.toPrimitive ? () => '' : proxy),
    apply: () => proxy,
    construct: () => ({}),
  });
  return proxy;
}

describe('the web extension bundle (package.json "browser")', () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

  it("is the manifest's browser entry and was built", () => {
    assert.equal(manifest.browser, './dist/web/extension.js');
    assert.ok(fs.existsSync(BUNDLE), 'run npm run build');
  });

  it('requires nothing but vscode', () => {
    const text = fs.readFileSync(BUNDLE, 'utf8');
    const required = new Set([...text.matchAll(/\brequire\(["']([^"']+)["']\)/g)].map(m => m[1]));
    assert.deepEqual([...required], ['vscode']);
    // Globals a worker lacks, called at run time rather than at load (the shim replaces setImmediate).
    // (picomatch reads process.platform behind a typeof check; that is allowed.)
    const used = [...text.matchAll(/\b(setImmediate|Buffer\.\w+|process\.(?:env|cwd|argv|exit)|__dirname)\b/g)].map(
      m => m[1],
    );
    assert.deepEqual([...new Set(used)], []);
  });

  it('loads in a worker-like context without Node globals, and exports activate and deactivate', () => {
    const sandbox: Record<string, unknown> = { ...workerGlobals(), module: { exports: {} } };
    sandbox.self = sandbox;
    sandbox.exports = (sandbox.module as { exports: unknown }).exports;
    const asked: string[] = [];
    sandbox.require = (name: string) => {
      asked.push(name);
      if (name !== 'vscode') throw new Error(`the web bundle required ${name}`);
      // esbuild's interop copies own properties and keeps the prototype: look-ups reach the stand-in.
      return Object.create(anything() as object);
    };
    vm.runInNewContext(fs.readFileSync(BUNDLE, 'utf8'), sandbox, { filename: BUNDLE });
    const exported = (sandbox.module as { exports: Record<string, unknown> }).exports;
    assert.equal(typeof exported.activate, 'function');
    assert.equal(typeof exported.deactivate, 'function');
    assert.deepEqual([...new Set(asked)], ['vscode']);
    for (const name of ['process', 'Buffer', 'setImmediate', '__dirname']) assert.equal(name in sandbox, false, name);
  });

  it('is the same extension: every source module of the desktop bundle but the Node-only ones, which it lacks', () => {
    const sources = (map: string) =>
      new Set(
        (JSON.parse(fs.readFileSync(map, 'utf8')).sources as string[])
          .filter(s => s.includes('/src/'))
          .map(s => s.slice(s.indexOf('/src/') + 1)),
      );
    const desktop = sources(path.join(ROOT, 'dist', 'extension.js.map'));
    const web = sources(BUNDLE + '.map');
    // The Node entry and what only it uses: the Node adapter of the Workspace seam (src/node) and
    // the V8 snapshot codec; the web entry reads through vscode.workspace.fs instead.
    const nodeOnly = (s: string) =>
      s.startsWith('src/node/') || s === 'src/extension/extension.ts' || s === 'src/extension/nodeWorkspace.ts';
    const missing = [...desktop].filter(s => !web.has(s) && !nodeOnly(s));
    assert.deepEqual(missing, []);
    assert.ok(web.has('src/extension/web/shims.ts'));
    assert.ok(web.has('src/extension/workspace.ts'), 'the vscode.workspace.fs adapter');
    assert.deepEqual([...web].filter(nodeOnly), [], 'nothing Node-only in the web bundle');
  });
});
