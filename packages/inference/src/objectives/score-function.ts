/**
 * Score-function (REINFORCE) terms for latent sites whose guide family has no
 * reparameterized sampler, with a moving-average baseline.
 *
 * @module
 */
import { latentSites, scaleAndSum, siteLogProb, tf, type Tensor, type Trace } from '@aevb/core';
import { stopGradient } from '../internal/stop-gradient.js';

/**
 * A moving-average baseline b ← β·b + (1 − β)·bound, updated after each step. The
 * score-function gradient of site j uses (bound − b) · ∇ log q(z_j), which is unbiased
 * for any b that does not depend on z_j.
 *
 * @category Objectives
 */
export class MovingAverageBaseline {
  private value: number | undefined;
  /** @param decay - β in [0, 1) */
  constructor(readonly decay = 0.9) {}
  /** The current baseline (0 before the first update). */
  get current(): number {
    return this.value ?? 0;
  }
  /** Folds one observed bound into the average. */
  update(bound: number): void {
    if (!Number.isFinite(bound)) return;
    this.value = this.value === undefined ? bound : this.decay * this.value + (1 - this.decay) * bound;
  }
}

/**
 * `Σ_j stop(bound − b) · log q(z_j)` over the guide's non-reparameterized latent sites
 * (0 when there are none). Adding it to the bound gives a surrogate whose gradient is the
 * score-function estimator for those sites and the pathwise one for the rest.
 *
 * @category Objectives
 */
export function scoreFunctionTerm(guideTrace: Trace, bound: Tensor, baseline: number): Tensor | undefined {
  let total: Tensor | undefined;
  for (const s of latentSites(guideTrace)) {
    if (s.fn.hasRsample && s.reparameterize) continue;
    const signal = stopGradient(tf.sub(bound, baseline));
    const term = tf.mul(signal, scaleAndSum(s, siteLogProb(s)));
    total = total === undefined ? term : tf.add(total, term);
  }
  return total;
}
