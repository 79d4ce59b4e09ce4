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
import { GaussianRandomWalk } from './gaussian-random-walk.js';
import { AR1 } from './ar1.js';

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

/** Central-difference gradient (float64, step 1e-5) of a closed form. */
function numericGrad(e: (p: number[]) => number, at: number[]): number[] {
  return at.map((_, j) => {
    const h = 1e-5;
    const up = at.map((v, k) => (k === j ? v + h : v));
    const down = at.map((v, k) => (k === j ? v - h : v));
    return (e(up) - e(down)) / (2 * h);
  });
}

/** E[Σ_t x_t²] = Σ_t (m_t² + v_t) of an AR(1) from x_1 ~ N(m0, s0²), by the scalar recursion in float64. */
function ar1SecondMoment([c, phi, s, m0, s0]: number[], t: number): number {
  let [m, v, total] = [m0 as number, (s0 as number) ** 2, 0];
  for (let i = 0; i < t; i++) {
    if (i > 0) [m, v] = [(c as number) + (phi as number) * m, (s as number) ** 2 + (phi as number) ** 2 * v];
    total += m * m + v;
  }
  return total;
}

const T = 6;

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
  (() => {
    const [s, s0] = [0.4, 1.5];
    // E[Σ_t x_t²] = Σ_t (s0² + (t − 1) s²) = T s0² + s² T(T − 1)/2.
    return {
      name: `GaussianRandomWalk (T = ${T}), f(x) = Σ_t x_t²`,
      values: [s, s0],
      build: ([a, b]) => new GaussianRandomWalk(a!, T, { initScale: b! }),
      f: tf.square,
      grad: [s * T * (T - 1), 2 * s0 * T],
    };
  })(),
  (() => {
    const [c, phi, s] = [0.3, 0.7, 0.5];
    // Stationary: every x_t has mean m = c/(1 − φ) and variance v = s²/(1 − φ²); E = T (m² + v).
    const m = c / (1 - phi);
    return {
      name: `AR1 stationary (T = ${T}), f(x) = Σ_t x_t²`,
      values: [c, phi, s],
      build: ([a, b, d]) => new AR1({ loc: a!, coef: b!, scale: d! }, T),
      f: tf.square,
      grad: [(T * 2 * m) / (1 - phi), T * ((2 * m * c) / (1 - phi) ** 2 + (2 * phi * s * s) / (1 - phi * phi) ** 2), (T * 2 * s) / (1 - phi * phi)],
    };
  })(),
  (() => {
    const values = [0.3, -1.2, 0.5, 2, 0.4];
    return {
      name: `AR1 from a given start, explosive φ = −1.2 (T = ${T}), f(x) = Σ_t x_t²`,
      values,
      build: ([c, phi, s, m0, s0]) => new AR1({ loc: c!, coef: phi!, scale: s! }, T, { init: { loc: m0!, scale: s0! } }),
      f: tf.square,
      grad: numericGrad((p) => ar1SecondMoment(p, T), values),
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
