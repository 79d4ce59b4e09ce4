/**
 * The normal (Gaussian) distribution.
 *
 * @module
 */
import { tf } from '@aevb/core';
import type { Tensor } from '@aevb/core';
import { positive, real } from './constraints.js';
import { DistributionBase } from './distribution.js';
import type { DistributionOptions, SampleWithLogProb } from './distribution.js';
import { toFloat } from './internal/convert.js';
import type { TensorInput } from './internal/convert.js';
import { standardNormal } from './internal/random.js';
import { broadcastShapes } from './internal/shapes.js';
import type { ParameterTable } from './parameters.js';
import { ndtr, ndtri } from './internal/normal-cdf.js';

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/**
 * Normal distribution with mean `loc` and standard deviation `scale` (batch shape: the
 * broadcast of both). Reparameterized: `x = loc + scale · ε`, `ε ~ N(0, 1)`.
 *
 * Math:
 * ```text
 * log p(x) = −½ ((x − μ)/σ)² − log σ − ½ log 2π
 * mean μ, variance σ², entropy ½ + ½ log 2π + log σ
 * ```
 *
 * @example
 * ```ts
 * const q = new Normal(tf.zeros([20]), tf.ones([20]));
 * const { value, logProb } = q.sampleAndLogProb({ seed: 1 }); // shapes [20], [20]
 * ```
 * @category Families
 */
export class Normal extends DistributionBase<Tensor> {
  /** `loc` is real; `scale` is positive (softplus from unconstrained reals). */
  static readonly parameterProperties: ParameterTable<'loc' | 'scale'> = {
    loc: { constraint: real, eventDim: 0 },
    scale: { constraint: positive, eventDim: 0 },
  };
  /** `'Normal'`. */
  readonly family = 'Normal';
  /** The real line. */
  readonly support = real;
  /** True. */
  readonly hasRsample = true;
  /** Mean μ. */
  readonly loc: Tensor;
  /** Standard deviation σ > 0. */
  readonly scale: Tensor;

  /**
   * @param loc - mean μ
   * @param scale - standard deviation σ > 0
   * @param options - validation
   */
  constructor(loc: TensorInput, scale: TensorInput, options: DistributionOptions = {}) {
    const l = toFloat(loc, 'loc', 'Normal');
    const s = toFloat(scale, 'scale', 'Normal');
    super(broadcastShapes('Normal', { loc: l.shape, scale: s.shape }), [], options);
    this.loc = l;
    this.scale = s;
    this.checkParameters(Normal.parameterProperties, this.parameters);
  }

  /** `{ loc, scale }`. */
  get parameters(): Readonly<Record<'loc' | 'scale', Tensor>> {
    return { loc: this.loc, scale: this.scale };
  }

  protected override draw(sampleShape: readonly number[], seed: number): Tensor {
    return tf.add(this.loc, tf.mul(this.scale, standardNormal(this.drawShape(sampleShape), seed)));
  }

  protected override drawWithLogProb(sampleShape: readonly number[], seed: number): SampleWithLogProb {
    const eps = standardNormal(this.drawShape(sampleShape), seed);
    const value = tf.add(this.loc, tf.mul(this.scale, eps));
    const logProb = tf.sub(tf.mul(tf.square(eps), -0.5), tf.add(tf.log(this.scale), HALF_LOG_2PI));
    return { value, logProb };
  }

  protected override computeLogProb(value: Tensor): Tensor {
    const z = tf.div(tf.sub(value, this.loc), this.scale);
    return tf.sub(tf.mul(tf.square(z), -0.5), tf.add(tf.log(this.scale), HALF_LOG_2PI));
  }

  override mean(): Tensor {
    return tf.tidy(() => this.batched(this.loc));
  }
  override mode(): Tensor {
    return this.mean();
  }
  override variance(): Tensor {
    return tf.tidy(() => this.batched(tf.square(this.scale)));
  }
  override entropy(): Tensor {
    return tf.tidy(() => this.batched(tf.add(tf.log(this.scale), 0.5 + HALF_LOG_2PI)));
  }
  /** Φ((x − μ)/σ), relative accuracy kept in the lower tail. */
  protected override computeCdf(value: Tensor): Tensor {
    return ndtr(tf.div(tf.sub(value, this.loc), this.scale));
  }
  /** μ + σ Φ⁻¹(p). */
  protected override computeIcdf(p: Tensor): Tensor {
    return tf.add(this.loc, tf.mul(this.scale, ndtri(p)));
  }
}
