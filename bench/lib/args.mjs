// Strict command-line options of the benchmark scripts, with the parsers every aevb CLI shares
// (packages/examples/src/cli/options.ts, from its build): integers are integers, ranges are
// checked, unknown flags and duplicate list items are refused naming the flag, exit code 2
// (0 for --help).
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

const examplesRequire = createRequire(`${ROOT}packages/examples/package.json`);
const { Command, CommanderError } = examplesRequire('commander');
export const parsers = await import(`${ROOT}packages/examples/dist/cli/options.js`);

/**
 * Parses process.argv with a commander program named `name`; `declare(program, parsers)` adds the
 * options. Returns the option values; on a usage error prints commander's message and exits 2.
 */
export function parseBenchOptions(name, declare) {
  const program = new Command(name).exitOverride().showHelpAfterError('(add --help for the options)').allowExcessArguments(false);
  declare(program, parsers);
  try {
    program.parse(process.argv.slice(2), { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) process.exit(e.code === 'commander.helpDisplayed' || e.code === 'commander.help' ? 0 : 2);
    throw e;
  }
  return program.opts();
}

/**
 * The value of `--name` in process.argv through `parse` (one of `parsers`), or `dflt` when absent,
 * for scripts that also take flags of their own; a refused value prints the reason and exits 2.
 */
export function flagValue(name, parse, dflt) {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return dflt;
  try {
    return parse(process.argv[i + 1] ?? '');
  } catch (e) {
    process.stderr.write(`error: ${e.message}\n`);
    process.exit(2);
  }
}
