/**
 * Learning a model's latent sites from one hidden run (the "prototype trace"), which
 * automatic guides read to build themselves.
 *
 * @module
 */
import { block, hashString, latentSites, observedSites, seed, trace, type PlateFrame, type Runnable, type SampleSite, type Trace } from '@aevb/core';
import type { Distribution, Tensor } from '@aevb/core';

/** What an automatic guide needs to know of one latent site. @category Guides */
export interface LatentInfo {
  /** Site name. */
  readonly name: string;
  /** The prior's distribution in the prototype run. */
  readonly prior: Distribution;
  /** Full value shape in the prototype run. */
  readonly shape: readonly number[];
  /** Number of event dimensions of the prior (the guide matches them). */
  readonly eventRank: number;
  /** Enclosing plates. */
  readonly plates: readonly PlateFrame[];
  /** The prototype's value, read back once (for initialization; plain data, so it outlives the run). */
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
  const latents = latentSites(t).map((s) => ({
    name: s.name,
    prior: s.fn,
    shape: (s.value as Tensor).shape,
    eventRank: s.fn.eventShape.length,
    plates: s.plates,
    initial: Float32Array.from((s.value as Tensor).dataSync()),
  }));
  return { trace: t, latents, observed: observedSites(t) };
}
