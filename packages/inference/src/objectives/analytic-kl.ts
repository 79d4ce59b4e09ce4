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
      // Terms are summed from the first one (not from a zero: one Add fewer per term and per sum).
      let bound: Tensor | undefined;
      let surrogate: Tensor | undefined;
      for (let l = 0; l < L; l++) {
        const p = runParticle(model, guide, args);
        let b: Tensor | undefined;
        const plus = (t: Tensor): void => {
          b = b === undefined ? t : tf.add(b, t);
        };
        const minus = (t: Tensor): void => {
          b = tf.sub(b ?? tf.scalar(0), t);
        };
        for (const s of observedSites(p.model)) plus(scaleAndSum(s, siteLogProb(s)));
        for (const ms of latentSites(p.model)) {
          const gs = p.guide[ms.name];
          if (gs === undefined || gs.type !== 'sample') continue; // checked by runParticle
          const closed = has(gs.fn, ms.fn);
          closedForm[ms.name] = closed;
          if (closed) minus(scaleAndSum(ms, kl(gs.fn, ms.fn)));
          else plus(tf.sub(scaleAndSum(ms, siteLogProb(ms)), scaleAndSum(gs, siteLogProb(gs))));
        }
        // Guide-only sites (auxiliary variables) still count as −log q.
        for (const gs of latentSites(p.guide)) {
          if (p.model[gs.name] === undefined) minus(scaleAndSum(gs, siteLogProb(gs)));
        }
        const total: Tensor = b ?? tf.scalar(0);
        const sf = scoreFunctionTerm(p.guide, total, baseline.current);
        const s = sf === undefined ? total : tf.add(total, sf);
        bound = bound === undefined ? total : tf.add(bound, total);
        surrogate = surrogate === undefined ? s : tf.add(surrogate, s);
      }
      const [bd, sg] = [bound as Tensor, surrogate as Tensor];
      return L === 1 ? { bound: bd, surrogate: sg } : { bound: tf.div(bd, L), surrogate: tf.div(sg, L) };
    },
    update: (v) => baseline.update(v),
  };
}
