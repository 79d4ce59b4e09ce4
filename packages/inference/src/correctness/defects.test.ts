// Issue 12's defects, each reproduced against closed-form answers: every one of these returned a
// wrong number without an error (or threw) before the plates carried their subsample.
import { describe, expect, it } from 'vitest';
import { guide, model, ModelError, ParamStore, tf, type Tensor1D, type Tensor2D } from '@aevb/core';
import { Independent, MultivariateNormal, Normal, realVector } from '@aevb/distributions';
import {
  Adam,
  SVI,
  analyticKlElbo,
  autoMultivariateNormal,
  autoNormal,
  encode,
  encodeMean,
  evaluateBound,
  fit,
  iwaeBound,
  logMarginal,
} from '../index.js';
import {
  hierarchicalModel,
  localAnswer,
  localModel,
  normalMeanAnswer,
  normalMeanModel,
  normalMeanNoPlate,
  regressionAnswer,
  regressionModel,
  gammaPoissonModel,
} from '../testing/conjugate-models.js';
import { batchMeans, replicates } from '../testing/tail.js';

const Y = [2.1, -0.7, 0.4, 3.0, -1.8, 1.2, 0.9, -0.2, 2.6, -2.4, 0.1, 1.7];
const X8 = [0.8, 1.9, 1.2, 0.3, 1.5, 2.2, 0.9, 1.1];

/** Fits with `fit`, recording the unconstrained loc and log scale of every row after each of the last `tail` steps. */
async function fitLocal(batchSize: number, shuffle: boolean | undefined, epochs: number, tail: number) {
  const m = localModel('rows');
  const y = tf.tensor1d(Y);
  const svi = new SVI({ model: m, guide: autoNormal(m), optimizer: new Adam({ learningRate: 0.03 }), seed: 5 });
  const locs: number[][] = [];
  const steps = (Y.length / batchSize) * epochs;
  let i = 0;
  await fit(svi, {
    data: y,
    batchSize,
    epochs,
    ...(shuffle === undefined ? {} : { shuffle }),
    onStep: () => {
      if (i++ >= steps - tail) Array.from(svi.params.read('auto/theta/loc')).forEach((v, k) => (locs[k] ??= []).push(v));
    },
  });
  return { svi, y, locs: locs.map((r) => batchMeans(r)) };
}

describe('issue 12: inference is right for local latents, minibatches and evaluation', () => {
  describe('local latents follow shuffled minibatches (defect 1)', () => {
    // Exact posterior of each row: theta_i | y_i ~ N(w y_i, ·) with w = tau²/(tau² + sigma²). Every
    // row's fitted mean must match within 4.5 batch-means SE (12 rows: a family-wise 1e-4 level).
    it.each([
      // 1,500 steps each: ~400 to converge from the prior draw at lr 0.03, the last 750 averaged.
      ['the whole data set per step, default shuffle', 12, undefined, 1500],
      ['minibatches of 4 rows, shuffled', 4, true, 500],
      ['minibatches of 3 rows, in order', 3, false, 375],
    ])('%s', async (_name, batchSize, shuffle, epochs) => {
      const exact = localAnswer(Y);
      const steps = (Y.length / batchSize) * epochs;
      const { y, locs } = await fitLocal(batchSize, shuffle, epochs, Math.floor(steps / 2));
      locs.forEach((e, i) => expect(Math.abs(e.mean - (exact.mean[i] as number)), `row ${i}`).toBeLessThan(4.5 * e.se + 1e-3));
      y.dispose();
    }, 60_000);
  });

  describe('logMarginal with per-member guide parameters (defect 2)', () => {
    it('is exact per datum when q is the exact posterior, in one vectorized pass', async () => {
      const m = localModel('rows');
      const y = tf.tensor1d(Y);
      const exact = localAnswer(Y);
      const svi = new SVI({ model: m, guide: autoNormal(m), seed: 2 });
      await svi.init(y);
      svi.params.assignUnconstrained('auto/theta/loc', tf.tensor1d(exact.mean));
      // softplus⁻¹ of the exact sd: the stored form of a positive parameter.
      svi.params.assignUnconstrained('auto/theta/scale', tf.tensor1d(exact.meanFieldSd.map((s) => Math.log(Math.expm1(s)))));
      const r = await logMarginal(svi, y, { particles: 1000, batchSize: 5, chunk: 250 });
      // With q = p(theta | y) every importance weight equals p(y_i): only float32 rounding remains.
      const perRow = Y.map((yi) => -0.5 * (Math.log(2 * Math.PI * (1.5 ** 2 + 0.8 ** 2)) + (yi * yi) / (1.5 ** 2 + 0.8 ** 2)));
      Array.from(r.perDatum ?? []).forEach((v, i) => expect(v).toBeCloseTo(perRow[i] as number, 3));
      expect(r.total).toBeCloseTo(exact.logEvidence, 2);
      expect(svi.engine.vectorDim).toBe(-2);
      y.dispose();
    });

    it('refuses data other than the rows the per-member parameters were fitted on', async () => {
      const m = localModel('rows');
      const y = tf.tensor1d(Y);
      const other = tf.tensor1d(Y.map((v) => v + 1));
      const svi = new SVI({ model: m, guide: autoNormal(m), seed: 2 });
      await fit(svi, { data: y, batchSize: 12, epochs: 2 });
      await expect(logMarginal(svi, other)).rejects.toThrow(/parameter 'auto\/theta\/loc' has one value per member of the data plate 'rows'/);
      await expect(evaluateBound(svi, other, 4)).rejects.toThrow(ModelError);
      expect(() => encodeMean(svi, other)).toThrow(/auto\/theta\/loc/);
      // The same rows in a new tensor are the same data.
      const again = tf.tensor1d(Y);
      await expect(evaluateBound(svi, again, 4)).resolves.toBeLessThan(0);
      tf.dispose([y, other, again]);
    });
  });

  describe('the evaluation bound does not depend on the evaluation batch size (defect 3)', () => {
    it('charges the global latent once: equal at batch sizes 8, 4, 2 and 1', async () => {
      const m = normalMeanModel('data');
      const x = tf.tensor1d(X8);
      const exact = normalMeanAnswer(X8);
      const svi = new SVI({ model: m, guide: autoNormal(m), objective: analyticKlElbo(), seed: 3 });
      await svi.init(x);
      svi.params.assignUnconstrained('auto/mu/loc', tf.tensor1d(exact.mean));
      svi.params.assignUnconstrained('auto/mu/scale', tf.tensor1d([Math.log(Math.expm1(exact.meanFieldSd[0] as number))]));
      // q is the exact posterior, so the bound is log p(x) exactly (per datapoint: ÷ 8); each
      // evaluation is an unbiased estimate, 10 replicates of 20 passes give its SE.
      for (const bs of [8, 4, 2, 1]) {
        const reps: number[] = [];
        for (let r = 0; r < 10; r++) reps.push(await evaluateBound(svi, x, bs, 20));
        const e = replicates(reps);
        expect(Math.abs(e.mean - exact.logEvidence / 8), `batch size ${bs}`).toBeLessThan(4 * e.se + 1e-4);
      }
      x.dispose();
    }, 60_000);
  });

  describe('N/M scaling comes from the plate the data run through (defect 4)', () => {
    it("a plate not named 'data': the minibatch fit's q(mu) has the exact posterior sd", async () => {
      const m = normalMeanModel('obs');
      const x = tf.tensor1d(X8);
      const exact = normalMeanAnswer(X8);
      const svi = new SVI({ model: m, guide: autoNormal(m), optimizer: new Adam({ learningRate: 0.02 }), seed: 4 });
      const logScale: number[] = [];
      const loc: number[] = [];
      let i = 0;
      await fit(svi, {
        data: x,
        batchSize: 2,
        epochs: 400,
        onStep: () => {
          if (i++ >= 800) {
            logScale.push(Math.log(svi.params.read('auto/mu/scale')[0] as number));
            loc.push(svi.params.read('auto/mu/loc')[0] as number);
          }
        },
      });
      const s = batchMeans(logScale);
      const l = batchMeans(loc);
      // Unscaled minibatches would fit sd 1/sqrt(3) = 0.577 instead of 1/3.
      expect(Math.abs(s.mean - Math.log(exact.meanFieldSd[0] as number))).toBeLessThan(4 * s.se + 1e-3);
      expect(Math.abs(l.mean - (exact.mean[0] as number))).toBeLessThan(4 * l.se + 1e-3);
      x.dispose();
    }, 60_000);

    it('rows outside any plate: a minibatch is refused, naming the site', async () => {
      const x = tf.tensor1d(X8);
      const svi = new SVI({ model: normalMeanNoPlate, guide: autoNormal(normalMeanNoPlate) });
      await expect(fit(svi, { data: x, batchSize: 4 })).rejects.toThrow(/a minibatch of 4 of 8 rows cannot be scaled.*site 'x' observes the data's rows outside any plate/);
      await expect(fit(svi, { data: x, batchSize: 8, epochs: 2 })).resolves.toBeDefined();
      x.dispose();
    });
  });

  describe("encode and encodeMean report the guide's marginals (defect 5)", () => {
    it('autoMultivariateNormal: the mean is the location, the same on every call, and no internal site', async () => {
      const m = regressionModel('data');
      const rows = [[1, 0.5], [0.2, -1], [-0.7, 0.3], [1.5, 1.1], [0.1, 0.9]];
      const d = { x: tf.tensor2d(rows) as Tensor2D, y: tf.tensor1d([1.2, -0.8, -0.1, 2.3, 0.9]) as Tensor1D };
      const svi = new SVI({ model: m, guide: autoMultivariateNormal(m), seed: 1 });
      await svi.init(d);
      const loc = Array.from(svi.params.read('autoMvn/loc'));
      const a = encodeMean(svi, d);
      const b = encodeMean(svi, d);
      expect(Array.from(a.w.dataSync())).toEqual(Array.from(b.w.dataSync()));
      Array.from(a.w.dataSync()).forEach((v, i) => expect(v).toBeCloseTo(loc[i] as number, 5));
      const names = tf.tidy(() => Object.keys(encode(svi, d)));
      expect(names).toEqual(['w']);
      void regressionAnswer;
      tf.dispose([a.w, b.w, d.x, d.y]);
    });

    it('a positive latent under autoNormal: E[softplus(N(m, s))] by quadrature, not a draw', async () => {
      const m = gammaPoissonModel('data');
      const x = tf.tensor1d([2, 4, 1, 3]);
      const svi = new SVI({ model: m, guide: autoNormal(m, { initScale: 0.8 }), seed: 6 });
      await svi.init(x);
      const loc = svi.params.read('auto/rate/loc')[0] as number;
      const sd = svi.params.read('auto/rate/scale')[0] as number;
      const first = encodeMean(svi, x).rate;
      const second = encodeMean(svi, x).rate;
      // Reference: 400,000 Box–Muller draws in float64 (SE ≈ 0.8·sd/632 ≈ 0.001 here).
      let sum = 0;
      let sq = 0;
      // mulberry32: 32-bit state, exact integer arithmetic.
      let state = 12345;
      const rand = (): number => {
        state = (state + 0x6d2b79f5) >>> 0;
        let t = state;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return (((t ^ (t >>> 14)) >>> 0) + 0.5) / 4294967296;
      };
      const n = 400_000;
      for (let i = 0; i < n; i++) {
        const z = Math.sqrt(-2 * Math.log(rand())) * Math.cos(2 * Math.PI * rand());
        const v = Math.log1p(Math.exp(loc + sd * z));
        sum += v;
        sq += v * v;
      }
      const mean = sum / n;
      const se = Math.sqrt((sq / n - mean * mean) / n);
      expect(first.dataSync()[0]).toBe(second.dataSync()[0]);
      expect(Math.abs((first.dataSync()[0] as number) - mean)).toBeLessThan(4 * se + 1e-5);
      // softplus(loc), the median, differs from the mean by far more than that.
      expect(Math.abs(Math.log1p(Math.exp(loc)) - mean)).toBeGreaterThan(10 * se);
      tf.dispose([first, second, x]);
    });
  });

  describe('units of the step bound (defect 6)', () => {
    it('svi.step(batch).elbo is per datapoint without a data-set size', async () => {
      const m = normalMeanModel('data');
      const x = tf.tensor1d(X8);
      const svi = new SVI({ model: m, guide: autoNormal(m), optimizer: new Adam({ learningRate: 1e-6 }), seed: 1 });
      const steps: number[] = [];
      for (let i = 0; i < 40; i++) steps.push((await svi.step(x)).elbo);
      const evals: number[] = [];
      for (let i = 0; i < 40; i++) evals.push(await svi.evaluate(x));
      const a = replicates(steps);
      const b = replicates(evals);
      // Both estimate the same per-datapoint bound (parameters barely move at lr 1e-6).
      expect(Math.abs(a.mean - b.mean)).toBeLessThan(4 * Math.hypot(a.se, b.se));
      x.dispose();
    });
  });

  describe('constraints are compared structurally (defect 7)', () => {
    it('a MultivariateNormal prior takes an Independent(Normal, 1) guide', async () => {
      const m = model('mvn', { z: 1 }, (ctx, x: Tensor1D) => {
        const z = ctx.sample('z', new MultivariateNormal(tf.zeros([2]), { scaleTril: tf.eye(2) }));
        ctx.observe('x', new Normal(z, 1), x);
      });
      const q = guide(m, 'q', (ctx) => ({
        z: ctx.sample('z', new Independent(new Normal(ctx.param('q/loc', tf.zeros([2])), ctx.param('q/scale', tf.ones([2]), { constraint: realVector })), 1)),
      }));
      const x = tf.tensor1d([0.5, -0.3]);
      const r = await new SVI({ model: m, guide: q }).step(x);
      expect(r.accepted).toBe(true);
      // And the automatic mean-field guide accepts the vector latent.
      expect((await new SVI({ model: m, guide: autoNormal(m) }).step(x)).accepted).toBe(true);
      x.dispose();
    });

    it('a realVector parameter is stored as is (identity transform)', () => {
      const store = new ParamStore();
      store.get('v', { init: () => tf.ones([3]), seed: 0, constraint: realVector, transform: undefined });
      expect(store.entry('v').transform).toBeUndefined();
      store.clear();
    });
  });

  describe('types the run checks (defect 8)', () => {
    it('a latent declared but never sampled is an error naming it', () => {
      const m = model('forgets', { mu: 1, z: 1 }, (ctx) => {
        ctx.sample('mu', new Normal(tf.zeros([1]), tf.ones([1])));
      });
      expect(() => m.run()).toThrow(/site 'z': is declared in the signature of model 'forgets' but this run did not sample it/);
    });

    it('a guide that samples a site the model does not have is an error naming it', async () => {
      const m = normalMeanModel('data');
      const q = guide({ mu: 1, extra: 1 }, 'too-many', (ctx, _x: Tensor1D) => ({
        mu: ctx.sample('mu', new Normal(tf.zeros([1]), tf.ones([1]))),
        extra: ctx.sample('extra', new Normal(tf.zeros([1]), tf.ones([1]))),
      }));
      const x = tf.tensor1d(X8);
      await expect(new SVI({ model: m, guide: q as never }).step(x)).rejects.toThrow(/site 'extra': guide 'too-many' samples a site that model 'normal-mean\[data\]' does not have/);
      x.dispose();
    });
  });

  describe('combinations that cannot be right are refused by name', () => {
    it('autoMultivariateNormal cannot follow a minibatch of local latents', async () => {
      const m = hierarchicalModel('data');
      const d = { y: tf.tensor1d([1, 2, 0, -1]) as Tensor1D, sigma: tf.tensor1d([1, 1, 1, 1]) as Tensor1D };
      const svi = new SVI({ model: m, guide: autoMultivariateNormal(m) });
      await expect(fit(svi, { data: d, batchSize: 2 })).rejects.toThrow(/site 'theta': autoMultivariateNormal couples all 4 members of plate 'data'/);
      tf.dispose([d.y, d.sigma]);
    });

    it('IWAE cannot estimate a shared latent from a minibatch', async () => {
      const m = normalMeanModel('data');
      const x = tf.tensor1d(X8);
      const svi = new SVI({ model: m, guide: autoNormal(m), objective: iwaeBound({ particles: 3 }) });
      await expect(fit(svi, { data: x, batchSize: 2 })).rejects.toThrow(/site 'mu': iwae.*shared by all rows of the data plate 'data'/);
      x.dispose();
    });
  });
});
