/** @module */
import { tf } from '@aevb/core';
import type { Tensor } from '@aevb/core';
import { cholesky, matrixDiag, matrixTranspose } from '../internal/linalg.js';
import { Bijector } from './bijector.js';

/**
 * Cholesky factors L (lower, positive diagonal) -> positive-definite matrices L L^T; inverse is the
 * Cholesky decomposition. As a map between lower-triangular entries,
 * log |det| = n log 2 + sum_{i=0}^{n-1} (n - i) log L_ii.
 *
 * @category Bijectors
 */
export class CholeskyOuterBijector extends Bijector {
  readonly name = 'CholeskyOuter';
  readonly eventDim = 2;
  forward(x: Tensor): Tensor {
    return tf.tidy(() => tf.matMul(x, matrixTranspose(x)));
  }
  inverse(y: Tensor): Tensor {
    return cholesky(y);
  }
  forwardLogDetJacobian(x: Tensor): Tensor {
    return tf.tidy(() => {
      const n = x.shape[x.rank - 1] ?? 0;
      const powers = tf.range(n, 0, -1, 'float32');
      return tf.add(n * Math.LN2, tf.sum(tf.mul(powers, tf.log(matrixDiag(x))), -1));
    });
  }
}
