import { describe, expect, it } from 'vitest';
import { bootstrapLogEvidence, gridPosterior, particleLogEvidence, type ScalarStateSpace } from './particle-filter.js';
import { Rng } from './rng.js';

// A linear-Gaussian AR(1) state observed with Gaussian noise, where the Kalman filter and the
// Rauch–Tung–Striebel smoother are exact: x_1 ~ N(0, s0²), x_t = φ x_{t−1} + σ ε_t, y_t ~ N(x_t, r²).
const [PHI, SIGMA, S0, R, T] = [0.9, 0.4, 0.4 / Math.sqrt(1 - 0.81), 0.6, 40];

function series(seed: number): number[] {
  const rng = new Rng(seed);
  let x = S0 * rng.normal();
  return Array.from({ length: T }, (_, t) => {
    if (t > 0) x = PHI * x + SIGMA * rng.normal();
    return x + R * rng.normal();
  });
}

function linearGaussian(y: readonly number[]): ScalarStateSpace {
  return { coef: PHI, scale: SIGMA, initScale: S0, length: y.length, logLik: (t, x) => -0.5 * (Math.log(2 * Math.PI * R * R) + ((y[t] as number) - x) ** 2 / (R * R)) };
}

/** Exact log p(y) and E[x_t | y] by the Kalman filter and RTS smoother. */
function kalman(y: readonly number[]): { logEvidence: number; mean: number[] } {
  const [mf, pf, pp] = [[] as number[], [] as number[], [] as number[]];
  let [m, p, total] = [0, S0 * S0, 0];
  y.forEach((v, t) => {
    if (t > 0) [m, p] = [PHI * m, PHI * PHI * p + SIGMA * SIGMA];
    pp.push(p);
    const s = p + R * R;
    total += -0.5 * (Math.log(2 * Math.PI * s) + (v - m) ** 2 / s);
    [m, p] = [m + (p / s) * (v - m), p * (1 - p / s)];
    mf.push(m);
    pf.push(p);
  });
  const mean = [...mf];
  for (let t = y.length - 2; t >= 0; t--) mean[t] = mf[t]! + ((pf[t]! * PHI) / pp[t + 1]!) * (mean[t + 1]! - PHI * mf[t]!);
  return { logEvidence: total, mean };
}

describe('gallery: reference filters for scalar state-space models', () => {
  const y = series(3);
  const exact = kalman(y);

  describe('gridPosterior', () => {
    // Midpoint sums of smooth Gaussian integrands on a grid of step ≈ σ/9 are accurate far beyond
    // the tolerance (the error falls like exp(−c (σ/step)²)); 1e-6 nats, 1e-5 in the means.
    it('equals the Kalman filter and smoother on a linear-Gaussian model', () => {
      const g = gridPosterior(linearGaussian(y));
      expect(Math.abs(g.logEvidence - exact.logEvidence)).toBeLessThan(1e-6);
      g.mean.forEach((m, t) => expect(Math.abs(m - exact.mean[t]!), `t = ${t}`).toBeLessThan(1e-5));
    });
  });

  describe('particleLogEvidence', () => {
    // Each run's log Ẑ is the log of an unbiased estimate, biased by ≈ −sd²/2; the mean of the runs
    // is within 4 SE of log p(y) − sd²/2.
    it('is within 4 standard errors of the Kalman log evidence, after the −sd²/2 bias', () => {
      const pf = particleLogEvidence(linearGaussian(y), 5000, 10, 2);
      expect(pf.sd).toBeGreaterThan(0);
      expect(Math.abs(pf.mean + pf.sd ** 2 / 2 - exact.logEvidence), `${pf.mean} ± ${pf.se} vs ${exact.logEvidence}`).toBeLessThan(4 * pf.se);
    });
    it('is deterministic per seed', () => {
      expect(bootstrapLogEvidence(linearGaussian(y), 500, 7)).toBe(bootstrapLogEvidence(linearGaussian(y), 500, 7));
    });
  });
});
