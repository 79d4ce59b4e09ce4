/**
 * The objective contract: what an SGVB estimator computes for one minibatch.
 *
 * @module
 */
import type { Runnable, Tensor } from '@aevb/core';

/**
 * One evaluation of an objective.
 *
 * @category Objectives
 */
export interface ObjectiveValue {
  /** The bound's estimate (nats, full-data scale via plate subsampling); report this. */
  readonly bound: Tensor;
  /**
   * The surrogate whose gradient is the estimator's gradient of the bound: equal in value to
   * `bound` unless score-function terms are present. Maximize it.
   */
  readonly surrogate: Tensor;
}

/**
 * An estimator of a lower bound on log p(x) given a model and a guide.
 *
 * @category Objectives
 */
export interface Objective {
  /** Name for reports (`'analytic-kl'`, `'monte-carlo'`, `'iwae(K=5)'`, …). */
  readonly name: string;
  /** Evaluates the objective once on `args` (the model's and guide's arguments). Runs inside a gradient tape. */
  evaluate<A extends readonly unknown[]>(
    model: Runnable<A, unknown> & { readonly name?: string },
    guide: Runnable<A, unknown> & { readonly name?: string },
    args: A,
  ): ObjectiveValue;
  /** Called after every accepted step with the bound's value (score-function baselines learn from it). */
  update?(bound: number): void;
}

/** Which SGVB estimator of the ELBO to use. @category Objectives */
export type EstimatorName = 'monte-carlo' | 'analytic-kl' | 'iwae' | 'renyi';
