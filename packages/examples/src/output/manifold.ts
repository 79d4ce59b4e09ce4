/**
 * Latent grids for the learned-manifold figure (pure).
 *
 * @module
 */
import { ArgumentError } from '@aevb/core';

// Coefficients of Acklam's rational approximation of the standard normal quantile.
const A = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
const B = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
const C = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
const D = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
const poly = (c: readonly number[], x: number): number => c.reduce((acc, ci) => acc * x + ci, 0);

/**
 * The standard normal quantile Φ⁻¹(p) for p in (0, 1) (Acklam's rational approximation, relative
 * error below 1.2e-9); ±Infinity at 0 and 1.
 *
 * @throws ArgumentError when p is outside [0, 1]
 * @category Output
 */
export function normalQuantile(p: number): number {
  if (!(p >= 0 && p <= 1)) throw new ArgumentError('normalQuantile', 'p', `must be in [0, 1]; got ${p}`);
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  const low = 0.02425;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return poly(C, q) / (poly(D, q) * q + 1);
  }
  if (p > 1 - low) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return (poly(A, r) * q) / (poly(B, r) * r + 1);
}

/**
 * The latent points of the paper's manifold figure for a 2-D latent space: a `size x size` grid
 * of linearly spaced points on the unit square, mapped through Φ⁻¹ so they cover the prior
 * N(0, I). Cell (row r, column c) uses u = ((c + 0.5) / size, 1 - (r + 0.5) / size), so z₁ grows
 * to the right and z₂ upward. Returns row-major [size * size, 2] values, in the order
 * {@link renderGrid} lays images out (with `cols: size`).
 *
 * @category Output
 */
export function manifoldGrid(size: number): Float32Array {
  if (!Number.isInteger(size) || size < 1) throw new ArgumentError('manifoldGrid', 'size', `must be a positive integer; got ${size}`);
  const z = new Float32Array(size * size * 2);
  for (let r = 0; r < size; r++) {
    for (let c = 0; c < size; c++) {
      const i = r * size + c;
      z[2 * i] = normalQuantile((c + 0.5) / size);
      z[2 * i + 1] = normalQuantile(1 - (r + 0.5) / size);
    }
  }
  return z;
}
