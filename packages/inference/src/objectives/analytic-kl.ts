/**
 * SGVB estimator B: analytic KL where the registry has it, Monte Carlo elsewhere.
 *
 * @module
 */
import { latentSites, observedSites, scaleAndSum, siteLogProb, tf, type Distribution, type Runnable, type Tensor } from '@aevb/core';
import { hasClosedFormKL, kl } from '@aevb/distributions';
import type { Objective, ObjectiveValue } from './objective.js';
import { runParticle } from './particle.js';
import { MovingAverageBaseline, scoreFunctionTerm } from './score-function.js';
import { checkParticles, type MonteCarloElboOptions } from './trace-elbo.js';

/**
 * The generic SGVB estimator B (the paper's eq. 7):
 *
 * ```text
 * L̃_B(θ, φ; x) = −KL(q(z | x) ‖ p(z)) + 1/L Σ_l log p(x | z_l)
 * ```
 *
 * applied site by site: a latent site whose guide/prior pair has a closed-form KL in the
 * registry contributes −KL (lower variance); any other site falls back to estimator A's
 * `log p − log q` for that site alone (so any model still trains).
 *
 * @category Objectives
 */
export function analyticKlElbo(options: MonteCarloElboOptions = {}): Objective & {
  /** Which latent sites used the closed form at the last evaluation (site → true/false). */
  readonly closedForm: Readonly<Record<string, boolean>>;
} {
  const L = checkParticles('analyticKlElbo', options.particles ?? 1);
  const baseline = new MovingAverageBaseline(options.baselineDecay ?? 0.9);
  const closedForm: Record<string, boolean> = {};
  const cache = new Map<unknown, Map<unknown, boolean>>();
  const has = (q: Distribution, p: Distribution): boolean => {
    // Registry lookups are cached by constructor pair.
    const qc: unknown = q.constructor;
    const pc: unknown = p.constructor;
    let inner = cache.get(qc);
    if (inner === undefined) cache.set(qc, (inner = new Map()));
    let v = inner.get(pc);
    if (v === undefined) {
      v = hasClosedFormKL(q, p);
      inner.set(pc, v);
    }
    return v && tf.util.arraysEqual([...q.batchShape], [...p.batchShape]);
  };
  return {
    name: L === 1 ? 'analytic-kl' : `analytic-kl(L=${L})`,
    closedForm,
    evaluate<A extends readonly unknown[]>(model: Runnable<A, unknown>, guide: Runnable<A, unknown>, args: A): ObjectiveValue {
      let bound: Tensor = tf.scalar(0);
      let surrogate: Tensor = tf.scalar(0);
      for (let l = 0; l < L; l++) {
        const p = runParticle(model, guide, args);
        let b: Tensor = tf.scalar(0);
        for (const s of observedSites(p.model)) b = tf.add(b, scaleAndSum(s, siteLogProb(s)));
        for (const ms of latentSites(p.model)) {
          const gs = p.guide[ms.name];
          if (gs === undefined || gs.type !== 'sample') continue; // checked by runParticle
          const closed = has(gs.fn, ms.fn);
          closedForm[ms.name] = closed;
          if (closed) b = tf.sub(b, scaleAndSum(ms, kl(gs.fn, ms.fn)));
          else b = tf.add(b, tf.sub(scaleAndSum(ms, siteLogProb(ms)), scaleAndSum(gs, siteLogProb(gs))));
        }
        // Guide-only sites (auxiliary variables) still count as −log q.
        for (const gs of latentSites(p.guide)) {
          if (p.model[gs.name] === undefined) b = tf.sub(b, scaleAndSum(gs, siteLogProb(gs)));
        }
        const sf = scoreFunctionTerm(p.guide, b, baseline.current);
        bound = tf.add(bound, b);
        surrogate = tf.add(surrogate, sf === undefined ? b : tf.add(b, sf));
      }
      return L === 1 ? { bound, surrogate } : { bound: tf.div(bound, L), surrogate: tf.div(surrogate, L) };
    },
    update: (v) => baseline.update(v),
  };
}
