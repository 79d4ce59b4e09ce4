/**
 * Turning image sets into tensors.
 *
 * @module
 */
import { ArgumentError, tf } from '@aevb/core';
import type { Tensor1D, Tensor2D } from '@aevb/core';
import type { ImageSet, LabeledImageSet } from './image-set.js';

/**
 * All images as one float32 tensor of shape [n, height * width]. The caller owns (disposes) it.
 *
 * @category Data
 */
export function imagesTensor(set: ImageSet): Tensor2D {
  return tf.tensor2d(set.images, [set.n, set.height * set.width], 'float32');
}

/**
 * The labels as an int32 tensor of shape [n]. The caller owns (disposes) it.
 *
 * @category Data
 */
export function labelsTensor(set: LabeledImageSet): Tensor1D {
  return tf.tensor1d(Int32Array.from(set.labels), 'int32');
}

/**
 * Copies the images at `indices` into a float32 tensor of shape [indices.length, height * width]
 * (a minibatch; the copy is on the CPU side, nothing is read back from the device).
 *
 * @throws ArgumentError when an index is outside [0, n)
 * @category Data
 */
export function batchTensor(set: ImageSet, indices: ArrayLike<number>): Tensor2D {
  const pixels = set.height * set.width;
  const out = new Float32Array(indices.length * pixels);
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k] ?? -1;
    if (!Number.isInteger(i) || i < 0 || i >= set.n) {
      throw new ArgumentError('batchTensor', `indices[${k}]`, `must be an integer in [0, ${set.n}); got ${i}`);
    }
    out.set(set.images.subarray(i * pixels, (i + 1) * pixels), k * pixels);
  }
  return tf.tensor2d(out, [indices.length, pixels], 'float32');
}
