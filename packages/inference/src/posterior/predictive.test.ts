import { describe, expect, it } from 'vitest';
import { model, tf, type Tensor1D } from '@aevb/core';
import { Normal } from '@aevb/distributions';
import { SVI, autoNormal, encodeMean, predictive } from '../index.js';

// mu ~ N(0, 1), x_i ~ N(mu, 1); a deterministic mu², broadcast by arithmetic (vectorizable).
const m = model('nm', { mu: 1 }, (ctx, x: Tensor1D) => {
  const mu = ctx.sample('mu', new Normal(tf.zeros([1]), tf.ones([1])));
  ctx.deterministic('mu2', tf.square(mu));
  ctx.plate('data', x.shape[0], () => ctx.observe('x', new Normal(tf.add(mu, tf.zeros(x.shape)), 1), x));
});
// The same model written with tf.broadcastTo(mu, x.shape): it cannot carry a particle dimension.
const sequential = model('nm-seq', { mu: 1 }, (ctx, x: Tensor1D) => {
  const mu = ctx.sample('mu', new Normal(tf.zeros([1]), tf.ones([1])));
  ctx.plate('data', x.shape[0], () => ctx.observe('x', new Normal(tf.broadcastTo(mu, x.shape), 1), x));
});

describe('predictive', () => {
  it.each([
    ['vectorized', m, -2],
    ['one run per draw', sequential, null],
  ])('%s: a leading sample axis, the guide’s law for mu and the likelihood’s for x', async (_name, mod, dim) => {
    const x = tf.tensor1d([0.5, 1.5, 1.0]);
    const svi = new SVI({ model: mod as typeof m, guide: autoNormal(mod as typeof m), seed: 2 });
    await svi.init(x);
    svi.params.assignUnconstrained('auto/mu/loc', tf.tensor1d([0.8]));
    svi.params.assignUnconstrained('auto/mu/scale', tf.tensor1d([Math.log(Math.expm1(0.3))]));
    const S = 2000;
    const d = predictive(svi, x, { numSamples: S, chunk: 500 });
    expect(svi.engine.vectorDim).toBe(dim);
    expect(d['mu']?.shape).toEqual([S, 1]);
    expect(d['x']?.shape).toEqual([S, 3]);
    const mu = Array.from(d['mu']?.dataSync() ?? []);
    const xs = Array.from(d['x']?.dataSync() ?? []);
    const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
    // mu ~ N(0.8, 0.3²): the mean within 4 SE (0.3/√2000); x_i − mu ~ N(0, 1) given mu: sd within 4 SE.
    expect(Math.abs(mean(mu) - 0.8)).toBeLessThan((4 * 0.3) / Math.sqrt(S));
    const resid = xs.map((v, i) => v - (mu[Math.floor(i / 3)] as number));
    expect(Math.abs(Math.sqrt(mean(resid.map((r) => r * r))) - 1)).toBeLessThan(4 / Math.sqrt(2 * resid.length));
    if (mod === m) expect(Array.from(d['mu2']?.dataSync() ?? []).every((v, i) => Math.abs(v - (mu[i] as number) ** 2) < 1e-5)).toBe(true);
    tf.dispose([...Object.values(d), x]);
  });

  it('encodeMean includes deterministic sites: E[mu²] = loc² + scale² within 4 SE of 4,096 draws', async () => {
    const x = tf.tensor1d([0.5, 1.5, 1.0]);
    const svi = new SVI({ model: m, guide: autoNormal(m), seed: 2 });
    await svi.init(x);
    svi.params.assignUnconstrained('auto/mu/loc', tf.tensor1d([0.8]));
    svi.params.assignUnconstrained('auto/mu/scale', tf.tensor1d([Math.log(Math.expm1(0.3))]));
    const means = encodeMean(svi, x);
    // Var(mu²) = 4 loc² scale² + 2 scale⁴ for mu ~ N(loc, scale²).
    const se = Math.sqrt(4 * 0.64 * 0.09 + 2 * 0.3 ** 4) / 64;
    expect(Math.abs((means['mu2']?.dataSync()[0] as number) - 0.73)).toBeLessThan(4 * se);
    expect(means.mu.dataSync()[0]).toBeCloseTo(0.8, 6);
    tf.dispose([...Object.values(means), x]);
  });

  it('returns the sites asked for, refuses unknown ones, and the prior predictive ignores the guide', async () => {
    const x = tf.tensor1d([0.5, 1.5, 1.0]);
    const svi = new SVI({ model: m, guide: autoNormal(m), seed: 2 });
    await svi.init(x);
    svi.params.assignUnconstrained('auto/mu/loc', tf.tensor1d([5]));
    const d = predictive(svi, x, { numSamples: 4000, returnSites: ['mu'], posterior: false });
    expect(Object.keys(d)).toEqual(['mu']);
    const mu = Array.from(d['mu']?.dataSync() ?? []);
    expect(Math.abs(mu.reduce((a, b) => a + b, 0) / mu.length)).toBeLessThan(4 / Math.sqrt(4000)); // the prior N(0, 1)
    expect(() => predictive(svi, x, { returnSites: ['nope'] })).toThrow(/returnSites' names sites the model does not have: nope/);
    tf.dispose([...Object.values(d), x]);
  });
});
