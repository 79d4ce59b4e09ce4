import { afterEach, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { produce as globalProduce, setAutoFreeze } from 'immer';
import { model } from './model.js';
import { seed, trace } from './handlers/index.js';
import { ToyNormal } from './testing/toy-normal.js';

const m = model('one', { mu: 1 }, (ctx) => {
  ctx.sample('mu', new ToyNormal(tf.zeros([1]), tf.ones([1])));
});

afterEach(() => setAutoFreeze(true));

describe('immer', () => {
  describe('produce', () => {
    it("freezes aevb's site records even when the project turned immer's auto-freeze off", () => {
      setAutoFreeze(false);
      // The project's own immer calls follow its setting ...
      expect(Object.isFrozen(globalProduce({ a: 1 }, (d) => void (d.a = 2)))).toBe(false);
      // ... and aevb's records stay frozen (handlers must not be able to edit a recorded site).
      const t = trace(seed(m, 0), { logProbs: true }).getTrace();
      expect(Object.isFrozen(t['mu'])).toBe(true);
      expect(Object.isFrozen(t['mu']?.plates)).toBe(true);
      const mu = t['mu'];
      if (mu?.type === 'sample') tf.dispose([mu.value, mu.logProb] as tf.Tensor[]);
    });
  });
});
