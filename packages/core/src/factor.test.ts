import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor1D } from '@tensorflow/tfjs-core';
import { block, logProbSum, mask, model, ModelError, scale, seed, siteScale, subsample, trace } from './index.js';
import { ToyNormal } from './testing/toy-normal.js';

const m = model('with-factor', { mu: 1 }, (ctx, x: Tensor1D) => {
  const mu = ctx.sample('mu', new ToyNormal(tf.zeros([1]), tf.ones([1])));
  ctx.factor('penalty', tf.mul(-2, tf.square(mu)));
  ctx.plate('data', x.shape[0], () => ctx.factor('per-row', tf.mul(-0.5, tf.square(tf.sub(x, mu)))));
});

describe('ctx.factor', () => {
  const x = tf.tensor1d([1, 2, 3, 4]);
  it('adds its log-weight to log p, scaled by the plate and the scale handler', () => {
    const t = trace(seed(m, 1)).getTrace(x);
    const mu = (t['mu'] as { value: tf.Tensor }).value.dataSync()[0] as number;
    const want = -2 * mu * mu + [1, 2, 3, 4].reduce((s, v) => s - 0.5 * (v - mu) ** 2, 0);
    const got = tf.tidy(() => logProbSum(t, (s) => s.name !== 'mu').dataSync()[0] as number);
    expect(got).toBeCloseTo(want, 4);
    const ts = trace(scale(subsample(seed(m, 1), { data: 8 }), 3)).getTrace(x);
    const row = ts['per-row'];
    if (row?.type !== 'sample') throw new Error('unreachable');
    expect(siteScale(row)).toBe(6);
    expect(row.isObserved).toBe(true);
    expect(row.infer['factor']).toBe(true);
  });
  it('is masked and blocked like any site', () => {
    const keep = tf.tensor1d([1, 0, 0, 0], 'bool');
    const t = trace(mask(seed(m, 1), keep)).getTrace(x);
    const mu = (t['mu'] as { value: tf.Tensor }).value.dataSync()[0] as number;
    const got = tf.tidy(() => logProbSum(t, (s) => s.name === 'per-row').dataSync()[0] as number);
    expect(got).toBeCloseTo(-0.5 * (1 - mu) ** 2, 4);
    expect(Object.keys(trace(block(seed(m, 1), { hide: ['penalty'] })).getTrace(x))).toEqual(['mu', 'per-row']);
    keep.dispose();
  });
  it('belongs in models and needs a tensor', () => {
    const bad = model('bad', {}, (ctx) => ctx.factor('w', 3 as unknown as tf.Tensor));
    expect(() => bad.run()).toThrow(/site 'w': factor needs a tensor log-weight/);
  });
});

describe('errors from the body itself', () => {
  it('name the model and the last site before a TF.js error', () => {
    const broken = model('broken', { mu: 1 }, (ctx) => {
      const mu = ctx.sample('mu', new ToyNormal(tf.zeros([1]), tf.ones([1])));
      tf.reshape(mu, [2, 1]);
    });
    expect(() => broken.run()).toThrow(ModelError);
    expect(() => broken.run()).toThrow(/model 'broken' failed after site 'mu': .*Size\(1\) must match the product of shape 2,1/);
  });
});
