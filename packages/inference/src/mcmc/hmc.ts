/**
 * One transition of Hamiltonian Monte Carlo with a fixed number of leapfrog steps, for all chains
 * at once (one potential call per leapfrog step).
 *
 * @module
 */
import type { ChainRng } from './chain-rng.js';
import { copyPoint, hamiltonian, leapfrog, refreshMomentum, type PhasePoint } from './integrator.js';
import type { PotentialFn } from './potential.js';

/** What one transition of a chain reports. @category MCMC */
export interface TransitionStats {
  /** The acceptance statistic: min(1, exp(−ΔH)) for HMC; the trajectory average for NUTS. */
  readonly acceptProb: number;
  /** Did the energy error exceed 1000 (or the potential stop being finite)? */
  readonly divergent: boolean;
  /** NUTS tree depth (for HMC, 0). */
  readonly treeDepth: number;
  /** Leapfrog steps (gradient evaluations) taken. */
  readonly leapfrogSteps: number;
}

/** Energy error above which a trajectory counts as divergent (Stan's and NumPyro's). @internal */
export const MAX_DELTA_H = 1000;

/**
 * Metropolis-corrected leapfrog trajectories of `numSteps` steps from each point `zs[i]`
 * (chain `chains[i]`), replacing the point in place when accepted.
 *
 * ```text
 * p ~ N(0, M);  (q', p') = leapfrog^L(q, p);  accept with probability min(1, exp(H(q, p) − H(q', p')))
 * ```
 *
 * @internal
 */
export function hmcTransition(
  potential: PotentialFn,
  zs: PhasePoint[],
  chains: readonly number[],
  eps: readonly number[],
  invMass: readonly Float64Array[],
  rngs: readonly ChainRng[],
  numSteps: number,
): TransitionStats[] {
  const proposals = zs.map((z, i) => {
    const x = copyPoint(z);
    refreshMomentum(x, invMass[i] as Float64Array, rngs[i] as ChainRng);
    return x;
  });
  const h0 = proposals.map((z, i) => hamiltonian(z, invMass[i] as Float64Array));
  let alive = zs.map((_, i) => i);
  for (let s = 0; s < numSteps && alive.length > 0; s++) {
    const ok = leapfrog(
      potential,
      alive.map((i) => proposals[i] as PhasePoint),
      alive.map((i) => chains[i] as number),
      alive.map((i) => eps[i] as number),
      alive.map((i) => invMass[i] as Float64Array),
    );
    alive = alive.filter((_, k) => ok[k]);
  }
  return proposals.map((x, i) => {
    const deltaH = hamiltonian(x, invMass[i] as Float64Array) - (h0[i] as number);
    const acceptProb = deltaH <= 0 ? 1 : Number.isFinite(deltaH) ? Math.exp(-deltaH) : 0;
    if ((rngs[i] as ChainRng).uniform() < acceptProb) zs[i] = x;
    return { acceptProb, divergent: !(deltaH <= MAX_DELTA_H), treeDepth: 0, leapfrogSteps: numSteps };
  });
}
