/**
 * Turning a pair of MNIST IDX arrays (images and labels) into a labelled image set (pure).
 *
 * @module
 */
import { PersistenceError } from '@aevb/core';
import type { IdxArray } from './idx.js';
import type { LabeledImageSet } from './image-set.js';

/**
 * Validates MNIST-style IDX arrays and converts them: images must be uint8 of shape [n, rows, cols]
 * (magic 0x00000803), labels uint8 of shape [n] (magic 0x00000801) with values 0–9; pixels are
 * scaled by 1/255 into [0, 1].
 *
 * @param images - the images array
 * @param labels - the labels array
 * @param imagesFile - the images file's name, for error messages
 * @param labelsFile - the labels file's name, for error messages
 * @throws PersistenceError naming the file whose type, rank or size is wrong
 * @category Data
 */
export function labeledSetFromIdx(images: IdxArray, labels: IdxArray, imagesFile: string, labelsFile: string): LabeledImageSet {
  const fn = 'labeledSetFromIdx';
  if (images.dtype !== 'uint8' || images.shape.length !== 3) {
    throw new PersistenceError(
      `${fn}: images file '${imagesFile}' must hold uint8 [n, rows, cols] (magic 0x00000803); got ${images.dtype} [${images.shape.join(', ')}]`,
    );
  }
  if (labels.dtype !== 'uint8' || labels.shape.length !== 1) {
    throw new PersistenceError(
      `${fn}: labels file '${labelsFile}' must hold uint8 [n] (magic 0x00000801); got ${labels.dtype} [${labels.shape.join(', ')}]`,
    );
  }
  const [n = 0, height = 0, width = 0] = images.shape;
  if (labels.shape[0] !== n) {
    throw new PersistenceError(
      `${fn}: size mismatch: images file '${imagesFile}' holds ${n} images, labels file '${labelsFile}' holds ${labels.shape[0] ?? 0} labels`,
    );
  }
  const bad = labels.data.findIndex((v) => v > 9);
  if (bad >= 0) {
    throw new PersistenceError(`${fn}: labels file '${labelsFile}' holds label ${labels.data[bad] ?? -1} at index ${bad}; labels must be 0-9`);
  }
  const pixels = new Float32Array(images.data.length);
  for (let i = 0; i < pixels.length; i++) pixels[i] = (images.data[i] ?? 0) / 255;
  return { images: pixels, labels: Uint8Array.from(labels.data), n, height, width };
}
