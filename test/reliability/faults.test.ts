// Injected numerical faults: non-finite steps are rejected without touching parameters or
// optimizer state, counted, and after K in a row fitting stops with a NonFiniteError naming
// the first non-finite site; with checkpointing on, only rollback points are written, so the
// newest checkpoint is the last state whose parameters and bound were finite.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ArgumentError, ModelError, tf, type Tensor2D } from '@aevb/core';
import { NonFiniteError, SGD, diagnoseNonFinite, fit } from '@aevb/inference';
import { hasCheckpoint, loadCheckpoint, readLatestCheckpoint } from '../../packages/inference/src/fit/checkpoint-node.js';
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

  it('an exploding learning rate stops fitting after K bad steps; no checkpoint is written from the diverged state', async () => {
    const dir = join(root, 'explode');
    const svi = tinySvi({ optimizer: new SGD({ learningRate: 1e30 }), maxBadSteps: 4 });
    const steps: boolean[] = [];
    const warnings: string[] = [];
    const err = await fit(svi, { data: x, batchSize: 16, epochs: 5, checkpoint: { dir, everySteps: 1, onWarning: (m) => warnings.push(m) }, onStep: (i) => steps.push(i.accepted) }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(NonFiniteError);
    expect(String(err)).toMatch(/^NonFiniteError: 4 consecutive steps had a non-finite bound or gradient; the first non-finite site is '\w+'/);
    // The first step applies a huge update (finite); every later one is non-finite.
    expect(steps).toEqual([true, false, false, false]);
    // The parameters after step 1 are finite but their bound is not: they are no rollback point,
    // and neither is any state after a rejected step. (Before, they were saved as "the last good state".)
    expect(warnings[0]).toMatch(/^checkpoint after step 1 not written: the bound at its parameters is -?(NaN|Infinity) on the first minibatch/);
    expect(warnings[1]).toMatch(/^checkpoint after step 2 not written: its last 1 step\(s\) were rejected as non-finite/);
    expect(await hasCheckpoint(dir)).toBe(false);
    // So resuming with a sane learning rate starts from the beginning: the run a fresh fit would make.
    const again = tinySvi({ optimizer: new SGD({ learningRate: 0.05 }) });
    const h = await fit(again, { data: x, batchSize: 16, epochs: 2, checkpoint: { dir }, resume: true });
    const fresh = await fit(tinySvi({ optimizer: new SGD({ learningRate: 0.05 }) }), { data: x, batchSize: 16, epochs: 2 });
    expect(h.resumedFrom).toBeUndefined();
    expect(h.stepElbos).toEqual(fresh.stepElbos);
    expect(h.stepElbos.every(Number.isFinite)).toBe(true);
  });

  it('after a divergence the newest checkpoint is the last state whose parameters and bound were finite; resuming with a lower rate recovers', async () => {
    const dir = join(root, 'rollback');
    // 4 sane steps (one epoch of 64 rows in batches of 16), then a step size of 1e30.
    const rate = (step: number): number => (step < 4 ? 0.05 : 1e30);
    const svi = tinySvi({ optimizer: new SGD({ learningRate: rate }), maxBadSteps: 3 });
    const warnings: string[] = [];
    const err = await fit(svi, { data: x, batchSize: 16, epochs: 3, validation: x, checkpoint: { dir, everySteps: 1, onWarning: (m) => warnings.push(m) } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NonFiniteError);
    expect(svi.stepCount).toBe(5);
    expect(warnings.some((w) => w.startsWith('checkpoint after step 5 not written: the bound at its parameters is'))).toBe(true);
    // The reference: the same fit stopped after its first (sane) epoch.
    const ref = tinySvi({ optimizer: new SGD({ learningRate: rate }) });
    await fit(ref, { data: x, batchSize: 16, epochs: 1, validation: x });
    const found = await readLatestCheckpoint(dir);
    // Checkpoints every step: the newest is the one after step 4, the last of epoch 0.
    expect([found.data.header.progress.epoch, found.data.header.progress.batch]).toEqual([0, 4]);
    expect(found.data.header.steps).toEqual({ accepted: 4, rejected: 0, consecutiveRejected: 0 });
    const loaded = tinySvi({ optimizer: new SGD({ learningRate: rate }) });
    await loadCheckpoint(dir, loaded, { example: x });
    expect(await paramValues(loaded)).toEqual(await paramValues(ref));
    const back = tinySvi({ optimizer: new SGD({ learningRate: 0.05 }) });
    const h = await fit(back, { data: x, batchSize: 16, epochs: 3, validation: x, checkpoint: { dir }, resume: true });
    expect(h.resumedFrom).toBe(found.path);
    expect(h.epochs).toHaveLength(3);
    expect(h.stepElbos.slice(4).every(Number.isFinite)).toBe(true);
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
