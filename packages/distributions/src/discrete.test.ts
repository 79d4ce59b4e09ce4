import { ArgumentError, tf } from '@aevb/core';
import type { Tensor } from '@aevb/core';
import { describe, expect, it } from 'vitest';
import { Bernoulli } from './bernoulli.js';
import { Categorical } from './categorical.js';

const values = (t: Tensor): number[] => Array.from(t.dataSync());

describe('Bernoulli', () => {
  it('probs and logits parameterizations agree on logProb, mean and entropy', () => {
    tf.tidy(() => {
      const p = [0.02, 0.5, 0.97];
      const a = new Bernoulli({ probs: p });
      const b = new Bernoulli({ logits: p.map((q) => Math.log(q / (1 - q))) });
      const x = tf.tensor1d([1, 0, 0]);
      values(a.logProb(x)).forEach((v, i) => expect(v).toBeCloseTo(values(b.logProb(x))[i] as number, 5));
      values(a.entropy()).forEach((v, i) => expect(v).toBeCloseTo(values(b.entropy())[i] as number, 5));
      values(b.mean()).forEach((v, i) => expect(v).toBeCloseTo(p[i] as number, 6));
    });
  });

  it('probs of exactly 0 and 1 give log-mass 0 and −∞, entropy 0, and draws that never flip', () => {
    tf.tidy(() => {
      const d = new Bernoulli({ probs: [0, 1] });
      expect(values(d.logProb(tf.tensor1d([0, 1]))).every((v) => v === 0)).toBe(true);
      expect(values(d.logProb(tf.tensor1d([1, 0])))).toEqual([-Infinity, -Infinity]);
      expect(values(d.entropy()).every((h) => h === 0)).toBe(true);
      expect(values(tf.mean(d.sampleN(1000, { seed: 4 }), 0))).toEqual([0, 1]);
    });
  });

  it('large logits keep the log-mass exact (no log of a rounded probability)', () => {
    tf.tidy(() => {
      const lp = new Bernoulli({ logits: [40, -40] }).logProb(tf.tensor1d([0, 1]));
      values(lp).forEach((v) => expect(v).toBeCloseTo(-40, 4));
    });
  });

  it('needs exactly one of probs and logits', () => {
    expect(() => new Bernoulli({ probs: 0.5, logits: 0 } as never)).toThrowError(ArgumentError);
    expect(() => new Bernoulli({} as never)).toThrowError(/exactly one of probs and logits/);
  });
});

describe('Categorical', () => {
  it('draws int32 indices; logProb broadcasts a stack of indices against the batch', () => {
    tf.tidy(() => {
      const d = new Categorical({ logits: tf.tensor2d([[0, 0, 0, 0], [0, 10, 0, 0]]) });
      expect(d.batchShape).toEqual([2]);
      expect(d.numCategories).toBe(4);
      const xs = d.sampleN(3, { seed: 1 });
      expect(xs.dtype).toBe('int32');
      expect(xs.shape).toEqual([3, 2]);
      const lp = d.logProb(tf.tensor2d([[0, 1], [3, 2]], undefined, 'int32'));
      expect(lp.shape).toEqual([2, 2]);
      expect(lp.dataSync()[0]).toBeCloseTo(-Math.log(4), 5);
      expect(values(d.mode())).toEqual([0, 1]);
    });
  });

  it('accepts float indices and unnormalized probs', () => {
    tf.tidy(() => {
      const d = new Categorical({ probs: [[2, 6]] }, { validateArgs: false });
      expect(values(d.logProb(tf.tensor1d([1])))[0]).toBeCloseTo(Math.log(0.75), 5);
    });
  });

  it('rejects indices outside 0 … K − 1 and probs off the simplex', () => {
    tf.tidy(() => {
      const d = new Categorical({ logits: [0, 0, 0] });
      expect(() => d.logProb(tf.scalar(3, 'int32'))).toThrowError(/Categorical\.logProb: argument 'value' must be in integerInterval\(0, 2\)/);
      expect(() => new Categorical({ probs: [0.5, 0.6] })).toThrowError(/Categorical: argument 'probs' must be in simplex/);
    });
  });
});
