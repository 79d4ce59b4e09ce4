/**
 * Draws of one scalar quantity as one sequence per chain, and the transformations the
 * diagnostics apply to them (splitting, rank normalization).
 *
 * @module
 */
import { tf } from '@aevb/core';
import { ndtri } from '@aevb/distributions';

/** One scalar quantity's draws: one sequence per chain, all of the same length. @category MCMC diagnostics */
export type ChainDraws = readonly ArrayLike<number>[];

/**
 * Each chain cut into its first and second half (the middle draw dropped when the length is
 * odd): 2M chains of ⌊N/2⌋ draws.
 *
 * @example
 * ```ts
 * splitChains([[1, 2, 3, 4, 5]]); // [[1, 2], [4, 5]]
 * ```
 * @category MCMC diagnostics
 */
export function splitChains(chains: ChainDraws): Float64Array[] {
  return chains.flatMap((c) => {
    const half = Math.floor(c.length / 2);
    const x = Float64Array.from(c);
    return [x.slice(0, half), x.slice(c.length - half)];
  });
}

/**
 * Rank normalization: every draw (pooled over chains) replaced by Φ⁻¹((r − 3/8) / (S + 1/4)),
 * r its rank among the S draws (ties get their average rank).
 *
 * @example
 * ```ts
 * rankNormalize([[10, 20, 20, 30]]); // [[-1.049, 0, 0, 1.049]]
 * ```
 * @category MCMC diagnostics
 */
export function rankNormalize(chains: ChainDraws): Float64Array[] {
  const flat = chains.flatMap((c) => Array.from(c));
  const s = flat.length;
  const order = flat.map((_, i) => i).sort((a, b) => (flat[a] as number) - (flat[b] as number));
  const ranks = new Float64Array(s);
  for (let i = 0; i < s; ) {
    let j = i;
    while (j + 1 < s && flat[order[j + 1] as number] === flat[order[i] as number]) j++;
    const r = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) ranks[order[k] as number] = r;
    i = j + 1;
  }
  const p = Float32Array.from(ranks, (r) => (r - 0.375) / (s + 0.25));
  const z = tf.tidy(() => ndtri(tf.tensor1d(p)).dataSync());
  const out: Float64Array[] = [];
  let offset = 0;
  for (const c of chains) {
    out.push(Float64Array.from(z.subarray(offset, offset + c.length)));
    offset += c.length;
  }
  return out;
}


/** Does any draw fail to be finite? (Ranks would hide it: the rank-based diagnostics return NaN instead.) @internal */
export function hasNonFinite(chains: ChainDraws): boolean {
  return chains.some((c) => {
    for (let i = 0; i < c.length; i++) if (!Number.isFinite(c[i] as number)) return true;
    return false;
  });
}
