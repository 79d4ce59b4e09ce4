/**
 * The option and result types of {@link DistributionBase}'s methods.
 *
 * @module
 */
import type { SampleOptions, Tensor, validationEnabled } from '@aevb/core';
import type { DistributionBase } from './distribution.js';

/**
 * Options common to every distribution constructor.
 *
 * @category Distributions
 */
export interface DistributionOptions {
  /**
   * Check parameters against their constraints when constructing, and values against the
   * support in `logProb` (reads tensor values). Defaults to {@link validationEnabled}.
   */
  readonly validateArgs?: boolean;
}

/**
 * Options of {@link DistributionBase.sampleAndLogProb}.
 *
 * @category Distributions
 */
export interface SampleAndLogProbOptions extends SampleOptions {
  /** Draw with a pathwise gradient; defaults to `hasRsample`. */
  readonly reparameterize?: boolean;
}

/**
 * A draw and its log-density, computed from the same noise.
 *
 * @category Distributions
 */
export interface SampleWithLogProb<V extends Tensor = Tensor> {
  /** The draw, of shape `batchShape ++ eventShape`. */
  readonly value: V;
  /** Its log-density, of shape `batchShape`. */
  readonly logProb: Tensor;
}
