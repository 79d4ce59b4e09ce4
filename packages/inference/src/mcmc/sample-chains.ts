/**
 * The sampler loop: warmup with step-size and mass-matrix adaptation, then draws, for several
 * chains of HMC or NUTS over a {@link PotentialFn}.
 *
 * @module
 */
import { AevbError, mixSeed } from '@aevb/core';
import { ChainRng } from './chain-rng.js';
import { DualAveraging } from './dual-averaging.js';
import { hmcTransition, type TransitionStats } from './hmc.js';
import type { PhasePoint } from './integrator.js';
import { WelfordVariance, adaptationWindows } from './mass-adaptation.js';
import { nutsTransition } from './nuts.js';
import { allFinite, evaluatePotential, type PotentialFn } from './potential.js';
import { checkSamplerOptions, type SamplerOptions } from './sampler-options.js';
import { initialStepSizes } from './step-size.js';

/**
 * Draws of C chains over D unconstrained coordinates, with per-draw statistics. Arrays are
 * row-major: `positions` is [C, N, D], the per-draw statistics [C, N].
 *
 * @category MCMC
 */
export interface ChainSamples {
  /** Number of chains C. */
  readonly chains: number;
  /** Draws per chain N (after warmup). */
  readonly draws: number;
  /** Dimension D. */
  readonly dim: number;
  /** The kernel that made them. */
  readonly kernel: 'nuts' | 'hmc';
  /** Unconstrained states, [C, N, D]. */
  readonly positions: Float64Array;
  /** U at each draw, [C, N] (−log of the unnormalized target density). */
  readonly potential: Float64Array;
  /** Acceptance statistic of the transition that made each draw, [C, N]. */
  readonly acceptProb: Float64Array;
  /** 1 where that transition diverged, [C, N]. */
  readonly divergent: Uint8Array;
  /** NUTS tree depth of that transition (0 for HMC), [C, N]. */
  readonly treeDepth: Uint8Array;
  /** Leapfrog steps of that transition, [C, N]. */
  readonly leapfrogSteps: Uint32Array;
  /** Each chain's step size after warmup, [C]. */
  readonly stepSize: Float64Array;
  /** Each chain's diagonal inverse mass matrix after warmup, [C, D]. */
  readonly inverseMass: Float64Array;
  /** Divergent transitions during warmup, per chain [C]. */
  readonly warmupDivergences: Uint32Array;
}

function startPoint(potential: PotentialFn, init: readonly Float64Array[], dim: number): PhasePoint[] {
  const { value, gradient } = evaluatePotential(potential, dim, init, init.map((_, c) => c));
  return init.map((q, c) => {
    const u = value[c] as number;
    if (!Number.isFinite(u) || !allFinite(gradient, c * dim, (c + 1) * dim)) {
      throw new AevbError(`mcmc: chain ${c}: the potential or its gradient is not finite at the initial state (U = ${u})`);
    }
    return { q: Float64Array.from(q), p: new Float64Array(dim), u, grad: gradient.slice(c * dim, (c + 1) * dim) };
  });
}

/**
 * Runs `init.length` chains of NUTS (default) or HMC on `potential` from the unconstrained
 * states `init` (one Float64Array of length D per chain). Warmup adapts each chain's step size
 * by dual averaging towards `targetAccept` and its diagonal inverse mass matrix in Stan's
 * windows; draws are kept after warmup. Chain c draws its random numbers from
 * `mixSeed(seed, c)`: the same seed gives the same chains.
 *
 * HMC advances every chain together (one potential call per leapfrog step, all chains in one
 * `[C, D]` tensor); NUTS builds each chain's tree on its own (`[1, D]` calls).
 *
 * @example
 * ```ts
 * const samples = sampleChains(myPotential, [new Float64Array(2), new Float64Array(2)], { seed: 1, draws: 200 });
 * samples.positions; // [2, 200, 2]
 * ```
 * @category MCMC
 */
export function sampleChains(potential: PotentialFn, init: readonly Float64Array[], options: SamplerOptions): ChainSamples {
  const dim = init[0]?.length ?? 0;
  const o = checkSamplerOptions('sampleChains', options, init.length, dim);
  const chains = init.length;
  const all = init.map((_, c) => c);
  const rngs = all.map((c) => new ChainRng(mixSeed(o.seed, c)));
  let state = startPoint(potential, init, dim);
  const invMass = all.map(() => Float64Array.from(o.inverseMass));
  let eps = all.map(() => o.stepSize ?? 1);
  if (o.stepSize === undefined || (o.adaptStepSize && o.warmup > 0)) eps = initialStepSizes(potential, state, all, eps, invMass, rngs);
  const da = eps.map((e) => new DualAveraging(o.targetAccept, e));
  const welford = all.map(() => new WelfordVariance(dim));
  const windows = o.adaptMass ? adaptationWindows(o.warmup) : [];
  const n = o.draws;
  const out = {
    positions: new Float64Array(chains * n * dim),
    potential: new Float64Array(chains * n),
    acceptProb: new Float64Array(chains * n),
    divergent: new Uint8Array(chains * n),
    treeDepth: new Uint8Array(chains * n),
    leapfrogSteps: new Uint32Array(chains * n),
  };
  const warmupDivergences = new Uint32Array(chains);
  for (let it = 0; it < o.warmup + n; it++) {
    let stats: TransitionStats[];
    const step = o.stepSizeJitter === 0 ? eps : eps.map((e, c) => e * (1 + o.stepSizeJitter * (2 * (rngs[c] as ChainRng).uniform() - 1)));
    if (o.kernel === 'hmc') stats = hmcTransition(potential, state, all, step, invMass, rngs, o.numSteps);
    else {
      stats = [];
      state = state.map((z, c) => {
        const r = nutsTransition(potential, z, c, step[c] as number, invMass[c] as Float64Array, rngs[c] as ChainRng, o.maxTreeDepth);
        stats.push(r.stats);
        return r.point;
      });
    }
    if (it < o.warmup) {
      stats.forEach((s, c) => {
        if (s.divergent) warmupDivergences[c] = (warmupDivergences[c] as number) + 1;
        if (o.adaptStepSize) eps[c] = (da[c] as DualAveraging).update(s.acceptProb);
      });
      const window = windows.find(([a, b]) => it >= a && it < b);
      if (window !== undefined) {
        state.forEach((z, c) => (welford[c] as WelfordVariance).add(z.q));
        if (it === window[1] - 1) {
          all.forEach((c) => invMass[c]!.set((welford[c] as WelfordVariance).takeInverseMass()));
          if (o.adaptStepSize) {
            eps = initialStepSizes(potential, state, all, eps, invMass, rngs);
            eps.forEach((e, c) => (da[c] as DualAveraging).restart(e));
          }
        }
      }
      if (it === o.warmup - 1 && o.adaptStepSize) eps = da.map((d) => d.finalStepSize());
      continue;
    }
    const k = it - o.warmup;
    state.forEach((z, c) => {
      const i = c * n + k;
      out.positions.set(z.q, i * dim);
      out.potential[i] = z.u;
      const s = stats[c] as TransitionStats;
      out.acceptProb[i] = s.acceptProb;
      out.divergent[i] = s.divergent ? 1 : 0;
      out.treeDepth[i] = s.treeDepth;
      out.leapfrogSteps[i] = s.leapfrogSteps;
    });
  }
  const inverseMass = new Float64Array(chains * dim);
  invMass.forEach((m, c) => inverseMass.set(m, c * dim));
  return { chains, draws: n, dim, kernel: o.kernel, ...out, stepSize: Float64Array.from(eps), inverseMass, warmupDivergences };
}
