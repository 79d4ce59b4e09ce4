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
