import { describe, expect, it } from 'vitest';
import { model, seed, tf, trace, type Tensor1D, type Tensor2D } from '@aevb/core';
import { Dirichlet, Independent, Normal, SoftplusBijector, TransformedDistribution, positive } from '@aevb/distributions';
import { Adam, SVI, autoMultivariateNormal, monteCarloElbo } from '../index.js';

// Bayesian linear regression with two strongly correlated regressors: the exact posterior of w
// is Gaussian with a correlation near −0.9, which a mean-field guide cannot represent.
const SIGMA = 0.5;
const X = [[1, 0.9], [0.8, 1], [1.2, 1.0], [0.5, 0.6], [1.1, 1.3], [0.9, 0.7], [0.3, 0.4], [1.0, 1.1]];
const Y = [1.4, 1.1, 1.7, 0.8, 1.5, 1.3, 0.5, 1.4];

const regression = model('regression', { w: 1 }, (ctx, data: { x: Tensor2D; y: Tensor1D }) => {
  const w = ctx.sample('w', new Independent(new Normal(tf.zeros([2]), tf.ones([2])), 1));
  ctx.plate('data', data.y.shape[0], () => {
    const mean = tf.squeeze(tf.matMul(data.x, tf.reshape(w, [2, 1])), [1]);
    ctx.observe('y', new Normal(mean, tf.fill(mean.shape, SIGMA)), data.y);
  });
});

/** Exact posterior: precision P = I + XᵀX/σ², mean = P⁻¹ Xᵀy/σ². */
function exactPosterior(): { mean: number[]; cov: number[][] } {
  let [a, b, d] = [1, 0, 1];
  let [r0, r1] = [0, 0];
  X.forEach(([x0, x1], i) => {
    const s2 = SIGMA * SIGMA;
    a += (x0 as number) ** 2 / s2;
    b += ((x0 as number) * (x1 as number)) / s2;
    d += (x1 as number) ** 2 / s2;
    r0 += ((x0 as number) * (Y[i] as number)) / s2;
    r1 += ((x1 as number) * (Y[i] as number)) / s2;
  });
  const det = a * d - b * b;
  const cov = [[d / det, -b / det], [-b / det, a / det]];
  return { mean: [(d * r0 - b * r1) / det, (-b * r0 + a * r1) / det], cov };
}

describe('autoMultivariateNormal', () => {
  it('recovers a correlated Gaussian posterior (mean and full covariance)', async () => {
    const data = { x: tf.tensor2d(X), y: tf.tensor1d(Y) };
    const svi = new SVI({
      model: regression,
      guide: autoMultivariateNormal(regression, { initLoc: 'zero', initScale: 0.3 }),
      optimizer: new Adam({ learningRate: 0.02 }),
      objective: monteCarloElbo({ particles: 2 }),
      seed: 3,
    });
    for (let i = 0; i < 600; i++) await svi.step(data);
    const ex = exactPosterior();
    const loc = Array.from(svi.params.value('autoMvn/loc').dataSync());
    const L = svi.params.value('autoMvn/scaleTril');
    const cov = tf.tidy(() => tf.matMul(L, L, false, true).arraySync() as number[][]);
    const sd = [Math.sqrt(ex.cov[0]![0]!), Math.sqrt(ex.cov[1]![1]!)];
    const corr = ex.cov[0]![1]! / (sd[0]! * sd[1]!);
    expect(corr).toBeLessThan(-0.8); // the test is meaningful only if the posterior is strongly correlated
    // Adam at lr 0.02 on a 2-particle gradient jitters by a few lr around the optimum: means within
    // 0.15 posterior sd, sds within 10%, correlation within 0.05.
    for (let i = 0; i < 2; i++) {
      expect(Math.abs(loc[i]! - ex.mean[i]!)).toBeLessThan(0.15 * sd[i]!);
      expect(Math.abs(Math.sqrt(cov[i]![i]!) - sd[i]!)).toBeLessThan(0.1 * sd[i]!);
    }
    const fittedCorr = cov[0]![1]! / Math.sqrt(cov[0]![0]! * cov[1]![1]!);
    expect(Math.abs(fittedCorr - corr)).toBeLessThan(0.05);
    tf.dispose([data.x, data.y]);
  });

  it('log q includes the bijectors: a guide equal to the prior gives log p − log q = 0 per draw', () => {
    // z1 ~ N(0.3, 0.7²) on the reals, z2 = softplus(N(−0.5, 0.4²)) on the positive line (default bijector).
    const m = model('matched', { z1: 0, z2: 1 }, (ctx, _x: Tensor1D) => {
      ctx.sample('z1', new Normal(0.3, 0.7));
      ctx.sample('z2', new TransformedDistribution(new Normal(tf.fill([3], -0.5), tf.fill([3], 0.4)), [new SoftplusBijector()], { support: positive }));
    });
    const q = autoMultivariateNormal(m);
    const x = tf.zeros([1]) as Tensor1D;
    const svi = new SVI({ model: m, guide: q, seed: 1 });
    tf.tidy(() => {
      const { guide } = svi.bind(x);
      trace(guide).getTrace(x); // creates the parameters
    });
    svi.params.assignUnconstrained('autoMvn/loc', tf.tensor1d([0.3, -0.5, -0.5, -0.5]));
    // Unconstrained storage of the Cholesky factor: diagonal is softplus⁻¹(σ), off-diagonal as is.
    const inv = (s: number): number => Math.log(Math.expm1(s));
    svi.params.assignUnconstrained('autoMvn/scaleTril', tf.tensor2d([[inv(0.7), 0, 0, 0], [0, inv(0.4), 0, 0], [0, 0, inv(0.4), 0], [0, 0, 0, inv(0.4)]]));
    const before = tf.memory().numTensors;
    for (let s = 0; s < 5; s++) {
      const diff = tf.tidy(() => {
        const { guide } = svi.bind(x);
        const g = trace(seed(guide, s)).getTrace(x);
        let logq: tf.Tensor = tf.scalar(0);
        for (const site of Object.values(g)) if (site.type === 'sample') logq = tf.add(logq, tf.sum(site.fn.logProb(site.value as tf.Tensor)));
        const z: Record<string, tf.Tensor> = {};
        for (const n of ['z1', 'z2']) z[n] = (g[n] as { value: tf.Tensor }).value;
        const logp = tf.add(new Normal(0.3, 0.7).logProb(z.z1!), tf.sum(new TransformedDistribution(new Normal(tf.fill([3], -0.5), tf.fill([3], 0.4)), [new SoftplusBijector()], { support: positive }).logProb(z.z2!)));
        return tf.sub(logp, logq).dataSync()[0] as number;
      });
      expect(Math.abs(diff)).toBeLessThan(1e-4);
    }
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });

  it('handles bijectors that change the shape (simplex via stick-breaking) ', () => {
    const m = model('simplex', { p: 1 }, (ctx, _x: Tensor1D) => {
      ctx.sample('p', new Dirichlet(tf.tensor1d([2, 3, 4])));
    });
    const x = tf.zeros([1]) as Tensor1D;
    const svi = new SVI({ model: m, guide: autoMultivariateNormal(m), seed: 2 });
    const { p } = tf.tidy(() => {
      const t = trace(svi.bind(x).guide).getTrace(x);
      return { p: Array.from((t.p as { value: tf.Tensor }).value.dataSync()) };
    });
    expect(p).toHaveLength(3);
    expect(Math.abs(p.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-5);
    expect(svi.params.value('autoMvn/loc').shape).toEqual([2]); // 3-simplex has 2 free coordinates
    x.dispose();
  });
});
