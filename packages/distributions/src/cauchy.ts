/**
 * The Cauchy distribution.
 *
 * @module
 */
import { tf } from '@aevb/core';
import type { Tensor } from '@aevb/core';
import { positive, real } from './constraints.js';
import { DistributionBase } from './distribution.js';
import type { DistributionOptions } from './distribution.js';
import { toFloat } from './internal/convert.js';
import type { TensorInput } from './internal/convert.js';
import { uniformOpen } from './internal/random.js';
import { broadcastShapes } from './internal/shapes.js';
import type { ParameterTable } from './parameters.js';

/**
 * Cauchy distribution with location `loc` and scale `scale`; heavy-tailed, with no mean or
 * variance (`mean()` and `variance()` throw). Reparameterized by the inverse CDF:
 * `x = loc + scale · tan(π (u − ½))`, `u ~ Uniform(0, 1)`.
 *
 * Math:
 * ```text
 * log p(x) = −log π − log γ − log(1 + ((x − x₀)/γ)²)
 * median and mode x₀, entropy log(4πγ)
 * ```
 *
 * @example
 * ```ts
 * new Cauchy(0, 1).logProb(tf.scalar(0)); // −log π
 * ```
 * @category Families
 */
export class Cauchy extends DistributionBase<Tensor> {
  /** `loc` is real; `scale` is positive. */
  static readonly parameterProperties: ParameterTable<'loc' | 'scale'> = {
    loc: { constraint: real, eventDim: 0 },
    scale: { constraint: positive, eventDim: 0 },
  };
  /** `'Cauchy'`. */
  readonly family = 'Cauchy';
  /** The real line. */
  readonly support = real;
  /** True. */
  readonly hasRsample = true;
  /** Location x₀ (the median). */
  readonly loc: Tensor;
  /** Scale γ > 0 (half the interquartile range). */
  readonly scale: Tensor;

  /**
   * @param loc - location x₀
   * @param scale - scale γ > 0
   * @param options - validation
   */
  constructor(loc: TensorInput, scale: TensorInput, options: DistributionOptions = {}) {
    const l = toFloat(loc, 'loc', 'Cauchy');
    const s = toFloat(scale, 'scale', 'Cauchy');
    super(broadcastShapes('Cauchy', { loc: l.shape, scale: s.shape }), [], options);
    this.loc = l;
    this.scale = s;
    this.checkParameters(Cauchy.parameterProperties, this.parameters);
  }

  /** `{ loc, scale }`. */
  get parameters(): Readonly<Record<'loc' | 'scale', Tensor>> {
    return { loc: this.loc, scale: this.scale };
  }

  protected override draw(sampleShape: readonly number[], seed: number): Tensor {
    const u = uniformOpen(this.drawShape(sampleShape), seed);
    return tf.add(this.loc, tf.mul(this.scale, tf.tan(tf.mul(tf.sub(u, 0.5), Math.PI))));
  }

  protected override computeLogProb(value: Tensor): Tensor {
    const z = tf.div(tf.sub(value, this.loc), this.scale);
    return tf.neg(tf.add(tf.log1p(tf.square(z)), tf.add(tf.log(this.scale), Math.log(Math.PI))));
  }

  override mode(): Tensor {
    return tf.tidy(() => this.batched(this.loc));
  }
  override entropy(): Tensor {
    return tf.tidy(() => this.batched(tf.add(tf.log(this.scale), Math.log(4 * Math.PI))));
  }
  /** atan2(1, −z)/π, z = (x − x₀)/γ: equal to ½ + atan(z)/π without its cancellation for z ≪ 0. */
  protected override computeCdf(value: Tensor): Tensor {
    const z = tf.div(tf.sub(value, this.loc), this.scale);
    return tf.div(tf.atan2(tf.onesLike(z), tf.neg(z)), Math.PI);
  }
  /** x₀ + γ tan(π(p − ½)), as −γ/tan(πp) for p < ½ and γ/tan(π(1 − p)) above (exact tails). */
  protected override computeIcdf(p: Tensor): Tensor {
    const low = tf.less(p, 0.5);
    const tail = tf.reciprocal(tf.tan(tf.mul(tf.where(low, p, tf.sub(1, p)), Math.PI)));
    return tf.add(this.loc, tf.mul(this.scale, tf.where(low, tf.neg(tail), tail)));
  }
}
