/**
 * Decoding and prediction with a fitted model: reconstructions, decoded latents, predictive
 * draws.
 *
 * @module
 */
import { ArgumentError, isAuxiliarySite, latentSites, replay, sampleSites, substitute, tf, trace, uncondition, vectorize, type LatentSpec, type Tensor, type Trace } from '@aevb/core';
import { vectorizationHolds } from '../objectives/vectorized.js';
import type { Batch } from '../fit/data.js';
import type { SVI } from '../fit/svi.js';
import { meanOf, withGuideTrace } from './encode.js';

/** Options of {@link reconstruct}. @category Posterior */
export interface ReconstructOptions {
  /** Decode the posterior mean of z (default) or a posterior draw. */
  readonly latent?: 'mean' | 'sample';
  /** Return the observation distribution's mean (default) or a draw from it. */
  readonly output?: 'mean' | 'sample';
}

function observedMeans(t: ReturnType<ReturnType<typeof trace>['getTrace']>, skip: ReadonlySet<string>, output: 'mean' | 'sample'): Record<string, Tensor> {
  const out: Record<string, Tensor> = {};
  for (const s of sampleSites(t)) {
    if (skip.has(s.name)) continue;
    out[s.name] = output === 'sample' ? (s.value as Tensor) : meanOf(s.fn);
  }
  return out;
}

/**
 * Reconstructions: x → q(z | x) → p(x | z), returning per observed site the decoder's mean
 * (or a draw). Tensors are owned by the caller.
 *
 * @category Posterior
 */
export function reconstruct<L extends LatentSpec, D extends Batch>(svi: SVI<L, D>, batch: D, options: ReconstructOptions = {}): Record<string, Tensor> {
  return tf.tidy(() =>
    withGuideTrace(svi, batch, 'reconstruct', (g) => {
      const zs: Record<string, Tensor> = {};
      for (const s of latentSites(g)) {
        if (isAuxiliarySite(s)) continue;
        zs[s.name] = (options.latent ?? 'mean') === 'mean' ? meanOf(s.fn) : (s.value as Tensor);
      }
      const pair = svi.bind(batch);
      try {
        const run = options.output === 'sample' ? uncondition(substitute(pair.model, zs)) : substitute(pair.model, zs);
        return observedMeans(trace(run).getTrace(batch), new Set(Object.keys(zs)), options.output ?? 'mean');
      } finally {
        pair.dispose();
      }
    }),
  );
}

/**
 * Decodes given latent values: runs the model with `latents` substituted and returns, per
 * observed site, its distribution's mean. `batch` supplies the observed data's shapes (its
 * values are not used). Owned by the caller.
 *
 * @category Posterior
 */
export function decode<L extends LatentSpec, D extends Batch>(svi: SVI<L, D>, batch: D, latents: Partial<{ [K in keyof L]: L[K] }>): Record<string, Tensor> {
  return tf.tidy(() => {
    svi.engine.init(batch, undefined);
    const pair = svi.bind(batch);
    try {
      const zs = latents as Readonly<Record<string, Tensor>>;
      const t = trace(substitute(pair.model, zs)).getTrace(batch);
      const out: Record<string, Tensor> = {};
      for (const s of sampleSites(t)) if (s.isObserved) out[s.name] = meanOf(s.fn);
      return out;
    } finally {
      pair.dispose();
    }
  });
}

/** Options of {@link predictive}. @category Posterior */
export interface PredictiveOptions {
  /** Joint draws, stacked on a new leading axis. Default 1. */
  readonly numSamples?: number;
  /**
   * Sites to return (latent, observed, deterministic). Default: every latent, observed and
   * deterministic site of the model (factor sites have no values).
   */
  readonly returnSites?: readonly string[];
  /**
   * Draw the latents from the guide, q(z | x) (`true`, the posterior predictive), or from the
   * model's prior (`false`, the prior predictive). Default `true`.
   */
  readonly posterior?: boolean;
  /** Draws per vectorized pass (memory vs speed). Default 100. */
  readonly chunk?: number;
}

type Pair<D extends Batch> = ReturnType<SVI<LatentSpec, D>['bind']>;

/** Every wanted site's value in one trace, with the particle dimension (if any) moved to the front. */
function collect(t: Trace, sites: readonly string[] | undefined, count: number, dim: number | null): Record<string, Tensor> {
  const out: Record<string, Tensor> = {};
  for (const s of Object.values(t)) {
    if (s.type === 'param' || (s.type === 'sample' && s.infer['factor'] === true)) continue;
    if (sites !== undefined && !sites.includes(s.name)) continue;
    let v = s.value as Tensor;
    if (dim === null) v = tf.expandDims(v, 0);
    else {
      const axis = s.type === 'sample' ? v.rank - s.fn.eventShape.length + dim : 0;
      if (axis < 0 || v.shape[axis] !== count) throw new VectorizeMismatch(s.name);
      if (axis !== 0) v = tf.transpose(v, [axis, ...[...Array(v.rank).keys()].filter((a) => a !== axis)]);
    }
    out[s.name] = v;
  }
  return out;
}

class VectorizeMismatch extends Error {}

/** `count` joint draws: one vectorized run, or `count` runs stacked. */
function draws<D extends Batch>(pair: Pair<D>, batch: D, posterior: boolean, count: number, dim: number | null, sites: readonly string[] | undefined): Record<string, Tensor> {
  const once = (n: number, d: number | null): Record<string, Tensor> => {
    const m = d === null ? pair.model : vectorize(pair.model, { count: n, dim: d });
    if (!posterior) return collect(trace(uncondition(m)).getTrace(batch), sites, n, d);
    const g = trace(d === null ? pair.guide : vectorize(pair.guide, { count: n, dim: d })).getTrace(batch);
    return collect(trace(uncondition(replay(m, g))).getTrace(batch), sites, n, d);
  };
  if (dim !== null) return once(count, dim);
  const runs = Array.from({ length: count }, () => once(1, null));
  const out: Record<string, Tensor> = {};
  for (const k of Object.keys(runs[0] ?? {})) out[k] = tf.concat(runs.map((r) => r[k] as Tensor), 0);
  return out;
}

/**
 * Joint draws from the posterior predictive ∫ p(x, z) q(z | x) dz (default) or the prior
 * predictive p(x, z) (`posterior: false`), `numSamples` of them stacked on a new leading axis,
 * for every latent, observed and deterministic site (or `returnSites`). `batch` supplies the
 * data's shapes (its values condition the guide in the posterior case). The draws run in one
 * vectorized pass of the model per `chunk` where a check against sequential runs holds for the
 * model, else one run per draw. Tensors are owned by the caller.
 *
 * @example
 * ```ts
 * const draws = predictive(svi, x, { numSamples: 200, returnSites: ['y', 'theta'] });
 * draws['y']?.shape; // [200, ...y's shape]
 * ```
 * @category Posterior
 */
export function predictive<L extends LatentSpec, D extends Batch>(svi: SVI<L, D>, batch: D, options: PredictiveOptions = {}): Record<string, Tensor> {
  const S = options.numSamples ?? 1;
  const chunk = options.chunk ?? 100;
  if (!Number.isInteger(S) || S < 1) throw new ArgumentError('predictive', 'numSamples', `must be a positive integer, got ${S}`);
  if (!Number.isInteger(chunk) || chunk < 1) throw new ArgumentError('predictive', 'chunk', `must be a positive integer, got ${chunk}`);
  const posterior = options.posterior ?? true;
  svi.engine.init(batch, undefined);
  if (posterior) svi.engine.checkEvaluable(batch, 'predictive');
  const pair = svi.bind(batch);
  try {
    if (svi.engine.vectorDim === undefined) svi.engine.vectorDim = vectorizationHolds(pair.model, pair.guide, [batch] as const, svi.plate ?? '') ?? null;
    let dim = svi.engine.vectorDim;
    const parts: Record<string, Tensor>[] = [];
    for (let done = 0; done < S; done += chunk) {
      const n = Math.min(chunk, S - done);
      const part = tf.tidy(() => {
        try {
          return draws(pair, batch, posterior, n, dim, options.returnSites);
        } catch (e) {
          // A deterministic site that loses the particle dimension: draw one at a time.
          if (!(e instanceof VectorizeMismatch)) throw e;
          dim = null;
          return draws(pair, batch, posterior, n, null, options.returnSites);
        }
      });
      parts.push(part);
    }
    const out: Record<string, Tensor> = {};
    for (const k of Object.keys(parts[0] ?? {})) out[k] = parts.length === 1 ? (parts[0]?.[k] as Tensor) : tf.concat(parts.map((p) => p[k] as Tensor), 0);
    if (parts.length > 1) tf.dispose(parts.flatMap((p) => Object.values(p)));
    const missing = (options.returnSites ?? []).filter((k) => out[k] === undefined);
    if (missing.length > 0) {
      tf.dispose(Object.values(out));
      throw new ArgumentError('predictive', 'returnSites', `names sites the model does not have: ${missing.join(', ')}`);
    }
    return out;
  } finally {
    pair.dispose();
  }
}
