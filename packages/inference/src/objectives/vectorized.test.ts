// K particles in one batched pass where the model allows it: the check that decides must accept
// ordinary models under the automatic mean-field guide (a silent fallback to one particle at a
// time gives the same numbers, a thousand times slower), and refuse a model that mixes particles.
import { describe, expect, it } from 'vitest';
import { model, tf, type Tensor1D } from '@aevb/core';
import { Dirichlet, HalfNormal, Independent, Normal } from '@aevb/distributions';
import { autoMultivariateNormal } from '../guides/auto-mvn.js';
import { autoNormal } from '../guides/auto-normal.js';
import { vectorizationHolds } from './vectorized.js';

const y = tf.tensor1d([1, 2, 3]);
const mean = model('v-mean', { mu: 0 }, (ctx, x: Tensor1D) => {
  const mu = ctx.sample('mu', new Normal(0, 1));
  ctx.plate('data', x.shape[0], () => ctx.observe('y', new Normal(tf.mul(mu, tf.onesLike(x)), 1), x));
});
const regression = model('v-reg', { w: 1 }, (ctx, x: Tensor1D) => {
  const w = ctx.sample('w', new Independent(new Normal(tf.zeros([2]), tf.ones([2])), 1));
  ctx.plate('data', x.shape[0], () => ctx.observe('y', new Normal(tf.mul(tf.sum(w, -1), tf.onesLike(x)), 1), x));
});
const positive = model('v-pos', { s: 0 }, (ctx, x: Tensor1D) => {
  const s = ctx.sample('s', new HalfNormal(1));
  ctx.plate('data', x.shape[0], () => ctx.observe('y', new Normal(tf.zerosLike(x), tf.mul(s, tf.onesLike(x))), x));
});
// A local latent per row and a global scale: the joint of autoMultivariateNormal spans both.
const local = model('v-local', { s: 0, z: 1 }, (ctx, x: Tensor1D) => {
  const s = ctx.sample('s', new HalfNormal(1));
  ctx.plate('data', x.shape[0], () => {
    const z = ctx.sample('z', new Normal(tf.zerosLike(x), tf.mul(s, tf.onesLike(x))));
    ctx.observe('y', new Normal(z, 1), x);
  });
});
// A simplex latent: stick breaking couples its coordinates (K − 1 unconstrained for K).
const simplex = model('v-simplex', { w: 1 }, (ctx, x: Tensor1D) => {
  const w = ctx.sample('w', new Dirichlet(tf.ones([3])));
  ctx.plate('data', x.shape[0], () => ctx.observe('y', new Normal(tf.mul(tf.sum(tf.mul(w, tf.tensor1d([0, 1, 2])), -1), tf.onesLike(x)), 1), x));
});
// Mixes particles: the mean over every axis of the latent.
const mixing = model('v-mix', { mu: 0 }, (ctx, x: Tensor1D) => {
  const mu = ctx.sample('mu', new Normal(0, 1));
  ctx.plate('data', x.shape[0], () => ctx.observe('y', new Normal(tf.mul(tf.mean(mu), tf.onesLike(x)), 1), x));
});

describe('objectives/vectorized', () => {
  describe('vectorizationHolds', () => {
    it.each([
      ['a real scalar latent', mean],
      ['a vector latent (Independent)', regression],
      ['a positive latent (a transformed Normal guide)', positive],
    ] as const)('holds for %s under autoNormal', (_what, m) => {
      expect(vectorizationHolds(m, autoNormal(m, { prefix: m.name }), [y] as const, 'data')).toBe(-2);
    });
    it.each([
      ['a real scalar latent', mean],
      ['a vector latent (Independent)', regression],
      ['a positive latent', positive],
      ['a local latent per row and a global scale', local],
      ['a simplex latent (stick breaking)', simplex],
    ] as const)('holds for %s under autoMultivariateNormal (the joint draw sliced per site, per particle)', (_what, m) => {
      expect(vectorizationHolds(m, autoMultivariateNormal(m, { prefix: m.name }), [y] as const, 'data')).toBe(-2);
    });
    it('fails for a model that reduces over the particle dimension', () => {
      expect(vectorizationHolds(mixing, autoNormal(mixing, { prefix: 'mix' }), [y] as const, 'data')).toBeUndefined();
    });
  });
});
