import { describe, expect, it } from 'vitest';
import { tf } from '@aevb/core';
import { Adam, SVI, analyticKlElbo, cosineDecay, type Objective, autoNormal, fit, iwaeBound, logMarginal, monteCarloElbo } from '../index.js';
import { exact, normalMean } from '../testing/conjugate.js';

// Data: 20 draws, fixed.
const xs = [0.8, 1.9, 1.2, 0.3, 1.5, 2.2, 0.9, 1.1, 1.7, 0.4, 1.3, 0.6, 2.0, 1.4, 0.7, 1.0, 1.6, 1.8, 0.5, 1.2];
const ex = exact(xs);

async function fitted(objective: Objective = analyticKlElbo(), steps = 800, seed = 1) {
  const x = tf.tensor1d(xs);
  const svi = new SVI({
    model: normalMean,
    guide: autoNormal(normalMean, { initLoc: 'zero', initScale: 1 }),
    // A decaying step size, so the final iterate settles instead of jittering at lr scale.
    optimizer: new Adam({ learningRate: cosineDecay({ initial: 0.05, decaySteps: steps, alpha: 0.01 }) }),
    objective,
    seed,
  });
  for (let i = 0; i < steps; i++) await svi.step(x);
  return { svi, x };
}

/** Fitted (loc, sd) over independent seeds, with the mean and standard error across seeds. */
async function replicated(objective: () => Objective, seeds: number[]) {
  const locs: number[] = [];
  const sds: number[] = [];
  for (const s of seeds) {
    const { svi, x } = await fitted(objective(), 800, s);
    locs.push(svi.params.value('auto/mu/loc').dataSync()[0] as number);
    sds.push(svi.params.value('auto/mu/scale').dataSync()[0] as number);
    x.dispose();
  }
  const stat = (v: number[]) => {
    const m = v.reduce((a, b) => a + b, 0) / v.length;
    const sd = Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / (v.length - 1));
    return { mean: m, se: sd / Math.sqrt(v.length) };
  };
  return { loc: stat(locs), sd: stat(sds) };
}

describe('SGVB on the conjugate Normal–Normal model', () => {
  it('the mean-field guide matches the exact posterior (estimators B and A)', async () => {
    // The Normal family contains the exact posterior, so the fit is unbiased up to optimization noise:
    // over 5 seeds the mean fitted value lies within 4 standard errors (across seeds) of the exact one,
    // plus 2e-3 for float32 and the finite final step size.
    for (const objective of [() => analyticKlElbo(), () => monteCarloElbo()]) {
      const r = await replicated(objective, [1, 2, 3, 4, 5]);
      expect(Math.abs(r.loc.mean - ex.mean)).toBeLessThan(4 * r.loc.se + 2e-3);
      expect(Math.abs(r.sd.mean - ex.sd)).toBeLessThan(4 * r.sd.se + 2e-3);
    }
    const { svi, x } = await fitted();
    // At the optimum KL(q || posterior) = 0, so the ELBO equals log p(x). With 200 evaluation
    // passes, the estimator's standard error is below 0.02 nats.
    const elbo = (await svi.evaluate(x, 200)) * xs.length;
    expect(Math.abs(elbo - ex.logEvidence)).toBeLessThan(0.1);
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
