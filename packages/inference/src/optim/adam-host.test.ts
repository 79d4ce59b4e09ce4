// Adam's host update of small variables must give the kernels' numbers bit for bit, on cpu and
// wasm, over many steps with gradients of every magnitude (zeros, subnormal-scale, huge, mixed
// signs) and a learning-rate schedule, and leave the tensor count flat.
import { initBackend, tf } from '@aevb/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Adam } from './adam.js';

const SHAPES: Record<string, number[]> = { w: [8, 16], b: [16], s: [] };

/**
 * A gradient of `shape` at `step`: deterministic values mostly from 1e-3 to 1e3 (where the float32
 * roundings of the update's intermediate results show in its last bits), some from 1e-30 to 1e30,
 * and exact zeros.
 */
function gradient(shape: number[], step: number, k: number): tf.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const vals = Array.from({ length: n }, (_, i) => {
    const u = Math.sin(12.9898 * (i + 1) + 78.233 * (step + 1) + 37.719 * k);
    if (Math.abs(u) < 0.1) return 0;
    const span = i % 7 === 3 ? 60 : 6;
    return u * 10 ** Math.round(span * (Math.abs(Math.cos(3.1 * i + step)) - 0.5));
  });
  return tf.tensor(vals, shape, 'float32');
}

async function run(host: boolean, steps: number): Promise<{ vars: number[][]; slots: string }> {
  const vars: Record<string, tf.Variable> = {};
  Object.entries(SHAPES).forEach(([name, shape], k) => {
    vars[name] = tf.variable(tf.tidy(() => tf.mul(gradient(shape, -1, k), 1e-25)), true, `adam-host-${host}-${name}-${Math.random()}`);
  });
  const opt = new Adam({ learningRate: (t) => 0.05 / Math.sqrt(t + 1), beta2: 0.98 });
  if (!host) opt.hostMaxSize = -1;
  for (let step = 0; step < steps; step++) {
    const grads = Object.fromEntries(Object.entries(SHAPES).map(([name, shape], k) => [name, gradient(shape, step, k)]));
    opt.apply(vars, grads);
    tf.dispose(Object.values(grads));
  }
  const out = Object.values(vars).map((v) => Array.from(new Uint32Array((v.dataSync() as Float32Array).slice().buffer)));
  const slots = JSON.stringify((await opt.getState()).slots);
  tf.dispose(Object.values(vars));
  opt.dispose();
  return { vars: out, slots };
}

describe.each(['cpu', 'wasm'] as const)('Adam on %s', (backend) => {
  beforeAll(async () => {
    await initBackend({ order: [backend] });
  });
  afterAll(async () => {
    await initBackend();
  });

  describe('host update of small variables', () => {
    it('gives the kernel update bit for bit over 100 steps of gradients from 1e-30 to 1e30', async () => {
      const host = await run(true, 100);
      const kernels = await run(false, 100);
      expect(host.vars).toEqual(kernels.vars);
      expect(host.slots).toEqual(kernels.slots);
      expect(host.vars.flat().some((b) => b !== 0)).toBe(true);
    });

    it('runs no kernel and leaks no tensor', async () => {
      const v = tf.variable(tf.ones([5]));
      const opt = new Adam({ learningRate: 0.1 });
      const g = tf.fill([5], 0.5);
      opt.apply({ v }, { v: g }); // creates the slots
      const before = tf.memory().numTensors;
      const profile = await tf.profile(() => opt.apply({ v }, { v: g }));
      expect(profile.kernels.map((k) => k.name)).toEqual([]);
      for (let i = 0; i < 10; i++) opt.apply({ v }, { v: g });
      expect(tf.memory().numTensors).toBe(before);
      tf.dispose([v, g]);
      opt.dispose();
    });
  });
});
