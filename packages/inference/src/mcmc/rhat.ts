/**
 * Split R-hat, rank-normalized and folded (Gelman et al. 2013; Vehtari, Gelman, Simpson, Carpenter
 * & Bürkner 2021), and the chain transformations it uses.
 *
 * @module
 */
import { hasNonFinite, rankNormalize, splitChains, type ChainDraws } from './chain-draws.js';

function mean(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] as number;
  return s / x.length;
}

function variance(x: ArrayLike<number>): number {
  const m = mean(x);
  let s = 0;
  for (let i = 0; i < x.length; i++) s += ((x[i] as number) - m) ** 2;
  return s / (x.length - 1);
}

/**
 * The classic potential scale reduction of the given chains (no splitting, no ranks): with W the
 * mean within-chain variance and B/N the variance of the chain means,
 *
 * ```text
 * R̂ = √( ((N − 1)/N · W + B/N) / W )
 * ```
 * NaN for non-finite values or fewer than 2 chains; 1 for constant chains.
 *
 * @example
 * ```ts
 * const r = rhatBasic(splitChains(chains)); // the split R-hat of Gelman et al. (2013)
 * ```
 * @category MCMC diagnostics
 */
export function rhatBasic(chains: ChainDraws): number {
  const m = chains.length;
  const n = chains[0]?.length ?? 0;
  if (m < 2 || n < 2 || chains.some((c) => c.length !== n)) return NaN;
  for (const c of chains) for (let i = 0; i < n; i++) if (!Number.isFinite(c[i] as number)) return NaN;
  const first = chains[0]?.[0];
  if (chains.every((c) => Array.prototype.every.call(c, (v: number) => v === first))) return 1;
  const between = n * variance(chains.map(mean));
  const within = mean(chains.map(variance));
  return Math.sqrt((between / within + n - 1) / n);
}

/**
 * The rank-normalized split R-hat of Vehtari et al. (2021): the larger of the split R-hat of the
 * rank-normalized draws (location differences between chains) and of the rank-normalized folded
 * draws |x − median| (scale differences). Values above 1.01 say the chains have not mixed; NaN if
 * any draw is not finite.
 *
 * @example
 * ```ts
 * const r = splitRhat([chain0, chain1, chain2, chain3]);
 * if (r > 1.01) console.warn('not converged');
 * ```
 * @category MCMC diagnostics
 */
export function splitRhat(chains: ChainDraws): number {
  if (hasNonFinite(chains)) return NaN;
  const split = splitChains(chains);
  const sorted = Float64Array.from(split.flatMap((c) => Array.from(c))).sort();
  const h = sorted.length / 2;
  const median = sorted.length % 2 === 1 ? (sorted[Math.floor(h)] as number) : ((sorted[h - 1] as number) + (sorted[h] as number)) / 2;
  const folded = split.map((c) => Float64Array.from(c, (v) => Math.abs(v - median)));
  return Math.max(rhatBasic(rankNormalize(split)), rhatBasic(rankNormalize(folded)));
}
