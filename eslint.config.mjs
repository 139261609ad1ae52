// ESLint holds the boundaries that the architecture depends on (ARCHITECTURE.md): the core is
// pure, and the edges reach it through its index only. Layout is Prettier's, not ESLint's.
import { builtinModules } from 'node:module';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

/** Every Node built-in, in both spellings (`fs` and `node:fs`), and their subpaths (`fs/promises`). */
const nodeBuiltins = [...new Set(builtinModules.map(m => m.replace(/^node:/, '')))].flatMap(m => [m, `node:${m}`]);

export default defineConfig(
  { ignores: ['out/', 'dist/', 'node_modules/', '.vscode-test/', 'test/fixtures/', 'bench/.data/', 'bench/results/'] },
  tseslint.configs.recommended,
  prettier,
  {
    rules: {
      // A leading underscore names what is dropped on purpose (`const { files: _files, ...rest } = pkg`).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
    },
  },
  {
    // The report webview's script runs in the webview, with the DOM and VS Code's one API.
    files: ['media/**/*.js'],
    languageOptions: { globals: { document: 'readonly', window: 'readonly', HTMLElement: 'readonly' } },
    rules: { 'no-undef': 'error' },
  },
  {
    // Lazy loads: `import`'s CSV parser only for `grounded import`, and the servers' bundles by a computed path.
    files: ['src/cli/main.ts'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // The core runs in the CLI, the extension host, a browser's web worker and the servers.
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'vscode', message: 'src/core is pure: the VS Code edge (src/extension) adapts it.' },
            ...nodeBuiltins.map(name => ({
              name,
              message: 'src/core is pure: Node belongs to the edges (src/node, src/cli, src/lsp, src/mcp).',
            })),
          ],
        },
      ],
    },
  },
  {
    // The edges reach the core through its index: the service, the types and a few pure helpers.
    files: ['src/extension/**/*.ts', 'src/cli/**/*.ts', 'src/lsp/**/*.ts', 'src/mcp/**/*.ts', 'src/node/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/core/*'],
              message: "Import the core's index ('../core'): add what an edge needs to src/core/index.ts.",
            },
          ],
        },
      ],
    },
  },
);
