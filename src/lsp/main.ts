import {
  createConnection,
  ProposedFeatures,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver/node';
import { GroundedLanguageServer } from './server';

export const LSP_HELP = `Usage: grounded lsp --stdio

Runs the Grounded language server over standard input and output, for editors that speak
the Language Server Protocol (Neovim, Helix, Zed, JetBrains with LSP4IJ, …). It indexes
each workspace folder the editor opens and reads each folder's .grounded.yaml.

initializationOptions (all optional):
  configPath   the config file relative to each folder (default: .grounded.yaml)
  today        the date to judge staleness against, YYYY-MM-DD (default: today)
`;

/**
 * \`grounded lsp\`: starts the server and returns undefined (it runs until the client exits it),
 * or returns an exit code for a usage error or \`--help\`.
 */
export function main(
  args: string[],
  io: { stdout: (s: string) => void; stderr: (s: string) => void },
): number | undefined {
  for (const a of args) {
    if (a === '-h' || a === '--help') {
      io.stdout(LSP_HELP);
      return 0;
    }
    // Clients add these; stdio is the only transport, and the server exits when stdin closes.
    if (a === '--stdio' || a.startsWith('--clientProcessId')) continue;
    io.stderr(
      `grounded: lsp: unknown option \`${a}\`: only --stdio is supported\nRun \`grounded lsp --help\` for usage.\n`,
    );
    return 2;
  }
  const connection = createConnection(
    ProposedFeatures.all,
    new StreamMessageReader(process.stdin),
    new StreamMessageWriter(process.stdout),
  );
  new GroundedLanguageServer(connection);
  connection.listen();
  return undefined;
}
