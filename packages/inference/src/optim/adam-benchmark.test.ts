// Timing of Adam against tf.train.adam on the VAE's variable shapes. Runs only with AEVB_BENCH=1
// (timings are machine-dependent, so they are reported, not asserted):
//   AEVB_BENCH=1 npx vitest run packages/inference/src/optim/adam-benchmark.test.ts
import { tf } from '@aevb/core';
import { describe, expect, it } from 'vitest';
import { Adam } from './adam.js';

const SHAPES: readonly (readonly number[])[] = [[784, 500], [500], [500, 40], [40], [20, 500], [500], [500, 784], [784]];

function makeVars(prefix: string): Record<string, tf.Variable> {
  const out: Record<string, tf.Variable> = {};
  SHAPES.forEach((s, i) => {
    out[`${prefix}${i}`] = tf.variable(tf.randomNormal(s.slice(), 0, 0.01, 'float32', i + 1), true, `${prefix}${i}`);
  });
  return out;
}

function makeGrads(prefix: string): Record<string, tf.Tensor> {
  const out: Record<string, tf.Tensor> = {};
  SHAPES.forEach((s, i) => {
    out[`${prefix}${i}`] = tf.randomNormal(s.slice(), 0, 1, 'float32', 100 + i);
  });
  return out;
}

function time(label: string, reps: number, step: () => void): number {
  for (let i = 0; i < 10; i++) step(); // warm-up
  const t0 = performance.now();
  for (let i = 0; i < reps; i++) step();
  const ms = (performance.now() - t0) / reps;
  process.stdout.write(`[bench ${tf.getBackend()}] ${label}: ${ms.toFixed(3)} ms/update\n`);
  return ms;
}

describe.runIf(process.env['AEVB_BENCH'] === '1')('Adam benchmark (VAE shapes)', () => {
  it('reports ms per update for aevb Adam, AMSGrad and tf.train.adam', async () => {
    const reps = Number(process.env['AEVB_BENCH_REPS'] ?? 200);
    const vars = makeVars('a');
    const grads = makeGrads('a');
    const ours = new Adam({ learningRate: 1e-3 });
    const oursMs = time('aevb Adam', reps, () => ours.apply(vars, grads));
    const ams = new Adam({ learningRate: 1e-3, amsgrad: true });
    const amsMs = time('aevb Adam (amsgrad)', reps, () => ams.apply(vars, grads));
    await vars['a0']?.data();

    const tvars = makeVars('t');
    const tgrads = makeGrads('t');
    const theirs = tf.train.adam(1e-3);
    const tfMs = time('tf.train.adam', reps, () => theirs.applyGradients(tgrads as unknown as Parameters<typeof theirs.applyGradients>[0]));
    await tvars['t0']?.data();
    process.stdout.write(`[bench] speed-up aevb/tf.train.adam: ${(tfMs / oursMs).toFixed(2)}x (amsgrad ${(tfMs / amsMs).toFixed(2)}x)\n`);

    ours.dispose();
    ams.dispose();
    theirs.dispose();
    tf.dispose([...Object.values(vars), ...Object.values(grads), ...Object.values(tvars), ...Object.values(tgrads)]);
    expect(oursMs).toBeGreaterThan(0);
  });
});
