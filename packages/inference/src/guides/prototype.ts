/**
 * Learning a model's latent sites from one hidden run (the "prototype trace"), which
 * automatic guides read to build themselves.
 *
 * @module
 */
import { block, hashString, isAuxiliarySite, latentSites, observedSites, seed, substitute, tf, trace, type Runnable, type SampleSite, type Site, type Trace } from '@aevb/core';
import type { Distribution, Tensor } from '@aevb/core';
import { baseSupport, supportTransform } from './transforms.js';

/**
 * How a prototype run initializes the latent sites: `'median'` (default) gives each the
 * elementwise median of {@link MEDIAN_DRAWS} draws from its prior, taken in unconstrained space
 * and mapped back (so it lies in the support, a simplex included), with downstream priors
 * conditioned on it (Pyro's `init_to_median`); `'sample'` one prior draw.
 *
 * @category Guides
 */
export type PrototypeInit = 'median' | 'sample';

/** Prior draws per site behind a `'median'` initialization (as Pyro's `init_to_median`). @category Guides */
export const MEDIAN_DRAWS = 15;

/** A plate a latent site sits in (plain numbers; the run's subsample positions are not kept). @category Guides */
export interface PlateInfo {
  /** The plate's name. */
  readonly name: string;
  /** Members present in the prototype run. */
  readonly size: number;
  /** Members of the full data set (what per-member guide parameters span). */
  readonly fullSize: number;
  /** The batch dimension the plate indexes. */
  readonly dim: number;
}

/** What an automatic guide needs to know of one latent site. @category Guides */
export interface LatentInfo {
  /** Site name. */
  readonly name: string;
  /** The prior's distribution in the prototype run. */
  readonly prior: Distribution;
  /** Value shape in the prototype run. */
  readonly shape: readonly number[];
  /** Value shape with every enclosing plate at its full size (the shape of per-member parameters). */
  readonly fullShape: readonly number[];
  /** Number of event dimensions of the prior (the guide matches them). */
  readonly eventRank: number;
  /** Enclosing plates. */
  readonly plates: readonly PlateInfo[];
  /**
   * The prototype's value at the full shape, read back once (for initialization; plain data, so
   * it outlives the run): a subsampled plate's present members repeated periodically to its
   * full size.
   */
  readonly initial: Float32Array;
}

/** Latent and observed sites of a prototype run. @category Guides */
export interface Prototype {
  /** The full trace of the hidden run (its tensors live only as long as the run's scope). */
  readonly trace: Trace;
  /** Latent sites in execution order. */
  readonly latents: readonly LatentInfo[];
  /** Observed sites in execution order. */
  readonly observed: readonly SampleSite[];
}

/**
 * Runs `model` once with every site hidden from the handlers outside (so the run leaves no
 * trace in the caller's traces) and summarizes its latent sites.
 *
 * @category Guides
 */
export function prototypeOf<A extends readonly unknown[]>(model: Runnable<A, unknown>, args: A, init: PrototypeInit = 'median'): Prototype {
  // trace inside block: the prototype's sites are recorded here and hidden from the caller's handlers.
  // Seeded by the model's name, so initial values drawn from the prototype are reproducible.
  const root = hashString((model as { readonly name?: string }).name ?? 'model');
  const inner = seed(model, root);
  const traced = trace(init === 'median' ? substitute(inner, (site) => priorMedian(site, root)) : inner);
  let t: Trace = {};
  block({ run: () => void (t = traced.getTrace(...args)) }).run();
  const latents = latentSites(t)
    .filter((s) => !isAuxiliarySite(s))
    .map((s) => {
      const value = s.value as Tensor;
      const eventRank = s.fn.eventShape.length;
      const plates = s.plates.map((f) => ({ name: f.name, size: f.size, fullSize: f.fullSize, dim: f.dim }));
      const fullShape = value.shape.slice();
      for (const f of plates) fullShape[value.rank - eventRank + f.dim] = f.fullSize;
      return { name: s.name, prior: s.fn, shape: value.shape, fullShape, eventRank, plates, initial: periodicRepeat(value, fullShape) };
    });
  return { trace: t, latents, observed: observedSites(t) };
}

/**
 * The elementwise median of {@link MEDIAN_DRAWS} prior draws of a latent sample site, in
 * unconstrained space (medians commute with monotone elementwise bijectors; for stick breaking
 * the result is still a point of the simplex); `undefined` (keep the run's own draw) for other
 * sites and for supports without a bijection of an unconstrained tensor.
 */
function priorMedian(site: Site, root: number): Tensor | undefined {
  if (site.type !== 'sample' || site.isObserved) return undefined;
  const d = site.fn;
  if (!baseSupport(d.support).isContinuous) return undefined;
  let transform;
  try {
    transform = supportTransform(site.name, d.support);
  } catch {
    return undefined;
  }
  if (transform !== undefined && transform.eventDim > 0 && transform.inverseShape === undefined) return undefined;
  const t = transform;
  const base = (root ^ hashString(site.name)) >>> 0;
  return tf.tidy(() => {
    const draws = Array.from({ length: MEDIAN_DRAWS }, (_, i) => {
      const x = d.sample({ seed: (base + 7919 * (i + 1)) >>> 0 });
      return t === undefined ? x : t.inverse(x);
    });
    // The median of 15 along a new last axis: the 8th largest.
    const stacked = tf.stack(draws, -1);
    const top = tf.topk(stacked, (MEDIAN_DRAWS + 1) / 2).values;
    const median = tf.squeeze(tf.slice(top, [...Array(top.rank - 1).fill(0), (MEDIAN_DRAWS - 1) / 2], [...Array(top.rank - 1).fill(-1), 1]), [-1]);
    return t === undefined ? median : t.forward(median);
  });
}

/** `value` repeated periodically along the axes where `fullShape` is larger, read back. */
function periodicRepeat(value: Tensor, fullShape: readonly number[]): Float32Array {
  return tf.tidy(() => {
    const reps = value.shape.map((d, i) => Math.ceil((fullShape[i] as number) / d));
    const tiled = reps.some((r) => r > 1) ? tf.slice(tf.tile(value, reps), value.shape.map(() => 0), [...fullShape]) : value;
    return Float32Array.from(tiled.dataSync());
  });
}
