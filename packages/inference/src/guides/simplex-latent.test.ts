// Simplex latents (Dirichlet): the support's bijector, stick breaking, maps R^{K−1} onto the
// K-simplex, so automatic Normal guides hold K−1 unconstrained coordinates per value.
import { describe, expect, it } from 'vitest';
import { model, tf, type Tensor1D, type Tensor2D } from '@aevb/core';
import { Delta, Dirichlet, Independent, Normal, lowerCholesky } from '@aevb/distributions';
import { Adam, SVI, autoAmortized, autoMultivariateNormal, autoNormal, cosineDecay, encodeMean, fit, logMarginal } from '@aevb/inference';

const ALPHA = [2, 3, 5];
const Y = [0.2, 0.3, 0.1];

/** log of the Beta(a, b) density. */
function logBeta(w: number, a: number, b: number): number {
  const lg = (x: number): number => {
    // Lanczos-free: integer arguments only here.
    let s = 0;
    for (let k = 2; k < x; k++) s += Math.log(k);
    return s;
  };
  return (a - 1) * Math.log(w) + (b - 1) * Math.log1p(-w) - (lg(a) + lg(b) - lg(a + b));
}

/** ∫ f(w) dw over (0, 1) by Simpson's rule on 20,000 intervals. */
function simpson(f: (w: number) => number): number {
  const n = 20_000;
  const h = 1 / n;
  let s = 0;
  for (let i = 1; i < n; i++) s += (i % 2 === 1 ? 4 : 2) * f(i * h);
  return (s * h) / 3; // f(0) = f(1) = 0 for these integrands
}

const normalPdf = (y: number, m: number, sd: number): number => Math.exp(-0.5 * ((y - m) / sd) ** 2) / (sd * Math.sqrt(2 * Math.PI));

describe('automatic guides on simplex latents', () => {
  // w ~ Dirichlet(2, 3, 5), y_i ~ N(w_1, 1): w_1 ~ Beta(2, 8) marginally, so log p(y) and E[w_1 | y]
  // are 1-D integrals (Simpson, error < 1e-9); given w_1, (w_2, w_3) / (1 − w_1) ~ Dirichlet(3, 5),
  // so E[w_2 | y] = (1 − E[w_1 | y]) 3/8.
  const m = model('dirichlet-mean', { w: 1 }, (ctx, y: Tensor1D) => {
    const w = ctx.sample('w', new Dirichlet(tf.tensor1d(ALPHA)));
    ctx.plate('data', y.shape[0], () => ctx.observe('y', new Normal(tf.mul(tf.slice(w, [0], [1]), tf.onesLike(y)), 1), y));
  });
  const joint = (w: number): number => Math.exp(logBeta(w, 2, 8)) * Y.reduce((p, y) => p * normalPdf(y, w, 1), 1);
  const z = simpson(joint);
  const e1 = simpson((w) => w * joint(w)) / z;
  const sd1 = Math.sqrt(simpson((w) => w * w * joint(w)) / z - e1 * e1);

  // Tolerances. logMarginal (K = 4,000) is consistent; three repeats give its mean and SE from
  // their spread, and it may fall short of log p(y) by its bias (below 4 SE here: the guide's
  // ELBO gap G is ~0.02 nats, so the weights' variance is small). The means: KL(q_1 ‖ p_1) ≤ G
  // bounds |E_q[w_1] − E[w_1 | y]| by about √(2G) sd (near-Gaussian marginal), with Ĝ = G + 4 SE.
  it('autoNormal holds K − 1 coordinates, fits, and its logMarginal and means match the exact answer', async () => {
    const y = tf.tensor1d(Y);
    const svi = new SVI({
      model: m,
      guide: autoNormal(m),
      optimizer: new Adam({ learningRate: cosineDecay({ initial: 0.05, decaySteps: 1500, alpha: 0.02 }) }),
      seed: 3,
    });
    await fit(svi, { data: y, batchSize: 3, epochs: 1500 });
    expect(svi.params.entry('auto/w/loc').variable.shape).toEqual([2]);
    const lms: number[] = [];
    for (let r = 0; r < 3; r++) lms.push((await logMarginal(svi, y, { particles: 4000, chunk: 1000 })).total);
    const mean = lms.reduce((a, b) => a + b) / 3;
    const se = Math.sqrt(lms.reduce((a, b) => a + (b - mean) ** 2, 0) / 2 / 3);
    expect(Math.abs(mean - Math.log(z)), `logMarginal ${lms.join(', ')} vs ${Math.log(z)}`).toBeLessThan(4 * Math.max(se, 1e-3));
    const passes: number[] = [];
    for (let i = 0; i < 20; i++) passes.push((await svi.evaluate(y, 20)) * 3);
    const elbo = passes.reduce((a, b) => a + b) / 20;
    const elboSe = Math.sqrt(passes.reduce((a, b) => a + (b - elbo) ** 2, 0) / 19 / 20);
    const gHat = Math.log(z) - elbo + 4 * elboSe;
    expect(gHat).toBeGreaterThan(0);
    const w = encodeMean(svi, y).w;
    const [q1, q2, q3] = Array.from(w.dataSync()) as [number, number, number];
    expect(q1 + q2 + q3).toBeCloseTo(1, 5);
    expect(Math.abs(q1 - e1), `E_q[w_1] ${q1} vs ${e1}`).toBeLessThan(Math.sqrt(2 * gHat) * sd1);
    expect(Math.abs(q2 - (1 - e1) * 3 / 8), `E_q[w_2] ${q2}`).toBeLessThan(Math.sqrt(2 * gHat) * sd1 + 0.02);
    tf.dispose([y, w]);
    svi.params.clear();
    svi.optimizer.dispose();
  }, 300_000);

  it('autoAmortized encodes a local simplex latent per row (K − 1 outputs per coordinate pair)', async () => {
    const local = model('local-dirichlet', { w: 2 }, (ctx, y: Tensor2D) => {
      ctx.plate('data', y.shape[0], () => {
        const w = ctx.sample('w', new Dirichlet(tf.ones([y.shape[0], 3])));
        ctx.observe('y', new Independent(new Normal(w, 0.2), 1), y);
      });
    });
    const y = tf.tensor2d([[0.7, 0.2, 0.1], [0.1, 0.1, 0.8], [0.3, 0.4, 0.3], [0.2, 0.7, 0.1]]);
    const svi = new SVI({ model: local, guide: autoAmortized(local, { hidden: [16] }), optimizer: new Adam({ learningRate: 0.01 }), seed: 1 });
    await fit(svi, { data: y, batchSize: 2, epochs: 50 });
    const w = encodeMean(svi, y).w;
    expect(w.shape).toEqual([4, 3]);
    const sums = Array.from(tf.sum(w, 1).dataSync());
    for (const s of sums) expect(s).toBeCloseTo(1, 5);
    tf.dispose([y, w]);
    svi.params.clear();
    svi.optimizer.dispose();
  }, 60_000);

  it('refuses, naming the site, a support whose bijector is not a bijection of an unconstrained tensor', async () => {
    const bad = model('cholesky-latent', { L: 2 }, (ctx, y: Tensor1D) => {
      const L = ctx.sample('L', new Delta(tf.eye(2), { eventRank: 2, support: lowerCholesky }));
      ctx.plate('data', y.shape[0], () => ctx.observe('y', new Normal(tf.mul(tf.sum(L), tf.onesLike(y)), 1), y));
    });
    const y = tf.tensor1d([1]);
    for (const g of [autoNormal(bad), autoMultivariateNormal(bad)]) {
      const svi = new SVI({ model: bad, guide: g, optimizer: new Adam({ learningRate: 0.01 }) });
      await expect(svi.step(y)).rejects.toThrow(/site 'L'.*LowerCholesky.*not a bijection of an unconstrained tensor/);
    }
    y.dispose();
  });
});
