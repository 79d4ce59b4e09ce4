/**
 * A Poisson GLMM with random intercepts by group (random effects indexed by a data column),
 * fitted with a full-rank guide on shuffled minibatches of the rows; reference: exact posterior
 * means and log evidence by nested quadrature, committed in `poisson-glmm-reference.ts` (written by
 * `packages/examples/scripts/glmm-quadrature.py`).
 *
 * @module
 */
import { model, tf, type Tensor1D } from '@aevb/core';
import { HalfNormal, Normal, Poisson } from '@aevb/distributions';
import { Adam, SVI, autoMultivariateNormal, cosineDecay, encodeMean, fit, logMarginal } from '@aevb/inference';
import { batchMeans } from './fit-steps.js';
import { Rng } from './rng.js';
import type { GalleryEntry, GalleryResult, GalleryRunOptions } from './types.js';
import { GLMM_REFERENCE } from './poisson-glmm-reference.js';

/** Number of groups. @category Gallery */
export const GLMM_GROUPS = 6;
/** Rows per group. @category Gallery */
export const GLMM_ROWS_PER_GROUP = 8;

/** Counts and the group of each row. @category Gallery */
export type GlmmData = {
  /** Counts y_i. */
  readonly y: Tensor1D;
  /** Group index of each row (int32). */
  readonly group: Tensor1D;
};

/**
 * `b0 ~ N(0, 2²)`, `sigma ~ HalfNormal(1)`, `u_g ~ N(0, sigma²)` for the groups,
 * `y_i ~ Poisson(exp(b0 + u[group_i]))` for the rows. The effects are gathered along their last
 * axis and added by broadcasting, so the model also runs vectorized (MCMC chains, predictive).
 *
 * @category Gallery
 */
export const poissonGlmmModel = model('poisson-glmm', { b0: 0, sigma: 0, u: 1 }, (ctx, d: GlmmData) => {
  const b0 = ctx.sample('b0', new Normal(0, 2));
  const sigma = ctx.sample('sigma', new HalfNormal(1));
  const u = ctx.plate('groups', GLMM_GROUPS, () => ctx.sample('u', new Normal(tf.zeros([GLMM_GROUPS]), tf.mul(tf.expandDims(sigma, -1), tf.ones([GLMM_GROUPS])))));
  ctx.plate('rows', d.y.shape[0], () => {
    const eta = tf.add(tf.expandDims(b0, -1), tf.gather(u, d.group, u.rank - 1));
    ctx.observe('y', new Poisson(tf.exp(eta)), d.y);
  });
});

/** The simulated data set: b0 = 0.7, sigma = 0.6, fixed group effects, 8 rows per group. @category Gallery */
export function glmmData(seed = 5): { y: number[]; group: number[] } {
  const rng = new Rng(seed);
  const effects = Array.from({ length: GLMM_GROUPS }, () => 0.6 * rng.normal());
  const group = Array.from({ length: GLMM_GROUPS * GLMM_ROWS_PER_GROUP }, (_, i) => i % GLMM_GROUPS);
  const y = group.map((g) => {
    const rate = Math.exp(0.7 + (effects[g] as number));
    // Poisson by inversion of the cdf.
    const u = rng.uniform();
    let [k, p] = [0, Math.exp(-rate)];
    let cdf = p;
    while (u > cdf && k < 1000) {
      k++;
      p *= rate / k;
      cdf += p;
    }
    return k;
  });
  return { y, group };
}

function tensors(): GlmmData {
  const d = glmmData();
  return { y: tf.tensor1d(d.y), group: tf.tensor1d(d.group, 'int32') };
}

/** The exact reference: posterior means and sds per coordinate and log p(y). @category Gallery */
export interface GlmmReference {
  /** Per coordinate (`b0`, `sigma`, `u[0]` …): posterior mean and sd. */
  readonly posterior: Readonly<Record<string, { readonly mean: number; readonly sd: number }>>;
  /** log p(y). */
  readonly logEvidence: number;
  /** Largest difference between the two quadrature grids (means and log p(y)). */
  readonly gridAgreement: number;
  /** How it was computed. */
  readonly method: string;
}

/** Importance-sampled log p(y): particles per estimate and independent repeats. @category Gallery */
export const GLMM_IMPORTANCE = { particles: 2000, repeats: 4 } as const;
const ELBO_PASSES = 40;

async function run(options: GalleryRunOptions = {}): Promise<GalleryResult> {
  const steps = options.steps ?? entry.defaultSteps;
  const d = tensors();
  const svi = new SVI({
    model: poissonGlmmModel,
    guide: autoMultivariateNormal(poissonGlmmModel),
    optimizer: new Adam({ learningRate: cosineDecay({ initial: 0.05, decaySteps: steps, alpha: 0.05 }) }),
    seed: options.seed ?? 0,
  });
  try {
    // Shuffled minibatches of a quarter of the rows: the random effects follow their rows' group
    // indices, the global latents are scaled by N/M.
    let done = 0;
    await fit(svi, {
      data: d,
      batchSize: d.y.shape[0] / 4,
      epochs: Math.ceil(steps / 4),
      maxSteps: steps,
      onStep: (s) => options.onStep?.(++done, steps, s.elbo),
    });
    const means = encodeMean(svi, d);
    const mean: Record<string, number> = { b0: means.b0.dataSync()[0] as number, sigma: means.sigma.dataSync()[0] as number };
    Array.from(means.u.dataSync()).forEach((v, g) => (mean[`u[${g}]`] = v));
    tf.dispose(Object.values(means));
    const draws: number[] = [];
    // `evaluate` gives the bound per row: times the rows, the bound on log p(y).
    for (let i = 0; i < ELBO_PASSES; i++) draws.push((await svi.evaluate(d, 8)) * d.y.shape[0]);
    const elbo = batchMeans(draws, ELBO_PASSES);
    const lms: number[] = [];
    for (let i = 0; i < GLMM_IMPORTANCE.repeats; i++) lms.push((await logMarginal(svi, d, { particles: GLMM_IMPORTANCE.particles, chunk: 500 })).total);
    const lm = batchMeans(lms, GLMM_IMPORTANCE.repeats);
    const exact = GLMM_REFERENCE;
    return {
      rows: [
        { quantity: 'logMarginal vs log p(y) (quadrature)', known: exact.logEvidence, fitted: lm.mean, se: lm.se },
        { quantity: 'ELBO (≤ log p(y))', known: exact.logEvidence, fitted: elbo.mean, se: elbo.se },
        ...Object.entries(mean).map(([k, fitted]) => ({ quantity: `E[${k}]`, known: exact.posterior[k]?.mean ?? NaN, fitted })),
      ],
      metrics: { 'ELBO gap (nats)': exact.logEvidence - elbo.mean, ...Object.fromEntries(Object.entries(exact.posterior).map(([k, v]) => [`sd[${k} | y]`, v.sd])) },
      files: [],
    };
  } finally {
    svi.params.clear();
    svi.optimizer.dispose();
    tf.dispose([d.y, d.group]);
  }
}

/** The gallery entry (`pnpm example <name>`). @category Gallery */
const entry: GalleryEntry = {
  name: 'poisson-glmm',
  summary: 'Poisson GLMM with random intercepts by group, full-rank guide on minibatches vs nested quadrature',
  defaultSteps: 2000,
  run,
  graph: () => ({ model: poissonGlmmModel, args: [tensors()] }),
};
export { entry as poissonGlmm };
