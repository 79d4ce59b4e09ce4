/**
 * Gradient clipping wrappers: by global norm and by value.
 *
 * @module
 */
import { ArgumentError, tf } from '@aevb/core';
import { checkNumber } from './slot-optimizer.js';
import type { Optimizer } from './types.js';
import { OptimizerWrapper } from './wrapper.js';

/**
 * The global L2 norm of a set of gradients, `sqrt(sum_k sum_i g_k[i]^2)`, as a scalar tensor
 * (2 kernels per tensor plus 2; no sync). The caller disposes the result.
 *
 * @category Optimizers
 */
export function globalNorm(grads: Readonly<Record<string, tf.Tensor>>): tf.Scalar {
  return tf.tidy(() => {
    const squares = Object.values(grads).map((g) => tf.sum(tf.square(g)));
    if (squares.length === 0) return tf.scalar(0);
    const total = squares.length === 1 ? (squares[0] as tf.Scalar) : tf.addN(squares);
    return tf.sqrt(total) as tf.Scalar;
  });
}

class GlobalNormClipping extends OptimizerWrapper {
  private readonly maxNormTensor: tf.Scalar;
  constructor(inner: Optimizer, maxNorm: number) {
    super('clip-norm', inner);
    this.maxNormTensor = tf.keep(tf.scalar(maxNorm));
  }
  protected transform(_variables: Readonly<Record<string, tf.Variable>>, grads: Readonly<Record<string, tf.Tensor>>): Readonly<Record<string, tf.Tensor>> {
    if (Object.keys(grads).length === 0) return grads;
    return tf.tidy(() => {
      const norm = globalNorm(grads);
      // maxNorm / max(norm, maxNorm) = min(1, maxNorm / norm), exactly 1 when norm <= maxNorm.
      const scale = tf.div(this.maxNormTensor, tf.maximum(norm, this.maxNormTensor));
      const out: Record<string, tf.Tensor> = {};
      for (const [k, g] of Object.entries(grads)) out[k] = tf.mul(g, scale);
      return out;
    });
  }
  override dispose(): void {
    this.maxNormTensor.dispose();
    super.dispose();
  }
}

/**
 * Wraps an optimizer so that gradients are rescaled to a global L2 norm of at most `maxNorm`
 * before the update: `g_k <- g_k * min(1, maxNorm / ||g||)` with `||g||` the norm over all
 * gradients together ({@link globalNorm}). Costs 3 kernels per variable plus 4, no sync.
 * The wrapper owns `inner` (disposing it disposes `inner`); its name is `clip-norm(<inner>)`.
 *
 * ```ts
 * const opt = withGlobalNormClipping(new Adam({ learningRate: 1e-3 }), 10);
 * ```
 *
 * @category Optimizers
 */
export function withGlobalNormClipping(inner: Optimizer, maxNorm: number): Optimizer {
  checkNumber('withGlobalNormClipping', 'maxNorm', maxNorm, 0, true);
  return new GlobalNormClipping(inner, maxNorm);
}

class ValueClipping extends OptimizerWrapper {
  constructor(inner: Optimizer, private readonly min: number, private readonly max: number) {
    super('clip-value', inner);
  }
  protected transform(_variables: Readonly<Record<string, tf.Variable>>, grads: Readonly<Record<string, tf.Tensor>>): Readonly<Record<string, tf.Tensor>> {
    const out: Record<string, tf.Tensor> = {};
    for (const [k, g] of Object.entries(grads)) out[k] = tf.clipByValue(g, this.min, this.max);
    return out;
  }
}

/**
 * Wraps an optimizer so that each gradient coordinate is clipped to `[-limit, limit]` (or to
 * `[min, max]` when given as an object) before the update: 1 kernel per variable. The wrapper owns
 * `inner`; its name is `clip-value(<inner>)`.
 *
 * ```ts
 * const opt = withValueClipping(new SGD({ learningRate: 0.1 }), 1);
 * ```
 *
 * @category Optimizers
 */
export function withValueClipping(inner: Optimizer, limit: number | { readonly min: number; readonly max: number }): Optimizer {
  const [min, max] = typeof limit === 'number' ? [-limit, limit] : [limit.min, limit.max];
  if (typeof limit === 'number') checkNumber('withValueClipping', 'limit', limit, 0, true);
  if (!Number.isFinite(min) || !Number.isFinite(max) || !(min < max)) {
    throw new ArgumentError('withValueClipping', 'limit', `must give finite min < max; got [${min}, ${max}]`);
  }
  return new ValueClipping(inner, min, max);
}
