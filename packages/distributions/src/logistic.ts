/**
 * The logistic distribution.
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
import { log1pAccurate } from './internal/special.js';
import { broadcastShapes } from './internal/shapes.js';
import type { ParameterTable } from './parameters.js';

/**
 * Logistic distribution with location `loc` and scale `scale`. Reparameterized by the inverse
 * CDF: `x = μ + s (log u − log(1 − u))`, `u ~ Uniform(0, 1)`.
 *
 * Math:
 * ```text
 * z = (x − μ)/s,  log p(x) = −z − log s − 2 softplus(−z)
 * mean μ, variance s²π²/3, entropy log s + 2, cdf σ(z), icdf μ + s logit(p)
 * ```
 *
 * @example
 * ```ts
 * new Logistic(0, 1).cdf(tf.scalar(0)); // 0.5
 * ```
 * @category Families
 */
export class Logistic extends DistributionBase<Tensor> {
  /** `loc` is real; `scale` is positive. */
  static readonly parameterProperties: ParameterTable<'loc' | 'scale'> = {
    loc: { constraint: real, eventDim: 0 },
    scale: { constraint: positive, eventDim: 0 },
  };
  /** `'Logistic'`. */
  readonly family = 'Logistic';
  /** The real line. */
  readonly support = real;
  /** True. */
  readonly hasRsample = true;
  /** Location μ (mean, median and mode). */
  readonly loc: Tensor;
  /** Scale s > 0. */
  readonly scale: Tensor;

  /**
   * @param loc - location μ
   * @param scale - scale s > 0
   * @param options - validation
   */
  constructor(loc: TensorInput, scale: TensorInput, options: DistributionOptions = {}) {
    const l = toFloat(loc, 'loc', 'Logistic');
    const s = toFloat(scale, 'scale', 'Logistic');
    super(broadcastShapes('Logistic', { loc: l.shape, scale: s.shape }), [], options);
    this.loc = l;
    this.scale = s;
    this.checkParameters(Logistic.parameterProperties, this.parameters);
  }

  /** `{ loc, scale }`. */
  get parameters(): Readonly<Record<'loc' | 'scale', Tensor>> {
    return { loc: this.loc, scale: this.scale };
  }

  protected override draw(sampleShape: readonly number[], seed: number): Tensor {
    return this.computeIcdf(uniformOpen(this.drawShape(sampleShape), seed));
  }

  protected override computeLogProb(value: Tensor): Tensor {
    const z = tf.div(tf.sub(value, this.loc), this.scale);
    return tf.neg(tf.add(tf.add(z, tf.log(this.scale)), tf.mul(2, tf.softplus(tf.neg(z)))));
  }

  /** σ((x − μ)/s). */
  protected override computeCdf(value: Tensor): Tensor {
    return tf.sigmoid(tf.div(tf.sub(value, this.loc), this.scale));
  }
  /** μ + s (log p − log(1 − p)). */
  protected override computeIcdf(p: Tensor): Tensor {
    return tf.add(this.loc, tf.mul(this.scale, tf.sub(tf.log(p), log1pAccurate(tf.neg(p)))));
  }

  override mean(): Tensor {
    return tf.tidy(() => this.batched(this.loc));
  }
  override mode(): Tensor {
    return this.mean();
  }
  override variance(): Tensor {
    return tf.tidy(() => this.batched(tf.mul(tf.square(this.scale), (Math.PI * Math.PI) / 3)));
  }
  override entropy(): Tensor {
    return tf.tidy(() => this.batched(tf.add(tf.log(this.scale), 2)));
  }
}
