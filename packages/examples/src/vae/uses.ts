/**
 * The uses of a trained VAE the paper names: representation (a classifier on latent means)
 * and denoising (restoring corrupted and half-masked digits).
 *
 * @module
 */
import { tf, type Tensor2D } from '@aevb/core';

/**
 * Accuracy of a k-nearest-neighbour classifier (Euclidean, majority vote) trained on
 * `trainZ` (latent means of training digits) and evaluated on `testZ`.
 *
 * @category VAE
 */
export function knnAccuracy(trainZ: Tensor2D, trainLabels: Uint8Array, testZ: Tensor2D, testLabels: Uint8Array, k = 10): number {
  let correct = 0;
  const chunk = 500;
  for (let s = 0; s < testZ.shape[0]; s += chunk) {
    const size = Math.min(chunk, testZ.shape[0] - s);
    const idx = tf.tidy(() => {
      const q = tf.slice(testZ, [s, 0], [size, -1]);
      // ‖q − t‖² = ‖q‖² − 2 q·t + ‖t‖²; smallest distances = top-k of the negation.
      const d = tf.add(tf.sub(tf.sum(tf.square(q), 1, true), tf.mul(2, tf.matMul(q, trainZ, false, true))), tf.reshape(tf.sum(tf.square(trainZ), 1), [1, -1]));
      return tf.topk(tf.neg(d), k).indices;
    });
    const nn = idx.dataSync();
    idx.dispose();
    for (let i = 0; i < size; i++) {
      const votes = new Array<number>(256).fill(0);
      for (let j = 0; j < k; j++) {
        const c = trainLabels[nn[i * k + j] as number] as number;
        votes[c] = (votes[c] as number) + 1;
      }
      let best = 0;
      for (let c = 1; c < votes.length; c++) if ((votes[c] as number) > (votes[best] as number)) best = c;
      if (best === testLabels[s + i]) correct++;
    }
  }
  return correct / testZ.shape[0];
}

/** Mean squared error between two equally long arrays. @category VAE */
export function meanSquaredError(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += ((a[i] as number) - (b[i] as number)) ** 2;
  return s / a.length;
}

/**
 * Fills the pixels where `known` is 0 by iterating x ← known ⊙ x_obs + (1 − known) ⊙ recon(x)
 * (`rounds` times), starting from the corrupted input. With `known` all ones but noisy pixels,
 * one round is plain reconstruction.
 *
 * @category VAE
 */
export function impute(corrupted: Tensor2D, known: Tensor2D, reconstruct: (x: Tensor2D) => Tensor2D, rounds: number): Tensor2D {
  let x = corrupted.clone();
  for (let r = 0; r < rounds; r++) {
    const next = tf.tidy(() => {
      const rec = reconstruct(x);
      return tf.add(tf.mul(known, corrupted), tf.mul(tf.sub(1, known), rec)) as Tensor2D;
    });
    x.dispose();
    x = next;
  }
  return x;
}
