/**
 * Decoding and prediction with a fitted model: reconstructions, decoded latents, predictive
 * draws.
 *
 * @module
 */
import { isAuxiliarySite, latentSites, replay, sampleSites, substitute, tf, trace, uncondition, type LatentSpec, type Tensor } from '@aevb/core';
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

/**
 * Draws from the prior predictive p(x, z) (`posterior: false`) or the posterior predictive
 * ∫ p(x | z) q(z | x) dz, shaped like `batch` (whose values are only used for shapes in the
 * prior case). Returns every sample site's value; owned by the caller.
 *
 * @category Posterior
 */
export function predictive<L extends LatentSpec, D extends Batch>(svi: SVI<L, D>, batch: D, options: { readonly posterior?: boolean } = {}): Record<string, Tensor> {
  return tf.tidy(() => {
    const draw = (run: (m: ReturnType<SVI<L, D>['bind']>['model']) => ReturnType<typeof trace>): Record<string, Tensor> => {
      const pair = svi.bind(batch);
      try {
        const t = run(pair.model).getTrace(batch);
        const out: Record<string, Tensor> = {};
        for (const s of sampleSites(t)) out[s.name] = s.value as Tensor;
        return out;
      } finally {
        pair.dispose();
      }
    };
    if (options.posterior === true) return withGuideTrace(svi, batch, 'predictive', (g) => draw((m) => trace(uncondition(replay(m, g)))));
    svi.engine.init(batch, undefined);
    return draw((m) => trace(uncondition(m)));
  });
}
