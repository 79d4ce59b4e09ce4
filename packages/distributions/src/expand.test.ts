// expand(batchShape) gives draws and log-densities of the new batch shape for every family,
// composite ones (Transformed, Independent, mixtures) included: vectorized particles rely on it.
import { describe, expect, it } from 'vitest';
import { tf } from '@aevb/core';
import * as D from './index.js';

const t = (v: number[]): tf.Tensor1D => tf.tensor1d(v);

const cases: [string, () => D.DistributionBase<tf.Tensor>][] = [
  ['Normal', () => new D.Normal(t([0, 1]), t([1, 2]))],
  ['HalfNormal', () => new D.HalfNormal(t([1, 2]))],
  ['Gamma', () => new D.Gamma(t([2, 3]), t([1, 1]))],
  ['Beta', () => new D.Beta(t([2, 3]), t([1, 1]))],
  ['LogNormal', () => new D.LogNormal(t([0, 1]), t([1, 1]))],
  ['Dirichlet', () => new D.Dirichlet(tf.ones([2, 3]))],
  ['MultivariateNormal', () => new D.MultivariateNormal(tf.zeros([2, 3]), { scaleTril: tf.eye(3) })],
  ['MixtureSameFamily', () => new D.MixtureSameFamily(new D.Categorical({ probs: tf.div(tf.ones([2, 3]), 3) }), new D.Normal(tf.zeros([2, 3]), tf.ones([2, 3])))],
  ['TransformedDistribution', () => new D.TransformedDistribution(new D.Normal(t([0, 1]), t([1, 1])), [D.positive.defaultTransform!()], { support: D.positive })],
  ['TransformedDistribution (stick breaking)', () => new D.TransformedDistribution(new D.Independent(new D.Normal(tf.zeros([2, 3]), tf.ones([2, 3])), 1), [new D.StickBreakingBijector()], { support: D.simplex })],
  ['Independent', () => new D.Independent(new D.Normal(tf.zeros([2, 3]), tf.ones([2, 3])), 1)],
  ['StudentT', () => new D.StudentT(t([3, 4]), t([0, 0]), t([1, 1]))],
  ['Delta', () => new D.Delta(t([1, 2]))],
  ['Poisson', () => new D.Poisson(t([1, 2]))],
  ['GaussianRandomWalk', () => new D.GaussianRandomWalk(t([1, 1]), 5)],
];

describe('DistributionBase', () => {
  describe('expand', () => {
    it.each(cases)('%s: draws and log-densities have the expanded batch shape', (_name, make) => {
      tf.tidy(() => {
        const d = make();
        const e = d.expand([4, ...d.batchShape]);
        expect(e.batchShape).toEqual([4, ...d.batchShape]);
        const v = e.sample({ seed: 1 });
        expect(v.shape).toEqual([4, ...d.batchShape, ...e.eventShape]);
        expect(e.logProb(v).shape).toEqual([4, ...d.batchShape]);
        // The expanded family is the same family: its log-density of a base draw is the base's, broadcast.
        const x = d.sample({ seed: 2 });
        const lp = Array.from(e.logProb(tf.broadcastTo(x, v.shape)).dataSync());
        const base = Array.from(d.logProb(x).dataSync());
        lp.forEach((l, i) => expect(l).toBeCloseTo(base[i % base.length] as number, 4));
      });
    });
  });
});
