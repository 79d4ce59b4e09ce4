/**
 * The exponential distribution.
 *
 * @module
 */
import { tf } from '@aevb/core';
import type { Tensor } from '@aevb/core';
import { nonnegative, positive } from './constraints.js';
import { DistributionBase } from './distribution.js';
import type { DistributionOptions } from './distribution.js';
import { toFloat } from './internal/convert.js';
import type { TensorInput } from './internal/convert.js';
import { uniformOpen } from './internal/random.js';
import { log1pAccurate } from './internal/special.js';
import type { ParameterTable } from './parameters.js';

/**
 * Exponential distribution with rate `rate` (batch shape: the shape of `rate`).
 * Reparameterized by the inverse CDF: `x = −log(u) / λ`, `u ~ Uniform(0, 1)`.
 *
 * Math:
 * ```text
 * log p(x) = log λ − λ x   (x ≥ 0)
 * mean 1/λ, variance 1/λ², entropy 1 − log λ
 * ```
 *
 * @example
 * ```ts
 * new Exponential(2).mean(); // 0.5
 * ```
 * @category Families
 */
export class Exponential extends DistributionBase<Tensor> {
  /** `rate` is positive. */
  static readonly parameterProperties: ParameterTable<'rate'> = {
    rate: { constraint: positive, eventDim: 0 },
  };
  /** `'Exponential'`. */
  readonly family = 'Exponential';
  /** `[0, ∞)`. */
  readonly support = nonnegative;
  /** True. */
  readonly hasRsample = true;
  /** Rate λ > 0. */
  readonly rate: Tensor;

  /**
   * @param rate - rate λ > 0
   * @param options - validation
   */
  constructor(rate: TensorInput, options: DistributionOptions = {}) {
    const r = toFloat(rate, 'rate', 'Exponential');
    super(r.shape, [], options);
    this.rate = r;
    this.checkParameters(Exponential.parameterProperties, this.parameters);
  }

  /** `{ rate }`. */
  get parameters(): Readonly<Record<'rate', Tensor>> {
    return { rate: this.rate };
  }

  protected override draw(sampleShape: readonly number[], seed: number): Tensor {
    return tf.div(tf.neg(tf.log(uniformOpen(this.drawShape(sampleShape), seed))), this.rate);
  }

  protected override computeLogProb(value: Tensor): Tensor {
    return tf.sub(tf.log(this.rate), tf.mul(this.rate, value));
  }

  override mean(): Tensor {
    return tf.tidy(() => this.batched(tf.reciprocal(this.rate)));
  }
  override mode(): Tensor {
    return tf.tidy(() => this.batched(tf.zerosLike(this.rate)));
  }
  override variance(): Tensor {
    return tf.tidy(() => this.batched(tf.reciprocal(tf.square(this.rate))));
  }
  override entropy(): Tensor {
    return tf.tidy(() => this.batched(tf.sub(1, tf.log(this.rate))));
  }
  /** 1 − e^(−λx) (as −expm1(−λx)) for x ≥ 0, else 0. */
  protected override computeCdf(value: Tensor): Tensor {
    return tf.neg(tf.expm1(tf.neg(tf.mul(this.rate, tf.relu(value)))));
  }
  /** −log(1 − p)/λ. */
  protected override computeIcdf(p: Tensor): Tensor {
    return tf.div(tf.neg(log1pAccurate(tf.neg(p))), this.rate);
  }
}
