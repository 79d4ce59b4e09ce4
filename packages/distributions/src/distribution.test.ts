import { AevbError, ArgumentError, setGlobalSeed, tf } from '@aevb/core';
import type { Tensor } from '@aevb/core';
import { afterEach, describe, expect, it } from 'vitest';
import { Bernoulli } from './bernoulli.js';
import { boolean, positive } from './constraints.js';
import { Normal } from './normal.js';
import { parameterTransform } from './parameters.js';
import { setValidation } from './validation.js';

const values = (t: Tensor): number[] => Array.from(t.dataSync());

afterEach(() => setValidation(true));

describe('DistributionBase', () => {
  describe('sample / rsample', () => {
    it('sample carries no gradient, rsample carries the pathwise one', () => {
      tf.tidy(() => {
        const loc = tf.tensor1d([0.5, -1]);
        const scale = tf.tensor1d([2, 0.5]);
        const f = (draw: (d: Normal) => Tensor) => (l: Tensor, s: Tensor) => tf.sum(draw(new Normal(l, s)));
        const [gl, gs] = tf.grads(f((d) => d.sample({ seed: 3 })))([loc, scale]) as [Tensor, Tensor];
        expect([...values(gl), ...values(gs)].every((g) => g === 0)).toBe(true);
        const [rl, rs] = tf.grads(f((d) => d.rsample({ seed: 3 })))([loc, scale]) as [Tensor, Tensor];
        expect(values(rl)).toEqual([1, 1]);
        // d x / d scale = ε = (x − loc)/scale for the same seed
        const x = new Normal(loc, scale).rsample({ seed: 3 });
        const eps = values(tf.div(tf.sub(x, loc), scale));
        values(rs).forEach((g, i) => expect(g).toBeCloseTo(eps[i] as number, 5));
      });
    });

    it('rsample on a family without a reparameterized sampler throws AevbError naming the family', () => {
      tf.tidy(() => {
        const b = new Bernoulli({ probs: 0.3 });
        expect(() => b.rsample()).toThrowError(AevbError);
        expect(() => b.rsampleN(2)).toThrowError(/Bernoulli\.rsampleN/);
        expect(() => b.sampleAndLogProb({ reparameterize: true })).toThrowError(/hasRsample is false/);
      });
    });

    it('draws without a seed come from the global stream (setGlobalSeed makes them repeatable)', () => {
      tf.tidy(() => {
        const d = new Normal(0, 1);
        setGlobalSeed(11);
        const a = values(d.sampleN(4));
        setGlobalSeed(11);
        expect(values(d.sampleN(4))).toEqual(a);
        expect(values(d.sampleN(4))).not.toEqual(a);
      });
    });

    it('rejects non-integer seeds and non-positive counts', () => {
      tf.tidy(() => {
        const d = new Normal(0, 1);
        expect(() => d.sample({ seed: 1.5 })).toThrowError(ArgumentError);
        expect(() => d.sampleN(0)).toThrowError(/Normal\.sampleN: argument 'n' must be a positive integer, got 0/);
        expect(() => d.rsampleN(2.5)).toThrowError(ArgumentError);
      });
    });

    it('leaves no tensors behind', () => {
      const d = new Normal(tf.zeros([3]), tf.ones([3]));
      const before = tf.memory().numTensors;
      d.sample({ seed: 1 }).dispose();
      d.rsampleN(4, { seed: 1 }).dispose();
      const s = d.sampleAndLogProb({ seed: 1 });
      s.value.dispose();
      s.logProb.dispose();
      d.logProb(tf.tidy(() => tf.keep(tf.zeros([3])))).dispose();
      expect(tf.memory().numTensors).toBe(before + 1); // the zeros kept above
      tf.dispose([d.loc, d.scale]);
    });
  });

  describe('sampleAndLogProb', () => {
    it('fused Normal path equals logProb of the same draw', () => {
      tf.tidy(() => {
        const d = new Normal(tf.tensor1d([1, -2, 0]), tf.tensor1d([0.1, 3, 1]));
        const { value, logProb } = d.sampleAndLogProb({ seed: 5 });
        expect(values(value)).toEqual(values(d.rsample({ seed: 5 })));
        values(d.logProb(value)).forEach((lp, i) => expect(logProb.dataSync()[i]).toBeCloseTo(lp, 4));
      });
    });

    it('with reparameterize: false the value is cut from the graph but logProb is not', () => {
      tf.tidy(() => {
        const loc = tf.scalar(0.3);
        const gValue = tf.grad((l: Tensor) => new Normal(l, 1).sampleAndLogProb({ seed: 2, reparameterize: false }).value)(loc);
        expect(gValue.dataSync()[0]).toBe(0);
        // score: d/dloc log N(x; loc, 1) = x − loc
        const x = new Normal(loc, 1).sample({ seed: 2 });
        const gScore = tf.grad((l: Tensor) => new Normal(l, 1).sampleAndLogProb({ seed: 2, reparameterize: false }).logProb)(loc);
        expect(gScore.dataSync()[0]).toBeCloseTo((x.dataSync()[0] as number) - 0.3, 5);
      });
    });
  });

  describe('logProb', () => {
    it('broadcasts a stack of values against the batch shape', () => {
      tf.tidy(() => {
        const d = new Normal(tf.zeros([3]), 1);
        expect(d.logProb(tf.zeros([5, 3])).shape).toEqual([5, 3]);
        expect(d.logProb(tf.scalar(0)).shape).toEqual([3]);
      });
    });

    it('names the distribution, argument and shapes when shapes do not broadcast', () => {
      tf.tidy(() => {
        const d = new Normal(tf.zeros([3]), 1);
        expect(() => d.logProb(tf.zeros([4]))).toThrowError(/Normal\.logProb.*value \[4\].*batchShape \[3\]/);
      });
    });

    it('rejects values outside the support while validation is on, not after setValidation(false)', () => {
      tf.tidy(() => {
        expect(() => new Bernoulli({ probs: 0.5 }).logProb(tf.scalar(0.5))).toThrowError(
          /Bernoulli\.logProb: argument 'value' must be in boolean; element 0 of shape \[\] is 0\.5/,
        );
        setValidation(false);
        // Grey-level value: binary cross-entropy 0.5 log 0.5 + 0.5 log 0.5
        const lp = new Bernoulli({ probs: 0.5 }).logProb(tf.scalar(0.5));
        expect(lp.dataSync()[0]).toBeCloseTo(Math.log(0.5), 6);
      });
    });
  });

  describe('parameter validation', () => {
    it('names the family, parameter, shape and offending value', () => {
      tf.tidy(() => {
        expect(() => new Normal(0, tf.tensor1d([1, -2, 3]))).toThrowError(
          /Normal: argument 'scale' must be in positive; element 1 of shape \[3\] is -2/,
        );
        expect(() => new Normal(tf.zeros([2]), tf.ones([3]))).toThrowError(/Normal: argument 'loc\/scale' shapes do not broadcast: loc \[2\], scale \[3\]/);
        expect(() => new Normal(0, -1, { validateArgs: false })).not.toThrow();
      });
    });
  });

  describe('parameterTransform', () => {
    it('maps unconstrained reals onto the parameter constraint (softplus for a scale)', () => {
      tf.tidy(() => {
        const t = parameterTransform('Normal', 'scale', Normal.parameterProperties.scale);
        const y = t.forward(tf.tensor1d([-30, 0, 30]));
        expect(values(positive.check(y))).toEqual([1, 1, 1]);
        expect(y.dataSync()[1]).toBeCloseTo(Math.log(2), 6);
      });
    });

    it('throws for a constraint without a default transform', () => {
      expect(() => parameterTransform('X', 'flag', { constraint: boolean, eventDim: 0 })).toThrowError(
        /X: argument 'flag' has constraint boolean, which has no default transform/,
      );
    });
  });

  it('toString names family and shapes', () => {
    tf.tidy(() => {
      expect(String(new Normal(tf.zeros([2, 3]), 1))).toBe('Normal(batch=[2, 3], event=[])');
    });
  });
});

describe('DistributionBase.expand', () => {
  it('grows the batch by broadcasting, with independent draws and full-shape results', () => {
    tf.tidy(() => {
      const d = new Normal(tf.tensor1d([0, 10]), 1).expand([3, 2]);
      expect(d.batchShape).toEqual([3, 2]);
      const x = d.sample({ seed: 1 });
      expect(x.shape).toEqual([3, 2]);
      const col = values(x).filter((_, i) => i % 2 === 0);
      expect(new Set(col).size).toBe(3); // the three rows are different draws
      expect(d.logProb(tf.tensor1d([0, 10])).shape).toEqual([3, 2]);
      expect(d.mean().shape).toEqual([3, 2]);
      expect(d.entropy().shape).toEqual([3, 2]);
      expect(d.sampleN(4, { seed: 1 }).shape).toEqual([4, 3, 2]);
    });
  });

  it('shares parameters; disposing a moment does not dispose a parameter', () => {
    tf.tidy(() => {
      const n = new Normal(tf.zeros([2]), tf.ones([2]));
      expect(n.expand([2]).parameters.loc).toBe(n.loc);
      n.mean().dispose();
      expect(n.loc.isDisposed).toBe(false);
    });
  });

  it('rejects shapes that are not a broadcast of the batch shape', () => {
    tf.tidy(() => {
      expect(() => new Normal(tf.zeros([3]), 1).expand([2])).toThrowError(/Normal\.expand/);
      expect(() => new Normal(tf.zeros([3]), 1).expand([])).toThrowError(
        /Normal\.expand: argument 'batchShape' \[\] is not a broadcast of the batch shape \[3\]/,
      );
    });
  });
});
