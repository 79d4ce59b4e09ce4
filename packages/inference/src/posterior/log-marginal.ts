/**
 * The importance-sampled marginal likelihood log p(x) with the guide as proposal.
 *
 * @module
 */
import { ArgumentError, tf, type LatentSpec, type Tensor } from '@aevb/core';
import { logImportanceWeights } from '../objectives/iwae.js';
import { vectorizationHolds, vectorizedLogWeights } from '../objectives/vectorized.js';
import { datasetSize, disposeBatch, sliceRows, type Batch } from '../fit/data.js';
import { perDatumWeights } from '../fit/data-plan.js';
import type { Minibatch } from '../fit/minibatch.js';
import type { SVI } from '../fit/svi.js';

/** Options of {@link logMarginal}. @category Posterior */
export interface LogMarginalOptions {
  /** Importance samples per datapoint. Default 100. */
  readonly particles?: number;
  /** Datapoints per batch. Default 100. */
  readonly batchSize?: number;
  /**
   * Particles evaluated at once (memory vs speed). Default 10. Where the model allows it (a
   * vectorized run gives what sequential runs give, checked once), a chunk is one batched pass.
   */
  readonly chunk?: number;
}

/** Result of {@link logMarginal}. @category Posterior */
export interface LogMarginalResult {
  /** Estimate of log p(x_i) per datapoint (when every site is local to the data plate). */
  readonly perDatum: Float32Array | undefined;
  /** Estimate of log p(x) for the whole data (the sum of `perDatum`, or the joint estimate). */
  readonly total: number;
  /** `total / N`: nats per datapoint. */
  readonly mean: number;
}

function positiveInt(name: string, v: number): number {
  if (!Number.isInteger(v) || v < 1) throw new ArgumentError('logMarginal', name, `must be a positive integer, got ${v}`);
  return v;
}

function range(start: number, size: number): Int32Array {
  return Int32Array.from({ length: size }, (_, i) => start + i);
}

/**
 * The importance-sampling estimate of the marginal likelihood with the guide as proposal,
 * `log p(x) ≈ log 1/K Σ_k p(x, z_k) / q(z_k | x)`: per datapoint when every site of the model
 * and guide is local to the data plate (an amortized model, or local latents with per-member
 * guide parameters), else jointly over the whole data set. Consistent as K → ∞ and a stochastic
 * lower bound (the IWAE bound) for finite K. A guide with per-member parameters estimates only
 * the data it was fitted on (other data are refused, naming the parameter).
 *
 * @category Posterior
 */
export async function logMarginal<L extends LatentSpec, D extends Batch>(svi: SVI<L, D>, data: D, options: LogMarginalOptions = {}): Promise<LogMarginalResult> {
  const K = positiveInt('particles', options.particles ?? 100);
  const chunk = Math.min(positiveInt('chunk', options.chunk ?? 10), K);
  const n = datasetSize(data);
  const bs = Math.min(positiveInt('batchSize', options.batchSize ?? 100), n);
  // The plan (data plate, local and global sites) from the first rows, as fitting derives it.
  const first = sliceRows(data, 0, bs);
  try {
    await svi.init(first, bs < n ? { dataSize: n, indices: range(0, bs) } : undefined);
  } finally {
    disposeBatch(first);
  }
  svi.engine.checkEvaluable(data, 'logMarginal');
  const plan = svi.engine.plan;
  const plate = plan?.plate;
  // Log-weights of one batch, accumulated over chunks of particles with a running logsumexp.
  const run = async (batch: D, mb: Minibatch | undefined, joint: boolean): Promise<number[]> => {
    const pair = svi.bind(batch, mb);
    let acc: Tensor | undefined;
    try {
      // K particles in one vectorized pass where the model allows it (checked once per SVI
      // against sequential runs), else one at a time.
      if (svi.engine.vectorDim === undefined) svi.engine.vectorDim = vectorizationHolds(pair.model, pair.guide, [batch] as const, plate ?? '') ?? null;
      const dim = svi.engine.vectorDim;
      for (let done = 0; done < K; done += chunk) {
        const k = Math.min(chunk, K - done);
        const next = tf.tidy(() => {
          const w =
            dim === null
              ? logImportanceWeights(pair.model, pair.guide, [batch] as const, k, plate ?? '')
              : vectorizedLogWeights(pair.model, pair.guide, [batch] as const, k, dim, plate ?? '');
          const perDatum = w.perDatum ?? tf.zeros([k, 1]);
          const lw = joint ? tf.reshape(tf.add(w.global, tf.sum(perDatum, 1)), [k, 1]) : perDatum;
          const lse = tf.logSumExp(lw, 0);
          return acc === undefined ? lse : tf.logSumExp(tf.stack([acc, lse]), 0);
        });
        acc?.dispose();
        acc = next;
      }
      return Array.from(await (acc as Tensor).data()).map((v) => v - Math.log(K));
    } finally {
      acc?.dispose();
      pair.dispose();
    }
  };
  if (plan === undefined || !perDatumWeights(plan)) {
    const total = (await run(data, undefined, true))[0] as number;
    return { perDatum: undefined, total, mean: total / n };
  }
  const per: number[] = [];
  for (let start = 0; start < n; start += bs) {
    const size = Math.min(bs, n - start);
    const batch = sliceRows(data, start, size);
    try {
      per.push(...(await run(batch, size === n ? undefined : { dataSize: n, indices: range(start, size) }, false)));
    } finally {
      disposeBatch(batch);
    }
  }
  const total = per.reduce((a, b) => a + b, 0);
  return { perDatum: Float32Array.from(per), total, mean: total / n };
}
