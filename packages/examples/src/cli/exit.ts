/**
 * One exit-code convention for every command-line tool, and the runner that applies it.
 *
 * ```text
 * 0  success, or --help
 * 2  usage error: an unknown or malformed flag, an invalid value or combination of values, or a
 *    file or folder named on the command line that cannot be used (missing, corrupt, too large
 *    for memory, owned by another run). Nothing was written.
 * 1  failure: the work started and did not finish (training diverged, a write failed), or an
 *    internal error.
 * ```
 *
 * Errors aevb raises on purpose print as one line `error: <message>` (no stack trace); only an
 * unexpected error (a bug) prints its stack.
 *
 * @module
 */
import { AevbError, ArgumentError } from '@aevb/core';
import { CommanderError, type Command } from 'commander';

/** Exit codes of the command-line tools. @category CLI */
export const EXIT_CODES = { ok: 0, failure: 1, usage: 2 } as const;

/**
 * The command line cannot be carried out as given (a flag, its value, or a file or folder it
 * names); the tool exits with code 2. The message names the flag or file.
 *
 * @category CLI
 */
export class UsageError extends AevbError {
  override readonly name: string = 'UsageError';
}

/**
 * Runs `work` as the preparation of a command (reading and checking what the command line
 * names): any aevb error it raises becomes a {@link UsageError} with the same message, so the
 * tool exits with code 2.
 *
 * @example
 * ```ts
 * import { usagePhase } from './exit.js';
 * import { loadVaeData } from '../vae/data-source.js';
 * const data = await usagePhase(() => loadVaeData({ data: 'embedded', frey: undefined, train: 100 }));
 * console.log(data.train.n); // 100
 * ```
 * @category CLI
 */
export async function usagePhase<T>(work: () => T | Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (e instanceof AevbError && !(e instanceof UsageError)) throw new UsageError(e.message);
    throw e;
  }
}

/** The exit code of an error under the convention above. @category CLI */
export function exitCodeOf(e: unknown): number {
  if (e instanceof CommanderError) {
    return e.code === 'commander.helpDisplayed' || e.code === 'commander.help' || e.code === 'commander.version' ? EXIT_CODES.ok : EXIT_CODES.usage;
  }
  if (e instanceof UsageError || e instanceof ArgumentError) return EXIT_CODES.usage;
  return EXIT_CODES.failure;
}

/** `program` and every subcommand throw instead of exiting (commander prints its own message first). */
function overrideExits(cmd: Command): void {
  cmd.exitOverride();
  for (const sub of cmd.commands) overrideExits(sub);
}

/**
 * Parses `argv` (user arguments, without `node` and the script) with `program`, runs its action,
 * and exits with the code of the convention above. Aevb errors print as `error: <message>`.
 *
 * @category CLI
 */
export async function runCli(program: Command, argv: readonly string[]): Promise<never> {
  overrideExits(program);
  let code: number = EXIT_CODES.ok;
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (e) {
    code = exitCodeOf(e);
    if (e instanceof CommanderError) {
      // commander has printed the message (and the help after a usage error).
    } else if (e instanceof AevbError) process.stderr.write(`error: ${e.message}\n`);
    else process.stderr.write(`internal error (please report): ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  }
  return process.exit(code);
}
