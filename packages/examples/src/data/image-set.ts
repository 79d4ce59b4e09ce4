/**
 * Image data sets as flat typed arrays: the shapes every loader returns.
 *
 * @module
 */
import { ArgumentError } from '@aevb/core';

/**
 * `n` grey images of `height x width` pixels, row-major, one image after another, values in [0, 1].
 * Pixel (r, c) of image i is `images[i * height * width + r * width + c]`.
 *
 * @category Data
 */
export interface ImageSet {
  /** The pixels, `n * height * width` values in [0, 1]. */
  readonly images: Float32Array;
  /** Number of images. */
  readonly n: number;
  /** Rows per image. */
  readonly height: number;
  /** Columns per image. */
  readonly width: number;
}

/**
 * An {@link ImageSet} with one class label per image (digits 0–9 for MNIST).
 *
 * @category Data
 */
export interface LabeledImageSet extends ImageSet {
  /** `n` labels. */
  readonly labels: Uint8Array;
}

/**
 * A training set and a test set.
 *
 * @category Data
 */
export interface Split<T extends ImageSet> {
  /** Training data. */
  readonly train: T;
  /** Held-out test data. */
  readonly test: T;
}

/**
 * Selects rows `[start, end)` of an image set (a view; the pixels are shared, not copied).
 *
 * @category Data
 */
export function sliceImageSet<T extends ImageSet>(set: T, start: number, end: number): T {
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > set.n || start > end) {
    throw new ArgumentError('sliceImageSet', 'start/end', `must satisfy 0 <= start <= end <= ${set.n}; got [${start}, ${end})`);
  }
  const pixels = set.height * set.width;
  const images = set.images.subarray(start * pixels, end * pixels);
  const sliced: ImageSet = { images, n: end - start, height: set.height, width: set.width };
  if ('labels' in set && set.labels instanceof Uint8Array) {
    return { ...sliced, labels: set.labels.subarray(start, end) } as unknown as T;
  }
  return sliced as T;
}

/**
 * Splits an image set in order: the first `floor(trainFraction * n)` images are training data, the
 * rest test data.
 *
 * @category Data
 */
export function splitImageSet<T extends ImageSet>(set: T, trainFraction = 0.8): Split<T> {
  if (!(trainFraction > 0 && trainFraction < 1)) {
    throw new ArgumentError('splitImageSet', 'trainFraction', `must be in (0, 1); got ${trainFraction}`);
  }
  const nTrain = Math.floor(trainFraction * set.n);
  return { train: sliceImageSet(set, 0, nTrain), test: sliceImageSet(set, nTrain, set.n) };
}
