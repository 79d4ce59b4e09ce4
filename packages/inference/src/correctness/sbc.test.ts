// Simulation-based calibration (Talts et al. 2018) for two models whose guide family holds the
// exact posterior. R replicates (θ_r from the prior, data from the model) are fitted at once as
// the members of one plate, each with its own per-member guide parameters; the rank of θ_r among
// L draws of its fitted q_r is uniform on {0, …, L} exactly when every q_r is its posterior.
import { describe, expect, it } from 'vitest';
import { guide, model, tf, type Tensor2D } from '@aevb/core';
import { Beta, Binomial, Independent, Normal, positive, unitInterval } from '@aevb/distributions';
import { Adam, SVI, autoNormal, cosineDecay, encode, fit } from '../index.js';

/** mulberry32 uniforms and Box–Muller normals in float64. */
function rng(seed: number): { uniform(): number; normal(): number; gamma(a: number): number } {
  let s = seed >>> 0;
  const uniform = (): number => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) + 0.5) / 4294967296;
  };
  const normal = (): number => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
  // Marsaglia–Tsang for a ≥ 1.
  const gamma = (a: number): number => {
    const d = a - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      const x = normal();
      const v = (1 + c * x) ** 3;
      if (v > 0 && Math.log(uniform()) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
    }
  };
  return { uniform, normal, gamma };
}

/**
 * Pearson's χ² of rank counts against uniform over L + 1 bins. Under calibration it is χ² with
 * L degrees of freedom; the thresholds below are its 0.999 quantiles (χ²₉: 27.88, χ²₁₉: 43.82).
 */
function chiSquare(ranks: readonly number[], bins: number): number {
  const counts = new Array<number>(bins).fill(0);
  for (const r of ranks) counts[r] = (counts[r] as number) + 1;
  const e = ranks.length / bins;
  return counts.reduce((s, c) => s + (c - e) ** 2 / e, 0);
}

/** Rank of `truth` among the draws of each replicate: draws has shape [L, R]. */
function ranks(truth: readonly number[], draws: number[][]): number[] {
  return truth.map((t, r) => draws.reduce((k, row) => k + ((row[r] as number) < t ? 1 : 0), 0));
}

describe('simulation-based calibration', () => {
  it('normal mean, one autoNormal per replicate: ranks uniform (χ² over 20 bins below its 0.999 quantile)', async () => {
    const R = 400;
    const J = 5;
    const L = 19;
    const g = rng(17);
    const theta = Array.from({ length: R }, () => g.normal());
    const x = tf.tensor2d(theta.map((t) => Array.from({ length: J }, () => t + g.normal()))) as Tensor2D;
    const m = model('replicated-normal-mean', { theta: 1 }, (ctx, d: Tensor2D) => {
      const r = d.shape[0];
      ctx.plate('replicates', r, () => {
        const t = ctx.sample('theta', new Normal(tf.zeros([r]), 1));
        ctx.observe('x', new Independent(new Normal(tf.tile(tf.reshape(t, [r, 1]), [1, J]), 1), 1), d);
      });
    });
    const steps = 1500;
    const svi = new SVI({ model: m, guide: autoNormal(m), optimizer: new Adam({ learningRate: cosineDecay({ initial: 0.05, decaySteps: steps, alpha: 0.01 }) }), seed: 3 });
    await fit(svi, { data: x, batchSize: R, epochs: steps });
    const draws = tf.tidy(() => {
      const q = encode(svi, x).theta;
      return Array.from({ length: L }, (_, l) => Array.from(q.sample({ seed: 100 + l }).dataSync()));
    });
    expect(chiSquare(ranks(theta, draws), L + 1)).toBeLessThan(43.82);
    x.dispose();
  }, 120_000);

  it('Beta–Bernoulli, a hand-written per-member Beta guide: ranks uniform (χ² over 10 bins below its 0.999 quantile)', async () => {
    const R = 200;
    const J = 12;
    const L = 9;
    const g = rng(29);
    const p = Array.from({ length: R }, () => {
      const a = g.gamma(2);
      return a / (a + g.gamma(3));
    });
    const k = tf.tensor1d(p.map((pr) => Array.from({ length: J }, (): number => (g.uniform() < pr ? 1 : 0)).reduce((s, b) => s + b, 0)));
    const m = model('replicated-beta-binomial', { p: 1 }, (ctx, counts: tf.Tensor1D) => {
      const r = counts.shape[0];
      ctx.plate('replicates', r, () => {
        const pr = ctx.sample('p', new Beta(tf.fill([r], 2), tf.fill([r], 3)));
        ctx.observe('k', new Binomial({ totalCount: J, probs: pr }), counts);
      });
    });
    // q(p_r) = Beta(mean_r κ_r, (1 − mean_r) κ_r): one (mean, κ) per replicate (eventDim 0).
    const q = guide(m, 'per-replicate-beta', (ctx, counts) => {
      const r = counts.shape[0];
      return {
        p: ctx.plate('replicates', r, () => {
          const mean = ctx.param('q/mean', () => tf.fill([r], 0.4), { constraint: unitInterval, eventDim: 0 });
          const kappa = ctx.param('q/concentration', () => tf.fill([r], 5), { constraint: positive, eventDim: 0 });
          return ctx.sample('p', new Beta(tf.mul(mean, kappa), tf.mul(tf.sub(1, mean), kappa)));
        }),
      };
    });
    const steps = 1500;
    const svi = new SVI({ model: m, guide: q, optimizer: new Adam({ learningRate: cosineDecay({ initial: 0.08, decaySteps: steps, alpha: 0.01 }), beta2: 0.98 }), seed: 4 });
    await fit(svi, { data: k, batchSize: R, epochs: steps });
    const draws = tf.tidy(() => {
      const d = encode(svi, k).p;
      return Array.from({ length: L }, (_, l) => Array.from(d.sample({ seed: 200 + l }).dataSync()));
    });
    expect(chiSquare(ranks(p, draws), L + 1)).toBeLessThan(27.88);
    k.dispose();
  }, 300_000);
});
