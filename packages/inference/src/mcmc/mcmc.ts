/**
 * HMC and NUTS for any model: `mcmc(model, args, options)` samples the posterior of its latent
 * sites and returns the draws in the sites' own (constrained) spaces.
 *
 * @module
 */
import { AevbError, ArgumentError, latentSites, mixSeed, params, seed, tf, trace, type AnyModel, type ArgsOf, type ParamStore, type Runnable, type Tensor } from '@aevb/core';
import { ChainRng } from './chain-rng.js';
import { modelPotential, type ModelPotential, type ModelPotentialOptions } from './model-potential.js';
import { evaluatePotential } from './potential.js';
import type { SamplerOptions } from './sampler-options.js';
import { sampleChains, type ChainSamples } from './sample-chains.js';
import type { SiteLayout } from './site-layout.js';

/** Options of {@link mcmc}: the sampler's, plus chains, parameters and initialization. @category MCMC */
export interface McmcOptions extends SamplerOptions {
  /** Number of chains. Default 4. */
  readonly chains?: number;
  /** Where the model's `param` sites are read. Default: the global store. */
  readonly params?: ParamStore;
  /** Evaluate the chains in one vectorized run of the model: `'auto'` (default), `true` or `false` (see {@link ModelPotentialOptions}). */
  readonly vectorize?: 'auto' | boolean;
  /**
   * Initial states: `'uniform'` (default; each unconstrained coordinate uniform in (−2, 2), as in
   * Stan), `'prior'` (a draw of the model per chain), or constrained values for every latent site
   * (the same for all chains). Random initializations are redrawn (up to 100 times) where the
   * density is zero or its gradient not finite.
   */
  readonly init?: 'uniform' | 'prior' | Readonly<Record<string, ArrayLike<number>>>;
}

/** A site's draws: `values` row-major of shape `shape` = [chains, draws, …site shape]. @category MCMC */
export interface SiteDraws {
  /** [chains, draws, …site shape]. */
  readonly shape: readonly number[];
  /** The draws, row-major. */
  readonly values: Float64Array;
}

/** What {@link mcmc} returns. @category MCMC */
export interface McmcResult {
  /** Draws of every latent site in its constrained space, [chains, draws, …site shape]. */
  readonly samples: Readonly<Record<string, SiteDraws>>;
  /** Where each site lives in the unconstrained vector. */
  readonly sites: readonly SiteLayout[];
  /** Mean acceptance statistic of each chain after warmup, [C]. */
  readonly acceptanceRate: Float64Array;
  /** Each chain's adapted step size, [C]. */
  readonly stepSize: Float64Array;
  /** Divergent transitions of each chain after warmup, [C]. */
  readonly divergences: Uint32Array;
  /** NUTS tree depth of every draw, [C, N] (0 for HMC). */
  readonly treeDepth: Uint8Array;
  /** The raw run: unconstrained draws, potential energies, per-draw statistics, adapted mass matrices. */
  readonly raw: ChainSamples;
  /** Were the chains evaluated in one vectorized run of the model per step? */
  readonly vectorized: boolean;
}

const INIT_STREAM = 0x1a17;
const INIT_TRIES = 100;

function initialStates(target: ModelPotential, model: Runnable<readonly unknown[], unknown>, args: readonly unknown[], chains: number, o: McmcOptions): Float64Array[] {
  const init = o.init ?? 'uniform';
  if (typeof init === 'object') {
    const u = target.unconstrain(init);
    return Array.from({ length: chains }, () => Float64Array.from(u));
  }
  if (init !== 'uniform' && init !== 'prior') throw new ArgumentError('mcmc', 'init', `must be 'uniform', 'prior' or a record of site values, got '${String(init)}'`);
  return Array.from({ length: chains }, (_, c) => {
    const chainSeed = mixSeed(mixSeed(o.seed, c), INIT_STREAM);
    const rng = new ChainRng(chainSeed);
    for (let attempt = 0; attempt < INIT_TRIES; attempt++) {
      let u: Float64Array;
      if (init === 'uniform') u = Float64Array.from({ length: target.dim }, () => 4 * rng.uniform() - 2);
      else {
        const values: Record<string, Float32Array> = {};
        tf.tidy(() => {
          const t = trace(seed(model, mixSeed(chainSeed, attempt))).getTrace(...args);
          for (const s of latentSites(t)) values[s.name] = (s.value as Tensor).dataSync() as Float32Array;
        });
        u = target.unconstrain(values);
      }
      const { value, gradient } = evaluatePotential(target.potential, target.dim, [u], [c]);
      if (Number.isFinite(value[0] as number) && gradient.every(Number.isFinite)) return u;
    }
    throw new AevbError(`mcmc: chain ${c}: no initial state with a finite density and gradient in ${INIT_TRIES} '${init}' draws (give init values)`);
  });
}

/**
 * Samples the posterior of `model`'s latent sites given `args` (the data) with NUTS (default) or
 * HMC, in the unconstrained space of {@link modelPotential}, and maps every draw back to the
 * sites' supports. Each chain adapts its step size (dual averaging) and a diagonal mass matrix
 * during warmup; chain c's randomness comes from `mixSeed(seed, c)`, so a seed reproduces the
 * run. Check `divergences`, {@link splitRhat} (< 1.01) and {@link essBulk} before trusting it.
 *
 * @example
 * ```ts
 * const fit = mcmc(normalMean, [x], { seed: 1, chains: 4, warmup: 300, draws: 300 });
 * const mu = fit.samples.mu; // shape [4, 300, 1]
 * ```
 * @category MCMC
 */
export function mcmc<M extends AnyModel>(model: M, args: ArgsOf<M>, options: McmcOptions): McmcResult {
  const chains = options.chains ?? 4;
  if (!Number.isInteger(chains) || chains < 1) throw new ArgumentError('mcmc', 'chains', `must be a positive integer, got ${chains}`);
  const store = options.params;
  const target = modelPotential(model, args, { ...(store === undefined ? {} : { params: store }), vectorize: options.vectorize ?? 'auto' });
  const a = args as unknown as readonly unknown[];
  const run = model as unknown as Runnable<readonly unknown[], unknown>;
  const raw = sampleChains(target.potential, initialStates(target, store === undefined ? run : params(run, store), a, chains, options), options);
  const n = raw.draws;
  const constrained = target.constrain(raw.positions, chains * n);
  const samples: Record<string, SiteDraws> = {};
  for (const s of target.sites) samples[s.name] = { shape: [chains, n, ...s.shape], values: constrained[s.name] as Float64Array };
  const acceptanceRate = new Float64Array(chains);
  const divergences = new Uint32Array(chains);
  for (let c = 0; c < chains; c++) {
    for (let k = 0; k < n; k++) {
      acceptanceRate[c] = (acceptanceRate[c] as number) + (raw.acceptProb[c * n + k] as number) / n;
      divergences[c] = (divergences[c] as number) + (raw.divergent[c * n + k] as number);
    }
  }
  return { samples, sites: target.sites, acceptanceRate, stepSize: raw.stepSize, divergences, treeDepth: raw.treeDepth, raw, vectorized: target.vectorized };
}

/**
 * One scalar component of a site's draws as one sequence per chain (what the diagnostics take):
 * element `index` (row-major within the site's value) of every draw.
 *
 * @example
 * ```ts
 * const perChain = siteChains(fit.samples.w, 1); // the second weight, one Float64Array per chain
 * ```
 * @category MCMC
 */
export function siteChains(draws: SiteDraws, index = 0): Float64Array[] {
  const [chains = 0, n = 0, ...shape] = draws.shape;
  const size = shape.reduce((a, b) => a * b, 1);
  if (!Number.isInteger(index) || index < 0 || index >= size) throw new ArgumentError('siteChains', 'index', `must be an integer in [0, ${size}), got ${index}`);
  return Array.from({ length: chains }, (_, c) => Float64Array.from({ length: n }, (_, k) => draws.values[(c * n + k) * size + index] as number));
}
