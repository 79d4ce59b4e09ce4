/**
 * Using a fitted model: amortized encoding, reconstruction, predictive sampling and the
 * importance-sampled marginal likelihood.
 *
 * @module
 */
import {
  latentSites,
  replay,
  sampleSites,
  substitute,
  tf,
  trace,
  uncondition,
  withValidation,
  type Distribution,
  type LatentSpec,
  type Tensor,
  type Trace,
} from '@aevb/core';
import { logImportanceWeights } from '../objectives/iwae.js';
import type { Batch } from '../fit/data.js';
import { datasetSize, disposeBatch, sliceRows } from '../fit/data.js';
import type { SVI } from '../fit/svi.js';
import { ArgumentError } from '@aevb/core';

/** The guide's distribution per latent site: q(z | x). @category Posterior */
export type Posterior<L extends LatentSpec> = { readonly [K in keyof L]: Distribution<L[K]> };

function guideTrace<L extends LatentSpec, D extends Batch>(svi: SVI<L, D>, batch: D): Trace {
  const { guide } = svi.bound(undefined);
  return withValidation(false, () => trace(guide).getTrace(batch));
}

/**
 * The amortized posterior q(z | x) for a batch: one forward pass of the guide. The
 * distributions' tensors belong to the caller (use them inside `tf.tidy`).
 *
 * @category Posterior
 */
export function encode<L extends LatentSpec, D extends Batch>(svi: SVI<L, D>, batch: D): Posterior<L> {
  const t = guideTrace(svi, batch);
  const out: Record<string, Distribution> = {};
  for (const s of latentSites(t)) out[s.name] = s.fn;
  return out as Posterior<L>;
}

/** The mean of a distribution when its family has one in closed form. @internal */
export function meanOf(d: Distribution): Tensor | undefined {
  const m = (d as Distribution & { mean?: () => Tensor }).mean;
  if (typeof m !== 'function') return undefined;
  try {
    return m.call(d);
  } catch {
    return undefined;
  }
}

/**
 * Posterior means E_q[z | x] per latent site (a sample where the family has no closed-form
 * mean). Tensors are new and owned by the caller; nothing else is kept.
 *
 * @category Posterior
 */
export function encodeMean<L extends LatentSpec, D extends Batch>(svi: SVI<L, D>, batch: D): { [K in keyof L]: L[K] } {
  return tf.tidy(() => {
    const t = guideTrace(svi, batch);
    const out: Record<string, Tensor> = {};
    for (const s of latentSites(t)) out[s.name] = meanOf(s.fn) ?? (s.value as Tensor);
    return out;
  }) as { [K in keyof L]: L[K] };
}

/** Options of {@link reconstruct}. @category Posterior */
export interface ReconstructOptions {
  /** Decode the posterior mean of z (default) or a posterior draw. */
  readonly latent?: 'mean' | 'sample';
  /** Return the observation distribution's mean (default) or a draw from it. */
  readonly output?: 'mean' | 'sample';
}

/**
 * Reconstructions: x → q(z | x) → p(x | z), returning per observed site the decoder's mean
 * (or a draw). Tensors are owned by the caller.
 *
 * @category Posterior
 */
export function reconstruct<L extends LatentSpec, D extends Batch>(svi: SVI<L, D>, batch: D, options: ReconstructOptions = {}): Record<string, Tensor> {
  return tf.tidy(() => {
    const g = guideTrace(svi, batch);
    const { model } = svi.bound(undefined);
    const zs: Record<string, Tensor> = {};
    for (const s of latentSites(g)) zs[s.name] = (options.latent ?? 'mean') === 'mean' ? (meanOf(s.fn) ?? (s.value as Tensor)) : (s.value as Tensor);
    const run = options.output === 'sample' ? uncondition(substitute(model, zs)) : substitute(model, zs);
    const t = withValidation(false, () => trace(run).getTrace(batch));
    const out: Record<string, Tensor> = {};
    const observed = sampleSites(t).filter((s) => !(s.name in zs));
    for (const s of observed) out[s.name] = options.output === 'sample' ? (s.value as Tensor) : (meanOf(s.fn) ?? (s.value as Tensor));
    return out;
  });
}

/**
 * Decodes given latent values: runs the model with `latents` substituted and returns, per
 * observed site, its distribution's mean (a draw where the family has no closed-form mean).
 * `batch` supplies the observed data's shapes (its values are not used). Owned by the caller.
 *
 * @category Posterior
 */
export function decode<L extends LatentSpec, D extends Batch>(svi: SVI<L, D>, batch: D, latents: Partial<{ [K in keyof L]: L[K] }>): Record<string, Tensor> {
  return tf.tidy(() => {
    const { model } = svi.bound(undefined);
    const zs = latents as Readonly<Record<string, Tensor>>;
    const t = withValidation(false, () => trace(substitute(model, zs)).getTrace(batch));
    const out: Record<string, Tensor> = {};
    for (const s of sampleSites(t)) if (s.isObserved) out[s.name] = meanOf(s.fn) ?? (s.value as Tensor);
    return out;
  });
}

/**
 * Draws from the prior predictive p(x, z) (`posterior: false`) or the posterior predictive
 * ∫ p(x | z) q(z | x) dz, shaped like `batch` (whose values are only used for shapes in the
 * prior case). Returns every sample site's value; owned by the caller.
 *
 * @category Posterior
 */
export function predictive<L extends LatentSpec, D extends Batch>(svi: SVI<L, D>, batch: D, options: { readonly posterior?: boolean } = {}): Record<string, Tensor> {
  return tf.tidy(() => {
    const { model } = svi.bound(undefined);
    const run = options.posterior === true ? uncondition(replay(model, guideTrace(svi, batch))) : uncondition(model);
    const t = withValidation(false, () => trace(run).getTrace(batch));
    const out: Record<string, Tensor> = {};
    for (const s of sampleSites(t)) out[s.name] = s.value as Tensor;
    return out;
  });
}

/** Options of {@link logMarginal}. @category Posterior */
export interface LogMarginalOptions {
  /** Importance samples per datapoint. Default 100. */
  readonly particles?: number;
  /** Datapoints per batch. Default 100. */
  readonly batchSize?: number;
  /** Particles evaluated at once (memory vs speed). Default 10. */
  readonly chunk?: number;
}

/** Result of {@link logMarginal}. @category Posterior */
export interface LogMarginalResult {
  /** Estimate of log p(x_i) per datapoint (when every latent is local to the data plate). */
  readonly perDatum: Float32Array | undefined;
  /** Estimate of log p(x) for the whole data (the sum of `perDatum`, or the joint estimate). */
  readonly total: number;
  /** `total / N`: nats per datapoint. */
  readonly mean: number;
}

/**
 * The importance-sampling estimate of the marginal likelihood with the guide as proposal,
 * `log p(x) ≈ log 1/K Σ_k p(x, z_k) / q(z_k | x)`, per datapoint when all latents are local
 * to the data plate (an amortized model), else jointly. Consistent as K → ∞ and a
 * stochastic lower bound (the IWAE bound) for finite K.
 *
 * @category Posterior
 */
export async function logMarginal<L extends LatentSpec, D extends Batch>(svi: SVI<L, D>, data: D, options: LogMarginalOptions = {}): Promise<LogMarginalResult> {
  const K = options.particles ?? 100;
  if (!Number.isInteger(K) || K < 1) throw new ArgumentError('logMarginal', 'particles', `must be a positive integer, got ${K}`);
  const n = datasetSize(data);
  const chunk = Math.min(options.chunk ?? 10, K);
  const { model, guide } = svi.bound(undefined);
  // Log-weights of one batch, accumulated over chunks of particles with a running logsumexp.
  const run = async (batch: D, joint: boolean): Promise<number[]> => {
    let acc: Tensor | undefined;
    for (let done = 0; done < K; done += chunk) {
      const k = Math.min(chunk, K - done);
      const next = withValidation(false, () =>
        tf.tidy(() => {
          const w = logImportanceWeights(model, guide, [batch] as const, k, svi.plate);
          const perDatum = w.perDatum ?? tf.zeros([k, 1]);
          const lw = joint ? tf.reshape(tf.add(w.global, tf.sum(perDatum, 1)), [k, 1]) : perDatum;
          const lse = tf.logSumExp(lw, 0);
          return acc === undefined ? lse : tf.logSumExp(tf.stack([acc, lse]), 0);
        }),
      );
      acc?.dispose();
      acc = next;
    }
    const vals = Array.from(await (acc as Tensor).data()).map((v) => v - Math.log(K));
    (acc as Tensor).dispose();
    return vals;
  };
  // Is every latent local to the data plate? Then datapoints are independent given θ.
  const probe = sliceRows(data, 0, 1);
  const local = withValidation(false, () => tf.tidy(() => !logImportanceWeights(model, guide, [probe] as const, 1, svi.plate).hasGlobal));
  disposeBatch(probe);
  if (!local) {
    const total = (await run(data, true))[0] as number;
    return { perDatum: undefined, total, mean: total / n };
  }
  const bs = options.batchSize ?? Math.min(100, n);
  const per: number[] = [];
  for (let start = 0; start < n; start += bs) {
    const batch = sliceRows(data, start, Math.min(bs, n - start));
    per.push(...(await run(batch, false)));
    disposeBatch(batch);
  }
  const total = per.reduce((a, b) => a + b, 0);
  return { perDatum: Float32Array.from(per), total, mean: total / n };
}
