/**
 * What each package ships, file by file: the one list that the package tests compare the real
 * VSIX and npm tarball with. A new bundle or asset goes here and into what selects it
 * (`.vscodeignore` for the VSIX, `files` in package.json for npm).
 */

/**
 * The VSIX's entries. vsce adds the first two itself and renames README.md, CHANGELOG.md and
 * LICENSE to readme.md, changelog.md and LICENSE.txt.
 */
export const VSIX_FILES: readonly string[] = [
  '[Content_Types].xml',
  'extension.vsixmanifest',
  'extension/package.json',
  'extension/readme.md',
  'extension/changelog.md',
  'extension/LICENSE.txt',
  'extension/dist/extension.js',
  // The read-ahead thread of the Node host's reader; without it the editor reads on its main thread.
  'extension/dist/worker.js',
  // The web extension (package.json "browser"), for github.dev and vscode.dev.
  'extension/dist/web/extension.js',
  // Opened at a rule by grounded.showRuleDocs, so the docs work offline.
  'extension/docs/rules.md',
  'extension/media/grounded.svg',
  'extension/media/icon.png',
  'extension/media/icon.svg',
  'extension/media/report.css',
  'extension/media/report.js',
  'extension/media/screenshots/hover.png',
  'extension/media/screenshots/inputs.png',
  'extension/media/screenshots/outcomes.png',
  'extension/media/screenshots/problems.png',
  'extension/media/screenshots/report.png',
  'extension/media/screenshots/tree.png',
  'extension/snippets/markdown.json',
  'extension/syntaxes/grounded-ids.tmLanguage.json',
];

/** The npm tarball's entries (below `package/`): the CLI and what npm always adds. */
export const NPM_FILES: readonly string[] = [
  'package.json',
  'README.md',
  'LICENSE',
  'CHANGELOG.md',
  'dist/cli.js',
  // The CLI's read-ahead thread; without it the CLI reads on its main thread.
  'dist/worker.js',
  // `grounded lsp` and `grounded mcp`, loaded by the CLI only when asked for.
  'dist/lsp.js',
  'dist/mcp.js',
];

/** Size limits, in bytes, of the packed files. */
export const MAX_VSIX_BYTES = 2 * 1024 * 1024;
// 512 KB held the CLI alone; the language server (~125 KB packed) and the MCP server (~250 KB,
// most of it zod, which the MCP SDK declares its schemas with) come on top (docs/editors.md).
export const MAX_NPM_BYTES = 640 * 1024;

/**
 * Sources that the CLI bundle must not contain: the extension's UI, the editor features of the
 * core, the view models of the trees and the report webview, and fuse.js (completion ranking).
 * Each is a prefix of a path in dist/cli.js.map's `sources`.
 */
export const NOT_IN_CLI: readonly string[] = [
  'src/extension/',
  'src/core/features/',
  'src/core/views/coverage',
  'src/core/views/evidence',
  'src/core/views/reportHtml',
  // (src/core/views/newItem is in: `grounded import` places new files with its folderFor.)
  'node_modules/fuse.js/',
];
