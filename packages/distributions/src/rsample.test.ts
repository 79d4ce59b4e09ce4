import { tf } from '@aevb/core';
import type { Tensor } from '@aevb/core';
import { describe, expect, it } from 'vitest';
import type { DistributionBase } from './distribution.js';
import { Exponential } from './exponential.js';
import { HalfNormal } from './half-normal.js';
import { Independent } from './independent.js';
import { Laplace } from './laplace.js';
import { Normal } from './normal.js';
import { Uniform } from './uniform.js';
import { GaussianRandomWalk } from './gaussian-random-walk.js';
import { AR1 } from './ar1.js';

// Pathwise gradients: the gradient of the Monte Carlo estimate of E[x²] = mean² + variance with
// respect to each parameter must match the gradient of the closed form (each family's mean and
// variance, themselves checked against SciPy in families.test.ts; for the series families the sum
// runs over the T time steps).
interface Case {
  readonly name: string;
  readonly params: readonly number[][];
  readonly make: (p: Tensor[]) => DistributionBase;
}
const cases: readonly Case[] = [
  { name: 'Normal', params: [[0.5, -1], [2, 0.3]], make: ([l, s]) => new Normal(l as Tensor, s as Tensor) },
  { name: 'Laplace', params: [[0.5, -1], [2, 0.3]], make: ([l, s]) => new Laplace(l as Tensor, s as Tensor) },
  { name: 'Exponential', params: [[0.5, 3]], make: ([r]) => new Exponential(r as Tensor) },
  { name: 'HalfNormal', params: [[0.5, 3]], make: ([s]) => new HalfNormal(s as Tensor) },
  { name: 'Uniform', params: [[0, -1], [1, 2.5]], make: ([a, b]) => new Uniform(a as Tensor, b as Tensor) },
  {
    name: 'Independent(Normal, 1)',
    params: [[[0.5, -1]], [[2, 0.3]]] as unknown as number[][],
    make: ([l, s]) => new Independent(new Normal(l as Tensor, s as Tensor), 1),
  },
  {
    name: 'GaussianRandomWalk',
    params: [[0.5, 2], [1, 0.3]],
    make: ([s, s0]) => new GaussianRandomWalk(s as Tensor, 6, { initScale: s0 as Tensor }),
  },
  {
    name: 'AR1 (stationary)',
    params: [[0.3, -1], [0.6, -0.8], [0.5, 1.5]],
    make: ([c, phi, s]) => new AR1({ loc: c as Tensor, coef: phi as Tensor, scale: s as Tensor }, 6),
  },
  {
    name: 'AR1 (given start)',
    params: [[0.3, -1], [1.2, -0.5], [0.5, 1.5], [2, -1], [0.4, 1]],
    make: ([c, phi, s, m0, s0]) => new AR1({ loc: c as Tensor, coef: phi as Tensor, scale: s as Tensor }, 6, { init: { loc: m0 as Tensor, scale: s0 as Tensor } }),
  },
];

const K = 20; // independent replicates of the estimator
const N = 2000; // draws per replicate
// With K = 20 replicates, (mean − truth)/(sd/√K) follows Student's t with 19 degrees of freedom;
// |t| > 5 has probability ~8e-5, so Z = 5 standard errors of the replicate mean.
const Z = 5;

describe.each(cases.map((c) => [c.name, c] as const))('%s rsample gradients', (_, c) => {
  it('match the gradient of the closed-form E[x²] within 5 standard errors', () => {
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      const params = c.params.map((p) => tf.tensor(p));
      const exact = tf.grads((...ps: Tensor[]) => {
        const d = c.make(ps);
        return tf.sum(tf.add(tf.square(d.mean()), d.variance()));
      })(params).map((g) => Array.from(g.dataSync()));
      const reps = Array.from({ length: K }, (_, k) =>
        tf.grads((...ps: Tensor[]) => tf.div(tf.sum(tf.square(c.make(ps).rsampleN(N, { seed: 1000 + k }))), N))(params).map(
          (g) => Array.from(g.dataSync()),
        ),
      );
      exact.forEach((g, j) => {
        g.forEach((truth, i) => {
          const xs = reps.map((r) => r[j]?.[i] as number);
          const m = xs.reduce((a, b) => a + b, 0) / K;
          const sd = Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (K - 1));
          // float32 slack for estimators with (near) zero spread, e.g. d x / d loc = 1 exactly
          const tol = (Z * sd) / Math.sqrt(K) + 1e-4 * Math.max(1, Math.abs(truth));
          expect(Math.abs(m - truth), `param ${j}[${i}]: ${m} vs ${truth}`).toBeLessThanOrEqual(tol);
        });
      });
    });
    expect(tf.memory().numTensors).toBe(before);
  });
});
