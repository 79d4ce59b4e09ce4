/**
 * The canonical split of the embedded MNIST digits (pure; no file access).
 *
 * @module
 */
import { ArgumentError } from '@aevb/core';
import type { LabeledImageSet, Split } from './image-set.js';

/** MNIST images are 28 x 28. @category Data */
export const MNIST_SIDE = 28;

/** Fraction of each digit's file used for training in the canonical split. @category Data */
export const MNIST_TRAIN_FRACTION = 0.8;

/**
 * Builds the canonical split from the per-digit pixel arrays of the `mnist` package: within digit
 * d's array (`perDigit[d]`, images of 784 values in [0, 1] one after another), the first
 * `floor(0.8 * count_d)` images are training data and the rest test data. Both sets list digit 0's
 * images first, then digit 1's, …, in file order (shuffle minibatches, not the data).
 *
 * @param perDigit - ten arrays, one per digit 0–9
 * @param trainFraction - the fraction of each digit's images used for training (default 0.8)
 * @category Data
 */
export function splitPerDigit(
  perDigit: readonly ArrayLike<number>[],
  trainFraction: number = MNIST_TRAIN_FRACTION,
): Split<LabeledImageSet> {
  const fn = 'splitPerDigit';
  if (perDigit.length !== 10) {
    throw new ArgumentError(fn, 'perDigit', `must hold 10 arrays (digits 0-9); got ${perDigit.length}`);
  }
  if (!(trainFraction > 0 && trainFraction < 1)) {
    throw new ArgumentError(fn, 'trainFraction', `must be in (0, 1); got ${trainFraction}`);
  }
  const pixels = MNIST_SIDE * MNIST_SIDE;
  const counts = perDigit.map((a, d) => {
    if (a.length === 0 || a.length % pixels !== 0) {
      throw new ArgumentError(fn, `perDigit[${d}]`, `must hold a positive multiple of ${pixels} values; got ${a.length}`);
    }
    return a.length / pixels;
  });
  const trainCounts = counts.map((c) => Math.floor(trainFraction * c));
  const nTrain = trainCounts.reduce((s, c) => s + c, 0);
  const nTest = counts.reduce((s, c) => s + c, 0) - nTrain;
  const train = { images: new Float32Array(nTrain * pixels), labels: new Uint8Array(nTrain) };
  const test = { images: new Float32Array(nTest * pixels), labels: new Uint8Array(nTest) };
  let iTrain = 0;
  let iTest = 0;
  perDigit.forEach((a, d) => {
    const count = counts[d] ?? 0;
    const cut = trainCounts[d] ?? 0;
    for (let k = 0; k < count; k++) {
      const toTrain = k < cut;
      const target = toTrain ? train : test;
      const row = toTrain ? iTrain++ : iTest++;
      const base = k * pixels;
      for (let p = 0; p < pixels; p++) {
        const v = a[base + p] ?? Number.NaN;
        if (!(v >= 0 && v <= 1)) {
          throw new ArgumentError(fn, `perDigit[${d}]`, `pixel ${p} of image ${k} must be in [0, 1]; got ${v}`);
        }
        target.images[row * pixels + p] = v;
      }
      target.labels[row] = d;
    }
  });
  const shape = { height: MNIST_SIDE, width: MNIST_SIDE };
  return { train: { ...train, n: nTrain, ...shape }, test: { ...test, n: nTest, ...shape } };
}
