// The threaded wasm build in Node: it starts, it computes the same numbers as one thread, a
// process using it exits by itself, and it falls back to one thread with the reason reported.
// Each case runs in its own Node process (one wasm instance per process) against packages/core/dist.
import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';
import { BackendError, initBackend } from '../index.js';

const CORE = new URL('../../dist/index.js', import.meta.url).pathname;
const OPS = new URL('../../dist/ops/index.js', import.meta.url).pathname;
const WASM = createRequire(CORE).resolve('@tensorflow/tfjs-backend-wasm');

/** Runs `body` after `initBackend(init)` in a fresh Node process; returns its JSON output. */
async function inChild(init: string, body: string, env: Record<string, string> = {}): Promise<Record<string, unknown>> {
  const script = `
    const { initBackend, setBackendReporter, tf } = await import(${JSON.stringify(CORE)});
    const { fusedDense } = await import(${JSON.stringify(OPS)});
    setBackendReporter(() => {});
    ${init}
    ${body}`;
  const childEnv: Record<string, string | undefined> = { ...process.env, ...env };
  delete childEnv['AEVB_BACKEND'];
  if (env['AEVB_WASM_THREADS'] === undefined) delete childEnv['AEVB_WASM_THREADS'];
  const { stdout } = await promisify(execFile)('node', ['--input-type=module', '-e', script], { env: childEnv, timeout: 90_000 });
  return JSON.parse(stdout) as Record<string, unknown>;
}

// A VAE-sized dense layer forward and its gradients (the kernels XNNPACK runs on the pool).
const DENSE = `
  const x = tf.randomUniform([100, 784], 0, 1, 'float32', 1);
  const w = tf.randomNormal([784, 500], 0, 0.05, 'float32', 2);
  const b = tf.randomNormal([500], 0, 0.1, 'float32', 3);
  const f = (w, b) => tf.sum(tf.square(fusedDense(x, w, b, 'tanh')));
  const { value, grads } = tf.valueAndGrads(f)([w, b]);
  const bits = (t) => Array.from(new Uint32Array(t.dataSync().slice().buffer)).reduce((h, v) => (Math.imul(h, 31) + v) >>> 0, 7);
  process.stdout.write(JSON.stringify({ info, value: value.dataSync()[0], hash: [bits(value), bits(grads[0]), bits(grads[1])] }));`;

describe('threaded wasm backend (Node)', () => {
  it('runs two threads when asked and gives the single-threaded numbers bit for bit', async () => {
    const two = await inChild(`const info = await initBackend({ order: ['wasm'], threads: 2 });`, DENSE);
    const one = await inChild(`const info = await initBackend({ order: ['wasm'], threads: 1 });`, DENSE);
    expect(two['info']).toMatchObject({ name: 'wasm', simd: true, threads: 2 });
    expect(two['info']).not.toHaveProperty('threadsSkipped');
    expect(one['info']).toMatchObject({ name: 'wasm', threads: 1 });
    expect(Number.isFinite(two['value'])).toBe(true);
    expect(two['hash']).toEqual(one['hash']);
  }, 120_000);

  it('reads AEVB_WASM_THREADS', async () => {
    const out = await inChild(`const info = await initBackend({ order: ['wasm'] });`, `process.stdout.write(JSON.stringify({ info }));`, { AEVB_WASM_THREADS: '2' });
    expect(out['info']).toMatchObject({ name: 'wasm', threads: 2 });
  }, 120_000);

  it('falls back to one thread, saying why, when the single-threaded build already runs', async () => {
    const init = `
      await import(${JSON.stringify(WASM)});
      await tf.setBackend('wasm');
      const before = tf.tensor1d([1, 2, 3]);
      const info = await initBackend({ order: ['wasm'], threads: 2 });`;
    const out = await inChild(init, `process.stdout.write(JSON.stringify({ info, kept: Array.from(before.dataSync()) }));`);
    expect(out['info']).toMatchObject({ name: 'wasm', threads: 1 });
    expect(String((out['info'] as Record<string, unknown>)['threadsSkipped'])).toMatch(/single-threaded wasm backend is already running/);
    expect(out['kept']).toEqual([1, 2, 3]); // the running backend (and its tensors) was left alone
  }, 120_000);

  it('refuses thread counts outside 1..8, naming the option or variable', async () => {
    await expect(initBackend({ order: ['wasm'], threads: 0 })).rejects.toThrow(BackendError);
    await expect(initBackend({ order: ['wasm'], threads: 2.5 })).rejects.toThrow(/initBackend\(\{ threads \}\): wasm threads must be an integer from 1 to 8, got 2.5/);
    process.env['AEVB_WASM_THREADS'] = 'many';
    try {
      await expect(initBackend({ order: ['wasm'], force: true })).rejects.toThrow(/AEVB_WASM_THREADS: .* got many/);
    } finally {
      delete process.env['AEVB_WASM_THREADS'];
    }
  });
});
