/**
 * The standard normal CDF and its inverse, and erf/erfinv, as TF.js ops accurate in float32
 * (tested against SciPy): relative accuracy is kept in the lower tail, where 1 − Φ would cancel.
 *
 * @module
 */
import { tf } from '@aevb/core';
import type { Tensor } from '@aevb/core';

/** erfc(|x|) with fractional error < 1.2e-7 everywhere (Chebyshev fit, Numerical Recipes §6.2). */
function erfcAbs(x: Tensor): Tensor {
  const ax = tf.abs(x);
  const t = tf.reciprocal(tf.add(1, tf.mul(0.5, ax)));
  const coef = [0.17087277, -0.82215223, 1.48851587, -1.13520398, 0.27886807, -0.18628806, 0.09678418, 0.37409196, 1.00002368, -1.26551223];
  let poly: Tensor = tf.scalar(coef[0] as number);
  for (const c of coef.slice(1)) poly = tf.add(tf.mul(poly, t), c);
  return tf.mul(t, tf.exp(tf.sub(poly, tf.square(ax))));
}

/**
 * The standard normal CDF Φ(z) = ½ erfc(−z/√2), with relative error below ~3e-7 for every z
 * (including the lower tail down to Φ ≈ 1e-37).
 *
 * @category Special functions
 */
export function ndtr(z: Tensor): Tensor {
  return tf.tidy(() => {
    const half = tf.mul(0.5, erfcAbs(tf.mul(z, Math.SQRT1_2)));
    return tf.where(tf.lessEqual(z, 0), half, tf.sub(1, half));
  });
}

const A = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
const B = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1, 1];
const C = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
const D = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416, 1];

function horner(coef: readonly number[], x: Tensor): Tensor {
  let acc: Tensor = tf.scalar(coef[0] as number);
  for (const c of coef.slice(1)) acc = tf.add(tf.mul(acc, x), c);
  return acc;
}

/** Acklam's approximation of Φ⁻¹(q) for 0 < q ≤ ½ (negative results). */
function lowerQuantile(q: Tensor): Tensor {
  const c = tf.sub(q, 0.5);
  const r = tf.square(c);
  const central = tf.div(tf.mul(horner(A, r), c), horner(B, r));
  const t = tf.sqrt(tf.mul(-2, tf.log(q)));
  const tail = tf.div(horner(C, t), horner(D, t));
  return tf.where(tf.less(q, 0.02425), tail, central);
}

/**
 * The standard normal quantile Φ⁻¹(p) for p in [0, 1] (±∞ at the ends). With q = min(p, 1 − p)
 * (exact in float32), Acklam's rational approximations (relative error 1.2e-9 in exact arithmetic)
 * give x ≤ 0, refined by one Newton step x − (Φ(x) − q)/φ(x) against the tail-accurate
 * {@link ndtr} (the float32 evaluation of the rational functions alone loses ~5e-5 relative near
 * their switch point); the sign is flipped for p > ½.
 *
 * @category Special functions
 */
export function ndtri(p: Tensor): Tensor {
  return tf.tidy(() => {
    const upper = tf.greater(p, 0.5);
    const q = tf.clipByValue(tf.where(upper, tf.sub(1, p), p), 1e-38, 0.5);
    const x0 = lowerQuantile(q);
    const phi = tf.mul(tf.exp(tf.mul(-0.5, tf.square(x0))), 1 / Math.sqrt(2 * Math.PI));
    // Newton where φ(x0) is a normal float32 (q above ~1e-35); below, Acklam alone.
    const step = tf.div(tf.sub(ndtr(x0), q), tf.maximum(phi, 1e-37));
    const x = tf.where(tf.greater(q, 1e-35), tf.sub(x0, step), x0);
    const signed = tf.where(upper, tf.neg(x), x);
    const inf = tf.fill(signed.shape, Infinity);
    return tf.where(tf.equal(p, 0), tf.neg(inf), tf.where(tf.equal(p, 1), inf, signed));
  });
}

/**
 * erf(x) with relative accuracy near 0 (Taylor series for |x| < 0.3, 1 − erfc beyond).
 *
 * @category Special functions
 */
export function erf(x: Tensor): Tensor {
  return tf.tidy(() => {
    const x2 = tf.square(x);
    // 2/√π (x − x³/3 + x⁵/10 − x⁷/42 + x⁹/216): truncation < 5e-9 relative at |x| = 0.3.
    const series = tf.mul(tf.mul(x, 2 / Math.sqrt(Math.PI)), horner([1 / 216, -1 / 42, 1 / 10, -1 / 3, 1], x2));
    const far = tf.mul(tf.sign(x), tf.sub(1, erfcAbs(x)));
    return tf.where(tf.less(tf.abs(x), 0.3), series, far);
  });
}

/**
 * erfinv(y) for y in [−1, 1]: √π/2 · (y + π y³/12 + 7π² y⁵/480 + 127π³ y⁷/40320) for |y| < 0.01
 * (relative accuracy near 0), else sign(y) · (−Φ⁻¹((1 − |y|)/2))/√2 (accurate as |y| → 1).
 *
 * @category Special functions
 */
export function erfinv(y: Tensor): Tensor {
  return tf.tidy(() => {
    const pi = Math.PI;
    const y2 = tf.square(y);
    const series = tf.mul(tf.mul(y, Math.sqrt(pi) / 2), horner([(127 * pi ** 3) / 40320, (7 * pi * pi) / 480, pi / 12, 1], y2));
    // erfinv(|y|) = −Φ⁻¹((1 − |y|)/2)/√2, with 1 − |y| exact in float32 for |y| ≥ ½.
    const far = tf.mul(tf.mul(tf.sign(y), ndtri(tf.mul(tf.sub(1, tf.abs(y)), 0.5))), -Math.SQRT1_2);
    return tf.where(tf.less(tf.abs(y), 0.01), series, far);
  });
}
