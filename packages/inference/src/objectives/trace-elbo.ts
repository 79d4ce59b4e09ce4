/**
 * SGVB estimator A: the Monte Carlo ELBO.
 *
 * @module
 */
import { latentSites, logProbSum, scaleAndSum, siteLogProb, tf, type Runnable, type Tensor } from '@aevb/core';
import type { Objective, ObjectiveValue } from './objective.js';
import { runParticle } from './particle.js';
import { MovingAverageBaseline, scoreFunctionTerm } from './score-function.js';
import { ArgumentError } from '@aevb/core';

/** Options of {@link monteCarloElbo}. @category Objectives */
export interface MonteCarloElboOptions {
  /** Number of samples L per datapoint. Default 1 (the paper's choice for M = 100). */
  readonly particles?: number;
  /** Decay of the score-function baseline. Default 0.9. */
  readonly baselineDecay?: number;
}

/** Checks a particle count. @internal */
export function checkParticles(fn: string, n: number): number {
  if (!Number.isInteger(n) || n < 1) throw new ArgumentError(fn, 'particles', `must be a positive integer, got ${n}`);
  return n;
}

/**
 * The generic SGVB estimator A (the paper's eq. 6):
 *
 * ```text
 * L̃(θ, φ; x) = 1/L Σ_l [ log p(x, z_l) − log q(z_l | x) ],   z_l = g_φ(ε_l, x)
 * ```
 *
 * Every site contributes through its own log-density; sites without a reparameterized
 * guide family get score-function terms.
 *
 * @example
 * ```ts
 * const objective = monteCarloElbo({ particles: 1 });
 * ```
 * @category Objectives
 */
export function monteCarloElbo(options: MonteCarloElboOptions = {}): Objective {
  const L = checkParticles('monteCarloElbo', options.particles ?? 1);
  const baseline = new MovingAverageBaseline(options.baselineDecay ?? 0.9);
  return {
    name: L === 1 ? 'monte-carlo' : `monte-carlo(L=${L})`,
    evaluate<A extends readonly unknown[]>(model: Runnable<A, unknown>, guide: Runnable<A, unknown>, args: A): ObjectiveValue {
      let bound: Tensor = tf.scalar(0);
      let surrogate: Tensor = tf.scalar(0);
      for (let l = 0; l < L; l++) {
        const p = runParticle(model, guide, args);
        let logq: Tensor = tf.scalar(0);
        for (const s of latentSites(p.guide)) logq = tf.add(logq, scaleAndSum(s, siteLogProb(s)));
        const b = tf.sub(logProbSum(p.model), logq);
        const sf = scoreFunctionTerm(p.guide, b, baseline.current);
        bound = tf.add(bound, b);
        surrogate = tf.add(surrogate, sf === undefined ? b : tf.add(b, sf));
      }
      return L === 1 ? { bound, surrogate } : { bound: tf.div(bound, L), surrogate: tf.div(surrogate, L) };
    },
    update: (v) => baseline.update(v),
  };
}
