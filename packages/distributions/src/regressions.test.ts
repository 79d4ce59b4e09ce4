// Regression tests for fixed bugs: integer constraints on int32 tensors (tf.floor rejects int32),
// Delta ignoring `expand` when sampling.
import { tf } from '@aevb/core';
import { describe, expect, it } from 'vitest';
import { integerInterval, nonnegativeInteger } from './constraints.js';
import { Delta } from './delta.js';
import { Poisson } from './poisson.js';

describe('integer constraints', () => {
  it('accept int32 tensors', () => {
    tf.tidy(() => {
      const x = tf.tensor1d([0, 3, -1], 'int32');
      expect(Array.from(nonnegativeInteger.check(x).dataSync())).toEqual([1, 1, 0]);
      expect(Array.from(integerInterval(0, 2).check(x).dataSync())).toEqual([1, 0, 0]);
      expect(Array.from(nonnegativeInteger.check(tf.tensor1d([0.5, 2])).dataSync())).toEqual([0, 1]);
      // A count likelihood scores int32 data (validated) like the same floats.
      const lp = new Poisson(tf.tensor1d([1, 2, 3])).logProb(tf.tensor1d([0, 2, 5], 'int32')).dataSync();
      const lpf = new Poisson(tf.tensor1d([1, 2, 3])).logProb(tf.tensor1d([0, 2, 5])).dataSync();
      expect(Array.from(lp)).toEqual(Array.from(lpf));
    });
  });
});

describe('Delta.expand', () => {
  it('samples have the expanded batch shape', () => {
    tf.tidy(() => {
      const d = new Delta(tf.tensor1d([1, 2]), { eventRank: 1 }).expand([3]);
      expect(d.sample().shape).toEqual([3, 2]);
      expect(d.sampleN(4).shape).toEqual([4, 3, 2]);
      expect(Array.from(d.logProb(d.sample()).dataSync())).toEqual([0, 0, 0]);
      const s = new Delta(tf.scalar(5)).expand([2, 2]);
      expect(Array.from(s.rsample().dataSync())).toEqual([5, 5, 5, 5]);
    });
  });
});
