/**
 * Checkpoints of a fit: capturing an {@link SVI}'s complete state (parameters, optimizer slots,
 * seed-stream positions, step counters) with the fit's progress, and applying it back so the
 * resumed run continues number for number. Pure (no file system); `checkpoint-node.ts` adds files.
 *
 * @module
 */
import { PARAMS_FORMAT_VERSION, PersistenceError, checksumBytes, restoreParams, snapshotParams, type LatentSpec } from '@aevb/core';
import type { OptimizerState, SlotState } from '../optim/types.js';
import type { CheckpointData } from './checkpoint-format.js';
import type { CheckpointHeader, FitProgress, SlotRecord } from './checkpoint-schema.js';
import type { Batch } from './data.js';
import { descriptionOf } from './minibatch.js';
import type { SVI } from './svi.js';

/** The progress of a fit that has not started. @category Checkpoints */
export function initialProgress(): FitProgress {
  return {
    epoch: 0,
    batch: 0,
    epochs: [],
    stepElbos: [],
    partial: { sum: 0, count: 0, seen: 0, seconds: 0, rejected: 0 },
    best: -Infinity,
    sinceBest: 0,
    stopped: undefined,
    dataShapes: undefined,
  };
}

/** Counters and seed positions of an SVI (all plain numbers). @category Checkpoints */
export interface SviCounters {
  /** `svi.stepCount`, `svi.rejectedSteps`, `svi.consecutiveBad`. */
  readonly steps: CheckpointHeader['steps'];
  /** Seed-stream positions of the model and guide. */
  readonly seeds: CheckpointHeader['seeds'];
}

/** The SVI's counters and seed positions now. @category Checkpoints */
export function sviCounters<L extends LatentSpec, D extends Batch>(svi: SVI<L, D>): SviCounters {
  return {
    steps: { accepted: svi.stepCount, rejected: svi.rejectedSteps, consecutiveRejected: svi.consecutiveBad },
    seeds: { model: svi.seeds.model.position, guide: svi.seeds.guide.position },
  };
}

/**
 * Reads the SVI's complete state and `progress` into a checkpoint. `counters` overrides the
 * SVI's current counters and seed positions (the fit loop passes those of its last accepted
 * step when saving after a numerical failure).
 *
 * @category Checkpoints
 */
export async function captureCheckpoint<L extends LatentSpec, D extends Batch>(
  svi: SVI<L, D>,
  progress: FitProgress,
  options: { readonly sequence?: number; readonly counters?: SviCounters } = {},
): Promise<CheckpointData> {
  const { manifest, values } = await snapshotParams(svi.params);
  const opt = await svi.optimizer.getState();
  let length = values.length;
  const slotRecords: Record<string, Record<string, SlotRecord>> = {};
  for (const [k, slots] of Object.entries(opt.slots)) {
    slotRecords[k] = {};
    for (const [s, st] of Object.entries(slots)) {
      (slotRecords[k] as Record<string, SlotRecord>)[s] = { shape: st.shape.slice(), offset: length };
      length += st.values.length;
    }
  }
  const float32 = new Float32Array(length);
  float32.set(values, 0);
  for (const [k, slots] of Object.entries(opt.slots)) {
    for (const [s, st] of Object.entries(slots)) float32.set(st.values, slotRecords[k]?.[s]?.offset ?? 0);
  }
  const { stepElbos, ...rest } = progress;
  const counters = options.counters ?? sviCounters(svi);
  const header: CheckpointHeader = {
    format: 'aevb-checkpoint',
    sequence: options.sequence ?? 0,
    createdAt: new Date().toISOString(),
    seed: svi.options.seed ?? 0,
    steps: counters.steps,
    seeds: counters.seeds,
    objective: svi.objective.name,
    params: manifest.params,
    optimizer: { name: opt.name, step: opt.step, slots: slotRecords },
    progress: rest,
    float64Length: stepElbos.length,
    float32Length: float32.length,
  };
  return { header, float64: Float64Array.from(stepElbos), float32 };
}

/**
 * Creates the SVI's parameters (their shapes come from the data) with {@link SVI.init} on
 * `batch`, a minibatch of a data set of `dataSize` rows (default: the batch is the data set).
 * Draws no randomness from the fit's streams; does nothing if the SVI is initialized.
 *
 * @category Checkpoints
 */
export function initializeParams<L extends LatentSpec, D extends Batch>(svi: SVI<L, D>, batch: D, dataSize?: number): void {
  svi.engine.init(batch, dataSize === undefined ? descriptionOf(batch) : { dataSize });
}

const sizeOf = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);
const sameShape = (a: readonly number[], b: readonly number[]): boolean => a.length === b.length && a.every((d, i) => d === b[i]);

/** Options of {@link applyCheckpoint}. @category Checkpoints */
export interface ApplyCheckpointOptions<D extends Batch> {
  /** A batch of training data, used to create the parameters when the SVI has none yet. */
  readonly example?: D;
}

/**
 * Writes a checkpoint into `svi`: parameters, optimizer state, seed positions and counters.
 * Every check (seed, optimizer, parameter names, shapes and constraints, slot shapes) runs
 * before anything changes; on error the SVI is unchanged. Returns the fit's progress.
 *
 * @param where - the file or source, for error messages
 * @category Checkpoints
 */
export function applyCheckpoint<L extends LatentSpec, D extends Batch>(
  svi: SVI<L, D>,
  data: CheckpointData,
  where: string,
  options: ApplyCheckpointOptions<D> = {},
): FitProgress {
  const h = data.header;
  const fail = (problem: string): never => {
    throw new PersistenceError(`${where}: ${problem}`);
  };
  const seed = svi.options.seed ?? 0;
  if (h.seed !== seed) fail(`was written by a fit with seed ${h.seed}; this SVI has seed ${seed} (resuming would not reproduce the run)`);
  if (h.optimizer.name !== svi.optimizer.name) fail(`holds the state of optimizer '${h.optimizer.name}', but this SVI uses '${svi.optimizer.name}'`);
  if (options.example !== undefined) initializeParams(svi, options.example);
  const store = svi.params;
  const inFile = new Map(h.params.map((p) => [p.name, p]));
  for (const p of h.params) {
    if (!store.has(p.name) && p.constraint !== 'real') {
      fail(`parameter '${p.name}' (constraint '${p.constraint}') does not exist yet; pass a batch as 'example' so the model creates its parameters`);
    }
  }
  for (const [k, slots] of Object.entries(h.optimizer.slots)) {
    const p = inFile.get(k);
    if (p === undefined) fail(`optimizer state names variable '${k}', which is not among the checkpoint's parameters`);
    for (const [s, r] of Object.entries(slots)) {
      if (p !== undefined && !sameShape(r.shape, p.shape)) fail(`optimizer slot '${s}' of '${k}' has shape [${r.shape.join(', ')}] but the parameter has [${p.shape.join(', ')}]`);
    }
  }
  const values = data.float32;
  const manifest = {
    format: 'aevb-params' as const,
    version: PARAMS_FORMAT_VERSION,
    length: values.length,
    checksum: checksumBytes(new Uint8Array(values.buffer, values.byteOffset, values.byteLength)),
    params: h.params,
  };
  // Validates names, shapes and constraints of everything before assigning anything.
  restoreParams(store, { manifest, values }, where, { strict: true });
  const slots: Record<string, Record<string, SlotState>> = {};
  for (const [k, ss] of Object.entries(h.optimizer.slots)) {
    slots[k] = {};
    for (const [s, r] of Object.entries(ss)) {
      (slots[k] as Record<string, SlotState>)[s] = { shape: r.shape, values: Array.from(values.subarray(r.offset, r.offset + sizeOf(r.shape))) };
    }
  }
  const state: OptimizerState = { name: h.optimizer.name, step: h.optimizer.step, slots };
  svi.optimizer.setState(state);
  svi.seeds.model.seek(h.seeds.model);
  svi.seeds.guide.seek(h.seeds.guide);
  svi.stepCount = h.steps.accepted;
  svi.rejectedSteps = h.steps.rejected;
  svi.consecutiveBad = h.steps.consecutiveRejected;
  return { ...h.progress, stepElbos: Array.from(data.float64) };
}
