// Runs the integration suite in VS Code desktop through @vscode/test-electron, which downloads
// VS Code: for machines with internet. run.ts runs the same suite in code-server here.
//
//   node out/test/integration/electron.js            latest stable VS Code
//   VSCODE_TEST_VERSION=1.90.0 node out/test/integration/electron.js   the engines.vscode floor
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';

const root = path.resolve(__dirname, '../../..');

async function main(): Promise<number> {
  const userData = fs.mkdtempSync(path.join(os.tmpdir(), 'grounded-electron-'));
  fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
  fs.writeFileSync(
    path.join(userData, 'User', 'settings.json'),
    JSON.stringify({
      'security.workspace.trust.enabled': false,
      'workbench.startupEditor': 'none',
      'telemetry.telemetryLevel': 'off',
      'update.mode': 'none',
      'extensions.ignoreRecommendations': true,
    }),
  );
  try {
    // Built-in extensions stay enabled: the suite proves Grounded works next to VS Code's
    // own Markdown features.
    return await runTests({
      version: process.env.VSCODE_TEST_VERSION,
      extensionDevelopmentPath: root,
      extensionTestsPath: path.join(root, 'out', 'test', 'integration', 'suite', 'index.js'),
      launchArgs: [
        path.join(root, 'test', 'fixtures', 'workspace'),
        '--user-data-dir',
        userData,
        '--disable-workspace-trust',
        '--skip-welcome',
        '--skip-release-notes',
      ],
    });
  } finally {
    fs.rmSync(userData, { recursive: true, force: true });
  }
}

main().then(
  code => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
