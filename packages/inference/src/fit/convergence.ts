/**
 * Whether a fit's bound was still rising when it stopped: the last tenth of the steps against
 * the tenth before it, with standard errors from batch means (the per-step bounds are noisy and
 * correlated along the optimizer's path).
 *
 * @module
 */
import { ArgumentError } from '@aevb/core';

/** The outcome of {@link convergenceCheck}. @category Fitting */
export interface ConvergenceCheck {
  /** The bound rose by more than `threshold` standard errors between the two windows: fitting longer would help. */
  readonly rising: boolean;
  /** Mean per-step bound of the last window minus that of the window before it (nats per datapoint). */
  readonly change: number;
  /** Standard error of `change` (batch means about a line: each window in {@link CONVERGENCE_BATCHES} batches). */
  readonly standardError: number;
  /** Steps per window. */
  readonly window: number;
}

/** Batches per window for the batch-means standard error. @category Fitting */
export const CONVERGENCE_BATCHES = 10;

/** Fewest finite step bounds {@link convergenceCheck} judges (two windows of 50 steps). @category Fitting */
export const CONVERGENCE_MIN_STEPS = 100;

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

/**
 * Mean and squared standard error of a window's mean, from the means of its batches about a
 * least-squares line through them: a trend inside the window is not mistaken for noise.
 */
function windowStats(xs: readonly number[]): { readonly mean: number; readonly se2: number } {
  const b = CONVERGENCE_BATCHES;
  const size = xs.length / b;
  const means = Array.from({ length: b }, (_, k) => mean(xs.slice(k * size, (k + 1) * size)));
  const m = mean(means);
  const c = (b - 1) / 2;
  let sxy = 0;
  let sxx = 0;
  means.forEach((y, k) => ((sxy += (k - c) * (y - m)), (sxx += (k - c) ** 2)));
  const slope = sxy / sxx;
  const rss = means.reduce((a, y, k) => a + (y - m - slope * (k - c)) ** 2, 0);
  return { mean: m, se2: rss / (b - 2) / b };
}

/**
 * Compares the mean bound of the last `max(50, ⌊n/10⌋)` finite step bounds (rounded down to a
 * multiple of 10) with the window before it; `rising` when the rise exceeds `threshold`
 * standard errors (default 4). The standard errors come from 10 batch means per window about a
 * fitted line (8 degrees of freedom each). Simulated false alarms on a flat bound: 0.05% with
 * independent step noise; with strongly correlated noise (AR(1), φ = 0.9) 6–7% up to 500 steps,
 * 2% at 1,000 and 0.1% at 5,000, as the batches outgrow the correlation time. Non-finite
 * entries (rejected steps) are skipped. `undefined` with fewer than
 * {@link CONVERGENCE_MIN_STEPS} finite bounds.
 *
 * ```text
 * change = mean(last window) − mean(previous window)
 * SE²    = Σ_windows RSS(batch means about a line) / ((B − 2) B),   rising ⇔ change > threshold · SE
 * ```
 *
 * @example
 * ```ts
 * const history = await fit(svi, { data: x, batchSize: 100, epochs: 5 });
 * if (history.convergence?.rising) console.warn(`still rising by ${history.convergence.change.toFixed(2)} nats: fit longer`);
 * ```
 * @throws ArgumentError naming `threshold` when it is not positive
 * @category Fitting
 */
export function convergenceCheck(stepBounds: readonly number[], threshold = 4): ConvergenceCheck | undefined {
  if (!(threshold > 0)) throw new ArgumentError('convergenceCheck', 'threshold', `must be positive, got ${threshold}`);
  const xs = stepBounds.filter(Number.isFinite);
  if (xs.length < CONVERGENCE_MIN_STEPS) return undefined;
  // A multiple of the batch count, so that every step of a window is in one of its batches.
  const window = CONVERGENCE_BATCHES * Math.floor(Math.max(50, Math.floor(xs.length / 10)) / CONVERGENCE_BATCHES);
  const last = windowStats(xs.slice(xs.length - window));
  const previous = windowStats(xs.slice(xs.length - 2 * window, xs.length - window));
  const change = last.mean - previous.mean;
  const standardError = Math.sqrt(last.se2 + previous.se2);
  // An exact objective has no noise: any rise beyond rounding counts.
  const rising = standardError > 0 ? change > threshold * standardError : change > 1e-9 * Math.max(1, Math.abs(last.mean));
  return { rising, change, standardError, window };
}
