/**
 * Learning a model's latent sites from one hidden run (the "prototype trace"), which
 * automatic guides read to build themselves.
 *
 * @module
 */
import { block, hashString, isAuxiliarySite, latentSites, observedSites, seed, tf, trace, type Runnable, type SampleSite, type Trace } from '@aevb/core';
import type { Distribution, Tensor } from '@aevb/core';

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
export function prototypeOf<A extends readonly unknown[]>(model: Runnable<A, unknown>, args: A): Prototype {
  // trace inside block: the prototype's sites are recorded here and hidden from the caller's handlers.
  // Seeded by the model's name, so initial values drawn from the prototype are reproducible.
  const traced = trace(seed(model, hashString((model as { readonly name?: string }).name ?? 'model')));
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

/** `value` repeated periodically along the axes where `fullShape` is larger, read back. */
function periodicRepeat(value: Tensor, fullShape: readonly number[]): Float32Array {
  return tf.tidy(() => {
    const reps = value.shape.map((d, i) => Math.ceil((fullShape[i] as number) / d));
    const tiled = reps.some((r) => r > 1) ? tf.slice(tf.tile(value, reps), value.shape.map(() => 0), [...fullShape]) : value;
    return Float32Array.from(tiled.dataSync());
  });
}
