/**
 * Effective sample size of several chains (Geyer's initial monotone sequence, as in Stan and the
 * `posterior` R package; Vehtari et al. 2021 for the bulk and tail variants).
 *
 * @module
 */
import { autocovariance } from './autocovariance.js';
import { hasNonFinite, rankNormalize, splitChains, type ChainDraws } from './chain-draws.js';

function isConstant(chains: ChainDraws): boolean {
  const first = chains[0]?.[0];
  return chains.every((c) => Array.prototype.every.call(c, (v: number) => v === first));
}

/**
 * The effective sample size of the given chains as they are (no splitting). Autocorrelations
 * ρ̂_t are combined over chains as in Gelman et al. (2013), then summed in pairs until a pair
 * turns negative (Geyer's initial positive sequence), made monotone (initial monotone sequence):
 *
 * ```text
 * ρ̂_t = 1 − (W − mean_m γ̂_{m,t}) / var⁺,   var⁺ = (N−1)/N · W + B/N
 * τ̂   = −1 + 2 Σ_{t<T} ρ̂_t + ρ̂_T,            ESS = M·N / max(τ̂, 1/log10(M·N))
 * ```
 * NaN for fewer than 3 draws per chain or non-finite values; M·N for constant chains.
 *
 * @example
 * ```ts
 * const n = essBasic(splitChains(chains)); // = ess(chains)
 * ```
 * @category MCMC diagnostics
 */
export function essBasic(chains: ChainDraws): number {
  const m = chains.length;
  const n = chains[0]?.length ?? 0;
  if (m === 0 || n < 3 || chains.some((c) => c.length !== n)) return NaN;
  for (const c of chains) for (let i = 0; i < n; i++) if (!Number.isFinite(c[i] as number)) return NaN;
  if (isConstant(chains)) return m * n;
  const acov = chains.map((c) => autocovariance(c));
  const means = chains.map((c) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += c[i] as number;
    return s / n;
  });
  const meanAcov = (t: number): number => acov.reduce((s, a) => s + (a[t] as number), 0) / m;
  const meanVar = (meanAcov(0) * n) / (n - 1);
  let varPlus = (meanVar * (n - 1)) / n;
  if (m > 1) {
    const grand = means.reduce((a, b) => a + b, 0) / m;
    varPlus += means.reduce((s, v) => s + (v - grand) ** 2, 0) / (m - 1);
  }
  const rho = new Float64Array(n);
  let t = 0;
  let even = 1;
  let odd = 1 - (meanVar - meanAcov(1)) / varPlus;
  rho[0] = even;
  rho[1] = odd;
  while (t < n - 5 && !Number.isNaN(even + odd) && even + odd > 0) {
    t += 2;
    even = 1 - (meanVar - meanAcov(t)) / varPlus;
    odd = 1 - (meanVar - meanAcov(t + 1)) / varPlus;
    if (even + odd >= 0) {
      rho[t] = even;
      rho[t + 1] = odd;
    }
  }
  const maxT = t;
  if (even > 0) rho[maxT] = even;
  // Initial monotone sequence: each pair sum no larger than the one before.
  for (let k = 2; k <= maxT - 2; k += 2) {
    const prev = (rho[k - 2] as number) + (rho[k - 1] as number);
    if ((rho[k] as number) + (rho[k + 1] as number) > prev) {
      rho[k] = prev / 2;
      rho[k + 1] = prev / 2;
    }
  }
  let tau = -1 + (rho[maxT] as number);
  for (let k = 0; k < maxT; k++) tau += 2 * (rho[k] as number);
  const total = m * n;
  return total / Math.max(tau, 1 / Math.log10(total));
}

/**
 * The ESS for estimating the mean: {@link essBasic} of the split chains (each chain cut in two
 * halves, so that a trend inside a chain shows up as between-chain variance). With it, the Monte
 * Carlo standard error of the posterior mean is sd / √ESS ({@link mcseMean}).
 *
 * @example
 * ```ts
 * const n = ess([chain0, chain1, chain2, chain3]);
 * ```
 * @category MCMC diagnostics
 */
export function ess(chains: ChainDraws): number {
  return essBasic(splitChains(chains));
}

/**
 * Bulk ESS (Vehtari et al. 2021): {@link essBasic} of the rank-normalized split chains; defined
 * even when the posterior has no finite mean or variance. NaN if any draw is not finite.
 *
 * @example
 * ```ts
 * if (essBulk(chains) < 400) console.warn('draw more');
 * ```
 * @category MCMC diagnostics
 */
export function essBulk(chains: ChainDraws): number {
  if (hasNonFinite(chains)) return NaN;
  return essBasic(rankNormalize(splitChains(chains)));
}

/**
 * Tail ESS (Vehtari et al. 2021): the smaller ESS of the indicators x ≤ q₀.₀₅ and x ≤ q₀.₉₅ on
 * split chains; how well the 5% and 95% quantiles are estimated.
 *
 * @example
 * ```ts
 * const tail = essTail(chains);
 * ```
 * @category MCMC diagnostics
 */
export function essTail(chains: ChainDraws): number {
  if (hasNonFinite(chains)) return NaN;
  const split = splitChains(chains);
  const all = Float64Array.from(split.flatMap((c) => Array.from(c))).sort();
  const q = (p: number): number => quantileSorted(all, p);
  const below = (x: number) => split.map((c) => Float64Array.from(c, (v) => (v <= x ? 1 : 0)));
  return Math.min(essBasic(below(q(0.05))), essBasic(below(q(0.95))));
}

/** Quantile of sorted values by linear interpolation (R's type 7). @internal */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return (sorted[lo] as number) + (h - lo) * ((sorted[hi] as number) - (sorted[lo] as number));
}
