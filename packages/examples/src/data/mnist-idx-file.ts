/**
 * Loading the full MNIST from the four IDX files in a directory (Node only).
 *
 * @module
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PersistenceError } from '@aevb/core';
import type { LabeledImageSet, Split } from './image-set.js';
import { readIdxFile } from './idx-file.js';
import { labeledSetFromIdx } from './mnist-idx.js';

/**
 * The base names of the four MNIST files; each may also exist with a `.gz` suffix.
 *
 * @category Data
 */
export const MNIST_IDX_FILES = {
  trainImages: 'train-images-idx3-ubyte',
  trainLabels: 'train-labels-idx1-ubyte',
  testImages: 't10k-images-idx3-ubyte',
  testLabels: 't10k-labels-idx1-ubyte',
} as const;

function locate(dir: string, base: string): string {
  for (const name of [base, `${base}.gz`]) {
    const file = join(dir, name);
    if (existsSync(file)) return file;
  }
  throw new PersistenceError(`loadMnistIdx: file '${join(dir, base)}' (or '${base}.gz') is missing in directory '${dir}'`);
}

function loadPair(dir: string, imagesBase: string, labelsBase: string): LabeledImageSet {
  const imagesFile = locate(dir, imagesBase);
  const labelsFile = locate(dir, labelsBase);
  return labeledSetFromIdx(readIdxFile(imagesFile), readIdxFile(labelsFile), imagesFile, labelsFile);
}

/**
 * Loads the full MNIST (60,000 training and 10,000 test digits) from `train-images-idx3-ubyte`,
 * `train-labels-idx1-ubyte`, `t10k-images-idx3-ubyte` and `t10k-labels-idx1-ubyte` in `dir`, each
 * optionally gzipped (`.gz`). Pixels are scaled into [0, 1].
 *
 * @throws PersistenceError naming the file that is missing, empty, truncated, has a wrong magic
 *   number, or whose sizes disagree
 * @category Data
 */
export function loadMnistIdx(dir: string): Split<LabeledImageSet> {
  if (!existsSync(dir)) throw new PersistenceError(`loadMnistIdx: data directory '${dir}' is missing`);
  const train = loadPair(dir, MNIST_IDX_FILES.trainImages, MNIST_IDX_FILES.trainLabels);
  const test = loadPair(dir, MNIST_IDX_FILES.testImages, MNIST_IDX_FILES.testLabels);
  if (train.height !== test.height || train.width !== test.width) {
    throw new PersistenceError(
      `loadMnistIdx: size mismatch in '${dir}': training images are ${train.height}x${train.width}, test images ${test.height}x${test.width}`,
    );
  }
  return { train, test };
}
