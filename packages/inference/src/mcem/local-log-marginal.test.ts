import { describe, expect, it } from 'vitest';
import { ArgumentError, ParamStore, model, params, seed, tf, trace, type Tensor1D } from '@aevb/core';
import { Normal } from '@aevb/distributions';
import { localLogMarginal } from './local-log-marginal.js';
import { factorLogMarginal, factorModel } from './testing/factor-model.js';

describe('mcem/local-log-marginal', () => {
  describe('localLogMarginal', () => {
    it('matches the closed-form log p(x_i) of every datapoint of a factor model', () => {
      const xs = [-2.5, -0.4, 0.3, 1.1, 1.9, 3.2, 4.8, 0.9, -1.2, 2.6];
      const x = tf.tensor1d(xs);
      const store = new ParamStore();
      tf.tidy(() => {
        trace(seed(params(factorModel, store), 0)).getTrace(x);
      });
      store.assignUnconstrained('w', tf.scalar(2));
      store.assignUnconstrained('b', tf.scalar(1));
      const r = localLogMarginal(factorModel, x, { seed: 4, params: store, warmup: 150, draws: 1200 });
      expect(r.refused).toBe(0);
      // Per datapoint: within 4 of its reported standard errors (plus the Jensen bias SE²/2), with
      // the SE under 0.15 nats so that the check has teeth; the mean over the ten within 4 of its SE.
      let exactMean = 0;
      xs.forEach((v, i) => {
        const ex = factorLogMarginal(v, 2, 1);
        exactMean += ex / xs.length;
        const se = r.standardError[i]!;
        expect(se).toBeLessThan(0.15);
        expect(Math.abs(r.logMarginal[i]! - ex), `x=${v}: ${r.logMarginal[i]} ± ${se} vs ${ex}`).toBeLessThan(4 * se + se * se);
      });
      expect(Math.abs(r.mean - exactMean)).toBeLessThan(4 * r.meanStandardError + r.meanStandardError ** 2);
      // Dual averaging keeps its averaged step size after warmup, which accepts more often than the
      // 0.9 targeted during warmup: the kept transitions accept at least that often.
      expect(r.acceptRate).toBeGreaterThan(0.88);
      x.dispose();
      store.clear();
    }, 120_000);

    // z_i ~ N(0.5, 1), x_i | z_i ~ N(z_i², 0.5²) with x_i = 4: two modes, z ≈ 2 (most of the mass)
    // and z ≈ −2, with a barrier at z = 0 (likelihood e^-32) no HMC chain crosses. A chain in one
    // mode estimates log p(x) + log(its mode's share of the mass), with a standard error of a few
    // 0.01 nats that cannot show it.
    const twoModes = model('two-modes', { z: 1 }, (ctx, x: Tensor1D) => {
      ctx.plate('data', x.shape[0], () => {
        const z = ctx.sample('z', new Normal(tf.fill([x.shape[0]], 0.5), 1));
        ctx.observe('x', new Normal(tf.square(z), 0.5), x);
      });
    });
    /** log p(4) and the log shares of the two modes, by the midpoint rule on [−6, 6] (the integrand is negligible outside). */
    const exactTwoModes = (): { logP: number; major: number; minor: number } => {
      const h = 1e-4;
      let pos = 0;
      let neg = 0;
      for (let z = -6 + h / 2; z < 6; z += h) {
        const f = Math.exp(-0.5 * (z - 0.5) ** 2 - 0.5 * ((4 - z * z) / 0.5) ** 2) / (2 * Math.PI * 0.5);
        if (z > 0) pos += f * h;
        else neg += f * h;
      }
      return { logP: Math.log(pos + neg), major: Math.log(pos / (pos + neg)), minor: Math.log(neg / (pos + neg)) };
    };
    it('refuses a datapoint whose chains sit in different modes, naming the disagreement', () => {
      const rows = 12;
      const x = tf.fill([rows], 4) as Tensor1D;
      const { logP, major, minor } = exactTwoModes();
      const settings = { seed: 3, params: new ParamStore(), warmup: 200, draws: 800 };
      // Near a mode's value: within 4 of the estimate's SE and 0.05 nats of rounding in the shares.
      const near = (v: number, se: number, share: number): boolean => Math.abs(v - logP - share) < 4 * se + 0.05;
      const one = localLogMarginal(twoModes, x, { ...settings, chains: 1 });
      // One chain per datapoint: the estimates are accepted, each at the value of the mode its chain
      // sits in; those from the minor mode are far below log p(x) (the failure a second chain catches).
      expect(one.refused).toBe(0);
      for (let i = 0; i < rows; i++) expect(near(one.logMarginal[i]!, one.standardError[i]!, major) || near(one.logMarginal[i]!, one.standardError[i]!, minor)).toBe(true);
      expect(Array.from(one.logMarginal).filter((v) => v < logP + minor / 2).length).toBeGreaterThan(0);
      const two = localLogMarginal(twoModes, x, { ...settings, chains: 2 });
      expect(two.refused).toBeGreaterThan(0);
      for (const reason of Object.values(two.reasons)) expect(reason).toMatch(/its 2 chains disagree: log p̂ from -[0-9.]+ to -[0-9.]+, [0-9.]+ nats apart, more than 4 standard errors/);
      // What is kept has both chains in one mode: the value of that mode.
      for (let i = 0; i < rows; i++) {
        const v = two.logMarginal[i]!;
        if (!Number.isNaN(v)) expect(near(v, two.standardError[i]!, major) || near(v, two.standardError[i]!, minor)).toBe(true);
      }
      x.dispose();
    });
    it('names a chain count that is not a positive integer', () => {
      const x = tf.fill([2], 4) as Tensor1D;
      expect(() => localLogMarginal(twoModes, x, { seed: 0, params: new ParamStore(), chains: 0 })).toThrow(ArgumentError);
      expect(() => localLogMarginal(twoModes, x, { seed: 0, params: new ParamStore(), chains: 1.5 })).toThrow("localLogMarginal: argument 'chains' must be a positive integer, got 1.5");
      x.dispose();
    });
  });
});
