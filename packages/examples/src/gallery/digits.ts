/**
 * The embedded MNIST digits for the gallery's deep models: a cached load, random minibatches
 * and a fixed test slice.
 *
 * @module
 */
import { tf, type Tensor2D } from '@aevb/core';
import { batchTensor } from '../data/tensors.js';
import { loadEmbeddedMnist } from '../data/mnist-embedded.js';
import type { LabeledImageSet, Split } from '../data/image-set.js';
import { Rng } from './rng.js';

let cached: Split<LabeledImageSet> | undefined;

/** The embedded digits (loaded once per process). @category Gallery */
export function galleryDigits(): Split<LabeledImageSet> {
  cached ??= loadEmbeddedMnist();
  return cached;
}

/** Digits and their one-hot labels. @category Gallery */
export type LabeledDigits = {
  /** Pixels [n, 784] in [0, 1]. */
  readonly x: Tensor2D;
  /** One-hot labels [n, 10]. */
  readonly y: Tensor2D;
};

/** Rows `indices` of `set` as pixels and one-hot labels (owned by the caller). @category Gallery */
export function labeledBatch(set: LabeledImageSet, indices: readonly number[]): LabeledDigits {
  const labels = tf.tensor1d(indices.map((i) => set.labels[i] as number), 'int32');
  const y = tf.tidy(() => tf.cast(tf.oneHot(labels, 10), 'float32') as Tensor2D);
  labels.dispose();
  return { x: batchTensor(set, indices), y };
}

/**
 * A sampler of minibatch indices: `batchSize` draws without replacement from the first `pool`
 * images of the training set, seeded.
 *
 * @category Gallery
 */
export function minibatchIndices(pool: number, batchSize: number, seed: number): () => number[] {
  const rng = new Rng(seed);
  const order = Array.from({ length: pool }, (_, i) => i);
  let at = pool;
  return () => {
    const out: number[] = [];
    while (out.length < batchSize) {
      if (at >= pool) {
        for (let i = pool - 1; i > 0; i--) {
          const j = Math.floor(rng.uniform() * (i + 1));
          [order[i], order[j]] = [order[j] as number, order[i] as number];
        }
        at = 0;
      }
      out.push(order[at++] as number);
    }
    return out;
  };
}

/** The first `n` test images, spread over the digits (every `stride`-th). @category Gallery */
export function testIndices(set: LabeledImageSet, n: number): number[] {
  const stride = Math.max(1, Math.floor(set.n / n));
  return Array.from({ length: Math.min(n, set.n) }, (_, i) => i * stride);
}
