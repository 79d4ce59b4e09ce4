/**
 * The JSON description inside a checkpoint, and its validation when read from untrusted bytes.
 *
 * @module
 */
import { PersistenceError, type ParamRecord } from '@aevb/core';
import type { EpochRecord, History } from './loop.js';

/** Where a fit stands: the data-order position and the history so far. @category Checkpoints */
export interface FitProgress {
  /** The epoch in progress (0-based). */
  readonly epoch: number;
  /** Minibatches of `epoch` already consumed (the permutation is seeded by seed and epoch). */
  readonly batch: number;
  /** Completed epochs. */
  readonly epochs: readonly EpochRecord[];
  /** The bound per datapoint of every step so far (NaN for rejected steps). */
  readonly stepElbos: readonly number[];
  /** Running sums of the epoch in progress. */
  readonly partial: { readonly sum: number; readonly count: number; readonly seen: number; readonly seconds: number; readonly rejected: number };
  /** Best monitored bound and epochs since it improved (early stopping). */
  readonly best: number;
  /** Epochs since `best` improved. */
  readonly sinceBest: number;
  /** Set when fitting already ended (resuming then returns at once). */
  readonly stopped: History['stopReason'] | undefined;
  /** Per-datapoint shapes of the training data by tensor name (checked on resume). */
  readonly dataShapes: Readonly<Record<string, readonly number[]>> | undefined;
}

/** One optimizer slot inside a checkpoint: shape and offset into the float32 section. @category Checkpoints */
export interface SlotRecord {
  /** Shape of the slot (its variable's shape). */
  readonly shape: readonly number[];
  /** Offset into the float32 section, in elements. */
  readonly offset: number;
}

/** The JSON description of a checkpoint. @category Checkpoints */
export interface CheckpointHeader {
  /** Always `'aevb-checkpoint'`. */
  readonly format: 'aevb-checkpoint';
  /** Increases with every checkpoint written to a folder; the newest valid one is resumed. */
  readonly sequence: number;
  /** ISO time of writing. */
  readonly createdAt: string;
  /**
   * Identity of the run that wrote it (resuming checks it; a folder holding another run's
   * checkpoints is refused). Absent in checkpoints written before run identities existed.
   */
  readonly run?: string;
  /** The SVI's seed (resuming with another seed is refused). */
  readonly seed: number;
  /** `svi.stepCount`, `svi.rejectedSteps` and consecutive rejections at the time of writing. */
  readonly steps: { readonly accepted: number; readonly rejected: number; readonly consecutiveRejected: number };
  /** Positions of the model's and guide's seed streams. */
  readonly seeds: { readonly model: number; readonly guide: number };
  /** Name of the objective (informational). */
  readonly objective: string;
  /** Parameters (unconstrained values; offsets into the float32 section). */
  readonly params: readonly ParamRecord[];
  /** Optimizer name, update count and slots. */
  readonly optimizer: { readonly name: string; readonly step: number; readonly slots: Readonly<Record<string, Readonly<Record<string, SlotRecord>>>> };
  /** Fit progress without the per-step bounds (those are the float64 section). */
  readonly progress: Omit<FitProgress, 'stepElbos'>;
  /** Number of float64 values. */
  readonly float64Length: number;
  /** Number of float32 values. */
  readonly float32Length: number;
}

type Fail = (problem: string) => never;

function num(v: unknown, what: string, fail: Fail, opts: { integer?: boolean; min?: number; nullable?: boolean } = {}): number {
  let x: number | undefined;
  if (typeof v === 'number') x = v;
  else if (v === 'NaN') x = NaN;
  else if (v === 'Infinity') x = Infinity;
  else if (v === '-Infinity') x = -Infinity;
  if (x === undefined) return fail(`${what} is not a number`);
  if (opts.integer === true && !Number.isSafeInteger(x)) return fail(`${what} is not an integer (${String(v)})`);
  if (opts.min !== undefined && !(x >= opts.min)) return fail(`${what} is below ${opts.min} (${String(v)})`);
  return x;
}

const count = (v: unknown, what: string, fail: Fail): number => num(v, what, fail, { integer: true, min: 0 });

function obj(v: unknown, what: string, fail: Fail): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return fail(`${what} is not an object`);
  return v as Record<string, unknown>;
}

function shape(v: unknown, what: string, fail: Fail): number[] {
  if (!Array.isArray(v) || v.length > 16) return fail(`${what} is not a shape`);
  return v.map((d, i) => count(d, `${what}[${i}]`, fail));
}

const STOP_REASONS: readonly string[] = ['epochs', 'early-stopping', 'callback', 'steps'];

function epochRecord(v: unknown, i: number, fail: Fail): EpochRecord {
  const o = obj(v, `progress.epochs[${i}]`, fail);
  const f = (k: string): number => num(o[k], `progress.epochs[${i}].${k}`, fail);
  return {
    epoch: count(o['epoch'], `progress.epochs[${i}].epoch`, fail),
    trainElbo: f('trainElbo'),
    validationElbo: o['validationElbo'] === null ? undefined : f('validationElbo'),
    seconds: f('seconds'),
    examplesPerSecond: f('examplesPerSecond'),
    rejectedSteps: count(o['rejectedSteps'], `progress.epochs[${i}].rejectedSteps`, fail),
  };
}

function progress(v: unknown, fail: Fail): Omit<FitProgress, 'stepElbos'> {
  const o = obj(v, 'progress', fail);
  const p = obj(o['partial'], 'progress.partial', fail);
  if (!Array.isArray(o['epochs'])) return fail('progress.epochs is not a list');
  const stopped = o['stopped'];
  if (stopped !== null && (typeof stopped !== 'string' || !STOP_REASONS.includes(stopped))) return fail(`progress.stopped is invalid (${String(stopped)})`);
  let dataShapes: Record<string, number[]> | undefined;
  if (o['dataShapes'] !== null) {
    dataShapes = {};
    for (const [k, s] of Object.entries(obj(o['dataShapes'], 'progress.dataShapes', fail))) dataShapes[k] = shape(s, `progress.dataShapes.${k}`, fail);
  }
  return {
    epoch: count(o['epoch'], 'progress.epoch', fail),
    batch: count(o['batch'], 'progress.batch', fail),
    epochs: (o['epochs'] as unknown[]).map((e, i) => epochRecord(e, i, fail)),
    partial: {
      sum: num(p['sum'], 'progress.partial.sum', fail),
      count: count(p['count'], 'progress.partial.count', fail),
      seen: count(p['seen'], 'progress.partial.seen', fail),
      seconds: num(p['seconds'], 'progress.partial.seconds', fail),
      rejected: count(p['rejected'], 'progress.partial.rejected', fail),
    },
    best: num(o['best'], 'progress.best', fail),
    sinceBest: count(o['sinceBest'], 'progress.sinceBest', fail),
    stopped: stopped === null ? undefined : (stopped as History['stopReason']),
    dataShapes,
  };
}

/**
 * Validates a checkpoint's JSON description read from untrusted input; every offset and size
 * is checked against the declared section lengths.
 *
 * @param where - the file or source, for error messages
 * @category Checkpoints
 */
export function parseHeader(json: unknown, where: string): CheckpointHeader {
  const fail: Fail = (problem) => {
    throw new PersistenceError(`${where}: ${problem}`);
  };
  const o = obj(json, 'the description', fail);
  if (o['format'] !== 'aevb-checkpoint') return fail(`is not an aevb checkpoint (format ${String(o['format'])})`);
  const f32 = count(o['float32Length'], 'float32Length', fail);
  const steps = obj(o['steps'], 'steps', fail);
  const seeds = obj(o['seeds'], 'seeds', fail);
  const opt = obj(o['optimizer'], 'optimizer', fail);
  if (typeof o['createdAt'] !== 'string' || typeof o['objective'] !== 'string' || typeof opt['name'] !== 'string') {
    return fail('createdAt, objective or optimizer.name is not a string');
  }
  const within = (offset: number, s: readonly number[], what: string): void => {
    if (offset + s.reduce((a, b) => a * b, 1) > f32) fail(`${what} ends beyond the float32 section (${f32} values)`);
  };
  if (!Array.isArray(o['params'])) return fail('params is not a list');
  const params: ParamRecord[] = (o['params'] as unknown[]).map((v, i) => {
    const r = obj(v, `params[${i}]`, fail);
    if (typeof r['name'] !== 'string' || typeof r['constraint'] !== 'string') return fail(`params[${i}] has no name or constraint`);
    const rec = { name: r['name'], constraint: r['constraint'], shape: shape(r['shape'], `params[${i}].shape`, fail), offset: count(r['offset'], `params[${i}].offset`, fail) };
    within(rec.offset, rec.shape, `parameter '${rec.name}'`);
    return rec;
  });
  if (new Set(params.map((p) => p.name)).size !== params.length) return fail('lists a parameter twice');
  const slots: Record<string, Record<string, SlotRecord>> = {};
  for (const [k, v] of Object.entries(obj(opt['slots'], 'optimizer.slots', fail))) {
    const out: Record<string, SlotRecord> = {};
    for (const [s, r] of Object.entries(obj(v, `optimizer.slots.${k}`, fail))) {
      const rr = obj(r, `optimizer.slots.${k}.${s}`, fail);
      const rec = { shape: shape(rr['shape'], `optimizer.slots.${k}.${s}.shape`, fail), offset: count(rr['offset'], `optimizer.slots.${k}.${s}.offset`, fail) };
      within(rec.offset, rec.shape, `optimizer slot '${s}' of '${k}'`);
      out[s] = rec;
    }
    slots[k] = out;
  }
  const prog = progress(o['progress'], fail);
  const run = o['run'];
  if (run !== undefined && run !== null && (typeof run !== 'string' || run === '')) return fail(`run is not a run identity (${String(run)})`);
  return {
    format: 'aevb-checkpoint',
    sequence: count(o['sequence'], 'sequence', fail),
    createdAt: o['createdAt'],
    ...(typeof run === 'string' ? { run } : {}),
    seed: num(o['seed'], 'seed', fail, { integer: true }),
    steps: {
      accepted: count(steps['accepted'], 'steps.accepted', fail),
      rejected: count(steps['rejected'], 'steps.rejected', fail),
      consecutiveRejected: count(steps['consecutiveRejected'], 'steps.consecutiveRejected', fail),
    },
    seeds: { model: count(seeds['model'], 'seeds.model', fail), guide: count(seeds['guide'], 'seeds.guide', fail) },
    objective: o['objective'],
    params,
    optimizer: { name: opt['name'], step: count(opt['step'], 'optimizer.step', fail), slots },
    progress: prog,
    float64Length: count(o['float64Length'], 'float64Length', fail),
    float32Length: f32,
  };
}
