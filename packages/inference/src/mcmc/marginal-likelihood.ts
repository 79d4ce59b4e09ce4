/**
 * The marginal-likelihood estimator of Kingma & Welling (2013), appendix D: posterior samples by
 * MCMC, a density q fitted to some of them (a Gaussian truncated to an ellipsoid), and the
 * reciprocal importance-sampling estimate of p(x) from the others.
 *
 * @module
 */
import { AevbError, ArgumentError, type AnyModel, type ArgsOf } from '@aevb/core';
import type { ChainDraws } from './chain-draws.js';
import { ess } from './ess.js';
import { fitGaussian } from './gaussian-fit.js';
import { paretoK } from './pareto-k.js';
import { splitRhat } from './rhat.js';
import { truncateGaussian, type TruncatedGaussianDensity } from './truncated-gaussian.js';
import { mcmc, siteChains, type McmcOptions, type McmcResult } from './mcmc.js';
import type { ChainSamples } from './sample-chains.js';

/** A log-marginal-likelihood estimate with its Monte Carlo standard error and tail diagnostic. @category MCMC */
export interface LogMarginalEstimate {
  /** The estimate of log p(x). */
  readonly logMarginal: number;
  /**
   * Its Monte Carlo standard error: the larger of `deltaStandardError` and `batchStandardError`.
   * Valid when the weights have a finite variance, which a truncated q guarantees (and
   * `paretoK` < ½ indicates).
   */
  readonly standardError: number;
  /** Delta method with the ESS of the weights: sd(w) / (w̄ √ESS(w)). */
  readonly deltaStandardError: number;
  /** Batch means: each chain cut into ⌈8/chains⌉ segments, sd(segment means w̄_b) / (w̄ √B). */
  readonly batchStandardError: number;
  /** Effective sample size of the weights q(z)/p(x, z). */
  readonly ess: number;
  /** Pareto shape k̂ of the weights' upper tail ({@link paretoK}): ≥ ½ means infinite variance. */
  readonly paretoK: number;
}

/**
 * The reciprocal importance-sampling ("harmonic-mean-type", Gelfand & Dey 1994) estimate of
 * log p(x) from posterior draws z_l, given log q(z_l) under a normalized density q and the
 * joint log p(x, z_l) at the same draws (one sequence per chain). log q may be −∞ (a q whose
 * support is a region of the posterior's: such draws weigh 0).
 *
 * ```text
 * 1/p(x) = E_{p(z|x)}[ q(z) / p(x, z) ]   ⇒   log p̂(x) = −log( 1/L Σ_l exp(log q(z_l) − log p(x, z_l)) )
 * SE(log p̂) ≈ max( sd(w) / (w̄ √ESS(w)),  sd_b(w̄_b) / (w̄ √B) ),   w_l = q(z_l) / p(x, z_l)
 * ```
 * (w̄_b: means of B ≥ 8 contiguous batches of the chains). The standard error assumes
 * Var(w) < ∞; `paretoK` (≥ ½: infinite variance) checks it.
 *
 * @example
 * ```ts
 * const { logMarginal, standardError, paretoK } = reciprocalImportanceEstimate([logQ0, logQ1], [logJoint0, logJoint1]);
 * ```
 * @category MCMC
 */
export function reciprocalImportanceEstimate(logQ: ChainDraws, logJoint: ChainDraws): LogMarginalEstimate {
  if (logQ.length !== logJoint.length || logQ.some((c, i) => c.length !== logJoint[i]?.length)) {
    throw new ArgumentError('reciprocalImportanceEstimate', 'logJoint', 'must have the same chains and lengths as logQ');
  }
  const r = logQ.map((c, i) => Float64Array.from(c, (v, k) => v - (logJoint[i]?.[k] as number)));
  let max = -Infinity;
  for (const c of r) {
    for (const v of c) {
      if (Number.isNaN(v) || v === Infinity) {
        throw new ArgumentError('reciprocalImportanceEstimate', 'logJoint', `gives the log weight ${v} (log p(x, z) must be finite at posterior draws)`);
      }
      max = Math.max(max, v);
    }
  }
  if (max === -Infinity) throw new ArgumentError('reciprocalImportanceEstimate', 'logQ', 'is −∞ at every draw (q puts no mass on the posterior draws)');
  const w = r.map((c) => Float64Array.from(c, (v) => Math.exp(v - max)));
  const count = w.reduce((n, c) => n + c.length, 0);
  const mean = w.reduce((s, c) => s + c.reduce((a, b) => a + b, 0), 0) / count;
  const variance = w.reduce((s, c) => s + c.reduce((a, b) => a + (b - mean) ** 2, 0), 0) / (count - 1);
  const effective = ess(w);
  const all = new Float64Array(count);
  let at = 0;
  for (const c of w) {
    all.set(c, at);
    at += c.length;
  }
  const delta = Math.sqrt(variance / effective) / mean;
  const batch = batchStandardError(w, mean);
  return { logMarginal: -(max + Math.log(mean)), standardError: Math.max(delta, batch), deltaStandardError: delta, batchStandardError: batch, ess: effective, paretoK: paretoK(all) };
}

/**
 * The standard error of log w̄ from batch means: each chain cut into ⌈8/chains⌉ contiguous
 * segments (at least 8 batches in all), SE = sd(batch means) / (√B w̄). It needs no
 * autocorrelation model and sees the spread between chains; NaN when a segment would be empty.
 */
function batchStandardError(w: readonly Float64Array[], mean: number): number {
  const perChain = Math.ceil(8 / w.length);
  const means: number[] = [];
  for (const c of w) {
    const len = Math.floor(c.length / perChain);
    if (len < 1) return NaN;
    for (let b = 0; b < perChain; b++) {
      let s = 0;
      for (let k = b * len; k < (b + 1) * len; k++) s += c[k] as number;
      means.push(s / len);
    }
  }
  const grand = means.reduce((a, b) => a + b, 0) / means.length;
  const v = means.reduce((a, b) => a + (b - grand) ** 2, 0) / (means.length - 1);
  return Math.sqrt(v / means.length) / mean;
}

/** Options of {@link mcmcLogMarginal}. @category MCMC */
export interface McmcLogMarginalOptions extends McmcOptions {
  /** Share of each chain's draws used to fit q (the rest estimate p(x)). Default 0.5. */
  readonly fitFraction?: number;
  /**
   * Mass of the fitted Gaussian kept in its truncation ellipsoid (q is zero outside). In (0, 1];
   * 1 means no truncation (q unbounded, only safe when q is surely lighter-tailed than the
   * posterior). Default 0.25.
   */
  readonly truncation?: number;
  /** Largest Pareto k̂ of the weights accepted before the estimate is refused. Default 0.7. */
  readonly maxParetoK?: number;
  /**
   * Largest split R-hat of any unconstrained coordinate accepted before `mcmcLogMarginal` refuses
   * the draws (chains in different modes, or not yet stationary: the pooled draws then misstate
   * the posterior and bias the estimate, while the standard error cannot show it). Default 1.05.
   * Chains that all sit in one mode agree and pass: the estimate then misses the other modes'
   * mass. Start them far apart (`init`) and run several.
   */
  readonly maxRhat?: number;
}

/** What {@link mcmcLogMarginal} returns. @category MCMC */
export interface McmcLogMarginalResult extends LogMarginalEstimate {
  /** The truncated Gaussian q fitted in the unconstrained space of the latents. */
  readonly q: TruncatedGaussianDensity;
  /** Share of the estimation draws inside q's ellipsoid (the draws with a nonzero weight). */
  readonly inside: number;
  /** The MCMC run that gave the posterior draws. */
  readonly mcmc: McmcResult;
}

/**
 * The paper's appendix D estimator of the marginal likelihood p(x) of the data `args` under
 * `model` (its parameters read from `options.params`), with a truncated q:
 *
 * 1. draw posterior samples of the latents by MCMC ({@link mcmc}: NUTS by default, or HMC);
 * 2. fit a Gaussian N(m, S) to the first `fitFraction` of each chain, in the unconstrained space
 *    u of {@link modelPotential}, and truncate it to the ellipsoid of Mahalanobis radius r
 *    holding `truncation` of its mass ({@link truncateGaussian}; renormalized exactly);
 * 3. estimate from the remaining draws, which the fit did not see:
 *
 * ```text
 * p(x) ≈ ( 1/L Σ_l q_T(u_l) / (p(x, T(u_l)) |det J_T(u_l)|) )⁻¹,   u_l ~ p(u | x)
 * ```
 * which is unbiased for 1/p(x) because q_T is normalized: E[q_T(u)/p(x, u)] = ∫ q_T du / p(x).
 *
 * Why the truncation. With an unbounded Gaussian q the weights w = q/p have a finite variance
 * only if q has lighter tails than the posterior everywhere. Hierarchical posteriors break this
 * (the funnel between a scale and the effects it scales: at small scales the posterior is far
 * narrower than any Gaussian): w then has an infinite variance, rare huge weights are missed,
 * 1/p(x) is underestimated and log p(x) overestimated, while the delta-method standard error,
 * computed from the draws seen, looks small. A q supported on a bounded ellipsoid inside the
 * bulk of the posterior has bounded weights (p is positive and continuous there), so the
 * variance is finite and the standard error is valid.
 *
 * Assumptions and checks. The draws must be from the posterior: the estimate is refused when
 * the split R-hat ({@link splitRhat}) of any unconstrained coordinate exceeds `maxRhat` (chains
 * in different modes or not stationary); check `mcmc.divergences` too: draws that under-visit a
 * region (a funnel's neck, with divergences) bias any estimator, and a small `truncation` keeps
 * q away from such regions. p(x, z) must be
 * positive and continuous on the ellipsoid. The standard error is the larger of the delta
 * method with the weights' ESS and batch means over ≥ 8 contiguous batches of the chains (first
 * order: the log's Jensen bias, about SE²/2, is not removed). The estimate is refused (an `AevbError` naming `truncation`)
 * when the Pareto k̂ of the weights exceeds `maxParetoK` (infinite-variance behaviour in the
 * draws at hand) or fewer than 20 estimation draws fall inside the ellipsoid.
 *
 * @example
 * ```ts
 * const est = mcmcLogMarginal(normalMean, [x], { seed: 2, chains: 4, warmup: 300, draws: 600 });
 * console.log(est.logMarginal, '±', est.standardError, 'k̂', est.paretoK);
 * ```
 * @category MCMC
 */
export function mcmcLogMarginal<M extends AnyModel>(model: M, args: ArgsOf<M>, options: McmcLogMarginalOptions): McmcLogMarginalResult {
  checkEstimatorOptions('mcmcLogMarginal', options);
  const maxRhat = options.maxRhat ?? 1.05;
  if (!(maxRhat > 1)) throw new ArgumentError('mcmcLogMarginal', 'maxRhat', `must be above 1, got ${maxRhat}`);
  const run = mcmc(model, args, options);
  const { chains, draws, dim, positions } = run.raw;
  for (let j = 0; j < dim; j++) {
    const r = splitRhat(siteChains({ shape: [chains, draws, dim], values: positions }, j));
    if (r > maxRhat) {
      throw new AevbError(
        `mcmcLogMarginal: the chains have not mixed: split R-hat ${r.toFixed(3)} for unconstrained coordinate ${j} exceeds maxRhat ${maxRhat}; ` +
          'draws from chains in different modes, or not yet stationary, misstate the posterior and bias the estimate: raise warmup and draws, or run more chains',
      );
    }
  }
  return { ...truncatedReciprocalEstimate(run.raw, options, 'mcmcLogMarginal'), mcmc: run };
}

/** The estimator's options, without the sampler's. @category MCMC */
export type ReciprocalEstimatorOptions = Pick<McmcLogMarginalOptions, 'fitFraction' | 'truncation' | 'maxParetoK'>;

/** Checks the estimator's options, naming `fn` and the option. @internal */
export function checkEstimatorOptions(fn: string, options: ReciprocalEstimatorOptions): void {
  const fraction = options.fitFraction ?? 0.5;
  if (!(fraction > 0 && fraction < 1)) throw new ArgumentError(fn, 'fitFraction', `must lie in (0, 1), got ${fraction}`);
  const truncation = options.truncation ?? 0.25;
  if (!(truncation > 0 && truncation <= 1)) throw new ArgumentError(fn, 'truncation', `must lie in (0, 1], got ${truncation}`);
  if (Number.isNaN(options.maxParetoK)) throw new ArgumentError(fn, 'maxParetoK', 'is NaN');
}

/**
 * Steps 2 and 3 of {@link mcmcLogMarginal} on draws obtained elsewhere: `draws.positions`
 * ([chains, draws, dim], row-major) in an unconstrained space and `draws.potential` = −log of
 * the joint density of x and those coordinates at each draw. Fits the Gaussian to the first
 * `fitFraction` of every chain, truncates it, estimates from the rest, and refuses (an
 * `AevbError` naming `fn` and `truncation`) as {@link mcmcLogMarginal} does.
 *
 * @example
 * ```ts
 * const run = sampleChains(potential, inits, { seed: 1, kernel: 'hmc' });
 * const { logMarginal, standardError } = truncatedReciprocalEstimate(run, { truncation: 0.5 });
 * ```
 * @category MCMC
 */
export function truncatedReciprocalEstimate(
  draws: Pick<ChainSamples, 'chains' | 'draws' | 'dim' | 'positions' | 'potential'>,
  options: ReciprocalEstimatorOptions = {},
  fn = 'truncatedReciprocalEstimate',
): Omit<McmcLogMarginalResult, 'mcmc'> {
  checkEstimatorOptions(fn, options);
  const fraction = options.fitFraction ?? 0.5;
  const truncation = options.truncation ?? 0.25;
  const maxK = options.maxParetoK ?? 0.7;
  const { chains, draws: n, dim, positions, potential } = draws;
  if (positions.length !== chains * n * dim || potential.length !== chains * n) {
    throw new ArgumentError(fn, 'draws', `holds ${positions.length} coordinates and ${potential.length} potentials for ${chains} chains of ${n} draws of dimension ${dim}`);
  }
  const nFit = Math.floor(n * fraction);
  if (nFit < 1 || nFit >= n) throw new ArgumentError(fn, 'draws', `${n} draws per chain leave no draws to ${nFit < 1 ? 'fit q' : 'estimate'} with fitFraction ${fraction}`);
  const fitPoints = new Float64Array(chains * nFit * dim);
  for (let c = 0; c < chains; c++) fitPoints.set(positions.subarray(c * n * dim, (c * n + nFit) * dim), c * nFit * dim);
  const q = truncateGaussian(fitGaussian(fitPoints, chains * nFit, dim), truncation);
  const logQ: Float64Array[] = [];
  const logJoint: Float64Array[] = [];
  let inside = 0;
  for (let c = 0; c < chains; c++) {
    const lq = Float64Array.from({ length: n - nFit }, (_, k) => q.logDensity(positions.subarray((c * n + nFit + k) * dim, (c * n + nFit + k + 1) * dim)));
    for (const v of lq) if (v > -Infinity) inside++;
    logQ.push(lq);
    // −U(u) = log p(x, T(u)) + log |det J_T(u)|: the joint density of x and u.
    logJoint.push(Float64Array.from({ length: n - nFit }, (_, k) => -(potential[c * n + nFit + k] as number)));
  }
  if (inside < 20) {
    throw new AevbError(`${fn}: only ${inside} of ${chains * (n - nFit)} estimation draws fall inside q's ellipsoid (truncation ${truncation}); raise 'truncation' or 'draws'`);
  }
  const est = reciprocalImportanceEstimate(logQ, logJoint);
  if (est.paretoK > maxK) {
    throw new AevbError(
      `${fn}: the weights q/p(x, z) have a heavy tail (Pareto k̂ = ${est.paretoK.toFixed(2)} > maxParetoK ${maxK}), so the estimate ` +
        `${est.logMarginal.toFixed(4)} ± ${est.standardError.toFixed(4)} cannot be trusted; lower 'truncation' (now ${truncation}) or check the posterior draws`,
    );
  }
  return { ...est, q, inside: inside / (chains * (n - nFit)) };
}
