// MixtureSameFamily beyond the scalar SciPy battery: vector events (MVN components), batch shapes,
// and the absence of a reparameterized sampler.
import { tf } from '@aevb/core';
import { describe, expect, it } from 'vitest';
import { Categorical } from './categorical.js';
import { MixtureSameFamily } from './mixture-same-family.js';
import { MultivariateNormal } from './multivariate-normal.js';

describe('MixtureSameFamily with MultivariateNormal components', () => {
  const w = [0.25, 0.75];
  const locs = [[0, 0], [3, -1]];
  const covs = [[[1, 0.3], [0.3, 2]], [[0.5, 0], [0, 0.5]]];
  it('logProb is the log of the weighted component densities; shapes follow the event', () => {
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      const gmm = new MixtureSameFamily(new Categorical({ probs: w }), new MultivariateNormal(locs, { covariance: covs }));
      expect(gmm.batchShape).toEqual([]);
      expect(gmm.eventShape).toEqual([2]);
      const x = tf.tensor2d([[0.5, 0.2], [2.5, -1.3], [-4, 6]]);
      const got = gmm.logProb(x).dataSync();
      const comps = [0, 1].map((k) => new MultivariateNormal(locs[k]!, { covariance: covs[k]! }).logProb(x).dataSync());
      for (let i = 0; i < 3; i++) {
        const want = Math.log(w[0]! * Math.exp(comps[0]![i]!) + w[1]! * Math.exp(comps[1]![i]!));
        expect(got[i]).toBeCloseTo(want, 4);
      }
      expect(gmm.sampleN(7, { seed: 3 }).shape).toEqual([7, 2]);
      expect(gmm.sample({ seed: 3 }).shape).toEqual([2]);
      expect(Array.from(gmm.mean().dataSync())).toEqual([0.25 * 0 + 0.75 * 3, 0.75 * -1].map((v) => Math.fround(v)));
      expect(() => gmm.rsample()).toThrowError(/no reparameterized sampler/);
    });
    expect(tf.memory().numTensors).toBe(before);
  });
  it('draws come from the chosen component: the sample mean matches within 5 standard errors', () => {
    tf.tidy(() => {
      const gmm = new MixtureSameFamily(new Categorical({ probs: w }), new MultivariateNormal(locs, { covariance: covs }));
      const n = 20000;
      const m = tf.mean(gmm.sampleN(n, { seed: 9 }), 0).dataSync();
      const mean = gmm.mean().dataSync();
      const sd = gmm.stddev().dataSync();
      for (let j = 0; j < 2; j++) expect(Math.abs(m[j]! - mean[j]!)).toBeLessThanOrEqual((5 * sd[j]!) / Math.sqrt(n));
    });
  });
  it('batched mixtures and expand', () => {
    tf.tidy(() => {
      const gmm = new MixtureSameFamily(
        new Categorical({ logits: tf.zeros([3, 2]) }),
        new MultivariateNormal(tf.zeros([3, 2, 2]), { scaleTril: tf.broadcastTo(tf.eye(2), [3, 2, 2, 2]) }),
      );
      expect(gmm.batchShape).toEqual([3]);
      expect(gmm.logProb(tf.zeros([5, 3, 2])).shape).toEqual([5, 3]);
      expect(gmm.sampleN(4, { seed: 1 }).shape).toEqual([4, 3, 2]);
      expect(gmm.expand([2, 3]).sample({ seed: 1 }).shape).toEqual([2, 3, 2]);
    });
  });
});
