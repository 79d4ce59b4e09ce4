/**
 * Amortized encoding: the guide's q(z | x) per latent site, and its means.
 *
 * @module
 */
import { isAuxiliarySite, latentSites, tf, trace, type Distribution, type LatentSpec, type Tensor, type Trace } from '@aevb/core';
import { Independent, Normal, TransformedDistribution } from '@aevb/distributions';
import type { Batch } from '../fit/data.js';
import type { SVI } from '../fit/svi.js';
import { gaussHermite } from './gauss-hermite.js';
import { predictive } from './predict.js';

/** The guide's distribution per latent site: q(z | x). @category Posterior */
export type Posterior<L extends LatentSpec> = { readonly [K in keyof L]: Distribution<L[K]> };

/**
 * Runs the guide once on `batch` (the whole data set, or data it can encode) and hands its trace
 * to `use` inside the run's scope. @internal
 */
export function withGuideTrace<L extends LatentSpec, D extends Batch, R>(svi: SVI<L, D>, batch: D, what: string, use: (t: Trace) => R): R {
  svi.engine.init(batch, undefined);
  svi.engine.checkEvaluable(batch, what);
  const pair = svi.bind(batch);
  try {
    return use(trace(pair.guide).getTrace(batch));
  } finally {
    pair.dispose();
  }
}

/**
 * The marginal of one latent site under the guide: the site's distribution, or, for a site that
 * is a slice of a joint guide-only variable (`autoMultivariateNormal`), the exact marginal the
 * guide attached to it. @internal
 */
export function marginalOf(d: Distribution): Distribution {
  const m = (d as Distribution & { readonly marginal?: Distribution }).marginal;
  return m ?? d;
}

/**
 * The amortized posterior q(z | x) for a batch: one forward pass of the guide, one distribution
 * per latent site of the model (guide-only auxiliary sites are left out; a site of a joint
 * guide reports its exact marginal). The distributions' tensors belong to the caller (use them
 * inside `tf.tidy`).
 *
 * @category Posterior
 */
export function encode<L extends LatentSpec, D extends Batch>(svi: SVI<L, D>, batch: D): Posterior<L> {
  return withGuideTrace(svi, batch, 'encode', (t) => {
    const out: Record<string, Distribution> = {};
    for (const s of latentSites(t)) if (!isAuxiliarySite(s)) out[s.name] = marginalOf(s.fn);
    return out as Posterior<L>;
  });
}

const GH = gaussHermite(48);
const MC_DRAWS = 4096;

function closedFormMean(d: Distribution): Tensor | undefined {
  const m = (d as Distribution & { mean?: () => Tensor }).mean;
  if (typeof m !== 'function') return undefined;
  try {
    return m.call(d);
  } catch {
    return undefined;
  }
}

/**
 * E[T(X)] for X ~ Normal(loc, scale) elementwise and elementwise bijectors T, by 48-point
 * Gauss–Hermite quadrature (exact to float32 for the smooth transforms of supports).
 */
function transformedNormalMean(base: Normal, transforms: TransformedDistribution['transforms']): Tensor {
  return tf.tidy(() => {
    const shape = [GH.nodes.length, ...base.batchShape.map(() => 1)];
    const x = tf.tensor(Float32Array.from(GH.nodes, (v) => v * Math.SQRT2), shape);
    const w = tf.tensor(Float32Array.from(GH.weights, (v) => v / Math.sqrt(Math.PI)), shape);
    let y: Tensor = tf.add(base.loc, tf.mul(base.scale, x));
    for (const t of transforms) y = t.forward(y);
    return tf.sum(tf.mul(y, w), 0);
  });
}

/**
 * The mean of a distribution: closed form where the family has one; by Gauss–Hermite
 * quadrature for a Normal pushed through elementwise bijectors (the automatic guides' family
 * on constrained supports); else a Monte Carlo average of 4,096 draws from a fixed seed
 * (standard error sd/64). @internal
 */
export function meanOf(dist: Distribution): Tensor {
  const d = marginalOf(dist);
  const closed = closedFormMean(d);
  if (closed !== undefined) return closed;
  if (d instanceof Independent) return meanOf(d.base);
  if (d instanceof TransformedDistribution && d.base instanceof Normal && d.transforms.every((t) => t.eventDim === 0)) {
    return transformedNormalMean(d.base, d.transforms);
  }
  return tf.tidy(() => {
    let sum: Tensor | undefined;
    const chunk = 256;
    for (let done = 0; done < MC_DRAWS; done += chunk) {
      const draws = tf.stack(Array.from({ length: chunk }, (_, i) => d.sample({ seed: 7_919 + done + i })));
      const s = tf.sum(draws, 0);
      sum = sum === undefined ? s : tf.add(sum, s);
    }
    return tf.div(sum as Tensor, MC_DRAWS);
  });
}

/**
 * Posterior means E_q[z | x] per latent site of the model: closed form where the guide's
 * family has one, else exact quadrature (a Normal on a constrained support) or a 4,096-draw
 * Monte Carlo average; never a single draw. The model's deterministic sites are included too, as
 * the average of the site over 4,096 joint draws of the posterior predictive (standard error
 * sd/64). Tensors are new and owned by the caller.
 *
 * @category Posterior
 */
export function encodeMean<L extends LatentSpec, D extends Batch>(svi: SVI<L, D>, batch: D): { [K in keyof L]: L[K] } & { readonly [site: string]: Tensor } {
  const latents = tf.tidy(() =>
    withGuideTrace(svi, batch, 'encodeMean', (t) => {
      const out: Record<string, Tensor> = {};
      for (const s of latentSites(t)) if (!isAuxiliarySite(s)) out[s.name] = meanOf(s.fn);
      return out;
    }),
  );
  const dets = svi.engine.plan?.deterministic ?? [];
  if (dets.length > 0) {
    const draws = predictive(svi, batch, { numSamples: MC_DRAWS, returnSites: dets, chunk: 512 });
    for (const k of dets) latents[k] = tf.mean(draws[k] as Tensor, 0);
    tf.dispose(Object.values(draws));
  }
  return latents as { [K in keyof L]: L[K] } & { readonly [site: string]: Tensor };
}
