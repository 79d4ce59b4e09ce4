/**
 * Float64 (plain JS) lgamma, digamma, trigamma, log B and ψ differences: the scalar kernels of the
 * host path of `lgamma`, `digamma` and `logBeta` (see host-op.ts), evaluated on values read from
 * cpu/wasm memory. The same recurrences and asymptotic series as the tensor versions in
 * special.ts, with more terms (float64 accuracy ~1e-14 relative away from the roots of lgamma).
 *
 * @module
 * @internal
 */
import { digamma64 } from './igamma64.js';

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);
/** Arguments below this are shifted up by the recurrences before the asymptotic series. */
const SHIFT = 10;

export { digamma64 };

/** Coefficients of Stirling's series c(a) = Σₖ Cₖ a^−(2k+1). */
const STIRLING = [1 / 12, -1 / 360, 1 / 1260, -1 / 1680, 1 / 1188];

/** lgamma(a) − [(a − ½) log a − a + ½ log 2π] for a >= 8 (Stirling's series, 5 terms). @internal */
export function lgammaCorrection64(a: number): number {
  return stirlingDerivative(a, 0);
}

/** The `order`-th derivative (0, 1 or 2) of the Stirling correction c(a), a >= 8. @internal */
export function stirlingDerivative(a: number, order: 0 | 1 | 2): number {
  const r = 1 / a;
  let acc = 0;
  STIRLING.forEach((c, k) => {
    const p = 2 * k + 1; // c a^-p; d/da: -p c a^-(p+1); d²/da²: p (p+1) c a^-(p+2)
    acc += order === 0 ? c * r ** p : order === 1 ? -p * c * r ** (p + 1) : p * (p + 1) * c * r ** (p + 2);
  });
  return acc;
}

/**
 * log(1 + x) − x for x > −1: its series −x²/2 + x³/3 − … for |x| < 0.1 (24 terms, float64 accurate),
 * else directly.
 *
 * @internal
 */
export function log1pmx64(x: number): number {
  if (Math.abs(x) >= 0.1) return Math.log1p(x) - x;
  let sum = 0;
  for (let k = 25; k >= 2; k--) sum = x * (sum + (k % 2 === 0 ? -1 : 1) / k);
  return sum * x;
}

/** log Γ(x) for x > 0 (NaN below 0, +∞ at 0). @internal */
export function lgamma64(x: number): number {
  if (Number.isNaN(x) || x < 0) return Number.NaN;
  let shift = 0;
  let y = x;
  while (y < SHIFT) {
    shift += Math.log(y);
    y += 1;
  }
  return (y - 0.5) * Math.log(y) - y + HALF_LOG_2PI + lgammaCorrection64(y) - shift;
}

/** ψ'(x) for x > 0: recurrence to x >= 10, then 1/x + 1/(2x²) + Σ B₂ₖ / x^(2k+1). @internal */
export function trigamma64(x: number): number {
  if (Number.isNaN(x) || x < 0) return Number.NaN;
  let acc = 0;
  while (x < SHIFT) {
    acc += 1 / (x * x);
    x += 1;
  }
  const r = 1 / x;
  const r2 = r * r;
  return acc + r + 0.5 * r2 + r * r2 * (1 / 6 + r2 * (-1 / 30 + r2 * (1 / 42 + r2 * (-1 / 30 + (r2 * 5) / 66))));
}

/** r(a) = log a − 1/(2a) − ψ(a) for a >= 10. */
function psiTail64(a: number): number {
  const r2 = 1 / (a * a);
  return r2 * (1 / 12 + r2 * (-1 / 120 + r2 * (1 / 252 + r2 * (-1 / 240))));
}

/** ψ(s) − ψ(x) for s >= x > 0, without cancellation when both are large. @internal */
export function digammaDifference64(s: number, x: number): number {
  if (x < SHIFT) return digamma64(s) - digamma64(x);
  return Math.log1p((s - x) / x) - 0.5 / s + 0.5 / x - psiTail64(s) + psiTail64(x);
}

/**
 * log B(a, b) for a, b > 0 without the cancellation of lgamma(a) + lgamma(b) − lgamma(a + b):
 * arguments below 10 are shifted up (log B(a, b) = log B(a + 1, b) + log((a + b)/a)), then
 * (lo − ½) log(lo/s) + (hi − ½) log1p(−lo/s) − ½ log s + ½ log 2π + corrections, s = a + b.
 *
 * @internal
 */
export function logBeta64(a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b) || a < 0 || b < 0) return Number.NaN;
  let acc = 0;
  while (a < SHIFT) {
    acc += Math.log1p(b / a);
    a += 1;
  }
  while (b < SHIFT) {
    acc += Math.log1p(a / b);
    b += 1;
  }
  const s = a + b;
  const lo = Math.min(a, b);
  const hi = Math.max(a, b);
  const big = (lo - 0.5) * Math.log(lo / s) + (hi - 0.5) * Math.log1p(-lo / s) - 0.5 * Math.log(s) + HALF_LOG_2PI;
  return big + lgammaCorrection64(a) + lgammaCorrection64(b) - lgammaCorrection64(s) + acc;
}
