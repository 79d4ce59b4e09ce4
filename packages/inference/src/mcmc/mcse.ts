/**
 * Monte Carlo standard errors of posterior means and standard deviations, from the ESS.
 *
 * @module
 */
import type { ChainDraws } from './chain-draws.js';
import { ess } from './ess.js';

function pooled(chains: ChainDraws): { mean: number; variance: number; count: number } {
  let n = 0;
  let s = 0;
  for (const c of chains) for (let i = 0; i < c.length; i++, n++) s += c[i] as number;
  const mean = s / n;
  let v = 0;
  for (const c of chains) for (let i = 0; i < c.length; i++) v += ((c[i] as number) - mean) ** 2;
  return { mean, variance: v / (n - 1), count: n };
}

/**
 * The Monte Carlo standard error of the posterior-mean estimate x̄ (all draws pooled):
 *
 * ```text
 * MCSE(x̄) = sd(x) / √ESS(x)      (ESS from {@link ess}: split chains, Geyer's monotone sequence)
 * ```
 *
 * @example
 * ```ts
 * const se = mcseMean(chains); // |x̄ − E[x]| < 4·se with probability ≈ 1 − 6e-5 (normal approximation)
 * ```
 * @category MCMC diagnostics
 */
export function mcseMean(chains: ChainDraws): number {
  return Math.sqrt(pooled(chains).variance / ess(chains));
}

/**
 * The Monte Carlo standard error of the posterior-sd estimate s, by the delta method on
 * s² = mean of y = (x − x̄)², whose own standard error comes from the ESS of y:
 *
 * ```text
 * MCSE(s²) = sd(y) / √ESS(y),   MCSE(s) = MCSE(s²) / (2 s)
 * ```
 * This uses the fourth moment through sd(y), so it holds for skewed and heavy-tailed posteriors
 * with a finite fourth moment.
 *
 * @example
 * ```ts
 * const se = mcseSd(chains);
 * ```
 * @category MCMC diagnostics
 */
export function mcseSd(chains: ChainDraws): number {
  const { mean, variance } = pooled(chains);
  const y = chains.map((c) => Float64Array.from(c, (v) => (v - mean) ** 2));
  return Math.sqrt(pooled(y).variance / ess(y)) / (2 * Math.sqrt(variance));
}
