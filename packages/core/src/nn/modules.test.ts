import * as tf from '@tensorflow/tfjs-core';
import type { Tensor, Tensor2D } from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { ArgumentError } from '../errors.js';
import { ACTIVATIONS, activate, isActivation } from './activations.js';
import { dense } from './dense.js';
import { constant, normal } from './initializers.js';
import { mlp } from './mlp.js';
import type { Module } from './module.js';

function initParams(m: Module<Tensor2D, Tensor2D>, seed: number): Record<string, Tensor> {
  const out: Record<string, Tensor> = {};
  m.params().forEach((p, i) => {
    out[p.name] = p.init(p.shape, seed + i);
  });
  return out;
}
const maxAbsDiff = (a: Tensor, b: Tensor): number => tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0] ?? NaN);

describe('activations', () => {
  it('activate matches tf for every activation', () => {
    tf.tidy(() => {
      const x = tf.linspace(-4, 4, 33);
      const ref: Record<string, Tensor> = {
        identity: x,
        tanh: tf.tanh(x),
        relu: tf.relu(x),
        sigmoid: tf.sigmoid(x),
        softplus: tf.softplus(x),
        elu: tf.elu(x),
      };
      for (const a of ACTIVATIONS) expect(maxAbsDiff(activate(x, a), ref[a] as Tensor)).toBeLessThan(1e-6);
    });
  });
  it('isActivation recognizes names', () => {
    expect(isActivation('tanh')).toBe(true);
    expect(isActivation('gelu')).toBe(false);
  });
});

describe('dense', () => {
  it('declares kernel and bias and computes act(x W + b)', () => {
    tf.tidy(() => {
      const layer = dense({ inputSize: 5, outputSize: 3, activation: 'sigmoid', biasInit: constant(0.1) });
      expect(layer.params().map((p) => [p.name, p.shape])).toEqual([
        ['kernel', [5, 3]],
        ['bias', [3]],
      ]);
      expect(layer.description).toBe('dense(5-3, sigmoid)');
      const p = initParams(layer, 1);
      const x = tf.randomNormal([4, 5], 0, 1, 'float32', 2) as Tensor2D;
      const ref = tf.sigmoid(tf.add(tf.matMul(x, p['kernel'] as Tensor), p['bias'] as Tensor));
      expect(maxAbsDiff(layer.apply(p, x), ref)).toBeLessThan(1e-6);
    });
  });
  it('without bias has only a kernel', () => {
    expect(dense({ inputSize: 2, outputSize: 2, useBias: false }).params().map((p) => p.name)).toEqual(['kernel']);
  });
  it('names the fault in errors', () => {
    expect(() => dense({ inputSize: 0, outputSize: 2 })).toThrow(/dense: argument 'inputSize' must be a positive integer, got 0/);
    const layer = dense({ inputSize: 3, outputSize: 2 });
    tf.tidy(() => {
      const p = initParams(layer, 1);
      expect(() => layer.apply(p, tf.zeros([4, 2]))).toThrow(/dense: argument 'input' must have shape \[n, 3\], got \[4, 2\]/);
      expect(() => layer.apply({ kernel: tf.zeros([3, 3]) }, tf.zeros([4, 3]))).toThrow(ArgumentError);
      expect(() => layer.apply({ kernel: tf.zeros([3, 2]) }, tf.zeros([4, 3]))).toThrow(/has no parameter 'bias'/);
    });
  });
});

describe('mlp', () => {
  it('names parameters i/kernel, i/bias with the right shapes', () => {
    const net = mlp({ sizes: [784, 500, 20] });
    expect(net.params().map((p) => `${p.name}:${p.shape.join('x')}`)).toEqual([
      '0/kernel:784x500',
      '0/bias:500',
      '1/kernel:500x20',
      '1/bias:20',
    ]);
    expect(net.description).toBe('mlp(784-500-20, tanh)');
    expect(mlp({ sizes: [2, 3], activation: 'relu', outputActivation: 'sigmoid' }).description).toBe(
      'mlp(2-3, relu -> sigmoid)',
    );
  });

  it('equals the composition of tf ops, values and gradients', () => {
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      const net = mlp({ sizes: [6, 8, 7, 3], activation: 'tanh', outputActivation: 'softplus', init: normal(0.5) });
      const p = initParams(net, 10);
      const x = tf.randomNormal([5, 6], 0, 1, 'float32', 3) as Tensor2D;
      const manual = (q: Record<string, Tensor>): Tensor => {
        let h: Tensor = x;
        for (let i = 0; i < 3; i++) {
          const a = tf.add(tf.matMul(h, q[`${i}/kernel`] as Tensor), q[`${i}/bias`] as Tensor);
          h = i < 2 ? tf.tanh(a) : tf.softplus(a);
        }
        return h;
      };
      expect(maxAbsDiff(net.apply(p, x), manual(p))).toBeLessThan(1e-5);
      const names = Object.keys(p);
      const values = names.map((n) => p[n] as Tensor);
      const rebuild = (t: Tensor[]): Record<string, Tensor> => Object.fromEntries(names.map((n, i) => [n, t[i] as Tensor]));
      const ours = tf.grads((...t: Tensor[]) => tf.sum(net.apply(rebuild(t), x)))(values);
      const ref = tf.grads((...t: Tensor[]) => tf.sum(manual(rebuild(t))))(values);
      ours.forEach((g, i) => expect(maxAbsDiff(g, ref[i] as Tensor)).toBeLessThan(1e-4));
    });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects bad options', () => {
    expect(() => mlp({ sizes: [3] })).toThrow(/mlp: argument 'sizes' needs at least an input and an output size/);
    expect(() => mlp({ sizes: [3, -1] })).toThrow(/argument 'sizes\[1\]' must be a positive integer, got -1/);
    expect(() => mlp({ sizes: [3, 2], activation: 'swish' as never })).toThrow(/mlp: argument 'activation' must be one of/);
  });
});
