/**
 * Diagonal mass-matrix adaptation in warmup windows (Stan's schedule): a fast initial buffer, slow
 * windows doubling in length whose sample variances become M⁻¹, and a fast terminal buffer.
 *
 * @module
 */

/**
 * The slow windows `[start, end)` of a warmup of `warmup` iterations. Stan's defaults: an initial
 * buffer of 75 iterations, a first window of 25 doubling each time (the last one stretched to the
 * terminal buffer), and a terminal buffer of 50; when these do not fit, 15% / 75% / 10% of the
 * warmup. Fewer than 20 warmup iterations: no windows (the step size still adapts).
 *
 * @example
 * ```ts
 * adaptationWindows(1000); // [[75, 100], [100, 150], [150, 250], [250, 450], [450, 950]]
 * ```
 * @category MCMC
 */
export function adaptationWindows(warmup: number): Array<readonly [number, number]> {
  if (warmup < 20) return [];
  let init = 75;
  let term = 50;
  let base = 25;
  if (init + base + term > warmup) {
    init = Math.floor(0.15 * warmup);
    term = Math.floor(0.1 * warmup);
    base = warmup - init - term;
  }
  const windows: Array<readonly [number, number]> = [];
  const last = warmup - term;
  let start = init;
  let size = base;
  while (start < last) {
    let end = start + size;
    if (end + 2 * size > last) end = last;
    windows.push([start, end]);
    start = end;
    size *= 2;
  }
  return windows;
}

/**
 * Running per-coordinate variance (Welford), regularized towards 1e-3 as in Stan:
 * `M⁻¹ = n/(n+5) · var + 1e-3 · 5/(n+5)`.
 *
 * @internal
 */
export class WelfordVariance {
  private n = 0;
  private readonly mean: Float64Array;
  private readonly m2: Float64Array;

  constructor(dim: number) {
    this.mean = new Float64Array(dim);
    this.m2 = new Float64Array(dim);
  }

  add(x: Float64Array): void {
    this.n++;
    for (let i = 0; i < x.length; i++) {
      const d = (x[i] as number) - (this.mean[i] as number);
      this.mean[i] = (this.mean[i] as number) + d / this.n;
      this.m2[i] = (this.m2[i] as number) + d * ((x[i] as number) - (this.mean[i] as number));
    }
  }

  /** The regularized variance, then a fresh start. */
  takeInverseMass(): Float64Array {
    const n = this.n;
    const out = new Float64Array(this.mean.length);
    for (let i = 0; i < out.length; i++) {
      const v = n > 1 ? (this.m2[i] as number) / (n - 1) : 1;
      out[i] = (n / (n + 5)) * v + 1e-3 * (5 / (n + 5));
    }
    this.n = 0;
    this.mean.fill(0);
    this.m2.fill(0);
    return out;
  }
}
