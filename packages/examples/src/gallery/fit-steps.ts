/**
 * The fitting loop shared by the gallery and the tail statistics its tolerances come from.
 *
 * @module
 */
import type { LatentSpec, Model } from '@aevb/core';
import { Adam, SVI, autoMultivariateNormal, cosineDecay, monteCarloElbo, type Batch } from '@aevb/inference';
import type { GalleryRunOptions, SummaryRow } from './types.js';

/** An estimate with its standard error. @category Gallery */
export interface Estimate {
  /** The estimate. */
  readonly mean: number;
  /** Its standard error. */
  readonly se: number;
}

/** What {@link runSteps} returns. @category Gallery */
export interface StepsResult {
  /** Mean bound per datapoint over the last tenth of the steps (finite values only). */
  readonly elbo: number;
  /** The recorded numbers at every step of the tail: `tail[k][i]` is quantity k at the i-th tail step. */
  readonly tail: readonly (readonly number[])[];
  /** Bound per datapoint of every step. */
  readonly trace: readonly number[];
}

/**
 * Runs `steps` SVI steps (full batch, or minibatches when `batch` returns a `dataSize`),
 * reporting progress, and records the numbers `record` returns at every step of the last
 * `tailFraction` of the run (default 0.4): the iterates whose average is reported and whose
 * spread gives its standard error (see {@link batchMeans}).
 *
 * @category Gallery
 */
export async function runSteps<L extends LatentSpec, D extends Batch>(
  svi: SVI<L, D>,
  steps: number,
  batch: (step: number) => { readonly data: D; readonly dataSize?: number; readonly dispose?: boolean },
  options: GalleryRunOptions = {},
  record?: () => readonly number[],
  tailFraction = 0.5,
): Promise<StepsResult> {
  const tail: number[][] = [];
  const trace: number[] = [];
  const tailStart = Math.floor(steps * (1 - tailFraction));
  for (let i = 1; i <= steps; i++) {
    const b = batch(i);
    const r = await svi.step(b.data, b.dataSize);
    if (b.dispose === true) disposeData(b.data);
    trace.push(r.elbo);
    if (record !== undefined && i > tailStart) {
      record().forEach((v, k) => (tail[k] ??= []).push(v));
    }
    options.onStep?.(i, steps, r.elbo);
  }
  const last = trace.slice(Math.floor(steps * 0.9)).filter(Number.isFinite);
  return { elbo: mean(last), tail, trace };
}

/**
 * The average of a (correlated) sequence of iterates and its standard error by the method of
 * batch means: the sequence is cut into `batches` consecutive blocks, and
 *
 * ```text
 * SE = sd(block means) / sqrt(batches)
 * ```
 *
 * which stays valid under autocorrelation as long as a block is longer than the correlation
 * time (a slow drift of the iterates only inflates it, which errs on the safe side).
 *
 * @category Gallery
 */
export function batchMeans(xs: readonly number[], batches = 5): Estimate {
  const len = Math.floor(xs.length / batches);
  if (len < 1) return { mean: mean(xs), se: Number.POSITIVE_INFINITY };
  const means = Array.from({ length: batches }, (_, b) => mean(xs.slice(b * len, (b + 1) * len)));
  const m = mean(means);
  const v = means.reduce((s, x) => s + (x - m) ** 2, 0) / (batches - 1);
  return { mean: m, se: Math.sqrt(v / batches) };
}

/**
 * A derived quantity f(θ) of the averaged iterates with its standard error (batch means with
 * the delta method): the tail is cut into `batches` blocks, each block's parameters are averaged
 * first and f is applied to the block averages, so
 *
 * ```text
 * estimate = f(θ̄)        SE = sd(f(θ̄_1), …, f(θ̄_B)) / sqrt(B)
 * ```
 *
 * Averaging parameters before applying f matters: the average of f over jittering iterates
 * carries a bias ½ f''·Var(jitter) (e.g. the average of L Lᵀ adds the iterates' covariance to the
 * posterior covariance), while f of the average does not at first order. Record the parameters
 * in their unconstrained form (log scale, logit, …) and apply the transform in f.
 *
 * @category Gallery
 */
export function derived(tail: readonly (readonly number[])[], f: (v: readonly number[]) => number, batches = 5): Estimate {
  const n = tail[0]?.length ?? 0;
  const len = Math.floor(n / batches);
  if (len < 1) return { mean: f(tail.map((s) => mean(s))), se: Number.POSITIVE_INFINITY };
  const values = Array.from({ length: batches }, (_, b) => f(tail.map((s) => mean(s.slice(b * len, (b + 1) * len)))));
  const m = mean(values);
  const v = values.reduce((acc, x) => acc + (x - m) ** 2, 0) / (batches - 1);
  return { mean: f(tail.map((s) => mean(s.slice(0, batches * len)))), se: Math.sqrt(v / batches) };
}

/**
 * A summary row whose fitted value is the tail average of `f` over the iterates, with its
 * batch-means standard error.
 *
 * @category Gallery
 */
export function tailRow(quantity: string, known: number, tail: readonly (readonly number[])[], f: (v: readonly number[]) => number): SummaryRow {
  const e = derived(tail, f);
  return { quantity, known, fitted: e.mean, se: e.se };
}

/**
 * A summary row from R independent fits (different seeds): each fit's tail-averaged parameters
 * give f_r = f(θ̄_r), and
 *
 * ```text
 * estimate = mean_r f_r        SE = sd_r(f_r) / sqrt(R)
 * ```
 *
 * Unlike batch means within one run, this SE also covers slow modes of the optimizer (an
 * offset along a flat ridge that a decaying step freezes in place differs from seed to seed).
 *
 * @category Gallery
 */
export function replicateRow(quantity: string, known: number, tails: readonly (readonly (readonly number[])[])[], f: (v: readonly number[]) => number): SummaryRow {
  const values = tails.map((t) => f(t.map((s) => mean(s))));
  const m = mean(values);
  const v = values.reduce((acc, x) => acc + (x - m) ** 2, 0) / Math.max(1, values.length - 1);
  return { quantity, known, fitted: m, se: values.length > 1 ? Math.sqrt(v / values.length) : Number.POSITIVE_INFINITY };
}

/** A row's difference from its known value and the tolerance it is tested against. @category Gallery */
export interface Tolerance {
  /** |fitted − known|. */
  readonly difference: number;
  /** 4·SE + 1e-5·|known| + bias. */
  readonly tolerance: number;
}

/**
 * The test tolerance of a row: `4·SE + 1e-5·|known| + bias`, where `bias` is a known
 * variational-family bias (0 when the family contains the exact posterior) and 1e-5 relative
 * covers float32 rounding. Returns the tolerance and the absolute difference.
 *
 * @category Gallery
 */
export function seTolerance(row: SummaryRow, bias = 0): Tolerance {
  return { difference: Math.abs(row.fitted - row.known), tolerance: 4 * (row.se ?? Number.NaN) + 1e-5 * Math.abs(row.known) + bias };
}

/**
 * The full-rank guide's parameters as numbers for the tail: `loc` (D) then the lower triangle of
 * the Cholesky factor row by row, its diagonal as log L_ii (the unconstrained-like form whose
 * average is unbiased at first order; see {@link derived}).
 *
 * @category Gallery
 */
export function mvnParameters(loc: ArrayLike<number>, scaleTril: ArrayLike<number>, d: number): number[] {
  const out = Array.from(loc);
  for (let i = 0; i < d; i++) for (let j = 0; j <= i; j++) out.push(i === j ? Math.log(scaleTril[i * d + j] as number) : (scaleTril[i * d + j] as number));
  return out;
}

/** The covariance L Lᵀ from a {@link mvnParameters} vector. @category Gallery */
export function mvnCovariance(v: readonly number[], d: number): number[][] {
  const l = Array.from({ length: d }, () => new Array<number>(d).fill(0));
  let k = d;
  for (let i = 0; i < d; i++) for (let j = 0; j <= i; j++) l[i]![j] = i === j ? Math.exp(v[k++] as number) : (v[k++] as number);
  return l.map((ri) => l.map((rj) => ri.reduce((s, x, m) => s + x * (rj[m] as number), 0)));
}

/**
 * Frees what a fit holds: the SVI's parameters and its optimizer's state (call it once the
 * fitted values have been read; a gallery run leaves no tensor behind).
 *
 * @example
 * ```ts
 * import { disposeSvi } from '@aevb/examples';
 * disposeSvi(svi);
 * ```
 * @category Gallery
 */
export function disposeSvi<L extends LatentSpec, D extends Batch>(svi: SVI<L, D>): void {
  svi.params.clear();
  svi.optimizer.dispose();
}

function disposeData(d: Batch): void {
  if ('dispose' in d && typeof d.dispose === 'function') d.dispose();
  else for (const t of Object.values(d)) t.dispose();
}

/** Mean of numbers. @category Gallery */
export function mean(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
}

/**
 * Fits `model` with a full-rank guide `replicates` times (independent seeds, a shared step budget:
 * cosine-decayed Adam, Monte Carlo ELBO) and returns each fit's tail of MVN parameters
 * (`mvnParameters`: loc and the Cholesky factor with log diagonal), for {@link replicateRow}.
 *
 * @category Gallery
 */
export async function replicatedMvnTails<L extends LatentSpec, D extends Batch>(
  model: Model<L, readonly [D], unknown>,
  data: D,
  d: number,
  totalSteps: number,
  replicates: number,
  options: GalleryRunOptions = {},
): Promise<(readonly (readonly number[])[])[]> {
  const steps = Math.ceil(totalSteps / replicates);
  const tails: (readonly (readonly number[])[])[] = [];
  for (let r = 0; r < replicates; r++) {
    const svi = new SVI({
      model,
      guide: autoMultivariateNormal(model, { initLoc: 'zero', initScale: 0.3 }),
      optimizer: new Adam({ learningRate: cosineDecay({ initial: 0.1, decaySteps: steps, alpha: 0.2 }), beta2: 0.95 }),
      objective: monteCarloElbo(),
      seed: (options.seed ?? 0) * 1000 + r,
    });
    const onStep = options.onStep;
    const progress = onStep === undefined ? {} : { onStep: (i: number, _n: number, elbo: number) => onStep(r * steps + i, replicates * steps, elbo) };
    const { tail } = await runSteps(svi, steps, () => ({ data }), progress, () =>
      mvnParameters(svi.params.read('autoMvn/loc'), svi.params.read('autoMvn/scaleTril'), d),
    );
    tails.push(tail);
    disposeSvi(svi);
  }
  return tails;
}
