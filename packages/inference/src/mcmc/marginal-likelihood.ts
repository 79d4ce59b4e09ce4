/**
 * The marginal-likelihood estimator of Kingma & Welling (2013), appendix D: posterior samples by
 * MCMC, a density q fitted to some of them, and the reciprocal importance-sampling estimate of
 * p(x) from the others.
 *
 * @module
 */
import { ArgumentError, type AnyModel, type ArgsOf } from '@aevb/core';
import type { ChainDraws } from './chain-draws.js';
import { ess } from './ess.js';
import { fitGaussian, type GaussianDensity } from './gaussian-fit.js';
import { mcmc, type McmcOptions, type McmcResult } from './mcmc.js';

/** A log-marginal-likelihood estimate with its Monte Carlo standard error. @category MCMC */
export interface LogMarginalEstimate {
  /** The estimate of log p(x). */
  readonly logMarginal: number;
  /** Its Monte Carlo standard error (delta method, ESS of the weights); it ignores the bias discussed in {@link mcmcLogMarginal}. */
  readonly standardError: number;
  /** Effective sample size of the weights q(z)/p(x, z). */
  readonly ess: number;
}

/**
 * The reciprocal importance-sampling ("harmonic-mean-type", Gelfand & Dey 1994) estimate of
 * log p(x) from posterior draws z_l, given log q(z_l) under a normalized density q and the
 * joint log p(x, z_l) at the same draws (one sequence per chain):
 *
 * ```text
 * 1/p(x) = E_{p(z|x)}[ q(z) / p(x, z) ]   ⇒   log p̂(x) = −log( 1/L Σ_l exp(log q(z_l) − log p(x, z_l)) )
 * SE(log p̂) ≈ sd(w) / (w̄ √ESS(w)),   w_l = q(z_l) / p(x, z_l)
 * ```
 *
 * @example
 * ```ts
 * const { logMarginal, standardError } = reciprocalImportanceEstimate([logQ0, logQ1], [logJoint0, logJoint1]);
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
  return { logMarginal: -(max + Math.log(mean)), standardError: Math.sqrt(variance / effective) / mean, ess: effective };
}

/** Options of {@link mcmcLogMarginal}. @category MCMC */
export interface McmcLogMarginalOptions extends McmcOptions {
  /** Share of each chain's draws used to fit q (the rest estimate p(x)). Default 0.5. */
  readonly fitFraction?: number;
}

/** What {@link mcmcLogMarginal} returns. @category MCMC */
export interface McmcLogMarginalResult extends LogMarginalEstimate {
  /** The Gaussian q fitted in the unconstrained space of the latents. */
  readonly q: GaussianDensity;
  /** The MCMC run that gave the posterior draws. */
  readonly mcmc: McmcResult;
}

/**
 * The paper's appendix D estimator of the marginal likelihood p(x) of the data `args` under
 * `model` (its parameters read from `options.params`):
 *
 * 1. draw posterior samples of the latents by MCMC ({@link mcmc}: NUTS by default, or HMC);
 * 2. fit a density q to the first `fitFraction` of each chain (here a Gaussian, in the
 *    unconstrained space u of {@link modelPotential}, so it covers the posterior's support);
 * 3. estimate from the remaining draws, which the fit did not see:
 *
 * ```text
 * p(x) ≈ ( 1/L Σ_l q(u_l) / (p(x, T(u_l)) |det J_T(u_l)|) )⁻¹,   u_l ~ p(u | x)
 * ```
 * which is unbiased for 1/p(x) because q is normalized: E[q(u)/p(x, u)] = ∫ q(u) du / p(x).
 *
 * Caveats. This is a harmonic-mean-type estimator. It is consistent, but its log is biased
 * downwards by about Var(w)/(2 L w̄²) (Jensen), and it is reliable only when q has lighter tails
 * than the posterior: where q puts mass the posterior does not, the weights q/p have huge or
 * infinite variance, and the estimate can be badly off while `standardError` (which assumes a
 * finite variance) looks small. A Gaussian q is right for roughly Gaussian posteriors in a few
 * dimensions; the paper used the estimator with at most a handful of latent dimensions.
 * Posterior draws that have not converged bias it too: check `mcmc.divergences` and
 * {@link splitRhat}.
 *
 * @example
 * ```ts
 * const est = mcmcLogMarginal(normalMean, [x], { seed: 2, chains: 4, warmup: 300, draws: 600 });
 * console.log(est.logMarginal, '±', est.standardError);
 * ```
 * @category MCMC
 */
export function mcmcLogMarginal<M extends AnyModel>(model: M, args: ArgsOf<M>, options: McmcLogMarginalOptions): McmcLogMarginalResult {
  const fraction = options.fitFraction ?? 0.5;
  if (!(fraction > 0 && fraction < 1)) throw new ArgumentError('mcmcLogMarginal', 'fitFraction', `must lie in (0, 1), got ${fraction}`);
  const run = mcmc(model, args, options);
  const { chains, draws: n, dim, positions, potential } = run.raw;
  const nFit = Math.floor(n * fraction);
  if (nFit < 1 || nFit >= n) throw new ArgumentError('mcmcLogMarginal', 'draws', `${n} draws per chain leave no draws to ${nFit < 1 ? 'fit q' : 'estimate'} with fitFraction ${fraction}`);
  const fitPoints = new Float64Array(chains * nFit * dim);
  for (let c = 0; c < chains; c++) fitPoints.set(positions.subarray(c * n * dim, (c * n + nFit) * dim), c * nFit * dim);
  const q = fitGaussian(fitPoints, chains * nFit, dim);
  const logQ: Float64Array[] = [];
  const logJoint: Float64Array[] = [];
  for (let c = 0; c < chains; c++) {
    logQ.push(Float64Array.from({ length: n - nFit }, (_, k) => q.logDensity(positions.subarray((c * n + nFit + k) * dim, (c * n + nFit + k + 1) * dim))));
    // −U(u) = log p(x, T(u)) + log |det J_T(u)|: the joint density of x and u.
    logJoint.push(Float64Array.from({ length: n - nFit }, (_, k) => -(potential[c * n + nFit + k] as number)));
  }
  return { ...reciprocalImportanceEstimate(logQ, logJoint), q, mcmc: run };
}
