import { describe, expect, it } from 'vitest';
import { guide, model, tf, type Tensor1D } from '@aevb/core';
import { Normal } from '@aevb/distributions';
import { SGD } from '../optim/sgd.js';
import { fit } from './loop.js';
import { NonFiniteError, SVI } from './svi.js';

describe('diagnose', () => {
  describe('explainNonFinite (through fit)', () => {
    // An unconstrained parameter used as a scale: at y = 0 the gradient of log N(0 | 0, s) is −1/s,
    // so one SGD step of size 5 from s = 1 reaches s = −4. Validation is off inside steps; the
    // error must still name the site and the invalid argument, from a re-run with validation on.
    it('a scale pushed negative is reported as the invalid argument of its site', async () => {
      const m = model('neg-scale', {}, (ctx, y: Tensor1D) => {
        const s = ctx.param('s', () => tf.scalar(1));
        ctx.plate('data', y.shape[0], () => ctx.observe('y', new Normal(tf.zerosLike(y), tf.mul(s, tf.onesLike(y))), y));
      });
      const g = guide(m, 'empty', () => ({}));
      const y = tf.tensor1d([0, 0, 0, 0]);
      const svi = new SVI({ model: m, guide: g, optimizer: new SGD({ learningRate: 5 }), seed: 0 });
      const err = await fit(svi, { data: y, batchSize: 4, epochs: 20 }).then(() => undefined, (e: unknown) => e);
      expect(err).toBeInstanceOf(NonFiniteError);
      const text = (err as Error).message;
      expect(text).toContain("'y'");
      expect(text).toMatch(/re-run with validation on: .*scale/);
      // Rejected steps changed nothing: s is where the one accepted step left it.
      expect(Array.from(svi.params.read('s'))).toEqual([-4]);
      svi.params.clear();
      svi.optimizer.dispose();
      y.dispose();
    });
  });
});
