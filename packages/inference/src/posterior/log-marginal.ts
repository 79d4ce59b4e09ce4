/**
 * The importance-sampled marginal likelihood log p(x) with the guide as proposal.
 *
 * @module
 */
import { ArgumentError, isAuxiliarySite, latentSites, ModelError, tf, trace, type LatentSpec, type Runnable, type Tensor } from '@aevb/core';
import { Delta } from '@aevb/distributions';
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
  /**
   * The estimate's standard error from the spread of the importance weights (delta method:
   * sqrt(Σ_i Var(w_i) / (K w̄_i²)) over datapoints, or the joint weight's). The estimate is also
   * biased low by about half its square. Itself an estimate: unreliable when the weights have
   * heavy tails (a guide much narrower than the posterior).
   */
  readonly standardError: number;
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
  let checked = false;
  // Per datum (or jointly): log Σ_k w_k and log Σ_k w_k² over chunks of particles, by running logsumexps.
  const run = async (batch: D, mb: Minibatch | undefined, joint: boolean): Promise<{ est: number[]; relVar: number[] }> => {
    const pair = svi.bind(batch, mb);
    let acc: Tensor | undefined;
    try {
      if (!checked) refusePointMasses(pair.guide, batch);
      checked = true;
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
          const both = tf.stack([tf.logSumExp(lw, 0), tf.logSumExp(tf.mul(lw, 2), 0)]);
          return acc === undefined ? both : tf.logSumExp(tf.stack([acc, both]), 0);
        });
        acc?.dispose();
        acc = next;
      }
      const [l1, l2] = (await (acc as Tensor).array()) as [number[], number[]];
      return {
        est: l1.map((v) => v - Math.log(K)),
        // Var(w)/w̄² = K Σw²/(Σw)² − 1.
        relVar: l1.map((v, i) => Math.max(0, K * Math.exp((l2[i] as number) - 2 * v) - 1)),
      };
    } finally {
      acc?.dispose();
      pair.dispose();
    }
  };
  if (plan === undefined || !perDatumWeights(plan)) {
    const r = await run(data, undefined, true);
    const total = r.est[0] as number;
    return { perDatum: undefined, total, mean: total / n, standardError: Math.sqrt((r.relVar[0] as number) / K) };
  }
  const per: number[] = [];
  let variance = 0;
  for (let start = 0; start < n; start += bs) {
    const size = Math.min(bs, n - start);
    const batch = sliceRows(data, start, size);
    try {
      const r = await run(batch, size === n ? undefined : { dataSize: n, indices: range(start, size) }, false);
      per.push(...r.est);
      for (const v of r.relVar) variance += v / K;
    } finally {
      disposeBatch(batch);
    }
  }
  const total = per.reduce((a, b) => a + b, 0);
  return { perDatum: Float32Array.from(per), total, mean: total / n, standardError: Math.sqrt(variance) };
}

/**
 * Importance sampling needs a proposal with a density: a point-mass guide site (a MAP guide)
 * would turn the estimate into log p(x, z*). A point mass that is a slice of a joint guide-only
 * variable (autoMultivariateNormal) has that variable's density and is fine.
 */
function refusePointMasses<D extends Batch>(guide: Runnable<readonly [D], unknown>, batch: D): void {
  tf.tidy(() => {
      const t = trace(guide).getTrace(batch);
      const hasAux = latentSites(t).some((s) => isAuxiliarySite(s));
      for (const s of latentSites(t)) {
        if (s.fn instanceof Delta && !hasAux) {
          throw new ModelError(
            `logMarginal needs a guide with a density over every latent (it importance-samples from it); this site is a point mass ` +
              `(a MAP guide), which would estimate log p(x, z*) instead of log p(x)`,
            s.name,
          );
        }
      }
  });
}
