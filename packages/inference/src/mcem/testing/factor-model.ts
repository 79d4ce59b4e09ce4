// A one-factor model with closed forms, for the Monte Carlo EM tests: z_i ~ N(0, 1),
// x_i | z_i ~ N(w z_i + b, 1), so x_i ~ N(b, w² + 1); the MLE is b = x̄, w² = s² − 1.
import { model, tf, type Tensor1D } from '@aevb/core';
import { Normal } from '@aevb/distributions';

export const factorModel = model('factor-1d', { z: 1 }, (ctx, x: Tensor1D) => {
  const n = x.shape[0];
  const w = ctx.param('w', () => tf.scalar(1));
  const b = ctx.param('b', () => tf.scalar(0));
  return ctx.plate('data', n, () => {
    const z = ctx.sample('z', new Normal(tf.zeros([n]), tf.ones([n])));
    ctx.observe('x', new Normal(tf.add(tf.mul(w, z), b), tf.ones([n])), x);
  });
});

/** log N(x; b, w² + 1). */
export function factorLogMarginal(x: number, w: number, b: number): number {
  const v = w * w + 1;
  return -0.5 * Math.log(2 * Math.PI * v) - ((x - b) ** 2) / (2 * v);
}
