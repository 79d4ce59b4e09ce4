/**
 * The paper's appendix D estimator for every datapoint of a model with per-datapoint latents:
 * one HMC chain per datapoint (all moved by one model run per leapfrog step), a truncated
 * Gaussian q per datapoint, and the reciprocal importance estimate of each log p(x_i).
 *
 * @module
 */
import { ArgumentError, params as paramsHandler, seed as seedHandler, tf, trace, withValidation, latentSites, type LatentSpec, type Model, type ParamStore, type Runnable, type Tensor } from '@aevb/core';
import { mixSeed } from '@aevb/core/internal';
import { datasetSize, disposeBatch, gatherBatchRows, type Batch } from '../fit/data.js';
import { checkEstimatorOptions, truncatedReciprocalEstimate, type ReciprocalEstimatorOptions } from '../mcmc/marginal-likelihood.js';
import { sampleChains, type ChainSamples } from '../mcmc/sample-chains.js';
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
  /**
   * Independent chains per datapoint, each from its own prior draw. Default 2. With two or more,
   * a datapoint whose chains' estimates disagree by more than {@link CHAIN_AGREEMENT} combined
   * standard errors is refused: its posterior has modes a chain does not leave, and an estimate
   * from draws of one mode is too low by the log of that mode's share of the mass, with a
   * standard error that cannot show it. 1 runs the paper's single chain, unchecked.
   */
  readonly chains?: number;
}

/**
 * Standard errors by which the chains of one datapoint may disagree before {@link localLogMarginal}
 * refuses it (with agreeing chains a false refusal has probability ~6e-5 per pair).
 *
 * @category Monte Carlo EM
 */
export const CHAIN_AGREEMENT = 4;

/** What {@link localLogMarginal} returns. @category Monte Carlo EM */
export interface LocalLogMarginalResult {
  /** log p̂(x_i) per datapoint, the mean of its chains' estimates (NaN where refused). */
  readonly logMarginal: Float64Array;
  /** Each estimate's standard error (NaN where refused): √(Σ_c SE_c²) / C over its C chains. */
  readonly standardError: Float64Array;
  /** Each estimate's Pareto k̂, the largest over its chains (NaN where refused). */
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

/** One chain's estimate, retried at half and a quarter of the truncation; a reason when all fail. */
function chainEstimate(
  one: Pick<ChainSamples, 'chains' | 'draws' | 'dim' | 'positions' | 'potential'>,
  options: ReciprocalEstimatorOptions,
  truncation: number,
): { readonly logMarginal: number; readonly standardError: number; readonly paretoK: number } | string {
  let reason = '';
  for (const t of [truncation, truncation / 2, truncation / 4]) {
    try {
      return truncatedReciprocalEstimate(one, { ...options, truncation: t }, 'localLogMarginal');
    } catch (e) {
      // The options were checked before: what fails here is this chain's draws (a chain that
      // never moved gives a singular covariance) or their weights.
      reason = e instanceof Error ? e.message : String(e);
    }
  }
  return reason;
}

/**
 * log p(x_i) of every row of `batch` by the appendix D estimator, each datapoint on `chains`
 * HMC chains (default 2, each started at its own prior draw; step size and mass adapted per
 * chain) and a truncated Gaussian q per chain ({@link truncatedReciprocalEstimate}). A chain
 * whose estimate is refused (heavy tail, too few draws in the ellipsoid, a chain that never
 * moved) is retried at half and a quarter of the truncation; a datapoint is reported as refused,
 * with the reason, when one of its chains is, or when its chains disagree by more than
 * {@link CHAIN_AGREEMENT} combined standard errors (a multimodal posterior: each chain's
 * estimate is too low by the log of the mass its chain never visits). Otherwise its estimate
 * is the mean of its chains'.
 *
 * ```text
 * u_ic^(l) ~ HMC_c targeting p_θ(z | x_i),   log p̂_c(x_i) = −log( 1/L Σ_l q_ic(u_ic^(l)) / p_θ(x_i, u_ic^(l)) )
 * log p̂(x_i) = (1/C) Σ_c log p̂_c(x_i)        refused if max_c − min_c > 4 √(SE_max² + SE_min²)
 * ```
 *
 * @example
 * ```ts
 * const r = localLogMarginal(vae, xTest, { seed: 1, params: svi.params, warmup: 100, draws: 200 });
 * console.log(r.mean, '±', r.meanStandardError, r.refused, r.reasons);
 * ```
 * @category Monte Carlo EM
 */
export function localLogMarginal<L extends LatentSpec, D extends Batch>(model: Model<L, readonly [D], unknown>, batch: D, options: LocalLogMarginalOptions): LocalLogMarginalResult {
  checkEstimatorOptions('localLogMarginal', options);
  const chains = options.chains ?? 2;
  if (!Number.isInteger(chains) || chains < 1) throw new ArgumentError('localLogMarginal', 'chains', `must be a positive integer, got ${chains}`);
  const rows = datasetSize(batch, 'batch');
  if (chains === 1) return estimate(model, batch, rows, 1, options);
  // The rows repeated once per chain: copy c holds rows c·n … c·n + n − 1.
  const all = gatherBatchRows(batch, Int32Array.from({ length: rows * chains }, (_, i) => i % rows));
  try {
    return estimate(model, all, rows, chains, options);
  } finally {
    disposeBatch(all);
  }
}

function estimate<L extends LatentSpec, D extends Batch>(model: Model<L, readonly [D], unknown>, all: D, rows: number, chains: number, options: LocalLogMarginalOptions): LocalLogMarginalResult {
  const total = rows * chains;
  const local = localLatents(model, all, options.params, options.plate);
  const run = paramsHandler(model as unknown as Runnable<readonly [D], unknown>, options.params);
  const start = tf.tidy(() => {
    const t = withValidation(false, () => trace(seedHandler(run, mixSeed(options.seed, 0x1d))).getTrace(all));
    const parts = latentSites(t).map((s) => tf.reshape(s.value as Tensor, [total, -1]));
    return parts.length === 1 ? (parts[0] as Tensor) : tf.concat(parts, 1);
  });
  const values = start.dataSync();
  start.dispose();
  const d = local.dim;
  const init = Array.from({ length: total }, (_, r) => Float64Array.from(values.subarray(r * d, (r + 1) * d)));
  const { potential } = localPotential(model, all, options.params, local);
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
  for (let k = 0; k < total * draws; k++) accept += (raw.acceptProb[k] as number) / (total * draws);
  for (let r = 0; r < rows; r++) {
    const ests = [];
    for (let c = 0; c < chains; c++) {
      const at = c * rows + r;
      const one = { chains: 1, draws, dim: d, positions: raw.positions.subarray(at * draws * d, (at + 1) * draws * d), potential: raw.potential.subarray(at * draws, (at + 1) * draws) };
      const est = chainEstimate(one, options, truncation);
      if (typeof est === 'string') {
        reasons[r] = chains === 1 ? est : `chain ${c + 1} of ${chains}: ${est}`;
        break;
      }
      ests.push(est);
    }
    if (reasons[r] !== undefined) continue;
    const lo = ests.reduce((a, b) => (b.logMarginal < a.logMarginal ? b : a));
    const hi = ests.reduce((a, b) => (b.logMarginal > a.logMarginal ? b : a));
    const gap = Math.sqrt(lo.standardError ** 2 + hi.standardError ** 2);
    if (hi.logMarginal - lo.logMarginal > CHAIN_AGREEMENT * gap) {
      reasons[r] =
        `its ${chains} chains disagree: log p̂ from ${lo.logMarginal.toFixed(2)} to ${hi.logMarginal.toFixed(2)}, ${(hi.logMarginal - lo.logMarginal).toFixed(2)} nats apart, ` +
        `more than ${CHAIN_AGREEMENT} standard errors (${gap.toFixed(3)}); the posterior has modes a chain does not leave, and an estimate from one mode is too low`;
      continue;
    }
    logMarginal[r] = ests.reduce((a, e) => a + e.logMarginal, 0) / chains;
    standardError[r] = Math.sqrt(ests.reduce((a, e) => a + e.standardError ** 2, 0)) / chains;
    paretoK[r] = Math.max(...ests.map((e) => e.paretoK));
  }
  const refused = Object.keys(reasons).length;
  const mean = refused > 0 ? NaN : logMarginal.reduce((a, b) => a + b, 0) / rows;
  const meanStandardError = Math.sqrt(standardError.reduce((a, b) => a + b * b, 0)) / rows;
  return { logMarginal, standardError, paretoK, refused, reasons, mean, meanStandardError, acceptRate: accept };
}
