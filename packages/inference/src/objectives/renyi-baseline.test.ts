import { describe, expect, it } from 'vitest';
import { guide, model, tf, type Tensor, type Tensor1D } from '@aevb/core';
import { Bernoulli, Normal } from '@aevb/distributions';
import { SVI, analyticKlElbo, autoNormal, iwaeBound, monteCarloElbo, renyiBound, type Objective } from '../index.js';
import { exact, normalMean } from '../testing/conjugate.js';

const xs = [0.8, 1.9, 1.2, 0.3, 1.5, 2.2, 0.9, 1.1];
const ex = exact(xs);

/** Mean and standard error of `passes` independent evaluations of a bound (nats, whole data). */
async function bound(svi: SVI<{ mu: Tensor1D }, Tensor1D>, x: Tensor1D, objective: Objective, passes: number) {
  const s = new SVI({ ...svi.options, objective, params: svi.params, seed: 11 });
  const v: number[] = [];
  for (let i = 0; i < passes; i++) v.push((await s.evaluate(x, 1)) * xs.length);
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  const sd = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / (v.length - 1));
  return { mean, se: sd / Math.sqrt(v.length) };
}

describe('Rényi bounds', () => {
  it('lie between the ELBO (alpha -> 1) and IWAE (alpha = 0), all below log p(x)', async () => {
    const x = tf.tensor1d(xs);
    const svi = new SVI({ model: normalMean, guide: autoNormal(normalMean, { initLoc: 'zero', initScale: 0.4 }), seed: 2 });
    await svi.evaluate(x);
    // A guide well off the posterior (mean shifted by ~3 posterior sd), so the bounds differ clearly.
    svi.params.assignUnconstrained('auto/mu/loc', tf.tensor1d([ex.mean + 1.0]));
    const elbo = await bound(svi, x, analyticKlElbo(), 300);
    const r99 = await bound(svi, x, renyiBound({ alpha: 0.999, particles: 5 }), 300);
    const r5 = await bound(svi, x, renyiBound({ alpha: 0.5, particles: 5 }), 300);
    const iwae = await bound(svi, x, iwaeBound({ particles: 5 }), 300);
    const r0 = await bound(svi, x, renyiBound({ alpha: 0, particles: 5 }), 300);
    const z = (a: { se: number }, b: { se: number }) => 4 * Math.sqrt(a.se ** 2 + b.se ** 2);
    // alpha -> 1 recovers the ELBO; alpha = 0 is IWAE (same samples: identical estimates).
    expect(Math.abs(r99.mean - elbo.mean)).toBeLessThan(z(r99, elbo) + 0.01);
    expect(r0.mean).toBeCloseTo(iwae.mean, 4);
    // In expectation the bound decreases in alpha: ELBO < R_0.5 < IWAE (separated by more than 4 SE here).
    expect(r5.mean - elbo.mean).toBeGreaterThan(z(r5, elbo));
    expect(iwae.mean - r5.mean).toBeGreaterThan(z(iwae, r5));
    expect(iwae.mean).toBeLessThan(ex.logEvidence + 4 * iwae.se);
    x.dispose();
  }, 120_000);
});

describe('score-function baseline', () => {
  it('reduces the variance of the score-function gradient', async () => {
    const coin = model('coin', { z: 1 }, (ctx, x: Tensor1D) => {
      const z = ctx.sample('z', new Bernoulli({ probs: tf.tensor1d([0.3]) }));
      ctx.observe('x', new Normal(tf.mul(z, 3), tf.ones([1])), x);
    });
    const q = guide(coin, 'q', (ctx) => ({ z: ctx.sample('z', new Bernoulli({ logits: ctx.param('q/logit', () => tf.zeros([1])) })) }));
    const x = tf.tensor1d([1]);
    const svi = new SVI({ model: coin, guide: q, seed: 5 });
    await svi.evaluate(x);
    const v = svi.params.variables()['q/logit'] as tf.Variable;
    const variance = (objective: Objective, n: number): number => {
      const { model: m, guide: g } = svi.bind(x);
      const draws: number[] = [];
      for (let i = 0; i < n; i++) {
        const { value, grads } = tf.variableGrads(() => objective.evaluate(m, g, [x] as const).surrogate as tf.Scalar, [v]);
        draws.push((grads[v.name] as Tensor).dataSync()[0] as number);
        tf.dispose([value, ...Object.values(grads)]);
      }
      const mean = draws.reduce((a, b) => a + b, 0) / n;
      return draws.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1);
    };
    const withBaseline = monteCarloElbo({ baselineDecay: 0.9 });
    const { model: m, guide: g } = svi.bind(x);
    for (let i = 0; i < 100; i++) {
      const b = tf.tidy(() => withBaseline.evaluate(m, g, [x] as const).bound.dataSync()[0] as number);
      withBaseline.update?.(b);
    }
    const n = 400;
    const vWith = variance(withBaseline, n);
    const vWithout = variance(monteCarloElbo(), n); // baseline stays at 0 (never updated)
    // log(v1/v2) of two independent sample variances has SE ≈ sqrt(2/(n−1) · 2) for roughly normal draws
    // (heavier tails inflate it; we use 4 SE of that, ≈ 0.4 here).
    const se = Math.sqrt(4 / (n - 1));
    expect(Math.log(vWithout / vWith)).toBeGreaterThan(4 * se);
    x.dispose();
  }, 120_000);
});
