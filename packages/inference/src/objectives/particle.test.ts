import { describe, expect, it } from 'vitest';
import { guide, model, ModelError, seed, tf, type Tensor1D, type Tensor2D } from '@aevb/core';
import { Gamma, Independent, Normal } from '@aevb/distributions';
import { runParticle, SVI, fit, autoNormal } from '../index.js';

const m = model('m', { z: 1 }, (ctx, x: Tensor1D) => {
  const z = ctx.sample('z', new Normal(tf.zeros([3]), tf.ones([3])));
  ctx.observe('x', new Normal(z, tf.ones([3])), x);
});
const x = tf.tensor1d([1, 2, 3]);

describe('runParticle checks what the type system cannot see', () => {
  it('names the site and both shapes when the guide draws the wrong shape', () => {
    const q = guide(m, 'q', (ctx) => ({ z: ctx.sample('z', new Normal(tf.zeros([2]), tf.ones([2]))) }));
    expect(() => runParticle(seed(m, 0), seed(q, 1), [x] as const)).toThrow(ModelError);
    expect(() => runParticle(seed(m, 0), seed(q, 1), [x] as const)).toThrow(/site 'z': the replayed value has shape \[2\] but the model's Normal here draws values of shape \[3\]/);
  });
  it('names the site when batch shapes differ (event dims not matched)', () => {
    const q = guide(m, 'q', (ctx) => ({ z: ctx.sample('z', new Independent(new Normal(tf.zeros([3]), tf.ones([3])), 1)) }));
    expect(() => runParticle(seed(m, 0), seed(q, 1), [x] as const)).toThrow(/site 'z': guide distribution Independent\(Normal, 1\) has batch shape \[\] but the model's Normal has \[3\]/);
  });
  it('names the site and both supports when they differ', () => {
    const pos = model('pos', { s: 1 }, (ctx) => {
      ctx.sample('s', new Gamma(tf.ones([2]), tf.ones([2])));
    });
    const q = guide(pos, 'q', (ctx) => ({ s: ctx.sample('s', new Normal(tf.ones([2]), tf.ones([2]))) }));
    expect(() => runParticle(seed(pos, 0), seed(q, 1), [] as const)).toThrow(/site 's': guide distribution Normal has support 'real' but the model's Gamma has support 'positive'/);
  });
  it('names a latent the guide forgot (possible when types are bypassed)', () => {
    const q = guide(m, 'q', () => ({}) as { z: Tensor1D });
    expect(() => runParticle(seed(m, 0), seed(q, 1), [x] as const)).toThrow(/site 'z': is a latent site of the model but guide 'q' did not sample it/);
  });
});

describe('fit rejects bad data', () => {
  const mm = model('mm', {}, (ctx, d: Tensor2D) => {
    ctx.plate('data', d.shape[0], () => ctx.observe('x', new Independent(new Normal(tf.zeros(d.shape), tf.ones(d.shape)), 1), d));
  });
  const svi = () => new SVI({ model: mm, guide: autoNormal(mm) });
  it('an empty data set', async () => {
    await expect(fit(svi(), { data: tf.zeros([0, 2]) as Tensor2D, batchSize: 1 })).rejects.toThrow(/argument 'data' is empty \(0 datapoints\)/);
  });
  it('a batch size of 0 or larger than the data', async () => {
    await expect(fit(svi(), { data: tf.zeros([4, 2]) as Tensor2D, batchSize: 0 })).rejects.toThrow(/argument 'batchSize' must be a positive integer, got 0/);
    await expect(fit(svi(), { data: tf.zeros([4, 2]) as Tensor2D, batchSize: 5 })).rejects.toThrow(/argument 'batchSize' 5 is larger than the data \(4 datapoints\)/);
  });
  it('NaN in the data, naming the row', async () => {
    const bad = tf.tensor2d([[0, 0], [1, NaN], [2, 2]]);
    await expect(fit(svi(), { data: bad, batchSize: 1 })).rejects.toThrow(/data contains NaN or Infinity \(first at row 1\)/);
  });
});
