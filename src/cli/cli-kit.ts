// Shared plumbing of the operator commands (`npm run db:migrate`, `platform:admin`, …): argument
// parsing, one-line error messages instead of stack traces, exit codes.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, type ParseArgsConfig } from 'node:util';

/** Where a command writes; tests pass their own. */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

export const processIo: CliIo = {
  out: (line) => process.stdout.write(line + '\n'),
  err: (line) => process.stderr.write(line + '\n'),
};

/** A wrong command line: printed with the usage, exit code 2. */
export class UsageError extends Error {}

/** Parses `--name value` options (no positionals unless allowed); unknown options are a UsageError. */
export function parseOptions<O extends NonNullable<ParseArgsConfig['options']>>(
  argv: string[],
  options: O,
  usage: string,
  allowPositionals = false,
) {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals });
  } catch (err) {
    throw new UsageError(`${err instanceof Error ? err.message : String(err)}\nusage: ${usage}`);
  }
}

export type Command = (argv: string[], io: CliIo) => Promise<number>;

/**
 * Runs `command` when its module is the process entry (`tsx src/cli/x.ts`), and exits with its
 * code. Any error is one line on stderr: exit code 2 for a usage error, 1 otherwise.
 */
export function runIfMain(meta: ImportMeta, command: Command): void {
  const entry = process.argv[1];
  if (!entry || path.resolve(entry) !== fileURLToPath(meta.url)) {
    return;
  }
  command(process.argv.slice(2), processIo).then(
    (code) => process.exit(code),
    (err: unknown) => {
      processIo.err(`error: ${err instanceof Error ? err.message : String(err)}`);
      process.exit(err instanceof UsageError ? 2 : 1);
    },
  );
}
