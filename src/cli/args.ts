import { parseArgs, type ParseArgsConfig } from 'node:util';

/** What every `grounded` command writes to. */
export interface CommandIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  cwd: string;
}

/** A usage error of `grounded COMMAND`: one line, where the help is, and exit code 2. */
export function usageError(io: Pick<CommandIo, 'stderr'>, command: string, message: string): number {
  io.stderr(`grounded: ${message}\nRun \`grounded${command ? ` ${command}` : ''} --help\` for usage.\n`);
  return 2;
}

type Options = NonNullable<ParseArgsConfig['options']>;
type Parsed<O extends Options> = ReturnType<
  typeof parseArgs<{ args: string[]; allowPositionals: true; strict: true; options: O }>
>;

/**
 * A command's arguments, parsed the same way for every command: an unknown or malformed flag is
 * a usage error, and `--help` prints `help`. Returns the exit code instead when either ends the
 * command.
 */
export function parseCommand<O extends Options>(
  argv: string[],
  options: O,
  io: Pick<CommandIo, 'stdout' | 'stderr'>,
  command: string,
  help: string,
): Parsed<O> | number {
  let parsed: Parsed<O>;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, strict: true, options });
  } catch (e) {
    return usageError(io, command, (e as Error).message.split('\n')[0]);
  }
  if ((parsed.values as { help?: boolean }).help) {
    io.stdout(help);
    return 0;
  }
  return parsed;
}
