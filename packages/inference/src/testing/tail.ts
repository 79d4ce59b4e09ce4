// Tail statistics of stochastic-gradient fits for the correctness tests: the average of the
// iterates over the last part of a run and its standard error by batch means.

/** An estimate with its standard error. */
export interface Estimate {
  readonly mean: number;
  readonly se: number;
}

const avg = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

/**
 * The average of correlated iterates with its batch-means standard error: the sequence is cut
 * into `batches` consecutive blocks and SE = sd(block means) / sqrt(batches). Valid when a block
 * is longer than the correlation time; a residual drift only inflates it.
 */
export function batchMeans(xs: readonly number[], batches = 8): Estimate {
  const len = Math.floor(xs.length / batches);
  if (len < 1) return { mean: avg(xs), se: Number.POSITIVE_INFINITY };
  const means = Array.from({ length: batches }, (_, b) => avg(xs.slice(b * len, (b + 1) * len)));
  const m = avg(means);
  return { mean: m, se: Math.sqrt(means.reduce((s, x) => s + (x - m) ** 2, 0) / (batches - 1) / batches) };
}

/** Mean and standard error of independent replicates. */
export function replicates(xs: readonly number[]): Estimate {
  const m = avg(xs);
  return { mean: m, se: Math.sqrt(xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1) / xs.length) };
}

/**
 * Records `read()` (a vector of numbers) after each of the last `tail` of `total` calls of
 * `step`, and returns one batch-means estimate per coordinate.
 */
export async function tailEstimates(total: number, tail: number, step: (i: number) => Promise<unknown>, read: () => readonly number[]): Promise<Estimate[]> {
  const rows: number[][] = [];
  for (let i = 0; i < total; i++) {
    await step(i);
    if (i >= total - tail) read().forEach((v, k) => (rows[k] ??= []).push(v));
  }
  return rows.map((r) => batchMeans(r));
}

/**
 * The average of a correlated sequence with its standard error from the integrated
 * autocorrelation time (Geyer's initial monotone sequence estimator, as MCMC's effective sample
 * size): SE = sd · sqrt(τ / n), τ = 1 + 2 Σ ρ_k summed over pairs (ρ_2m + ρ_2m+1) while positive
 * and made monotone.
 */
export function autocorrelated(xs: readonly number[]): Estimate & { readonly tau: number } {
  const n = xs.length;
  const m = avg(xs);
  const c = (k: number): number => {
    let s = 0;
    for (let i = 0; i + k < n; i++) s += ((xs[i] as number) - m) * ((xs[i + k] as number) - m);
    return s / n;
  };
  const c0 = c(0);
  if (c0 === 0) return { mean: m, se: 0, tau: 1 };
  let tau = -1;
  let prev = Number.POSITIVE_INFINITY;
  for (let k = 0; 2 * k + 1 < n; k++) {
    const pair = (c(2 * k) + c(2 * k + 1)) / c0;
    if (pair <= 0) break;
    const p = Math.min(pair, prev);
    tau += 2 * p;
    prev = p;
  }
  tau = Math.max(tau, 1 / n);
  return { mean: m, se: Math.sqrt((c0 * tau) / n), tau };
}
