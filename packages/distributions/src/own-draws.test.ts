// logProb of a value a MultivariateNormal drew itself with rsample is scored from the draw's noise
// (no triangular solve): the same number and the same gradients as scoring a copy of the value
// (float32: the copy is scored at the rounded value, which moves the log-density by about
// 2⁻²⁴·Σ|∂ log p/∂x · x|; we allow 1e-4 relative), and only for that instance's own draws.
import { tf } from '@aevb/core';
import type { Tensor } from '@aevb/core';
import { describe, expect, it } from 'vitest';
import { MultivariateNormal } from './multivariate-normal.js';

const N = 30;
const close = (a: ArrayLike<number>, b: ArrayLike<number>, rel = 1e-4): void => {
  expect(a.length).toBe(b.length);
  Array.from(a).forEach((v, i) => {
    const w = b[i] as number;
    expect(Math.abs(v - w), `element ${i}: ${v} vs ${w}`).toBeLessThanOrEqual(rel * (1 + Math.abs(w)));
  });
};

/** A well-conditioned lower-triangular scale of size N. */
function scaleTril(): Tensor {
  return tf.tidy(() => tf.add(tf.mul(tf.eye(N), 0.8), tf.mul(tf.linalg.bandPart(tf.randomNormal([N, N], 0, 0.05, 'float32', 3), -1, 0), 1)));
}

describe('DistributionBase.logProb of an own rsample draw (MultivariateNormal)', () => {
  it('equals logProb of a copy of the value, with the same gradients to loc and scaleTril', () => {
    tf.tidy(() => {
      const loc0 = tf.randomNormal([N], 0, 1, 'float32', 4);
      const l0 = scaleTril();
      const run = (copy: boolean) =>
        tf.grads((loc: Tensor, l: Tensor) => {
          const d = new MultivariateNormal(loc, { scaleTril: l }, { validateArgs: false });
          const x = d.rsample({ seed: 9 });
          const lp = d.logProb(copy ? tf.add(x, 0) : x);
          return tf.add(tf.mul(tf.sum(tf.square(x)), 0.1), lp);
        })([loc0, l0]);
      // On the lower triangle: scaleTril's upper entries are not parameters (the lowerCholesky
      // bijector zeroes them), and the solve of the copy ignores them while x = loc + L ε does not.
      const lowerOnly = (g: Tensor, i: number): Float32Array | Int32Array | Uint8Array =>
        (i === 1 ? tf.mul(g, tf.linalg.bandPart(tf.ones([N, N]), -1, 0)) : g).dataSync();
      const own = run(false);
      const copied = run(true);
      own.forEach((g, i) => close(lowerOnly(g, i), lowerOnly(copied[i]!, i)));
      const d = new MultivariateNormal(loc0, { scaleTril: l0 });
      const x = d.rsample({ seed: 9 });
      close(d.logProb(x).dataSync(), d.logProb(tf.add(x, 0)).dataSync());
    });
  });

  it('scores only its own draws: another instance, or an expanded copy, solves as usual', () => {
    tf.tidy(() => {
      const l = scaleTril();
      const a = new MultivariateNormal(tf.zeros([N]), { scaleTril: l });
      const b = new MultivariateNormal(tf.ones([N]), { scaleTril: l });
      const x = a.rsample({ seed: 2 });
      close(b.logProb(x).dataSync(), b.logProb(tf.add(x, 0)).dataSync());
      const wide = a.expand([3]);
      const lp = wide.logProb(x);
      expect(lp.shape).toEqual([3]);
      close(lp.dataSync(), wide.logProb(tf.add(x, 0)).dataSync());
    });
  });
});
