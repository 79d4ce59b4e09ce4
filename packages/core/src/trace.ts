/**
 * Traces: immutable records of one run, keyed by site name.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import type { DeterministicSite, ParamSite, SampleSite, Site } from './site.js';

/**
 * One run's sites keyed by name, in execution order. A plain frozen object, so `tf.tidy`
 * finds the tensors it holds.
 *
 * @category Traces
 */
export type Trace = { readonly [name: string]: Site };

/** Is `site` a sample site (latent or observed)? @category Traces */
export function isSampleSite(site: Site): site is SampleSite {
  return site.type === 'sample';
}

/** Is `site` a latent (unobserved) sample site? @category Traces */
export function isLatentSite(site: Site): site is SampleSite {
  return site.type === 'sample' && !site.isObserved;
}

/**
 * Is `site` a guide-only auxiliary latent (`ctx.auxiliary`), part of log q but not a latent of
 * the model? @category Traces
 */
export function isAuxiliarySite(site: Site): boolean {
  return site.type === 'sample' && !site.isObserved && site.infer['auxiliary'] === true;
}

/** Is `site` an observed sample site? @category Traces */
export function isObservedSite(site: Site): site is SampleSite {
  return site.type === 'sample' && site.isObserved;
}

/** Is `site` a param site? @category Traces */
export function isParamSite(site: Site): site is ParamSite {
  return site.type === 'param';
}

/** Is `site` a deterministic site? @category Traces */
export function isDeterministicSite(site: Site): site is DeterministicSite {
  return site.type === 'deterministic';
}

/** The sample sites of a trace, in execution order. @category Traces */
export function sampleSites(trace: Trace): SampleSite[] {
  return Object.values(trace).filter(isSampleSite);
}

/** The latent sample sites of a trace, in execution order. @category Traces */
export function latentSites(trace: Trace): SampleSite[] {
  return Object.values(trace).filter(isLatentSite);
}

/** The observed sample sites of a trace, in execution order. @category Traces */
export function observedSites(trace: Trace): SampleSite[] {
  return Object.values(trace).filter(isObservedSite);
}

/**
 * The unscaled log-density of a sample site's value (batch-shaped): the trace's cached
 * `logProb` if present, else computed now.
 *
 * @category Traces
 */
export function siteLogProb(site: SampleSite): Tensor {
  if (site.logProb !== undefined) return site.logProb;
  if (site.value === undefined) throw new Error(`site '${site.name}' has no value`);
  return site.fn.logProb(site.value);
}

/**
 * The multiplier of a sample site's log-density: the `scale` handlers' factor times every
 * enclosing plate's subsampling factor N/M.
 *
 * @category Traces
 */
export function siteScale(site: SampleSite): number {
  let s = site.scale;
  for (const p of site.plates) s *= p.scale;
  return s;
}

/**
 * Applies a site's mask and scale to a batch-shaped per-member quantity and sums it:
 * `siteScale · Σ mask ⊙ x`. This is how plates with subsampling turn a minibatch sum into an
 * unbiased estimate of the full-data sum (the paper's N/M factor).
 *
 * @category Traces
 */
export function scaleAndSum(site: SampleSite, x: Tensor): Tensor {
  return tf.tidy(() => {
    let v = x;
    if (site.mask !== undefined) v = tf.where(site.mask, v, tf.zerosLike(v));
    const s = tf.sum(v);
    const k = siteScale(site);
    return k === 1 ? s : tf.mul(s, k);
  });
}

/**
 * `Σ over sample sites` of scaled, masked log-densities: log p(x, z) for a model trace, log q(z)
 * for a guide trace. Pass a filter to restrict to some sites.
 *
 * @category Traces
 */
export function logProbSum(trace: Trace, filter: (site: SampleSite) => boolean = () => true): Tensor {
  return tf.tidy(() => {
    let total: Tensor = tf.scalar(0);
    for (const site of sampleSites(trace)) {
      if (!filter(site)) continue;
      total = tf.add(total, scaleAndSum(site, siteLogProb(site)));
    }
    return total;
  });
}
