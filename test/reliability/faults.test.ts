// Injected numerical faults: non-finite steps are rejected without touching parameters or
// optimizer state, counted, and after K in a row fitting stops with a NonFiniteError naming
// the first non-finite site; with checkpointing on, the last good state is saved.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ArgumentError, ModelError, tf, type Tensor2D } from '@aevb/core';
import { NonFiniteError, SGD, diagnoseNonFinite, fit } from '@aevb/inference';
import { loadCheckpoint } from '../../packages/inference/src/fit/checkpoint-node.js';
import { binaryData, paramValues, tinySvi } from './fixtures.js';

const root = await mkdtemp(join(tmpdir(), 'aevb-faults-'));
afterAll(() => rm(root, { recursive: true, force: true }));

const x = binaryData(64);
function withNaN(data: Tensor2D, row: number, col: number, value = NaN): Tensor2D {
  const v = data.dataSync().slice();
  v[row * (data.shape[1] as number) + col] = value;
  return tf.tensor2d(v, data.shape);
}

describe('numerical faults', () => {
  it('a rejected step leaves parameters and optimizer state untouched and is counted', async () => {
    const svi = tinySvi();
    for (let i = 0; i < 3; i++) await svi.step(x, 64);
    const params = await paramValues(svi);
    const opt = await svi.optimizer.getState();
    const bad = withNaN(x, 5, 2);
    const before = tf.memory().numTensors;
    const r = await svi.step(bad, 64);
    expect(tf.memory().numTensors).toBe(before);
    expect(r).toEqual({ elbo: NaN, accepted: false });
    expect(svi.rejectedSteps).toBe(1);
    expect(svi.consecutiveBad).toBe(1);
    expect(svi.stepCount).toBe(3);
    expect(await paramValues(svi)).toEqual(params);
    expect(await svi.optimizer.getState()).toEqual(opt);
    // A good step resets the run of bad ones.
    expect((await svi.step(x, 64)).accepted).toBe(true);
    expect(svi.consecutiveBad).toBe(0);
    bad.dispose();
  });

  it('a NaN row fed to step: K rejections, then an error naming the data row and the site it poisons', async () => {
    const svi = tinySvi({ maxBadSteps: 3 });
    await svi.step(x, 64);
    const params = await paramValues(svi);
    const bad = withNaN(x, 7, 1);
    expect((await svi.step(bad, 64)).accepted).toBe(false);
    expect((await svi.step(bad, 64)).accepted).toBe(false);
    const err = await svi.step(bad, 64).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NonFiniteError);
    expect((err as NonFiniteError).message).toBe(
      "3 consecutive steps had a non-finite bound or gradient; the minibatch contains NaN or Infinity (first at row 7); the first non-finite site is 'x'; parameters are at their last finite values",
    );
    // Observed data are checked first: the NaN row is in site 'x' (it would poison 'z' through the encoder).
    expect((err as NonFiniteError).site).toBe('x');
    expect(await paramValues(svi)).toEqual(params);
    bad.dispose();
  });

  it("fit's up-front check names the NaN row of the data and of the validation data", async () => {
    const bad = withNaN(x, 12, 0, Infinity);
    await expect(fit(tinySvi(), { data: bad, batchSize: 16 })).rejects.toThrow(new ModelError('data contains NaN or Infinity (first at row 12)'));
    await expect(fit(tinySvi(), { data: x, batchSize: 16, validation: withNaN(x, 3, 3) })).rejects.toThrow('validation contains NaN or Infinity (first at row 3)');
    bad.dispose();
  });

  it('batch size 0, fractional, or larger than the data is refused with the sizes', async () => {
    await expect(fit(tinySvi(), { data: x, batchSize: 0 })).rejects.toThrow(new ArgumentError('fit', 'batchSize', 'must be a positive integer, got 0'));
    await expect(fit(tinySvi(), { data: x, batchSize: 2.5 })).rejects.toThrow("fit: argument 'batchSize' must be a positive integer, got 2.5");
    await expect(fit(tinySvi(), { data: x, batchSize: 65 })).rejects.toThrow("fit: argument 'batchSize' 65 is larger than the data (64 datapoints)");
    await expect(fit(tinySvi(), { data: tf.zeros([0, 6]), batchSize: 1 })).rejects.toThrow("fit: argument 'data' is empty (0 datapoints)");
  });

  it('an exploding learning rate stops fitting after K bad steps and saves the last good state', async () => {
    const dir = join(root, 'explode');
    const svi = tinySvi({ optimizer: new SGD({ learningRate: 1e30 }), maxBadSteps: 4 });
    const steps: boolean[] = [];
    const err = await fit(svi, { data: x, batchSize: 16, epochs: 5, checkpoint: { dir, everySteps: 100 }, onStep: (i) => steps.push(i.accepted) }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(NonFiniteError);
    expect(String(err)).toMatch(/^NonFiniteError: 4 consecutive steps had a non-finite bound or gradient; the first non-finite site is '\w+'/);
    // The first step applies a huge update (finite); every later one is non-finite.
    expect(steps).toEqual([true, false, false, false]);
    expect(svi.stepCount).toBe(1);
    const last = await paramValues(svi);
    for (const v of Object.values(last)) expect(v.every(Number.isFinite)).toBe(true);
    // The saved state is the one after the last accepted step: step 1, batch 1 of epoch 0.
    const again = tinySvi({ optimizer: new SGD({ learningRate: 1e30 }) });
    const loaded = await loadCheckpoint(dir, again, { example: x });
    expect(loaded.progress.epoch).toBe(0);
    expect(loaded.progress.batch).toBe(1);
    expect(loaded.progress.stepElbos).toHaveLength(1);
    expect(again.stepCount).toBe(1);
    expect(await paramValues(again)).toEqual(last);
  });

  it('a decoder driven to extreme logits is named as the non-finite site', async () => {
    const svi = tinySvi({ maxBadSteps: 2 });
    await svi.step(x, 64);
    const bias = svi.params.variables()['decoder/1/bias'] as tf.Variable;
    // logits of ±Infinity: log-sigmoid(±∞) terms become ∞ − ∞ = NaN in Bernoulli's log-density.
    svi.params.assignUnconstrained('decoder/1/bias', tf.tidy(() => tf.mul(tf.sign(tf.randomNormal(bias.shape, 0, 1, 'float32', 1)), Infinity)));
    const { model, guide } = svi.bind(x, { dataSize: 64 });
    expect(diagnoseNonFinite(model, guide, x)).toBe('x');
    expect((await svi.step(x, 64)).accepted).toBe(false);
    const err = await svi.step(x, 64).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NonFiniteError);
    expect((err as NonFiniteError).site).toBe('x');
    expect(String(err)).not.toContain('minibatch');
  });

  it('diagnoseNonFinite returns undefined for a healthy model and names the overflowing observation', async () => {
    const svi = tinySvi();
    await svi.step(x, 64);
    const { model, guide } = svi.bind(x, { dataSize: 64 });
    expect(diagnoseNonFinite(model, guide, x)).toBeUndefined();
    // A kernel of 3e38 makes the logits (sums of 8 such terms) overflow to ±∞: x's log-density is NaN.
    svi.params.assignUnconstrained('decoder/1/kernel', tf.fill([8, 6], 3e38));
    expect(diagnoseNonFinite(model, guide, x)).toBe('x');
  });
});
