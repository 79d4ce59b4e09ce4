import { afterAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { BackendError, initBackend, backendInfo, setBackendReporter, NODE_BACKEND_ORDER } from '../index.js';
import type { BackendInfo } from '../index.js';

const fail = (msg: string) => async () => {
  throw new Error(msg);
};

describe('initBackend', () => {
  const before = tf.getBackend();
  afterAll(async () => {
    await initBackend({ order: [before as 'wasm'], force: true });
  });

  it('tries tensorflow, then wasm, then cpu in Node', () => {
    expect(NODE_BACKEND_ORDER).toEqual(['tensorflow', 'wasm', 'cpu']);
  });
  it('falls back to wasm when tfjs-node does not load, and reports the reason once', async () => {
    const reports: BackendInfo[] = [];
    setBackendReporter((i) => reports.push(i));
    await initBackend({ order: ['cpu'], force: true });
    const info = await initBackend({ order: ['tensorflow', 'wasm', 'cpu'], loaders: { tensorflow: fail('libtensorflow missing') }, force: true });
    expect(info.name).toBe('wasm');
    expect(info.simd).toBe(true);
    expect(info.skipped).toEqual([{ name: 'tensorflow', reason: 'libtensorflow missing' }]);
    expect(tf.getBackend()).toBe('wasm');
    expect(backendInfo()).toEqual(info);
    expect(reports.map((r) => r.name)).toEqual(['cpu', 'wasm']);
    setBackendReporter(() => {});
  });
  it('falls back to cpu when wasm fails too', async () => {
    const info = await initBackend({
      order: ['tensorflow', 'wasm', 'cpu'],
      loaders: { tensorflow: fail('no tfjs-node'), wasm: fail('no wasm') },
      force: true,
    });
    expect(info.name).toBe('cpu');
    expect(info.skipped.map((s) => s.name)).toEqual(['tensorflow', 'wasm']);
  });
  it('passes the wasm thread count asked for to the loaders and reports 1 thread off wasm', async () => {
    const seen: number[] = [];
    const info = await initBackend({ order: ['cpu'], threads: 3, loaders: { cpu: async ({ threads }) => void seen.push(threads) } });
    expect(seen).toEqual([3]);
    expect(info).toMatchObject({ name: 'cpu', threads: 1 });
    expect(info).not.toHaveProperty('threadsSkipped');
  });
  it('throws a BackendError listing every failure when nothing loads', async () => {
    await expect(initBackend({ order: ['tensorflow'], loaders: { tensorflow: fail('nope') }, force: true })).rejects.toThrow(BackendError);
  });
  it('honours AEVB_BACKEND and rejects unknown names', async () => {
    process.env['AEVB_BACKEND'] = 'cpu';
    try {
      const info = await initBackend({ force: true });
      expect(info).toMatchObject({ name: 'cpu', source: 'env' });
      process.env['AEVB_BACKEND'] = 'gpu9000';
      await expect(initBackend({ force: true })).rejects.toThrow(/AEVB_BACKEND: unknown backend 'gpu9000'/);
    } finally {
      delete process.env['AEVB_BACKEND'];
    }
  });
  it('gives the same numbers for the same seed on the same backend', async () => {
    for (const name of ['cpu', 'wasm'] as const) {
      await initBackend({ order: [name], force: true });
      const a = tf.randomNormal([5], 0, 1, 'float32', 42).dataSync();
      const b = tf.randomNormal([5], 0, 1, 'float32', 42).dataSync();
      expect(Array.from(a)).toEqual(Array.from(b));
    }
  });
});
