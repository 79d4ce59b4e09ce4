import { describe, expect, it } from 'vitest';
import { tf } from '@aevb/core';
import { Adam, SVI, analyticKlElbo, autoNormal, fit, iwaeBound, logMarginal, monteCarloElbo } from '../index.js';
import { exact, normalMean } from '../testing/conjugate.js';

// Data: 20 draws, fixed.
const xs = [0.8, 1.9, 1.2, 0.3, 1.5, 2.2, 0.9, 1.1, 1.7, 0.4, 1.3, 0.6, 2.0, 1.4, 0.7, 1.0, 1.6, 1.8, 0.5, 1.2];
const ex = exact(xs);

async function fitted(objective = analyticKlElbo(), steps = 1500) {
  const x = tf.tensor1d(xs);
  const svi = new SVI({
    model: normalMean,
    guide: autoNormal(normalMean, { initLoc: 'zero', initScale: 1 }),
    optimizer: new Adam({ learningRate: 0.02 }),
    objective,
    seed: 1,
  });
  for (let i = 0; i < steps; i++) await svi.step(x);
  return { svi, x };
}

describe('SGVB on the conjugate Normal–Normal model', () => {
  it('the mean-field guide matches the exact posterior (estimator B)', async () => {
    const { svi, x } = await fitted();
    const loc = svi.params.value('auto/mu/loc').dataSync()[0] as number;
    const sd = svi.params.value('auto/mu/scale').dataSync()[0] as number;
    // Adam with lr 0.02 on a 1-sample gradient: the iterate jitters around the optimum with a
    // spread of a few lr-sized steps; 0.03 is ~1.5 lr and 0.15 sd (posterior sd is 0.218).
    expect(loc).toBeCloseTo(ex.mean, 1);
    expect(Math.abs(loc - ex.mean)).toBeLessThan(0.03);
    expect(Math.abs(sd - ex.sd)).toBeLessThan(0.03);
    // At the optimum KL(q || posterior) = 0, so the ELBO equals log p(x). With 200 evaluation
    // passes, the estimator's standard error is below 0.02 nats.
    const elbo = (await svi.evaluate(x, 200)) * xs.length;
    expect(Math.abs(elbo - ex.logEvidence)).toBeLessThan(0.1);
    x.dispose();
  });

  it('estimator A reaches the same posterior', async () => {
    const { svi, x } = await fitted(monteCarloElbo());
    expect(Math.abs((svi.params.value('auto/mu/loc').dataSync()[0] as number) - ex.mean)).toBeLessThan(0.04);
    x.dispose();
  });

  it('logMarginal matches the exact log evidence and IWAE >= ELBO, growing with K', async () => {
    const { svi, x } = await fitted();
    const lm = await logMarginal(svi, x, { particles: 2000, chunk: 200 });
    expect(lm.perDatum).toBeUndefined(); // mu is global: the estimate is joint
    expect(Math.abs(lm.total - ex.logEvidence)).toBeLessThan(0.05);
    // Deliberately shift the guide so the bounds differ, then compare them.
    svi.params.assignUnconstrained('auto/mu/loc', tf.tensor1d([ex.mean + 0.3]));
    const sviWith = (objective: ReturnType<typeof iwaeBound>) => new SVI({ ...svi.options, objective, params: svi.params });
    const bound = async (objective: ReturnType<typeof iwaeBound>) => (await sviWith(objective).evaluate(x, 400)) * xs.length;
    const elbo = await bound(analyticKlElbo());
    const k5 = await bound(iwaeBound({ particles: 5 }));
    const k50 = await bound(iwaeBound({ particles: 50 }));
    expect(k5).toBeGreaterThan(elbo);
    expect(k50).toBeGreaterThan(k5);
    expect(k50).toBeLessThan(ex.logEvidence + 0.02);
    x.dispose();
  });

  it('subsampled minibatches give an unbiased full-data bound (N/M scaling)', async () => {
    const { svi, x } = await fitted();
    const full = (await svi.evaluate(x, 400)) * xs.length;
    const history = await fit(svi, { data: x, batchSize: 5, epochs: 50, shuffle: true });
    expect(history.epochs).toHaveLength(50);
    // With M = 5 of N = 20 the per-step bound is scaled by 4; its mean over 200 steps estimates
    // the full bound (SE ≈ sd/sqrt(200) ≈ 0.5 nats here), and the fit stays at the posterior.
    const mean = (history.stepElbos.reduce((a, b) => a + b, 0) / history.stepElbos.length) * xs.length;
    expect(Math.abs(mean - full)).toBeLessThan(1.5);
    x.dispose();
  });
});
