/**
 * The contract between the MCMC kernels and a target density: a potential energy
 * U(u) = −log π(u) (up to a constant) evaluated with its gradient at the states of several chains.
 *
 * @module
 */
import { ArgumentError, tf, type Tensor2D } from '@aevb/core';

/**
 * The potential energy and its gradient at C states.
 *
 * @category MCMC
 */
export interface PotentialValue {
  /** U at each state, length C. `+Infinity` (or NaN) where the density is zero or undefined. */
  readonly value: Float64Array;
  /** ∇U at each state, row-major [C, D]. */
  readonly gradient: Float64Array;
}

/**
 * A potential energy over D unconstrained coordinates. `u` holds one state per row ([C, D]);
 * row `i` is the state of chain `chains[i]`. A potential may give each chain its own target
 * (one chain per datapoint, say) by reading `chains`; one shared by all chains ignores it.
 * The callback owns `u` only for the call (the caller disposes it) and returns plain arrays,
 * so it can evaluate the rows one at a time or all at once.
 *
 * ```text
 * U(u) = −log π(u) + const,   value[i] = U(u[i, :]),   gradient[i, :] = ∇U(u[i, :])
 * ```
 *
 * @example
 * ```ts
 * // A standard normal in D dimensions: U(u) = ½|u|².
 * const gaussian: PotentialFn = (u) => {
 *   const [c, d] = u.shape;
 *   const x = u.dataSync();
 *   const value = Float64Array.from({ length: c }, (_, k) => x.subarray(k * d, (k + 1) * d).reduce((s, v) => s + 0.5 * v * v, 0));
 *   return { value, gradient: Float64Array.from(x) };
 * };
 * ```
 * @category MCMC
 */
export type PotentialFn = (u: Tensor2D, chains: readonly number[]) => PotentialValue;

/** U and ∇U at the given states (plain arrays in, plain arrays out), checking the callback's answer. @internal */
export function evaluatePotential(
  potential: PotentialFn,
  dim: number,
  states: readonly Float64Array[],
  chains: readonly number[],
): { value: Float64Array; gradient: Float64Array } {
  const k = states.length;
  const flat = new Float32Array(k * dim);
  states.forEach((q, i) => flat.set(q, i * dim));
  const u = tf.tensor2d(flat, [k, dim]);
  let out: PotentialValue;
  try {
    out = potential(u, chains);
  } finally {
    u.dispose();
  }
  if (out.value.length !== k || out.gradient.length !== k * dim) {
    throw new ArgumentError(
      'mcmc',
      'potential',
      `returned ${out.value.length} values and ${out.gradient.length} gradient entries for ${k} states of dimension ${dim} (expected ${k} and ${k * dim})`,
    );
  }
  return out;
}

/** Is every entry of `g` finite? @internal */
export function allFinite(g: ArrayLike<number>, start = 0, end = g.length): boolean {
  for (let i = start; i < end; i++) if (!Number.isFinite(g[i] as number)) return false;
  return true;
}
