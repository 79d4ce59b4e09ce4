/** @module */
import { tf } from '@aevb/core';
import type { Tensor } from '@aevb/core';
import { softplusInverse } from '../internal/special.js';
import { lowerMask, matrixDiag } from '../internal/linalg.js';
import { Bijector } from './bijector.js';

/**
 * Unconstrained square matrices [..., n, n] -> lower-triangular matrices with positive diagonal:
 * keeps the strictly lower part, maps the diagonal through softplus and ignores the upper part
 * (a bijection from the lower-triangular entries). log |det| = sum_i log sigmoid(x_ii).
 *
 * @category Bijectors
 */
export class LowerCholeskyBijector extends Bijector {
  readonly name = 'LowerCholesky';
  readonly eventDim = 2;
  forward(x: Tensor): Tensor {
    return tf.tidy(() => {
      const n = x.shape[x.rank - 1] ?? 0;
      const eye = tf.eye(n);
      return tf.add(tf.mul(x, lowerMask(n, true)), tf.mul(tf.expandDims(tf.softplus(matrixDiag(x)), -1), eye));
    });
  }
  inverse(y: Tensor): Tensor {
    return tf.tidy(() => {
      const n = y.shape[y.rank - 1] ?? 0;
      const eye = tf.eye(n);
      return tf.add(tf.mul(y, lowerMask(n, true)), tf.mul(tf.expandDims(softplusInverse(matrixDiag(y)), -1), eye));
    });
  }
  forwardLogDetJacobian(x: Tensor): Tensor {
    return tf.tidy(() => tf.sum(tf.neg(tf.softplus(tf.neg(matrixDiag(x)))), -1));
  }
}
