import { describe, expect, it } from 'vitest';
import { model, tf, type Tensor1D } from '@aevb/core';
import { Normal } from '@aevb/distributions';
import { autoNormal } from '../guides/auto-normal.js';
import { Adam } from '../optim/adam.js';
import { checkFitOptions } from './fit-checks.js';
import { fit } from './loop.js';
import { SVI } from './svi.js';

describe('fit-checks', () => {
  describe('checkFitOptions', () => {
    const x = tf.zeros([8, 2]);
    it('refuses epochs and maxSteps that are not positive integers, naming the option', () => {
      for (const epochs of [-1, 0, Number.NaN, 1.5, Infinity]) {
        expect(() => checkFitOptions({ data: x, batchSize: 4, epochs })).toThrow(`fit: argument 'epochs' must be a positive integer, got ${epochs}`);
      }
      expect(() => checkFitOptions({ data: x, batchSize: 4, maxSteps: 2.5 })).toThrow("fit: argument 'maxSteps' must be a positive integer, got 2.5");
      expect(() => checkFitOptions({ data: x, batchSize: 4, epochs: 3, maxSteps: 7 })).not.toThrow();
    });
    it('names a disposed data or validation tensor', () => {
      const gone = tf.zeros([8, 2]);
      gone.dispose();
      expect(() => checkFitOptions({ data: gone, batchSize: 4 })).toThrow("fit: argument 'data' is a disposed tensor");
      expect(() => checkFitOptions({ data: { x, y: gone }, batchSize: 4 })).toThrow("fit: argument 'data.y' is a disposed tensor");
      expect(() => checkFitOptions({ data: x, batchSize: 4, validation: gone })).toThrow("fit: argument 'validation' is a disposed tensor");
    });
    it('fit() names an empty validation set before training', async () => {
      const m = model('mean', { mu: 0 }, (ctx, y: Tensor1D) => {
        const mu = ctx.sample('mu', new Normal(0, 1));
        ctx.plate('data', y.shape[0], () => ctx.observe('y', new Normal(tf.mul(mu, tf.onesLike(y)), 1), y));
      });
      const y = tf.tensor1d([1, 2, 3, 4]);
      const empty = tf.tensor1d([]);
      const svi = new SVI({ model: m, guide: autoNormal(m), optimizer: new Adam({ learningRate: 0.1 }), seed: 1 });
      await expect(fit(svi, { data: y, batchSize: 4, validation: empty })).rejects.toThrow("fit: argument 'validation' is empty (0 datapoints)");
      expect(svi.params.names()).toEqual([]);
      svi.optimizer.dispose();
      tf.dispose([y, empty]);
    });
    it('fit() calls it first: a refused option trains nothing and leaves the parameters as they were', async () => {
      const m = model('mean', { mu: 0 }, (ctx, y: Tensor1D) => {
        const mu = ctx.sample('mu', new Normal(0, 1));
        ctx.plate('data', y.shape[0], () => ctx.observe('y', new Normal(tf.mul(mu, tf.onesLike(y)), 1), y));
      });
      const y = tf.tensor1d([1, 2, 3, 4]);
      const svi = new SVI({ model: m, guide: autoNormal(m), optimizer: new Adam({ learningRate: 0.1 }), seed: 1 });
      await fit(svi, { data: y, batchSize: 4, epochs: 3 });
      const before = Object.fromEntries(svi.params.names().map((k) => [k, Array.from(svi.params.read(k))]));
      for (const epochs of [-1, Number.NaN, 1.5]) {
        await expect(fit(svi, { data: y, batchSize: 4, epochs })).rejects.toThrow(`fit: argument 'epochs' must be a positive integer, got ${epochs}`);
      }
      for (const [k, v] of Object.entries(before)) expect(Array.from(svi.params.read(k)), k).toEqual(v);
      svi.params.clear();
      svi.optimizer.dispose();
      y.dispose();
    });
  });
});
