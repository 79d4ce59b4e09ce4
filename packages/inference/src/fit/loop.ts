/**
 * The training loop: epochs of seeded minibatches, per-step and per-epoch callbacks,
 * held-out evaluation, early stopping and a returned history.
 *
 * @module
 */
import { ArgumentError, tf, type LatentSpec } from '@aevb/core';
import { checkFinite, datasetSize, disposeBatch, permutation, sliceRows, takeRows, type Batch } from './data.js';
import type { SVI } from './svi.js';

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
  /** Shuffle (seeded by the SVI's seed and the epoch). Default true. */
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
}

/**
 * The bound per datapoint on `data`, in minibatches of `batchSize` (no parameter changes).
 *
 * @category Fitting
 */
export async function evaluateBound<L extends LatentSpec, D extends Batch>(svi: SVI<L, D>, data: D, batchSize: number, passes = 1): Promise<number> {
  const n = datasetSize(data, 'validation');
  let total = 0;
  for (let start = 0; start < n; start += batchSize) {
    const size = Math.min(batchSize, n - start);
    const batch = sliceRows(data, start, size);
    total += (await svi.evaluate(batch, passes)) * size;
    disposeBatch(batch);
  }
  return total / n;
}

function checkBatch(batchSize: number, n: number | undefined): void {
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new ArgumentError('fit', 'batchSize', `must be a positive integer, got ${batchSize}`);
  if (n !== undefined && batchSize > n) throw new ArgumentError('fit', 'batchSize', `${batchSize} is larger than the data (${n} datapoints)`);
}

async function* tensorBatches<D extends Batch>(data: D, n: number, batchSize: number, order: Int32Array | undefined): AsyncGenerator<D> {
  for (let start = 0; start + batchSize <= n; start += batchSize) {
    if (order === undefined) yield sliceRows(data, start, batchSize);
    else {
      const idx = tf.tensor1d(order.subarray(start, start + batchSize), 'int32');
      const b = takeRows(data, idx);
      idx.dispose();
      yield b;
    }
  }
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
  const isIterable = typeof (options.data as AsyncIterable<D>)[Symbol.asyncIterator] === 'function';
  const n = isIterable ? options.dataSize : datasetSize(options.data as D);
  if (isIterable && (n === undefined || !Number.isInteger(n) || n < 1)) {
    throw new ArgumentError('fit', 'dataSize', 'is required (a positive integer) when data is an async iterable');
  }
  checkBatch(options.batchSize, isIterable ? undefined : n);
  if (!isIterable) checkFinite(options.data as D);
  if (options.validation !== undefined) checkFinite(options.validation, 'validation');
  const epochs = options.epochs ?? 1;
  const history: EpochRecord[] = [];
  const stepElbos: number[] = [];
  let best = -Infinity;
  let sinceBest = 0;
  let stopReason: History['stopReason'] = 'epochs';
  for (let epoch = 0; epoch < epochs; epoch++) {
    const t0 = performance.now();
    let sum = 0;
    let count = 0;
    let seen = 0;
    const rejectedBefore = svi.rejectedSteps;
    const order = isIterable || options.shuffle === false ? undefined : permutation(n as number, ((svi.options.seed ?? 0) * 7919 + epoch) >>> 0);
    const batches = isIterable ? (options.data as AsyncIterable<D>) : tensorBatches(options.data as D, n as number, options.batchSize, order);
    for await (const batch of batches) {
      let r;
      const input = options.transform === undefined ? batch : options.transform(batch, svi.stepCount);
      try {
        r = await svi.step(input, n);
      } finally {
        if (input !== batch) disposeBatch(input);
        if (!isIterable) disposeBatch(batch);
      }
      seen += options.batchSize;
      if (r.accepted) {
        sum += r.elbo;
        count++;
      }
      stepElbos.push(r.elbo);
      options.onStep?.({ step: svi.stepCount, epoch, elbo: r.elbo, accepted: r.accepted });
      if (options.maxSteps !== undefined && stepElbos.length >= options.maxSteps) {
        stopReason = 'steps';
        break;
      }
    }
    const seconds = (performance.now() - t0) / 1000;
    const validationElbo =
      options.validation === undefined ? undefined : await evaluateBound(svi, options.validation, options.validationBatchSize ?? options.batchSize);
    const record: EpochRecord = {
      epoch,
      trainElbo: count === 0 ? NaN : sum / count,
      validationElbo,
      seconds,
      examplesPerSecond: seen / seconds,
      rejectedSteps: svi.rejectedSteps - rejectedBefore,
    };
    history.push(record);
    if ((await options.onEpoch?.(record)) === 'stop') {
      stopReason = 'callback';
      break;
    }
    if (stopReason === 'steps') break;
    if (options.earlyStopping !== undefined) {
      const monitored = validationElbo ?? record.trainElbo;
      if (monitored > best + (options.earlyStopping.minDelta ?? 0)) {
        best = monitored;
        sinceBest = 0;
      } else if (++sinceBest >= options.earlyStopping.patience) {
        stopReason = 'early-stopping';
        break;
      }
    }
  }
  return { epochs: history, stepElbos, stopReason };
}
