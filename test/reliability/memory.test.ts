// Tensor bookkeeping: tf.memory().numTensors is the same before and after 1,000 training steps
// (directly and through fit with checkpoints), rejected steps, and the posterior tools.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tf } from '@aevb/core';
import { encode, encodeMean, evaluateBound, fit, logMarginal, reconstruct } from '@aevb/inference';
import { binaryData, tinySvi } from './fixtures.js';

const root = await mkdtemp(join(tmpdir(), 'aevb-memory-'));
afterAll(() => rm(root, { recursive: true, force: true }));
const x = binaryData(64);

describe('no tensor leaks', () => {
  it('1,000 SVI steps (after the first, which creates parameters and optimizer slots)', async () => {
    const svi = tinySvi();
    await svi.step(x, 64);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 1000; i++) await svi.step(x, 64);
    expect(svi.stepCount).toBe(1001);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('fit with shuffling, validation, checkpoints and resume; rejected steps and a NonFiniteError', async () => {
    const svi = tinySvi({ maxBadSteps: 3 });
    await svi.step(x, 64);
    const before = tf.memory().numTensors;
    const dir = join(root, 'fit');
    const h = await fit(svi, { data: x, batchSize: 16, epochs: 25, validation: x, checkpoint: { dir, everySteps: 7 } }); // 100 steps
    expect(h.stepElbos).toHaveLength(100);
    expect(tf.memory().numTensors).toBe(before);
    // A fresh SVI keeps, after its first step, its parameters, Adam's slots and cached scalars
    // (and the guide's prototype); a resumed one keeps exactly as many.
    const before1 = tf.memory().numTensors;
    await tinySvi().step(x, 64);
    const owned = tf.memory().numTensors - before1;
    const resumed = tinySvi();
    const before2 = tf.memory().numTensors;
    await fit(resumed, { data: x, batchSize: 16, epochs: 26, checkpoint: { dir }, resume: true });
    expect(resumed.stepCount).toBe(105);
    expect(tf.memory().numTensors - before2).toBe(owned);
    const bad = tf.fill([16, 6], NaN) as tf.Tensor2D;
    const before3 = tf.memory().numTensors;
    await svi.step(bad, 64);
    await svi.step(bad, 64);
    await expect(svi.step(bad, 64)).rejects.toThrow('3 consecutive steps');
    expect(tf.memory().numTensors).toBe(before3);
    bad.dispose();
  });

  it('encode (inside tidy), encodeMean, reconstruct, evaluateBound and logMarginal', async () => {
    const svi = tinySvi();
    await svi.step(x, 64);
    const before = tf.memory().numTensors;
    tf.tidy(() => void encode(svi, x).z.sample({ seed: 1 }));
    const m = encodeMean(svi, x);
    expect(m.z.shape).toEqual([64, 2]);
    m.z.dispose();
    for (const t of Object.values(reconstruct(svi, x))) t.dispose();
    await evaluateBound(svi, x, 16, 2);
    const lm = await logMarginal(svi, x, { particles: 50, chunk: 20, batchSize: 32 });
    expect(lm.perDatum).toHaveLength(64);
    expect(Number.isFinite(lm.mean)).toBe(true);
    expect(tf.memory().numTensors).toBe(before);
  });
});
