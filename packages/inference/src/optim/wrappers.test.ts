import { PersistenceError, tf } from '@aevb/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Adam } from './adam.js';
import { globalNorm, withGlobalNormClipping, withValueClipping } from './clipping.js';
import { SGD } from './sgd.js';
import type { Optimizer } from './types.js';
import { gaussianPriorCoefficient, withDecoupledWeightDecay, withL2Decay } from './weight-decay.js';

type Values = Record<string, number[]>;

/** Applies `grads` `steps` times from `init` and returns the variables' values. */
function step(opt: Optimizer, init: Values, grads: Values, steps = 1): Values {
  const vars: Record<string, tf.Variable> = {};
  for (const [k, v] of Object.entries(init)) vars[k] = tf.tidy(() => tf.variable(tf.tensor1d(v)));
  const g: Record<string, tf.Tensor> = {};
  for (const [k, v] of Object.entries(grads)) g[k] = tf.tensor1d(v);
  for (let i = 0; i < steps; i++) opt.apply(vars, g);
  const out: Values = {};
  for (const [k, v] of Object.entries(vars)) out[k] = Array.from(v.dataSync());
  tf.dispose([...Object.values(vars), ...Object.values(g)]);
  return out;
}

// Values below are exact in decimal; float32 storage rounds them at relative 6e-8, so 1e-6 absolute.
function expectValues(actual: Values, expected: Values): void {
  for (const [k, v] of Object.entries(expected)) v.forEach((x, i) => expect(Math.abs((actual[k]?.[i] ?? NaN) - x)).toBeLessThan(1e-6));
}

describe('optimizer wrappers', () => {
  let before = 0;
  beforeEach(() => {
    before = tf.memory().numTensors;
  });
  afterEach(() => {
    expect(tf.memory().numTensors).toBe(before);
  });

  describe('clipping', () => {
    it('globalNorm is the L2 norm over all gradients', () => {
      const g = { a: tf.tensor1d([3, 0]), b: tf.tensor1d([4]) };
      const n = globalNorm(g);
      expect(n.dataSync()[0]).toBe(5);
      tf.dispose([n, g.a, g.b]);
    });

    it('withGlobalNormClipping rescales to maxNorm only when the norm exceeds it', () => {
      const init = { a: [0, 0], b: [0] };
      const grads = { a: [3, 0], b: [4] };
      const clipped = withGlobalNormClipping(new SGD({ learningRate: 1 }), 1);
      expectValues(step(clipped, init, grads), { a: [-0.6, 0], b: [-0.8] });
      clipped.dispose();
      const loose = withGlobalNormClipping(new SGD({ learningRate: 1 }), 10);
      expect(step(loose, init, grads)).toEqual({ a: [-3, 0], b: [-4] });
      loose.dispose();
    });

    it('withValueClipping clips each coordinate', () => {
      const sym = withValueClipping(new SGD({ learningRate: 1 }), 1);
      expect(step(sym, { w: [0, 0, 0] }, { w: [-3, 0.5, 2] })).toEqual({ w: [1, -0.5, -1] });
      sym.dispose();
      const box = withValueClipping(new SGD({ learningRate: 1 }), { min: -0.25, max: 2 });
      expect(step(box, { w: [0, 0, 0] }, { w: [-3, 0.5, 2.5] })).toEqual({ w: [0.25, -0.5, -2] });
      box.dispose();
      expect(() => withValueClipping(new SGD(), { min: 1, max: 1 })).toThrow(/withValueClipping: argument 'limit'/);
    });
  });

  describe('weight decay', () => {
    it('L2 decay and decoupled decay coincide for SGD: w - lr (g + lambda w)', () => {
      // w1 = w0 - 0.1 * (g + 0.1 * w0) = [1 - 0.06, -2 - 0.03]
      const init = { w: [1, -2] };
      const grads = { w: [0.5, 0.5] };
      const l2 = withL2Decay(new SGD({ learningRate: 0.1 }), 0.1);
      expectValues(step(l2, init, grads), { w: [0.94, -2.03] });
      l2.dispose();
      const decoupled = withDecoupledWeightDecay(new SGD({ learningRate: 0.1 }), { rate: 0.1, learningRate: 0.1 });
      expectValues(step(decoupled, init, grads), { w: [0.94, -2.03] });
      decoupled.dispose();
    });

    it('filters variables and follows the learning-rate schedule of the decay', () => {
      const opt = withDecoupledWeightDecay(new SGD({ learningRate: 0 }), {
        rate: 0.5,
        learningRate: (s) => [0.2, 0.4][s] ?? 0,
        filter: (name) => name !== 'b',
      });
      // w2 = w0 * (1 - 0.1) * (1 - 0.2); b unchanged.
      expectValues(step(opt, { w: [1, 10], b: [3] }, { w: [0, 0], b: [0] }, 2), { w: [0.72, 7.2], b: [3] });
      opt.dispose();
    });

    it('gaussianPriorCoefficient is 1 / (sigma^2 N)', () => {
      expect(gaussianPriorCoefficient({ sigma: 1 })).toBe(1);
      expect(gaussianPriorCoefficient({ sigma: 2, numExamples: 50 })).toBe(1 / 200);
      expect(() => gaussianPriorCoefficient({ sigma: 0 })).toThrow(/gaussianPriorCoefficient: argument 'sigma'/);
    });

    it('L2 decay finds the MAP point of a quadratic likelihood under a Gaussian prior', () => {
      // Loss 1/2 a (w - c)^2 plus prior N(0, sigma^2): MAP w* = a c / (a + 1/sigma^2).
      const a = 2;
      const c = 3;
      const lambda = gaussianPriorCoefficient({ sigma: 0.5 });
      const opt = withL2Decay(new Adam({ learningRate: 0.05 }), lambda);
      const w = tf.tidy(() => tf.variable(tf.scalar(0)));
      for (let i = 0; i < 1500; i++) {
        const g = tf.tidy(() => tf.mul(a, tf.sub(w, c)));
        opt.apply({ w }, { w: g });
        g.dispose();
      }
      expect(Math.abs((w.dataSync()[0] ?? NaN) - (a * c) / (a + lambda))).toBeLessThan(1e-3);
      opt.dispose();
      w.dispose();
    });
  });

  it('round-trips wrapper state and refuses a different composition', async () => {
    const make = (): Optimizer => withGlobalNormClipping(withDecoupledWeightDecay(new Adam({ learningRate: 0.1 }), { rate: 0.1, learningRate: (s) => 0.1 / (s + 1) }), 1);
    const a = make();
    expect(a.name).toBe('clip-norm(decoupled-decay(adam))');
    step(a, { w: [1, 2] }, { w: [3, -4] }, 3);
    const state = JSON.parse(JSON.stringify(await a.getState())) as Awaited<ReturnType<Optimizer['getState']>>;
    const b = make();
    b.setState(state);
    expect(step(b, { w: [0.5, 0.5] }, { w: [1, 1] }, 2)).toEqual(step(a, { w: [0.5, 0.5] }, { w: [1, 1] }, 2));
    const other = withValueClipping(new Adam(), 1);
    expect(() => other.setState(state)).toThrow(PersistenceError);
    for (const o of [a, b, other]) o.dispose();
  });

  it('leaks no tensors over 100 wrapped updates', () => {
    const opt = withGlobalNormClipping(withL2Decay(withDecoupledWeightDecay(withValueClipping(new Adam(), 1), { rate: 0.01 }), 0.1), 1);
    const w = tf.tidy(() => tf.variable(tf.tensor1d([1, 2, 3])));
    const g = tf.tensor1d([0.5, -2, 1]);
    opt.apply({ w }, { w: g });
    const n = tf.memory().numTensors;
    for (let i = 0; i < 100; i++) opt.apply({ w }, { w: g });
    expect(tf.memory().numTensors).toBe(n);
    opt.dispose();
    tf.dispose([w, g]);
  });
});
