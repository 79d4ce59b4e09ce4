/**
 * A first step size for a chain: the heuristic of Hoffman & Gelman (2014, Algorithm 4) as Stan runs it.
 *
 * @module
 */
import { AevbError } from '@aevb/core';
import type { ChainRng } from './chain-rng.js';
import { copyPoint, hamiltonian, leapfrog, refreshMomentum, type PhasePoint } from './integrator.js';
import type { PotentialFn } from './potential.js';

const LOG_08 = Math.log(0.8);

/**
 * Doubles (or halves) each chain's step size until one leapfrog step from its current point,
 * with fresh momentum, crosses an acceptance probability of 0.8: up while exp(−ΔH) > 0.8, down
 * while below. All chains step together (one potential call per round). Throws when a step size
 * leaves [1e-10, 1e7] (an improper posterior, or a potential that is not finite near the chain).
 *
 * @internal
 */
export function initialStepSizes(
  potential: PotentialFn,
  zs: readonly PhasePoint[],
  chains: readonly number[],
  start: readonly number[],
  invMass: readonly Float64Array[],
  rngs: readonly ChainRng[],
): number[] {
  const eps = start.slice();
  const direction = new Array<number>(zs.length).fill(0);
  let active = zs.map((_, i) => i);
  while (active.length > 0) {
    const trial = active.map((i) => {
      const z = copyPoint(zs[i] as PhasePoint);
      refreshMomentum(z, invMass[i] as Float64Array, rngs[i] as ChainRng);
      return z;
    });
    const h0 = trial.map((z, k) => hamiltonian(z, invMass[active[k] as number] as Float64Array));
    leapfrog(
      potential,
      trial,
      active.map((i) => chains[i] as number),
      active.map((i) => eps[i] as number),
      active.map((i) => invMass[i] as Float64Array),
    );
    const still: number[] = [];
    trial.forEach((z, k) => {
      const i = active[k] as number;
      const deltaH = (h0[k] as number) - hamiltonian(z, invMass[i] as Float64Array);
      if (direction[i] === 0) direction[i] = deltaH > LOG_08 ? 1 : -1;
      else if (direction[i] === 1 ? !(deltaH > LOG_08) : !(deltaH < LOG_08)) return;
      eps[i] = direction[i] === 1 ? 2 * (eps[i] as number) : 0.5 * (eps[i] as number);
      if ((eps[i] as number) > 1e7 || (eps[i] as number) < 1e-10) {
        throw new AevbError(
          `mcmc: chain ${chains[i]}: no usable step size (reached ${eps[i]}); ` +
            ((eps[i] as number) > 1 ? 'the posterior may be improper (flat in some direction)' : 'the potential is not finite near the chain’s state'),
        );
      }
      still.push(i);
    });
    active = still;
  }
  return eps;
}
