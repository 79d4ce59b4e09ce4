import { describe, expect, it } from 'vitest';
import { ParamStore, params, seed, tf, trace } from '@aevb/core';
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
  });
});
