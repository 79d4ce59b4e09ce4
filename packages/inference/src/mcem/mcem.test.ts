import { describe, expect, it } from 'vitest';
import { ArgumentError, ModelError, model, tf, type Tensor1D } from '@aevb/core';
import { Normal } from '@aevb/distributions';
import { ChainRng } from '../mcmc/chain-rng.js';
import { mcseMean } from '../mcmc/mcse.js';
import { Adam } from '../optim/adam.js';
import { MonteCarloEM } from './mcem.js';
import { factorModel } from './testing/factor-model.js';

// The one-factor model's MLE is closed form (testing/factor-model.ts): b = x̄, w² = s² − 1, the fixed point of EM.
const factor = factorModel;

describe('mcem/mcem', () => {
  describe('MonteCarloEM', () => {
    it('converges to the closed-form MLE of a one-factor model (iterate averages within 4 MCSE)', async () => {
      const rng = new ChainRng(3);
      const n = 200;
      const xs = Array.from({ length: n }, () => 1.5 + Math.sqrt(5) * rng.normal());
      const mean = xs.reduce((a, v) => a + v, 0) / n;
      const s2 = xs.reduce((a, v) => a + (v - mean) ** 2, 0) / n;
      const x = tf.tensor1d(xs);
      const em = new MonteCarloEM({ model: factor, dataSize: n, optimizer: new Adam({ learningRate: 0.02 }), seed: 1 });
      const indices = Array.from({ length: n }, (_, i) => i);
      const trace = { w: [] as number[], b: [] as number[], accept: [] as number[] };
      const before = tf.memory().numTensors;
      let after = before;
      for (let t = 0; t < 600; t++) {
        const r = await em.step(x, indices);
        if (t === 1) after = tf.memory().numTensors;
        if (t >= 300) {
          trace.w.push(em.params.read('w')[0] as number);
          trace.b.push(em.params.read('b')[0] as number);
          trace.accept.push(r.acceptRate);
        }
      }
      // The parameters' iterates after burn-in are a stationary sequence around the EM fixed point
      // (Monte Carlo noise of the E step and Adam's jitter): their average is within 4 MCSE of it,
      // with the MCSE from the sequence's ESS, plus 0.01 for Adam's O(lr²) bias.
      const avg = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
      const w = avg(trace.w);
      const b = avg(trace.b);
      expect(Math.abs(b - mean), `b ${b} vs MLE ${mean}`).toBeLessThan(4 * mcseMean([Float64Array.from(trace.b)]) + 0.01);
      expect(Math.abs(Math.abs(w) - Math.sqrt(s2 - 1)), `w ${w} vs MLE ${Math.sqrt(s2 - 1)}`).toBeLessThan(4 * mcseMean([Float64Array.from(trace.w)]) + 0.01);
      // The step size is tuned to the paper's 90% acceptance.
      expect(Math.abs(avg(trace.accept) - 0.9)).toBeLessThan(0.03);
      // Tensors are flat across steps.
      expect(tf.memory().numTensors).toBe(after);
      x.dispose();
      em.params.clear();
      em.optimizer.dispose();
    }, 300_000);

    it('refuses global latents, bad options and indices outside the data', async () => {
      const global = model('global-mean', { mu: 0 }, (ctx, x: Tensor1D) => {
        const mu = ctx.sample('mu', new Normal(0, 1));
        ctx.plate('data', x.shape[0], () => ctx.observe('x', new Normal(tf.broadcastTo(mu, x.shape), 1), x));
      });
      const x = tf.tensor1d([1, 2, 3]);
      await expect(new MonteCarloEM({ model: global, dataSize: 3 }).step(x, [0, 1, 2])).rejects.toThrow(ModelError);
      expect(() => new MonteCarloEM({ model: factor, dataSize: 0 })).toThrow(/'dataSize'/);
      expect(() => new MonteCarloEM({ model: factor, dataSize: 3, targetAccept: 1 })).toThrow(/'targetAccept'/);
      await expect(new MonteCarloEM({ model: factor, dataSize: 3 }).step(x, [0, 1, 3])).rejects.toThrow(ArgumentError);
      x.dispose();
    });
  });
});
