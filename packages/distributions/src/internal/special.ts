/**
 * Special functions as TF.js ops, accurate in float32 over wide ranges (tested against SciPy):
 * lgamma, digamma, logBeta, softplusInverse, log1mexp, log1pmx. Defined for positive arguments
 * where noted (the distributions here only need those). All differentiable by autodiff. On the
 * cpu and wasm backends lgamma, digamma, logBeta, log1pmx and the Stirling correction run on the host
 * in float64 with their exact derivatives attached (host-op.ts): a few kernels instead of a hundred
 * or more.
 *
 * @module
 */
import { tf } from '@aevb/core';
import type { Tensor } from '@aevb/core';
import { hostBinary, hostUnary, onHost } from './host-op.js';
import { digamma64, lgamma64, log1pmx64, logBeta64, stirlingDerivative, trigamma64 } from './special64.js';

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);
/** Arguments below this are shifted up by the recurrences before the asymptotic series. */
const SHIFT = 8;

/**
 * Stirling correction lgamma(x) - [(x - 1/2) log x - x + log(2 pi)/2] for x >= 8:
 * 1/(12x) - 1/(360x^3) + 1/(1260x^5) (truncation error < 1e-10 at x = 8).
 *
 * @internal
 */
export function lgammaCorrection(x: Tensor): Tensor {
  if (onHost()) {
    const third = (): Tensor => {
      throw new Error('lgammaCorrection: third derivatives are not implemented');
    };
    return hostUnary(x, (v) => stirlingDerivative(v, 0), (t) => hostUnary(t, (v) => stirlingDerivative(v, 1), (u) => hostUnary(u, (v) => stirlingDerivative(v, 2), third)));
  }
  return tf.tidy(() => {
    const r = tf.reciprocal(x);
    const r2 = tf.square(r);
    return tf.mul(r, tf.add(1 / 12, tf.mul(r2, tf.add(-1 / 360, tf.mul(r2, 1 / 1260)))));
  });
}

/** sum_{k=0}^{SHIFT-1} log(x + k), computed as sums of logs (no overflow). */
function logRisingFactorial(x: Tensor): Tensor {
  let acc = tf.log(x);
  for (let k = 1; k < SHIFT; k++) acc = tf.add(acc, tf.log(tf.add(x, k)));
  return acc;
}

/**
 * log Gamma(x) for x > 0: recurrence lgamma(x) = lgamma(x + 8) - sum_{k<8} log(x + k) for x < 8,
 * then Stirling's series. Absolute error ~1e-6 near the roots x = 1, 2; relative ~1e-7 elsewhere.
 *
 * @category Special functions
 */
export function lgamma(x: Tensor): Tensor {
  if (onHost()) return hostUnary(x, lgamma64, digamma);
  return tf.tidy(() => {
    const small = tf.less(x, SHIFT);
    const y = tf.where(small, tf.add(x, SHIFT), x);
    const stirling = tf.add(
      tf.add(tf.sub(tf.mul(tf.sub(y, 0.5), tf.log(y)), y), HALF_LOG_2PI),
      lgammaCorrection(y),
    );
    const xs = tf.where(small, x, tf.onesLike(x)); // keep the unused branch finite
    return tf.where(small, tf.sub(stirling, logRisingFactorial(xs)), stirling);
  });
}

/**
 * The digamma function psi(x) = d/dx lgamma(x) for x > 0: recurrence psi(x) = psi(x + 8) -
 * sum_{k<8} 1/(x + k), then the asymptotic series log y - 1/(2y) - 1/(12y^2) + 1/(120y^4) - 1/(252y^6).
 *
 * @category Special functions
 */
export function digamma(x: Tensor): Tensor {
  if (onHost()) return hostUnary(x, digamma64, trigamma);
  return tf.tidy(() => {
    const small = tf.less(x, SHIFT);
    const y = tf.where(small, tf.add(x, SHIFT), x);
    const r = tf.reciprocal(y);
    const r2 = tf.square(r);
    const series = tf.mul(r2, tf.add(-1 / 12, tf.mul(r2, tf.add(1 / 120, tf.mul(r2, -1 / 252)))));
    const asym = tf.add(tf.sub(tf.log(y), tf.mul(0.5, r)), series);
    const xs = tf.where(small, x, tf.onesLike(x));
    let harmonic = tf.reciprocal(xs);
    for (let k = 1; k < SHIFT; k++) harmonic = tf.add(harmonic, tf.reciprocal(tf.add(xs, k)));
    return tf.where(small, tf.sub(asym, harmonic), asym);
  });
}

/** ψ'(x) on the host (the derivative of the host digamma; its own derivative is not implemented). */
function trigamma(x: Tensor): Tensor {
  return hostUnary(x, trigamma64, () => {
    throw new Error('digamma: the third derivative of lgamma (tetragamma) is not implemented');
  });
}

/**
 * log B(a, b) = lgamma(a) + lgamma(b) - lgamma(a + b) for a, b > 0, without the cancellation of
 * that formula: shift each argument below 8 by log B(a, b) = log B(a + 1, b) + log(a + b) - log a,
 * then (a - 1/2) log(a/s) + (b - 1/2) log(b/s) - log(s)/2 + log(2 pi)/2 + corrections, s = a + b.
 * Accurate for arguments from 1e-30 to 1e30.
 *
 * @category Special functions
 */
export function logBeta(a: Tensor, b: Tensor): Tensor {
  if (onHost()) {
    // d/da log B(a, b) = ψ(a) − ψ(a + b) (and symmetrically for b).
    return hostBinary(a, b, logBeta64, (x, y) => tf.sub(digamma(x), digamma(tf.add(x, y))), (x, y) => tf.sub(digamma(y), digamma(tf.add(x, y))));
  }
  return tf.tidy(() => {
    let x = tf.add(a, tf.zerosLike(b));
    let y = tf.add(b, tf.zerosLike(a));
    let acc = tf.zerosLike(x);
    for (const which of [0, 1]) {
      const v = which === 0 ? x : y;
      const other = which === 0 ? y : x;
      const small = tf.less(v, SHIFT);
      const vs = tf.where(small, v, tf.onesLike(v));
      let term = tf.zerosLike(v);
      for (let k = 0; k < SHIFT; k++) {
        term = tf.add(term, tf.sub(tf.log(tf.add(tf.add(vs, k), other)), tf.log(tf.add(vs, k))));
      }
      acc = tf.add(acc, tf.where(small, term, tf.zerosLike(term)));
      const shifted = tf.where(small, tf.add(v, SHIFT), v);
      if (which === 0) x = shifted;
      else y = shifted;
    }
    const s = tf.add(x, y);
    // (lo - 1/2) log(lo/s) + (hi - 1/2) log1p(-lo/s): log1p only of the small ratio, so hi/s ~ 1 is exact.
    const lo = tf.minimum(x, y);
    const hi = tf.maximum(x, y);
    const logS = tf.log(s);
    const big = tf.add(
      tf.add(tf.mul(tf.sub(lo, 0.5), tf.sub(tf.log(lo), logS)), tf.mul(tf.sub(hi, 0.5), log1pAccurate(tf.neg(tf.div(lo, s))))),
      tf.sub(HALF_LOG_2PI, tf.mul(0.5, logS)),
    );
    const corr = tf.sub(tf.add(lgammaCorrection(x), lgammaCorrection(y)), lgammaCorrection(s));
    return tf.add(tf.add(big, corr), acc);
  });
}

/**
 * The inverse of softplus: x = log(expm1(y)) = y + log(-expm1(-y)) for y > 0, stable for tiny and
 * huge y.
 *
 * @category Special functions
 */
export function softplusInverse(y: Tensor): Tensor {
  return tf.tidy(() => tf.add(y, tf.log(tf.neg(tf.expm1(tf.neg(y))))));
}

/**
 * log(1 - exp(x)) for x <= 0: log(-expm1(x)) for x > -log 2, else log1p(-exp(x)) (Mächler 2012).
 *
 * @category Special functions
 */
export function log1mexp(x: Tensor): Tensor {
  return tf.tidy(() =>
    tf.where(tf.greater(x, -Math.LN2), tf.log(tf.neg(tf.expm1(x))), tf.log1p(tf.neg(tf.exp(x)))),
  );
}

/**
 * log(1 + x) - x for x > -1, by its series -x^2/2 + x^3/3 - ... (9 terms) for |x| < 0.1 and directly
 * otherwise, so relative accuracy holds near 0.
 *
 * @category Special functions
 */
export function log1pmx(x: Tensor): Tensor {
  // d/dx [log(1 + x) − x] = −x / (1 + x)
  if (onHost()) return hostUnary(x, log1pmx64, (t) => tf.neg(tf.div(t, tf.add(1, t))));
  return tf.tidy(() => {
    const small = tf.less(tf.abs(x), 0.1);
    const xs = tf.where(small, x, tf.zerosLike(x));
    let series = tf.zerosLike(x);
    for (let k = 10; k >= 2; k--) series = tf.mul(xs, tf.add(series, (k % 2 === 0 ? -1 : 1) / k));
    return tf.where(small, tf.mul(series, xs), tf.sub(tf.log1p(x), x));
  });
}

/**
 * x · log(y) with 0 · log(0) = 0 (e.g. (α − 1) log x at α = 1, x = 0).
 *
 * @category Special functions
 */
export function xlogy(x: Tensor, y: Tensor): Tensor {
  return tf.tidy(() => {
    const xb = tf.add(x, tf.zerosLike(y));
    const yb = tf.add(y, tf.zerosLike(x));
    const zero = tf.equal(xb, 0);
    return tf.where(zero, tf.zerosLike(xb), tf.mul(xb, tf.log(tf.where(zero, tf.onesLike(yb), yb))));
  });
}

/**
 * log(1 + x) accurate to float32 rounding for all x > -1, by Goldberg's trick
 * u = 1 + x, log1p(x) = log(u) · x / (u − 1) (x when u rounds to 1); tfjs's log1p computes
 * log(1 + x) directly and loses the low bits of small x.
 *
 * @category Special functions
 */
export function log1pAccurate(x: Tensor): Tensor {
  return tf.tidy(() => {
    const u = tf.add(1, x);
    const um1 = tf.sub(u, 1);
    const same = tf.equal(um1, 0);
    const safe = tf.where(same, tf.onesLike(um1), um1);
    return tf.where(same, x, tf.div(tf.mul(tf.log(u), x), safe));
  });
}

/**
 * ψ(s) − ψ(x) for s >= x > 0 without cancellation when x is large: for x >= 8,
 * log1p((s − x)/x) − 1/(2s) + 1/(2x) − r(s) + r(x) with r the asymptotic tail of ψ.
 *
 * @category Special functions
 */
export function digammaDifference(s: Tensor, x: Tensor): Tensor {
  return tf.tidy(() => {
    const big = tf.greaterEqual(x, SHIFT);
    const xb = tf.where(big, x, tf.fill(x.shape, SHIFT));
    const sb = tf.maximum(s, xb);
    const tail = (v: Tensor): Tensor => {
      const r2 = tf.reciprocal(tf.square(v));
      return tf.add(tf.div(0.5, v), tf.mul(r2, tf.add(1 / 12, tf.mul(r2, tf.add(-1 / 120, tf.mul(r2, 1 / 252))))));
    };
    const asym = tf.add(log1pAccurate(tf.div(tf.sub(sb, xb), xb)), tf.sub(tail(xb), tail(sb)));
    return tf.where(big, asym, tf.sub(digamma(s), digamma(x)));
  });
}
