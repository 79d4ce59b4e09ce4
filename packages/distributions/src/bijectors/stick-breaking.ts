/** @module */
import { tf } from '@aevb/core';
import type { Tensor } from '@aevb/core';
import { Bijector } from './bijector.js';

/**
 * R^{K-1} -> the K-simplex by stick breaking: z_i = sigmoid(x_i - log(K-1-i)),
 * y_i = z_i prod_{j<i} (1 - z_j), y_K = prod_j (1 - z_j). The offset makes x = 0 map to the
 * uniform point. log |det dy_{1..K-1}/dx| = sum_i [log z_i + log(1 - z_i) + sum_{j<i} log(1 - z_j)].
 *
 * @category Bijectors
 */
export class StickBreakingBijector extends Bijector {
  readonly name = 'StickBreaking';
  readonly eventDim = 1;
  /** `[…, K−1]` → `[…, K]`. */
  forwardShape(shape: readonly number[]): number[] {
    return [...shape.slice(0, -1), (shape[shape.length - 1] ?? 0) + 1];
  }
  /** `[…, K]` → `[…, K−1]`. */
  inverseShape(shape: readonly number[]): number[] {
    return [...shape.slice(0, -1), (shape[shape.length - 1] ?? 1) - 1];
  }
  private offset(km1: number): Tensor {
    return tf.log(tf.range(km1, 0, -1, 'float32'));
  }
  forward(x: Tensor): Tensor {
    return tf.tidy(() => {
      const km1 = x.shape[x.rank - 1] ?? 0;
      const t = tf.sub(x, this.offset(km1));
      const logZ = tf.neg(tf.softplus(tf.neg(t)));
      const log1mZ = tf.neg(tf.softplus(t));
      const logRemain = tf.cumsum(log1mZ, x.rank - 1, true); // exclusive
      const head = tf.exp(tf.add(logZ, logRemain));
      const last = tf.exp(tf.sum(log1mZ, -1, true));
      return tf.concat([head, last], -1);
    });
  }
  inverse(y: Tensor): Tensor {
    return tf.tidy(() => {
      const k = y.shape[y.rank - 1] ?? 1;
      const head = tf.slice(y, [...Array(y.rank - 1).fill(0), 0], [...Array(y.rank - 1).fill(-1), k - 1]);
      const remain = tf.sub(1, tf.cumsum(head, y.rank - 1, true));
      const z = tf.div(head, remain);
      return tf.add(tf.sub(tf.log(z), tf.log1p(tf.neg(z))), this.offset(k - 1));
    });
  }
  forwardLogDetJacobian(x: Tensor): Tensor {
    return tf.tidy(() => {
      const km1 = x.shape[x.rank - 1] ?? 0;
      const t = tf.sub(x, this.offset(km1));
      const log1mZ = tf.neg(tf.softplus(t));
      const logZ = tf.neg(tf.softplus(tf.neg(t)));
      const logRemain = tf.cumsum(log1mZ, x.rank - 1, true);
      return tf.sum(tf.add(tf.add(logZ, log1mZ), logRemain), -1);
    });
  }
}
