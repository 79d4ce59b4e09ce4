// Resuming from a checkpoint reproduces the uninterrupted run number for number (same seed,
// same backend): per-step bounds, epoch records, parameters and optimizer state.
import { mkdtemp, readdir, rm, writeFile, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ArgumentError, PersistenceError, tf } from '@aevb/core';
import { Adagrad, fit, type FitOptions, type History } from '@aevb/inference';
import { loadCheckpoint, saveCheckpoint } from '../../packages/inference/src/fit/checkpoint-node.js';
import { initialProgress } from '../../packages/inference/src/fit/checkpoint.js';
import { binaryData, paramValues, tinySvi } from './fixtures.js';

const root = await mkdtemp(join(tmpdir(), 'aevb-resume-'));
afterAll(() => rm(root, { recursive: true, force: true }));
let dirs = 0;
const freshDir = (): string => join(root, `run-${dirs++}`);

const x = binaryData(64);
const xVal = binaryData(32, 6, 99);
// 64 rows / 16 = 4 steps per epoch, 3 epochs, validation after each epoch (it draws seeds too).
const base = (): FitOptions<tf.Tensor2D> => ({ data: x, batchSize: 16, epochs: 3, validation: xVal });

function withoutTimes(h: History): unknown {
  return { ...h, resumedFrom: undefined, epochs: h.epochs.map((e) => ({ ...e, seconds: 0, examplesPerSecond: 0 })) };
}

async function uninterrupted() {
  const svi = tinySvi();
  const history = await fit(svi, base());
  return { svi, history, params: await paramValues(svi), opt: await svi.optimizer.getState() };
}

describe('resume from a checkpoint', () => {
  it('continues number for number from a mid-epoch checkpoint after a crash', async () => {
    const ref = await uninterrupted();
    const dir = freshDir();
    const crashed = tinySvi();
    // Checkpoint every 3 steps; "crash" at step 6 before its checkpoint: the newest is step 3 (epoch 0, batch 3).
    await expect(
      fit(crashed, {
        ...base(),
        checkpoint: { dir, everySteps: 3 },
        onStep: (i) => {
          if (i.step === 6) throw new Error('crash');
        },
      }),
    ).rejects.toThrow('crash');
    const resumed = tinySvi();
    const history = await fit(resumed, { ...base(), checkpoint: { dir, everySteps: 3 }, resume: true });
    expect(history.resumedFrom).toMatch(/checkpoint-[01]\.aevb$/);
    expect(history.stepElbos).toEqual(ref.history.stepElbos);
    expect(withoutTimes(history)).toEqual(withoutTimes(ref.history));
    expect(await paramValues(resumed)).toEqual(ref.params);
    expect(await resumed.optimizer.getState()).toEqual(ref.opt);
    expect(resumed.seeds.model.position).toBe(ref.svi.seeds.model.position);
    expect(resumed.seeds.guide.position).toBe(ref.svi.seeds.guide.position);
  });

  it('continues from an epoch-end checkpoint, and from a maxSteps stop with a larger budget', async () => {
    const ref = await uninterrupted();
    const dir = freshDir();
    await fit(tinySvi(), { ...base(), epochs: 1, checkpoint: { dir } }); // saves after epoch 0
    const a = tinySvi();
    const h = await fit(a, { ...base(), checkpoint: { dir }, resume: dir });
    expect(withoutTimes(h)).toEqual(withoutTimes(ref.history));
    expect(await paramValues(a)).toEqual(ref.params);

    const dir2 = freshDir();
    const stopped = await fit(tinySvi(), { ...base(), maxSteps: 6, checkpoint: { dir: dir2, everyEpochs: 5 } });
    expect(stopped.stopReason).toBe('steps');
    expect(stopped.stepElbos).toEqual(ref.history.stepElbos.slice(0, 6));
    const b = tinySvi();
    const h2 = await fit(b, { ...base(), checkpoint: { dir: dir2 }, resume: true });
    expect(h2.stepElbos).toEqual(ref.history.stepElbos);
    expect(withoutTimes(h2)).toEqual(withoutTimes(ref.history));
    expect(await paramValues(b)).toEqual(ref.params);
  });

  it('restores Adagrad accumulators and an early-stopped fit returns at once', async () => {
    const run = (dir?: string, resume?: boolean) => {
      const svi = tinySvi({ optimizer: new Adagrad({ learningRate: 0.05 }) });
      const opts: FitOptions<tf.Tensor2D> = { ...base(), epochs: 2, ...(dir === undefined ? {} : { checkpoint: { dir, everySteps: 5 } }), ...(resume === true ? { resume } : {}) };
      return { svi, go: () => fit(svi, opts) };
    };
    const ref = run();
    const refH = await ref.go();
    const dir = freshDir();
    const first = run(dir);
    await fit(first.svi, { ...base(), epochs: 2, maxSteps: 5, checkpoint: { dir } });
    const second = run(dir, true);
    const h = await second.go();
    expect(h.stepElbos).toEqual(refH.stepElbos);
    expect(await paramValues(second.svi)).toEqual(await paramValues(ref.svi));

    const dir3 = freshDir();
    const es = await fit(tinySvi(), { ...base(), epochs: 50, earlyStopping: { patience: 1, minDelta: 10 }, checkpoint: { dir: dir3 } });
    expect(es.stopReason).toBe('early-stopping');
    const again = await fit(tinySvi(), { ...base(), epochs: 50, earlyStopping: { patience: 1, minDelta: 10 }, checkpoint: { dir: dir3 }, resume: true });
    expect(again.stopReason).toBe('early-stopping');
    expect(again.stepElbos).toEqual(es.stepElbos);
  });

  it('falls back to the other slot when the newest is corrupt, and errors naming both when neither is valid', async () => {
    const dir = freshDir();
    await fit(tinySvi(), { ...base(), epochs: 2, checkpoint: { dir } });
    const files = (await readdir(dir)).filter((f) => f.endsWith('.aevb')).sort();
    expect(files).toEqual(['checkpoint-0.aevb', 'checkpoint-1.aevb']);
    // Slot 1 holds the newest (epoch 2); corrupt one byte of its data.
    const newest = join(dir, 'checkpoint-1.aevb');
    const bytes = await readFile(newest);
    bytes[bytes.length - 5] = (bytes[bytes.length - 5] as number) ^ 0xff;
    await writeFile(newest, bytes);
    const svi = tinySvi();
    const loaded = await loadCheckpoint(dir, svi, { example: x });
    expect(loaded.path).toBe(join(dir, 'checkpoint-0.aevb'));
    expect(loaded.progress.epoch).toBe(1);
    expect(loaded.skipped[0]?.problem).toMatch(/checkpoint-1\.aevb: checksum mismatch/);
    await writeFile(join(dir, 'checkpoint-0.aevb'), 'not a checkpoint');
    const err = await loadCheckpoint(dir, tinySvi()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PersistenceError);
    expect(String(err)).toMatch(/no valid checkpoint in .*checkpoint-0\.aevb: has 16 bytes, fewer than the 24-byte header.*checkpoint-1\.aevb: checksum mismatch/);
    await expect(fit(tinySvi(), { ...base(), checkpoint: { dir }, resume: true })).rejects.toThrow(PersistenceError);
  });

  it('refuses a version-mismatched checkpoint, another seed, another optimizer and data of another dimension', async () => {
    const dir = freshDir();
    await fit(tinySvi(), { ...base(), epochs: 1, checkpoint: { dir } });
    const path = join(dir, 'checkpoint-0.aevb');
    const good = await readFile(path);
    const v9 = Buffer.from(good);
    v9.writeUInt32LE(9, 8);
    await writeFile(path, v9);
    await expect(loadCheckpoint(dir, tinySvi())).rejects.toThrow(`${path}: has checkpoint format version 9; this aevb reads version 1`);
    await writeFile(path, good);
    await expect(loadCheckpoint(dir, tinySvi({ seed: 4 }))).rejects.toThrow(`${path}: was written by a fit with seed 3; this SVI has seed 4`);
    await expect(loadCheckpoint(dir, tinySvi({ optimizer: new Adagrad({ learningRate: 0.1 }) }))).rejects.toThrow("holds the state of optimizer 'adam', but this SVI uses 'adagrad'");
    // Data of the wrong dimension: named before anything changes.
    const svi5 = tinySvi({ dim: 5 });
    const x5 = binaryData(64, 5);
    const err = await fit(svi5, { data: x5, batchSize: 16, checkpoint: { dir }, resume: true }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ArgumentError);
    expect(String(err)).toContain(`fit: argument 'data' has per-datapoint shape [5], but the checkpoint '${path}' was trained on [6]`);
    expect(svi5.params.size).toBe(0);
    // A trained model given data of another dimension (no checkpoint): the encoder names the shapes.
    const trained = tinySvi();
    await fit(trained, { data: x, batchSize: 16 });
    await expect(fit(trained, { data: x5, batchSize: 16 })).rejects.toThrow("mlp: argument 'input' must have shape [n, 6], got [16, 5]");
    x5.dispose();
  });

  it('loadCheckpoint leaves the SVI unchanged when the parameters do not match', async () => {
    const dir = freshDir();
    const svi = tinySvi();
    await fit(svi, { data: x, batchSize: 16 });
    await saveCheckpoint(dir, svi, initialProgress());
    const other = tinySvi({ dim: 5 });
    await fit(other, { data: binaryData(16, 5), batchSize: 16 });
    const before = await paramValues(other);
    const stepBefore = other.stepCount;
    await expect(loadCheckpoint(dir, other)).rejects.toThrow(/parameter 'decoder\/1\/kernel' has shape \[8, 6\] in the file but \[8, 5\] in the model/);
    expect(await paramValues(other)).toEqual(before);
    expect(other.stepCount).toBe(stepBefore);
  });

  it('fails before training when the checkpoint folder cannot be written', async () => {
    const file = join(root, 'a-file');
    await writeFile(file, 'x');
    const svi = tinySvi();
    const err = await fit(svi, { ...base(), checkpoint: { dir: join(file, 'sub') } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PersistenceError);
    expect(String(err)).toContain(`fit: the checkpoint folder '${join(file, 'sub')}' cannot be written`);
    expect(svi.stepCount).toBe(0);
    await expect(saveCheckpoint(join(file, 'sub'), svi, initialProgress())).rejects.toThrow(/saveCheckpoint: cannot create checkpoint folder/);
    await expect(fit(svi, { ...base(), checkpoint: { dir: root, everySteps: 0 } })).rejects.toThrow("fit: argument 'checkpoint.everySteps' must be a positive integer, got 0");
    await expect(fit(svi, { ...base(), resume: true })).rejects.toThrow("fit: argument 'resume' is true but no checkpoint.dir");
    await expect(fit(svi, { ...base(), resume: join(root, 'nothing-here') })).rejects.toThrow(/no checkpoint in/);
  });
});
