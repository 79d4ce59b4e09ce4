/**
 * Special functions as differentiable tensor ops: {@link lgamma}, {@link digamma},
 * {@link lbeta}. tfjs-core has none of them.
 *
 * @module
 */
import { tf } from '@aevb/core';
import type { Tensor } from '@aevb/core';

// Lanczos approximation, g = 7, n = 9 (Godfrey's coefficients).
const LANCZOS_G = 7;
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];
const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/**
 * Log of the gamma function, elementwise, for `x > 0`.
 *
 * Math: `lgamma(x) = lgamma(x + 1) − log x`, with `lgamma(x + 1)` from the Lanczos
 * approximation (g = 7, 9 terms): `½ log 2π + (x + ½) log t − t + log A(x)`,
 * `t = x + g + ½`, `A(x) = c₀ + Σₖ cₖ / (x + k)`. Differentiable; float32 error about
 * 1e-6 relative (absolute near the zeros at 1 and 2).
 *
 * @example
 * ```ts
 * lgamma(tf.tensor([0.5, 1, 10])); // [0.5724, 0, 12.8018]
 * ```
 * @category Special functions
 */
export function lgamma(x: Tensor): Tensor {
  return tf.tidy(() => {
    let a: Tensor = tf.scalar(LANCZOS[0] as number);
    for (let k = 1; k < LANCZOS.length; k++) {
      a = tf.add(a, tf.div(LANCZOS[k] as number, tf.add(x, k)));
    }
    const t = tf.add(x, LANCZOS_G + 0.5);
    const lgammaX1 = tf.add(tf.sub(tf.mul(tf.add(x, 0.5), tf.log(t)), t), tf.add(tf.log(a), HALF_LOG_2PI));
    return tf.sub(lgammaX1, tf.log(x));
  });
}

/**
 * Digamma function `ψ(x) = d/dx log Γ(x)`, elementwise, for `x > 0`.
 *
 * Math: recurrence `ψ(x) = ψ(x + 6) − Σ_{k=0}^{5} 1/(x + k)`, then the asymptotic series
 * `ψ(y) ≈ log y − 1/(2y) − 1/(12y²) + 1/(120y⁴) − 1/(252y⁶)` at `y = x + 6 ≥ 6`
 * (truncation error below 1e-9).
 *
 * @example
 * ```ts
 * digamma(tf.tensor([1])); // [-0.5772] (minus the Euler–Mascheroni constant)
 * ```
 * @category Special functions
 */
export function digamma(x: Tensor): Tensor {
  return tf.tidy(() => {
    let shift: Tensor = tf.zerosLike(x);
    for (let k = 0; k < 6; k++) shift = tf.add(shift, tf.reciprocal(tf.add(x, k)));
    const y = tf.add(x, 6);
    const r2 = tf.reciprocal(tf.square(y));
    // −1/12 r² + 1/120 r⁴ − 1/252 r⁶, by Horner in r².
    const series = tf.mul(r2, tf.add(-1 / 12, tf.mul(r2, tf.add(1 / 120, tf.mul(r2, -1 / 252)))));
    const psiY = tf.add(tf.sub(tf.log(y), tf.div(0.5, y)), series);
    return tf.sub(psiY, shift);
  });
}

/**
 * Log of the multivariate beta function over the last axis:
 * `lbeta(α) = Σᵢ lgamma(αᵢ) − lgamma(Σᵢ αᵢ)`. With two arguments, `lbeta(a, b) =
 * lgamma(a) + lgamma(b) − lgamma(a + b)` elementwise.
 *
 * @category Special functions
 */
export function lbeta(a: Tensor, b?: Tensor): Tensor {
  return tf.tidy(() =>
    b === undefined
      ? tf.sub(tf.sum(lgamma(a), -1), lgamma(tf.sum(a, -1)))
      : tf.sub(tf.add(lgamma(a), lgamma(b)), lgamma(tf.add(a, b))),
  );
}

/**
 * `x · log y`, defined as 0 where `x = 0` (so `0 · log 0 = 0`), elementwise.
 *
 * @category Special functions
 */
export function xlogy(x: Tensor, y: Tensor): Tensor {
  return tf.tidy(() => {
    const zero = tf.equal(x, 0);
    const safeY = tf.where(zero, tf.onesLike(y), y);
    return tf.where(zero, tf.zerosLike(tf.mul(x, y)), tf.mul(x, tf.log(safeY)));
  });
}
