// Timing of Adam against tf.train.adam. Runs only with AEVB_BENCH=1 (timings are machine-dependent,
// so they are reported, not asserted):
//   AEVB_BENCH=1 npx vitest run packages/inference/src/optim/adam-benchmark.test.ts
// Each optimizer runs in alternating blocks of `reps` updates; the median block time is reported.
import { tf } from '@aevb/core';
import { describe, expect, it } from 'vitest';
import { Adagrad } from './adagrad.js';
import { Adam } from './adam.js';

const VAE: readonly (readonly number[])[] = [[784, 500], [500], [500, 40], [40], [20, 500], [500], [500, 784], [784]];
const SMALL: readonly (readonly number[])[] = Array.from({ length: 64 }, (_, i) => (i % 2 === 0 ? [16, 8] : [8]));

function tensors(shapes: readonly (readonly number[])[], prefix: string, seed: number, asVariables: boolean): Record<string, tf.Tensor> {
  const out: Record<string, tf.Tensor> = {};
  shapes.forEach((s, i) => {
    const t = tf.randomNormal(s.slice(), 0, 1, 'float32', seed + i);
    out[`${prefix}${i}`] = asVariables ? tf.variable(t, true, `${prefix}${i}`) : t;
    if (asVariables) t.dispose();
  });
  return out;
}

function median(xs: number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

async function compare(label: string, shapes: readonly (readonly number[])[], reps: number, blocks: number): Promise<void> {
  const vars = tensors(shapes, `${label}a`, 1, true) as Record<string, tf.Variable>;
  const grads = tensors(shapes, `${label}a`, 1000, false);
  const tvars = tensors(shapes, `${label}t`, 1, true);
  const tgrads = tensors(shapes, `${label}t`, 1000, false);
  const runners: Record<string, () => void> = {};
  const ours = new Adam({ learningRate: 1e-3 });
  runners['aevb Adam'] = () => ours.apply(vars, grads);
  const ams = new Adam({ learningRate: 1e-3, amsgrad: true });
  runners['aevb Adam amsgrad'] = () => ams.apply(vars, grads);
  const theirs = tf.train.adam(1e-3);
  runners['tf.train.adam'] = () => theirs.applyGradients(tgrads as unknown as Parameters<typeof theirs.applyGradients>[0]);
  const ada = new Adagrad({ learningRate: 1e-3 });
  runners['aevb Adagrad'] = () => ada.apply(vars, grads);
  const theirsAda = tf.train.adagrad(1e-3);
  runners['tf.train.adagrad'] = () => theirsAda.applyGradients(tgrads as unknown as Parameters<typeof theirsAda.applyGradients>[0]);
  const times: Record<string, number[]> = {};
  for (const [name, f] of Object.entries(runners)) {
    for (let i = 0; i < 5; i++) f(); // warm-up
    times[name] = [];
  }
  for (let b = 0; b < blocks; b++) {
    for (const [name, f] of Object.entries(runners)) {
      const t0 = performance.now();
      for (let i = 0; i < reps; i++) f();
      await (name.startsWith('tf.') ? Object.values(tvars)[0] : Object.values(vars)[0])?.data(); // flush
      times[name]?.push((performance.now() - t0) / reps);
    }
  }
  for (const [name, ts] of Object.entries(times)) {
    process.stdout.write(`[bench ${tf.getBackend()}] ${label}: ${name} ${median(ts).toFixed(3)} ms/update (min ${Math.min(...ts).toFixed(3)})\n`);
  }
  const ratio = median(times['tf.train.adam'] ?? []) / median(times['aevb Adam'] ?? []);
  process.stdout.write(`[bench ${tf.getBackend()}] ${label}: speed-up over tf.train.adam ${ratio.toFixed(2)}x\n`);
  const adaRatio = median(times['tf.train.adagrad'] ?? []) / median(times['aevb Adagrad'] ?? []);
  process.stdout.write(`[bench ${tf.getBackend()}] ${label}: Adagrad speed-up over tf.train.adagrad ${adaRatio.toFixed(2)}x\n`);
  for (const o of [ours, ams, ada]) o.dispose();
  theirs.dispose();
  theirsAda.dispose();
  tf.dispose([...Object.values(vars), ...Object.values(grads), ...Object.values(tvars), ...Object.values(tgrads)]);
}

describe.runIf(process.env['AEVB_BENCH'] === '1')('Adam benchmark', () => {
  it('VAE shapes (784x500, 500, 500x40, 40, 20x500, 500, 500x784, 784)', async () => {
    await compare('vae', VAE, Number(process.env['AEVB_BENCH_REPS'] ?? 20), 15);
    expect(true).toBe(true);
  });
  it('64 small variables (16x8 and 8): kernel-launch bound', async () => {
    await compare('small', SMALL, 50, 15);
    expect(true).toBe(true);
  });
});
