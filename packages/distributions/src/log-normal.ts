/**
 * The log-normal distribution.
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
import { ndtr, ndtri } from './internal/normal-cdf.js';
import { standardNormal } from './internal/random.js';
import { broadcastShapes } from './internal/shapes.js';
import type { ParameterTable } from './parameters.js';

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/**
 * Log-normal distribution: `exp(Y)` for `Y ~ Normal(loc, scale)`. Reparameterized:
 * `x = exp(μ + σ ε)`, `ε ~ N(0, 1)`.
 *
 * Math:
 * ```text
 * log p(x) = −½ ((log x − μ)/σ)² − log σ − log x − ½ log 2π   (x > 0)
 * mean exp(μ + σ²/2), variance (exp(σ²) − 1) exp(2μ + σ²), entropy μ + ½ + ½ log 2π + log σ
 * cdf Φ((log x − μ)/σ), icdf exp(μ + σ Φ⁻¹(p))
 * ```
 *
 * @example
 * ```ts
 * new LogNormal(0, 1).mean(); // e^½ ≈ 1.6487
 * ```
 * @category Families
 */
export class LogNormal extends DistributionBase<Tensor> {
  /** `loc` is real; `scale` is positive. */
  static readonly parameterProperties: ParameterTable<'loc' | 'scale'> = {
    loc: { constraint: real, eventDim: 0 },
    scale: { constraint: positive, eventDim: 0 },
  };
  /** `'LogNormal'`. */
  readonly family = 'LogNormal';
  /** `(0, ∞)`. */
  readonly support = positive;
  /** True. */
  readonly hasRsample = true;
  /** Mean μ of log x. */
  readonly loc: Tensor;
  /** Standard deviation σ > 0 of log x. */
  readonly scale: Tensor;

  /**
   * @param loc - mean μ of log x
   * @param scale - standard deviation σ > 0 of log x
   * @param options - validation
   */
  constructor(loc: TensorInput, scale: TensorInput, options: DistributionOptions = {}) {
    const l = toFloat(loc, 'loc', 'LogNormal');
    const s = toFloat(scale, 'scale', 'LogNormal');
    super(broadcastShapes('LogNormal', { loc: l.shape, scale: s.shape }), [], options);
    this.loc = l;
    this.scale = s;
    this.checkParameters(LogNormal.parameterProperties, this.parameters);
  }

  /** `{ loc, scale }`. */
  get parameters(): Readonly<Record<'loc' | 'scale', Tensor>> {
    return { loc: this.loc, scale: this.scale };
  }

  protected override draw(sampleShape: readonly number[], seed: number): Tensor {
    return tf.exp(tf.add(this.loc, tf.mul(this.scale, standardNormal(this.drawShape(sampleShape), seed))));
  }

  protected override drawWithLogProb(sampleShape: readonly number[], seed: number): SampleWithLogProb {
    const eps = standardNormal(this.drawShape(sampleShape), seed);
    const y = tf.add(this.loc, tf.mul(this.scale, eps));
    const logProb = tf.sub(tf.mul(tf.square(eps), -0.5), tf.add(tf.add(tf.log(this.scale), HALF_LOG_2PI), y));
    return { value: tf.exp(y), logProb };
  }

  protected override computeLogProb(value: Tensor): Tensor {
    const y = tf.log(value);
    const z = tf.div(tf.sub(y, this.loc), this.scale);
    return tf.sub(tf.mul(tf.square(z), -0.5), tf.add(tf.add(tf.log(this.scale), HALF_LOG_2PI), y));
  }

  /** Φ((log x − μ)/σ) for x > 0, else 0. */
  protected override computeCdf(value: Tensor): Tensor {
    const pos = tf.greater(value, 0);
    const y = tf.log(tf.where(pos, value, tf.onesLike(value)));
    const c = ndtr(tf.div(tf.sub(y, this.loc), this.scale));
    return tf.where(pos, c, tf.zerosLike(c));
  }
  /** exp(μ + σ Φ⁻¹(p)). */
  protected override computeIcdf(p: Tensor): Tensor {
    return tf.exp(tf.add(this.loc, tf.mul(this.scale, ndtri(p))));
  }

  override mean(): Tensor {
    return tf.tidy(() => this.batched(tf.exp(tf.add(this.loc, tf.mul(0.5, tf.square(this.scale))))));
  }
  /** exp(μ − σ²). */
  override mode(): Tensor {
    return tf.tidy(() => this.batched(tf.exp(tf.sub(this.loc, tf.square(this.scale)))));
  }
  override variance(): Tensor {
    return tf.tidy(() => {
      const s2 = tf.square(this.scale);
      return this.batched(tf.mul(tf.expm1(s2), tf.exp(tf.add(tf.mul(2, this.loc), s2))));
    });
  }
  override entropy(): Tensor {
    return tf.tidy(() => this.batched(tf.add(tf.add(this.loc, tf.log(this.scale)), 0.5 + HALF_LOG_2PI)));
  }
}
