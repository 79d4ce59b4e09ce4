/**
 * The training loop: epochs of seeded minibatches, per-step and per-epoch callbacks,
 * held-out evaluation, early stopping and a returned history.
 *
 * @module
 */
import { ArgumentError, initBackend, tf, type LatentSpec } from '@aevb/core';
import { FitCheckpointer, type CheckpointOptions } from './checkpoint-fit.js';
import { checkFinite, datasetSize, disposeBatch, gatherBatchRows, permutation, sliceRows, type Batch } from './data.js';
import { describeBatch, type Minibatch } from './minibatch.js';
import { NonFiniteError, type SVI } from './svi.js';
import { checkFitOptions } from './fit-checks.js';
import { convergenceCheck, type ConvergenceCheck } from './convergence.js';

/** Passed to `onStep`. @category Fitting */
export interface StepInfo {
  /** Steps applied so far (this one included). */
  readonly step: number;
  /** Epoch (0-based). */
  readonly epoch: number;
  /** Bound per datapoint on this minibatch (NaN if the step was rejected). */
  readonly elbo: number;
  /** Whether the step was applied. */
  readonly accepted: boolean;
}

/** One epoch of the history. @category Fitting */
export interface EpochRecord {
  /** Epoch (0-based). */
  readonly epoch: number;
  /** Mean training bound per datapoint over the epoch's accepted steps. */
  readonly trainElbo: number;
  /** Bound per datapoint on the validation data, if given. */
  readonly validationElbo: number | undefined;
  /** Wall-clock seconds of the epoch's training steps. */
  readonly seconds: number;
  /** Training throughput. */
  readonly examplesPerSecond: number;
  /** Steps rejected as non-finite in this epoch. */
  readonly rejectedSteps: number;
}

/** What {@link fit} returns. @category Fitting */
export interface History {
  /** One record per epoch. */
  readonly epochs: readonly EpochRecord[];
  /** The bound per datapoint of every step. */
  readonly stepElbos: readonly number[];
  /** Why fitting ended. */
  readonly stopReason: 'epochs' | 'early-stopping' | 'callback' | 'steps';
  /** Steps rejected as non-finite over the whole fit (resumed runs included). */
  readonly rejectedSteps: number;
  /** The checkpoint file this fit resumed from, if any. */
  readonly resumedFrom: string | undefined;
  /**
   * Whether the bound was still rising at the end ({@link convergenceCheck} on `stepElbos`):
   * `convergence.rising` means more steps would raise it, so the parameters are not yet where
   * the objective puts them. `undefined` with fewer than 20 accepted steps.
   */
  readonly convergence: ConvergenceCheck | undefined;
}

/** Options of {@link fit}. @category Fitting */
export interface FitOptions<D extends Batch> {
  /** The training data (N datapoints), or an async iterable of minibatches with `dataSize`. */
  readonly data: D | AsyncIterable<D>;
  /** N when `data` is an async iterable. */
  readonly dataSize?: number;
  /** Minibatch size M. */
  readonly batchSize: number;
  /** Number of passes over the data. Default 1. */
  readonly epochs?: number;
  /** Stop after this many steps in total. */
  readonly maxSteps?: number;
  /**
   * Shuffle the rows into new minibatches each epoch (seeded by the SVI's seed and the epoch).
   * Default true. Only minibatches are shuffled: with `batchSize` = N every step sees the whole
   * data set in its own order (shuffling it would change nothing a plate can see, and a model
   * whose rows are not in a plate must keep their order).
   */
  readonly shuffle?: boolean;
  /** Held-out data evaluated after each epoch. */
  readonly validation?: D;
  /** Minibatch size of the evaluation. Default `batchSize`. */
  readonly validationBatchSize?: number;
  /** Stop when the validation bound has not improved by `minDelta` for `patience` epochs. */
  readonly earlyStopping?: { readonly patience: number; readonly minDelta?: number };
  /**
   * Maps each training minibatch before the step (e.g. a fresh dynamic binarization); the
   * result is disposed after the step.
   */
  readonly transform?: (batch: D, step: number) => D;
  /** Called after every step. */
  readonly onStep?: (info: StepInfo) => void;
  /** Called after every epoch; return `'stop'` to end fitting. */
  readonly onEpoch?: (record: EpochRecord) => void | 'stop' | Promise<void | 'stop'>;
  /**
   * Save checkpoints (parameters, optimizer state, seed positions, data-order position and
   * history) into a folder every N steps or epochs, at the end, and at the last good state
   * when fitting fails on non-finite steps.
   */
  readonly checkpoint?: CheckpointOptions;
  /**
   * Resume from the newest valid checkpoint: `true` uses `checkpoint.dir` (starting afresh
   * if it holds none yet), a string names the folder (which must hold one). The resumed run
   * continues number for number like the uninterrupted one (same seed, same backend).
   */
  readonly resume?: boolean | string;
}

/**
 * The bound per datapoint on `data`, in minibatches of `batchSize` (no parameter changes),
 * averaged over `passes` evaluations. Each minibatch of M rows is evaluated as an estimate of
 * the whole data set's bound (its rows' terms scaled by N/M, global latents' terms once) and the
 * estimates are averaged with weights M/N, so the result does not depend on `batchSize`.
 *
 * ```text
 * L̂ / N = (1/N) Σ_k (M_k / N) [ global terms_k + (N / M_k) Σ_{i ∈ batch k} local terms_i ]
 * ```
 *
 * @category Fitting
 */
export async function evaluateBound<L extends LatentSpec, D extends Batch>(svi: SVI<L, D>, data: D, batchSize: number, passes = 1): Promise<number> {
  const n = datasetSize(data, 'data');
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new ArgumentError('evaluateBound', 'batchSize', `must be a positive integer, got ${batchSize}`);
  if (!Number.isInteger(passes) || passes < 1) throw new ArgumentError('evaluateBound', 'passes', `must be a positive integer, got ${passes}`);
  let total = 0;
  for (let start = 0; start < n; start += batchSize) {
    const size = Math.min(batchSize, n - start);
    const batch = sliceRows(data, start, size);
    try {
      const mb = size === n ? undefined : { dataSize: n, indices: range(start, size) };
      total += (await svi.evaluate(batch, passes, mb, data)) * (size / n);
    } finally {
      disposeBatch(batch);
    }
  }
  return total;
}

function range(start: number, size: number): Int32Array {
  const r = new Int32Array(size);
  for (let i = 0; i < size; i++) r[i] = start + i;
  return r;
}

function checkBatch(batchSize: number, n: number | undefined): void {
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new ArgumentError('fit', 'batchSize', `must be a positive integer, got ${batchSize}`);
  if (n !== undefined && batchSize > n) throw new ArgumentError('fit', 'batchSize', `${batchSize} is larger than the data (${n} datapoints)`);
}

async function* skip<D>(batches: AsyncIterable<D>, count: number): AsyncGenerator<D> {
  let i = 0;
  for await (const b of batches) if (i++ >= count) yield b;
}

function dataShapes(data: Batch): Record<string, readonly number[]> {
  const ts: [string, tf.Tensor][] = data instanceof tf.Tensor ? [['data', data]] : Object.entries(data);
  return Object.fromEntries(ts.map(([k, t]) => [k, t.shape.slice(1)]));
}

/** A minibatch with its rows' positions in the data set. */
interface Positioned<D> {
  readonly batch: D;
  readonly minibatch: Minibatch;
}

async function* tensorBatches<D extends Batch>(data: D, n: number, batchSize: number, order: Int32Array | undefined, from: number): AsyncGenerator<Positioned<D>> {
  for (let start = from * batchSize; start + batchSize <= n; start += batchSize) {
    if (batchSize === n) yield { batch: sliceRows(data, 0, n), minibatch: { dataSize: n } };
    else if (order === undefined) yield { batch: sliceRows(data, start, batchSize), minibatch: { dataSize: n, indices: range(start, batchSize) } };
    else {
      const rows = order.subarray(start, start + batchSize);
      yield { batch: gatherBatchRows(data, rows), minibatch: { dataSize: n, indices: rows } };
    }
  }
}

async function* iterableBatches<D>(batches: AsyncIterable<D>, n: number): AsyncGenerator<Positioned<D>> {
  for await (const batch of batches) yield { batch, minibatch: { dataSize: n } };
}

/**
 * Fits `svi` by stochastic gradient ascent on its bound: each step draws a minibatch of M
 * datapoints and scales the plate's log-densities by N/M (the paper's full-data estimator).
 * Tensors are disposed as it goes: `tf.memory().numTensors` is flat across steps.
 *
 * @example
 * ```ts
 * const history = await fit(svi, { data: x, batchSize: 100, epochs: 5, validation: xTest });
 * ```
 * @category Fitting
 */
export async function fit<L extends LatentSpec, D extends Batch>(svi: SVI<L, D>, options: FitOptions<D>): Promise<History> {
  checkFitOptions(options);
  const isIterable = typeof (options.data as AsyncIterable<D>)[Symbol.asyncIterator] === 'function';
  const n = isIterable ? options.dataSize : datasetSize(options.data as D);
  if (isIterable && (n === undefined || !Number.isInteger(n) || n < 1)) {
    throw new ArgumentError('fit', 'dataSize', 'is required (a positive integer) when data is an async iterable');
  }
  checkBatch(options.batchSize, isIterable ? undefined : n);
  if (!isIterable) checkFinite(options.data as D);
  if (options.validation !== undefined) {
    datasetSize(options.validation, 'validation');
    checkFinite(options.validation, 'validation');
  }
  const data = options.data as D;
  await initBackend();
  if (!isIterable) svi.bindData(data);
  // A resumed fit creates the parameters from the first rows (as a minibatch of the data set).
  const example = (): D => {
    const first = sliceRows(data, 0, options.batchSize);
    describeBatch(first, options.batchSize < (n as number) ? { dataSize: n as number, indices: range(0, options.batchSize) } : { dataSize: n as number });
    return first;
  };
  const ck = await FitCheckpointer.open(svi, options.checkpoint, options.resume, isIterable ? undefined : dataShapes(data), isIterable ? undefined : example);
  const s = ck.state;
  const epochs = options.epochs ?? 1;
  let stopReason: History['stopReason'] = s.stopped ?? 'epochs';
  const done = (): History => ({ epochs: s.epochs, stepElbos: s.stepElbos, stopReason, rejectedSteps: svi.rejectedSteps, resumedFrom: ck.resumedFrom, convergence: convergenceCheck(s.stepElbos) });
  if (s.stopped !== undefined) return done();
  for (let epoch = s.epoch; epoch < epochs; epoch++) {
    if (epoch !== s.epoch) Object.assign(s, { epoch, batch: 0, partial: { sum: 0, count: 0, seen: 0, seconds: 0, rejected: 0 } });
    const t0 = performance.now();
    const p = s.partial;
    const minibatching = options.batchSize < (n as number);
    const order = isIterable || !minibatching || options.shuffle === false ? undefined : permutation(n as number, ((svi.options.seed ?? 0) * 7919 + epoch) >>> 0);
    const batches = isIterable
      ? iterableBatches(skip(options.data as AsyncIterable<D>, s.batch), n as number)
      : tensorBatches(data, n as number, options.batchSize, order, s.batch);
    for await (const { batch, minibatch } of batches) {
      if (options.maxSteps !== undefined && s.stepElbos.length >= options.maxSteps) {
        if (!isIterable) disposeBatch(batch);
        stopReason = 'steps';
        break;
      }
      let r;
      const input = options.transform === undefined ? batch : options.transform(batch, svi.stepCount);
      try {
        r = await svi.step(input, minibatch);
      } catch (e) {
        if (e instanceof NonFiniteError) await ck.saveLastGood();
        throw e;
      } finally {
        if (input !== batch) disposeBatch(input);
        if (!isIterable) disposeBatch(batch);
      }
      s.batch++;
      p.seen += options.batchSize;
      if (r.accepted) {
        p.sum += r.elbo;
        p.count++;
      } else p.rejected++;
      s.stepElbos.push(r.elbo);
      options.onStep?.({ step: svi.stepCount, epoch, elbo: r.elbo, accepted: r.accepted });
      await ck.afterStep(r.accepted);
      if (options.maxSteps !== undefined && s.stepElbos.length >= options.maxSteps) {
        stopReason = 'steps';
        break;
      }
    }
    const seconds = p.seconds + (performance.now() - t0) / 1000;
    p.seconds = seconds;
    // Saved before the evaluation below draws seeds: a larger maxSteps continues this epoch exactly.
    if (stopReason === 'steps') await ck.save();
    const validationElbo =
      options.validation === undefined ? undefined : await evaluateBound(svi, options.validation, options.validationBatchSize ?? options.batchSize);
    const record: EpochRecord = {
      epoch,
      trainElbo: p.count === 0 ? NaN : p.sum / p.count,
      validationElbo,
      seconds,
      examplesPerSecond: p.seen / seconds,
      rejectedSteps: p.rejected,
    };
    s.epochs.push(record);
    if ((await options.onEpoch?.(record)) === 'stop') stopReason = 'callback';
    else if (stopReason === 'steps') break;
    else if (options.earlyStopping !== undefined) {
      const monitored = validationElbo ?? record.trainElbo;
      if (monitored > s.best + (options.earlyStopping.minDelta ?? 0)) {
        s.best = monitored;
        s.sinceBest = 0;
      } else if (++s.sinceBest >= options.earlyStopping.patience) stopReason = 'early-stopping';
    }
    const stopped = stopReason === 'callback' || stopReason === 'early-stopping';
    Object.assign(s, { epoch: epoch + 1, batch: 0, partial: { sum: 0, count: 0, seen: 0, seconds: 0, rejected: 0 }, stopped: stopped ? stopReason : undefined });
    await ck.afterEpoch(epoch + 1, stopped || epoch + 1 === epochs);
    if (stopped) break;
  }
  return done();
}
