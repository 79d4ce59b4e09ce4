/**
 * The half-Cauchy distribution.
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
import type { ParameterTable } from './parameters.js';

/**
 * Half-Cauchy distribution: `|X|` for `X ~ Cauchy(0, scale)`, a heavy-tailed prior for scale
 * parameters (Gelman 2006). No mean or variance (`mean()` and `variance()` throw).
 * Reparameterized by the inverse CDF: `x = γ tan(π u/2)`.
 *
 * Math:
 * ```text
 * log p(x) = log(2/π) − log γ − log(1 + (x/γ)²)   (x ≥ 0)
 * entropy log(2πγ), cdf (2/π) atan(x/γ), icdf γ tan(π p/2)
 * ```
 *
 * @example
 * ```ts
 * new HalfCauchy(1).icdf(tf.scalar(0.5)); // the median: 1
 * ```
 * @category Families
 */
export class HalfCauchy extends DistributionBase<Tensor> {
  /** `scale` is positive. */
  static readonly parameterProperties: ParameterTable<'scale'> = {
    scale: { constraint: positive, eventDim: 0 },
  };
  /** `'HalfCauchy'`. */
  readonly family = 'HalfCauchy';
  /** `[0, ∞)`. */
  readonly support = nonnegative;
  /** True. */
  readonly hasRsample = true;
  /** Scale γ > 0 (the median). */
  readonly scale: Tensor;

  /**
   * @param scale - scale γ > 0
   * @param options - validation
   */
  constructor(scale: TensorInput, options: DistributionOptions = {}) {
    const s = toFloat(scale, 'scale', 'HalfCauchy');
    super(s.shape, [], options);
    this.scale = s;
    this.checkParameters(HalfCauchy.parameterProperties, this.parameters);
  }

  /** `{ scale }`. */
  get parameters(): Readonly<Record<'scale', Tensor>> {
    return { scale: this.scale };
  }

  protected override draw(sampleShape: readonly number[], seed: number): Tensor {
    return this.computeIcdf(uniformOpen(this.drawShape(sampleShape), seed));
  }

  protected override computeLogProb(value: Tensor): Tensor {
    const z = tf.div(value, this.scale);
    return tf.neg(tf.add(tf.log1p(tf.square(z)), tf.add(tf.log(this.scale), Math.log(Math.PI / 2))));
  }

  /** (2/π) atan(x/γ) for x ≥ 0, else 0. */
  protected override computeCdf(value: Tensor): Tensor {
    return tf.mul(tf.atan(tf.div(tf.relu(value), this.scale)), 2 / Math.PI);
  }
  /** γ tan(π p/2), as γ/tan(π(1 − p)/2) for p > ½ (exact upper tail). */
  protected override computeIcdf(p: Tensor): Tensor {
    const low = tf.lessEqual(p, 0.5);
    const t = tf.tan(tf.mul(tf.where(low, p, tf.sub(1, p)), Math.PI / 2));
    return tf.mul(this.scale, tf.where(low, t, tf.reciprocal(t)));
  }

  override mode(): Tensor {
    return tf.tidy(() => this.batched(tf.zerosLike(this.scale)));
  }
  override entropy(): Tensor {
    return tf.tidy(() => this.batched(tf.add(tf.log(this.scale), Math.log(2 * Math.PI))));
  }
}
