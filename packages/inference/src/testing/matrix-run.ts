// What each cell of the correctness matrix checks, with the tolerances' derivations.
import { tf, type Tensor } from '@aevb/core';
import { Adam, SVI, evaluateBound, fit, logMarginal, permutation, takeRows, type Batch } from '../index.js';
import type { ModelCase, ObjectiveName, ParamValues } from './matrix-cases.js';
import { OBJECTIVES } from './matrix-cases.js';
import { autocorrelated, replicates, type Estimate } from './tail.js';

/** Sets parameters from their constrained values (through each parameter's transform). */
export function assignConstrained(svi: SVI<never, Batch>, params: ParamValues): void {
  for (const [name, value] of Object.entries(params)) {
    const e = svi.params.entry(name);
    tf.tidy(() => {
      const v = tf.tensor(value as number[], e.variable.shape);
      svi.params.assignUnconstrained(name, e.transform === undefined ? v : e.transform.inverse(v));
    });
  }
}

/** The rows `fit` gives step `s` (0-based): shuffled per epoch when minibatching and shuffling. */
export function fitRows(n: number, m: number, shuffle: boolean, seed: number, s: number): Int32Array {
  const perEpoch = Math.floor(n / m);
  const epoch = Math.floor(s / perEpoch);
  const b = s % perEpoch;
  const order = m < n && shuffle ? permutation(n, (seed * 7919 + epoch) >>> 0) : Int32Array.from({ length: n }, (_, i) => i);
  return order.slice(b * m, (b + 1) * m);
}

/** The convergence fits: steps at a constant learning rate, of which the last half is averaged. */
export const FIT_STEPS = 2400;
export const FIT_RATE = 0.05;

/** An SVI for one cell. Its optimizer matters only for the convergence fits (see {@link fitTail}). */
export function cellSvi(c: ModelCase, guideIndex: number, objective: ObjectiveName, plate: string, seed: number): SVI<never, Batch> {
  const model = c.build(plate);
  const g = c.guides[guideIndex];
  if (g === undefined) throw new Error(`no guide ${guideIndex}`);
  return new SVI({ model: model as never, guide: g.make(model) as never, objective: OBJECTIVES[objective](), optimizer: new Adam({ learningRate: FIT_RATE }), seed });
}

/** The first rows `fit` would step on, as `fit` initializes from them. */
export async function initLikeFit(svi: SVI<never, Batch>, data: Batch, n: number, m: number): Promise<void> {
  const rows = Int32Array.from({ length: m }, (_, i) => i);
  const first = takeRows(data, tf.tensor1d(rows, 'int32'));
  try {
    await svi.init(first, m < n ? { dataSize: n, indices: rows } : undefined);
  } finally {
    for (const t of first instanceof tf.Tensor ? [first] : Object.values(first)) t.dispose();
  }
}

/** The gradient of the step's loss (−surrogate / N) for the rows of step `s`, flattened per parameter. */
function stepGradient(svi: SVI<never, Batch>, data: Batch, n: number, rows: Int32Array): Float64Array {
  const idx = tf.tensor1d(rows, 'int32');
  const batch = takeRows(data, idx);
  idx.dispose();
  const pair = svi.bind(batch, rows.length < n ? { dataSize: n, indices: rows } : undefined);
  try {
    const vars = svi.params.variables();
    const names = Object.keys(vars).sort();
    const { value, grads } = tf.variableGrads(() => tf.div(tf.neg(svi.objective.evaluate(pair.model, pair.guide, [batch] as const).surrogate), n) as tf.Scalar, names.map((k) => vars[k] as tf.Variable));
    const parts = names.map((k) => (grads[(vars[k] as tf.Variable).name] as Tensor | undefined)?.dataSync() ?? new Float32Array((vars[k] as tf.Variable).size));
    tf.dispose([value, ...Object.values(grads)]);
    const out = new Float64Array(parts.reduce((a, p) => a + p.length, 0));
    let at = 0;
    for (const p of parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  } finally {
    pair.dispose();
    for (const t of batch instanceof tf.Tensor ? [batch] : Object.values(batch)) t.dispose();
  }
}

/**
 * Stationarity of the objective, as `fit` steps on it, at the closed-form optimum: the mean of
 * `draws` gradients (fresh minibatches and noise each, as successive steps draw them) must be 0
 * within `z` standard errors in every coordinate. Draws are independent or (rows of one epoch)
 * drawn without replacement, which only lowers the variance of the mean: the SE from the sample
 * variance is conservative. Returns the largest |z| and where.
 */
export function stationarity(svi: SVI<never, Batch>, data: Batch, n: number, m: number, shuffle: boolean, seed: number, draws: number): { worst: number; at: number } {
  let sum: Float64Array | undefined;
  let sq: Float64Array | undefined;
  for (let s = 0; s < draws; s++) {
    const g = stepGradient(svi, data, n, fitRows(n, m, shuffle, seed, s));
    sum ??= new Float64Array(g.length);
    sq ??= new Float64Array(g.length);
    for (let i = 0; i < g.length; i++) {
      sum[i] = (sum[i] as number) + (g[i] as number);
      sq[i] = (sq[i] as number) + (g[i] as number) ** 2;
    }
  }
  let worst = 0;
  let at = -1;
  (sum ?? []).forEach((total, i) => {
    const mean = total / draws;
    const variance = Math.max(0, ((sq as Float64Array)[i] as number) / draws - mean * mean) * (draws / (draws - 1));
    const se = Math.sqrt(variance / draws);
    // Gradients are float32: a mean below 2e-5 is zero to their precision (a point mass at its
    // optimum has gradients of rounding size only, whose "SE" says nothing).
    const z = Math.abs(mean) < 2e-5 ? 0 : se === 0 ? Number.POSITIVE_INFINITY : Math.abs(mean) / se;
    if (z > worst) [worst, at] = [z, i];
  });
  return { worst, at };
}

/**
 * `evaluateBound` on the whole data set in one batch and in batches of 1: each is an unbiased
 * estimate of the same bound, so their difference must be within 4 SE (SE from 6 replicates each).
 */
export async function evaluationAgrees(svi: SVI<never, Batch>, data: Batch, n: number): Promise<{ whole: { mean: number; se: number }; ones: { mean: number; se: number } }> {
  const whole: number[] = [];
  const ones: number[] = [];
  for (let r = 0; r < 6; r++) {
    whole.push(await evaluateBound(svi, data, n, 4));
    ones.push(await evaluateBound(svi, data, 1, 4));
  }
  return { whole: replicates(whole), ones: replicates(ones) };
}

/** logMarginal's estimate with its standard error, and the exact log evidence. */
export async function logMarginalAt(svi: SVI<never, Batch>, data: Batch): Promise<{ total: number; se: number }> {
  const r = await logMarginal(svi, data, { particles: 1000, chunk: 500 });
  return { total: r.total, se: r.standardError };
}

/**
 * A real fit through `fit` from the guide's default initialization (minibatches of N/2,
 * shuffled), Adam at a constant 0.05 for 2,400 steps: the average of each parameter's
 * unconstrained iterates (what the optimizer moves) over the last 1,200 steps, with the Monte
 * Carlo SE of a correlated sequence (Geyer's autocorrelation time, as MCMC's ESS; the iterates
 * decorrelate in 30–90 steps here, so the tail holds 15–40 effective samples). At this rate the
 * stationary offset of the iterates' mean (O(rate)) is below that SE: z-scores over seeds were
 * centred with unit spread when this was written.
 */
export async function fitTail(svi: SVI<never, Batch>, data: Batch, n: number, names: readonly string[]): Promise<Map<string, Estimate[]>> {
  const rows = new Map<string, number[][]>(names.map((k) => [k, []]));
  let i = 0;
  await fit(svi, {
    data,
    batchSize: n / 2,
    epochs: FIT_STEPS / 2,
    onStep: () => {
      if (i++ < FIT_STEPS / 2) return;
      for (const k of names) {
        const r = rows.get(k) as number[][];
        svi.params.entry(k).variable.dataSync().forEach((x, j) => (r[j] ??= []).push(x));
      }
    },
  });
  return new Map([...rows].map(([k, r]) => [k, r.map((xs) => autocorrelated(xs))]));
}

/** The unconstrained values of constrained parameter values (through each parameter's transform). */
export function unconstrained(svi: SVI<never, Batch>, params: ParamValues): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const [name, value] of Object.entries(params)) {
    const e = svi.params.entry(name);
    out[name] = tf.tidy(() => {
      const v = tf.tensor(value as number[], e.variable.shape);
      return Array.from((e.transform === undefined ? v : e.transform.inverse(v)).dataSync());
    });
  }
  return out;
}
