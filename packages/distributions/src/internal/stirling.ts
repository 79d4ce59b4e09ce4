/**
 * Dirichlet (and Beta, K = 2) log-density and entropy for concentrations >= 8, rearranged with
 * Stirling's series so that no terms of size ~ α log α cancel (float32 keeps ~1e-6 relative
 * accuracy up to α ~ 1e6, where the textbook formulas lose everything but ~3 digits).
 *
 * With s = Σ αₖ, mₖ = αₖ / s, tₖ = xₖ/mₖ − 1, c(a) = lgamma(a) − [(a − ½) log a − a + ½ log 2π]
 * and r(a) = log a − 1/(2a) − ψ(a):
 * ```text
 * log p(x) = Σₖ [αₖ log1pmx(tₖ) + αₖ tₖ − log1p(tₖ) − ½ log mₖ] + (K−1)/2 log s − (K−1) ½ log 2π
 *            − Σₖ c(αₖ) + c(s)
 * H = ½ Σₖ log mₖ − (K−1)/2 log s + (K−1) ½ log 2π + Σₖ c(αₖ) − c(s) + (K−1)/2 − Σₖ 1/(2αₖ)
 *     + K/(2s) + Σₖ (αₖ − 1) r(αₖ) − (s − K) r(s)
 * ```
 *
 * @module
 * @internal
 */
import { tf } from '@aevb/core';
import type { Tensor } from '@aevb/core';
import { lgammaCorrection, log1pmx, log1pAccurate } from './special.js';

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/** r(a) = log a − 1/(2a) − ψ(a) = 1/(12a²) − 1/(120a⁴) + 1/(252a⁶) for a >= 8. */
function psiTail(a: Tensor): Tensor {
  const r2 = tf.reciprocal(tf.square(a));
  return tf.mul(r2, tf.add(1 / 12, tf.mul(r2, tf.add(-1 / 120, tf.mul(r2, 1 / 252)))));
}

/** Stable log Dirichlet density; alpha [..., K] (all >= 8), x [..., K]. @internal */
export function dirichletLogProbStirling(alpha: Tensor, x: Tensor): Tensor {
  return tf.tidy(() => {
    const k = alpha.shape[alpha.rank - 1] as number;
    const s = tf.sum(alpha, -1, true);
    const m = tf.div(alpha, s);
    const t = tf.div(tf.sub(x, m), m);
    const perK = tf.sub(
      tf.add(tf.mul(alpha, log1pmx(t)), tf.mul(alpha, t)),
      tf.add(log1pAccurate(t), tf.mul(0.5, tf.log(m))),
    );
    const s1 = tf.squeeze(s, [-1]);
    const consts = tf.sub(tf.mul(0.5 * (k - 1), tf.log(s1)), (k - 1) * HALF_LOG_2PI);
    const corr = tf.sub(lgammaCorrection(s1), tf.sum(lgammaCorrection(alpha), -1));
    return tf.add(tf.add(tf.sum(perK, -1), consts), corr);
  });
}

/** Stable Dirichlet entropy; alpha [..., K] (all >= 8). @internal */
export function dirichletEntropyStirling(alpha: Tensor): Tensor {
  return tf.tidy(() => {
    const k = alpha.shape[alpha.rank - 1] as number;
    const s = tf.sum(alpha, -1);
    const logM = tf.sub(tf.log(alpha), tf.expandDims(tf.log(s), -1));
    const a = tf.sub(tf.mul(0.5, tf.sum(logM, -1)), tf.mul(0.5 * (k - 1), tf.log(s)));
    const b = tf.add(tf.sub(tf.sum(lgammaCorrection(alpha), -1), lgammaCorrection(s)), (k - 1) * (HALF_LOG_2PI + 0.5));
    const c = tf.add(tf.neg(tf.sum(tf.div(0.5, alpha), -1)), tf.div(k / 2, s));
    const d = tf.sub(tf.sum(tf.mul(tf.sub(alpha, 1), psiTail(alpha)), -1), tf.mul(tf.sub(s, k), psiTail(s)));
    return tf.add(tf.add(a, b), tf.add(c, d));
  });
}
