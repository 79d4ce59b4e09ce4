/**
 * The paper's appendix D estimator for every datapoint of a model with per-datapoint latents:
 * one HMC chain per datapoint (all moved by one model run per leapfrog step), a truncated
 * Gaussian q per datapoint, and the reciprocal importance estimate of each log p(x_i).
 *
 * @module
 */
import { params as paramsHandler, seed as seedHandler, tf, trace, withValidation, latentSites, type LatentSpec, type Model, type ParamStore, type Runnable, type Tensor } from '@aevb/core';
import { mixSeed } from '@aevb/core/internal';
import { datasetSize, type Batch } from '../fit/data.js';
import { checkEstimatorOptions, truncatedReciprocalEstimate, type ReciprocalEstimatorOptions } from '../mcmc/marginal-likelihood.js';
import { sampleChains } from '../mcmc/sample-chains.js';
import { localLatents, localPotential } from './local-potential.js';

/** Options of {@link localLogMarginal}. @category Monte Carlo EM */
export interface LocalLogMarginalOptions extends ReciprocalEstimatorOptions {
  /** Seed of the chains' initial states (a prior draw) and of HMC. */
  readonly seed: number;
  /** Where the model's parameters are read. */
  readonly params: ParamStore;
  /** Warmup transitions per chain (step size and diagonal mass adapted). Default 200. */
  readonly warmup?: number;
  /** Draws kept per chain (the first `fitFraction` fit q, the rest estimate). Default 400. */
  readonly draws?: number;
  /** Leapfrog steps per HMC transition. Default 10. */
  readonly numSteps?: number;
  /** Acceptance rate targeted by the step-size adaptation. Default 0.9. */
  readonly targetAccept?: number;
  /** The data plate (default: the one plate enclosing every latent site). */
  readonly plate?: string;
}

/** What {@link localLogMarginal} returns. @category Monte Carlo EM */
export interface LocalLogMarginalResult {
  /** log p̂(x_i) per datapoint (NaN where refused). */
  readonly logMarginal: Float64Array;
  /** Each estimate's standard error (NaN where refused). */
  readonly standardError: Float64Array;
  /** Each estimate's Pareto k̂ (NaN where refused). */
  readonly paretoK: Float64Array;
  /** Datapoints whose estimate was refused even at a quarter of the truncation (their reason in `reasons`). */
  readonly refused: number;
  /** Why each refused datapoint was refused, by row. */
  readonly reasons: Readonly<Record<number, string>>;
  /** Mean log p̂(x_i) over the datapoints (NaN if any was refused). */
  readonly mean: number;
  /** Its standard error, √(Σ SE_i²) / n (the chains are independent). */
  readonly meanStandardError: number;
  /** Mean acceptance rate of the kept transitions. */
  readonly acceptRate: number;
}

/**
 * log p(x_i) of every row of `batch` by the appendix D estimator, each datapoint on its own HMC
 * chain (started at a prior draw; step size and mass adapted per chain) and its own truncated
 * Gaussian q ({@link truncatedReciprocalEstimate}). A datapoint whose estimate is refused (heavy
 * tail, too few draws in the ellipsoid, a chain that never moved) is retried at half and a quarter of the truncation,
 * then reported as refused with the reason.
 *
 * ```text
 * u_i^(l) ~ HMC targeting p_θ(z | x_i),   log p̂(x_i) = −log( 1/L Σ_l q_i(u_i^(l)) / p_θ(x_i, u_i^(l)) )
 * ```
 *
 * @example
 * ```ts
 * const r = localLogMarginal(vae, xTest, { seed: 1, params: svi.params, warmup: 100, draws: 200 });
 * console.log(r.mean, '±', r.meanStandardError);
 * ```
 * @category Monte Carlo EM
 */
export function localLogMarginal<L extends LatentSpec, D extends Batch>(model: Model<L, readonly [D], unknown>, batch: D, options: LocalLogMarginalOptions): LocalLogMarginalResult {
  checkEstimatorOptions('localLogMarginal', options);
  const rows = datasetSize(batch, 'batch');
  const local = localLatents(model, batch, options.params, options.plate);
  const run = paramsHandler(model as unknown as Runnable<readonly [D], unknown>, options.params);
  const start = tf.tidy(() => {
    const t = withValidation(false, () => trace(seedHandler(run, mixSeed(options.seed, 0x1d))).getTrace(batch));
    const parts = latentSites(t).map((s) => tf.reshape(s.value as Tensor, [rows, -1]));
    return parts.length === 1 ? (parts[0] as Tensor) : tf.concat(parts, 1);
  });
  const values = start.dataSync();
  start.dispose();
  const d = local.dim;
  const init = Array.from({ length: rows }, (_, r) => Float64Array.from(values.subarray(r * d, (r + 1) * d)));
  const { potential } = localPotential(model, batch, options.params, local);
  const draws = options.draws ?? 400;
  const raw = sampleChains(potential, init, {
    seed: options.seed,
    kernel: 'hmc',
    numSteps: options.numSteps ?? 10,
    stepSizeJitter: 0.5,
    targetAccept: options.targetAccept ?? 0.9,
    warmup: options.warmup ?? 200,
    draws,
  });
  const logMarginal = new Float64Array(rows).fill(NaN);
  const standardError = new Float64Array(rows).fill(NaN);
  const paretoK = new Float64Array(rows).fill(NaN);
  const reasons: Record<number, string> = {};
  const truncation = options.truncation ?? 0.25;
  let accept = 0;
  for (let r = 0; r < rows; r++) {
    const one = {
      chains: 1,
      draws,
      dim: d,
      positions: raw.positions.subarray(r * draws * d, (r + 1) * draws * d),
      potential: raw.potential.subarray(r * draws, (r + 1) * draws),
    };
    for (let k = 0; k < draws; k++) accept += (raw.acceptProb[r * draws + k] as number) / (rows * draws);
    for (const t of [truncation, truncation / 2, truncation / 4]) {
      try {
        const est = truncatedReciprocalEstimate(one, { ...options, truncation: t }, 'localLogMarginal');
        logMarginal[r] = est.logMarginal;
        standardError[r] = est.standardError;
        paretoK[r] = est.paretoK;
        delete reasons[r];
        break;
      } catch (e) {
        // The options were checked above: what fails here is this chain's draws (a chain that
        // never moved gives a singular covariance) or their weights.
        reasons[r] = e instanceof Error ? e.message : String(e);
      }
    }
  }
  const refused = Object.keys(reasons).length;
  const mean = refused > 0 ? NaN : logMarginal.reduce((a, b) => a + b, 0) / rows;
  const meanStandardError = Math.sqrt(standardError.reduce((a, b) => a + b * b, 0)) / rows;
  return { logMarginal, standardError, paretoK, refused, reasons, mean, meanStandardError, acceptRate: accept };
}
