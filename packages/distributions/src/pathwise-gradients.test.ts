// Pathwise (reparameterization) gradients of the new reparameterized families: the Monte Carlo
// gradient of E[f(z)] against its analytic value. Each parameter is a batch of B identical
// members, each averaging N draws, so the B per-member gradients are i.i.d. estimates: their mean
// must lie within 4 standard errors (sd/√B) of the analytic gradient (a correct sampler fails one
// check with probability ~6e-5; seeds are fixed), plus 1e-4 relative for float32 rounding.
import { tf } from '@aevb/core';
import type { Tensor } from '@aevb/core';
import { describe, expect, it } from 'vitest';
import type { DistributionBase } from './distribution.js';
import { EULER_GAMMA, Gumbel } from './gumbel.js';
import { HalfCauchy } from './half-cauchy.js';
import { Logistic } from './logistic.js';
import { LogNormal } from './log-normal.js';
import { StudentT } from './student-t.js';

const B = 200;
const N = 400;
const Z = 4;
const PI2 = Math.PI * Math.PI;

interface Case {
  name: string;
  values: number[];
  build: (p: Tensor[]) => DistributionBase;
  f: (z: Tensor) => Tensor;
  /** d E[f(z)] / d parameter, for each parameter. */
  grad: number[];
}

const cases: Case[] = [
  (() => {
    const [m, s] = [0.3, 0.5];
    const e = Math.exp(m + (s * s) / 2);
    return { name: 'LogNormal, f(z) = z', values: [m, s], build: ([a, b]) => new LogNormal(a!, b!), f: (z) => z, grad: [e, s * e] };
  })(),
  (() => {
    const [m, s] = [0.5, 0.7];
    return { name: 'Logistic, f(z) = z²', values: [m, s], build: ([a, b]) => new Logistic(a!, b!), f: tf.square, grad: [2 * m, (2 * s * PI2) / 3] };
  })(),
  (() => {
    const [m, s] = [-0.2, 1.3];
    const mean = m + s * EULER_GAMMA;
    return {
      name: 'Gumbel, f(z) = z²',
      values: [m, s],
      build: ([a, b]) => new Gumbel(a!, b!),
      f: tf.square,
      grad: [2 * mean, 2 * EULER_GAMMA * mean + (PI2 * s) / 3],
    };
  })(),
  { name: 'HalfCauchy, f(z) = log z', values: [2], build: ([s]) => new HalfCauchy(s!), f: tf.log, grad: [1 / 2] },
  (() => {
    const [nu, m, s] = [6, 0.4, 0.8];
    return {
      name: 'StudentT (implicit gradient in df), f(z) = z²',
      values: [nu, m, s],
      build: ([a, b, c]) => new StudentT(a!, b!, c!),
      f: tf.square,
      grad: [(-2 * s * s) / (nu - 2) ** 2, 2 * m, (2 * s * nu) / (nu - 2)],
    };
  })(),
];

describe.each(cases.map((c) => [c.name, c] as const))('pathwise gradient: %s', (_, c) => {
  it(`matches the analytic gradient within ${Z} standard errors`, () => {
    const before = tf.memory().numTensors;
    const per = tf.tidy(() => {
      const params = c.values.map((v) => tf.fill([B], v));
      const g = tf.grads((...ps: Tensor[]) => tf.div(tf.sum(c.f(c.build(ps).rsampleN(N, { seed: 31 }))), N));
      return g(params).map((t) => Array.from(t.dataSync()));
    });
    per.forEach((gs, j) => {
      const mean = gs.reduce((a, b) => a + b, 0) / B;
      const sd = Math.sqrt(gs.reduce((a, b) => a + (b - mean) ** 2, 0) / (B - 1));
      const want = c.grad[j] as number;
      expect(Math.abs(mean - want), `parameter ${j}: ${mean} ± ${sd / Math.sqrt(B)} vs ${want}`).toBeLessThanOrEqual(
        (Z * sd) / Math.sqrt(B) + 1e-4 * Math.abs(want),
      );
    });
    expect(tf.memory().numTensors).toBe(before);
  });
});
