/**
 * The half-normal distribution.
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
import { standardNormal } from './internal/random.js';
import type { ParameterTable } from './parameters.js';
import { erf, erfinv } from './internal/normal-cdf.js';

const LOG_2_OVER_PI_HALF = 0.5 * Math.log(2 / Math.PI);

/**
 * Half-normal distribution: `|X|` for `X ~ Normal(0, scale)`, a common prior for scale
 * parameters. Reparameterized: `x = σ |ε|`, `ε ~ N(0, 1)`.
 *
 * Math:
 * ```text
 * log p(x) = ½ log(2/π) − log σ − x²/(2σ²)   (x ≥ 0)
 * mean σ √(2/π), variance σ² (1 − 2/π), entropy ½ log(πσ²/2) + ½
 * ```
 *
 * @example
 * ```ts
 * new HalfNormal(1).mean(); // 0.7979
 * ```
 * @category Families
 */
export class HalfNormal extends DistributionBase<Tensor> {
  /** `scale` is positive. */
  static readonly parameterProperties: ParameterTable<'scale'> = {
    scale: { constraint: positive, eventDim: 0 },
  };
  /** `'HalfNormal'`. */
  readonly family = 'HalfNormal';
  /** `[0, ∞)`. */
  readonly support = nonnegative;
  /** True. */
  readonly hasRsample = true;
  /** Scale σ > 0 of the underlying normal. */
  readonly scale: Tensor;

  /**
   * @param scale - scale σ > 0
   * @param options - validation
   */
  constructor(scale: TensorInput, options: DistributionOptions = {}) {
    const s = toFloat(scale, 'scale', 'HalfNormal');
    super(s.shape, [], options);
    this.scale = s;
    this.checkParameters(HalfNormal.parameterProperties, this.parameters);
  }

  /** `{ scale }`. */
  get parameters(): Readonly<Record<'scale', Tensor>> {
    return { scale: this.scale };
  }

  protected override draw(sampleShape: readonly number[], seed: number): Tensor {
    return tf.mul(this.scale, tf.abs(standardNormal(this.drawShape(sampleShape), seed)));
  }

  protected override computeLogProb(value: Tensor): Tensor {
    const z = tf.div(value, this.scale);
    return tf.sub(tf.mul(tf.square(z), -0.5), tf.sub(tf.log(this.scale), LOG_2_OVER_PI_HALF));
  }

  override mean(): Tensor {
    return tf.tidy(() => this.batched(tf.mul(this.scale, Math.sqrt(2 / Math.PI))));
  }
  override mode(): Tensor {
    return tf.tidy(() => this.batched(tf.zerosLike(this.scale)));
  }
  override variance(): Tensor {
    return tf.tidy(() => this.batched(tf.mul(tf.square(this.scale), 1 - 2 / Math.PI)));
  }
  override entropy(): Tensor {
    return tf.tidy(() => this.batched(tf.add(tf.log(this.scale), 0.5 * Math.log(Math.PI / 2) + 0.5)));
  }
  /** erf(x/(σ√2)) for x ≥ 0, else 0. */
  protected override computeCdf(value: Tensor): Tensor {
    return erf(tf.div(tf.relu(value), tf.mul(this.scale, Math.SQRT2)));
  }
  /** σ √2 erfinv(p). */
  protected override computeIcdf(p: Tensor): Tensor {
    return tf.mul(tf.mul(this.scale, Math.SQRT2), erfinv(p));
  }
}
