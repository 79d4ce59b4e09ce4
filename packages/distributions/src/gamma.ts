/**
 * The gamma distribution.
 *
 * @module
 */
import { tf } from '@aevb/core';
import type { Tensor } from '@aevb/core';
import { positive } from './constraints.js';
import { DistributionBase } from './distribution.js';
import type { DistributionOptions } from './distribution.js';
import { toFloat } from './internal/convert.js';
import type { TensorInput } from './internal/convert.js';
import { sampleLogGamma } from './internal/random.js';
import { broadcastShapes } from './internal/shapes.js';
import { digamma, lgamma } from './internal/special.js';
import type { ParameterTable } from './parameters.js';

/**
 * Gamma distribution with shape `concentration` α and `rate` β (batch shape: the
 * broadcast of both). Sampled by Marsaglia–Tsang; not reparameterized (`hasRsample` is
 * false), so a Gamma latent needs a score-function estimator.
 *
 * Math:
 * ```text
 * log p(x) = α log β + (α − 1) log x − β x − lgamma(α)   (x > 0)
 * mean α/β, variance α/β², entropy α − log β + lgamma(α) + (1 − α) ψ(α)
 * ```
 *
 * @example
 * ```ts
 * new Gamma(2, 4).mean(); // 0.5
 * ```
 * @category Families
 */
export class Gamma extends DistributionBase<Tensor> {
  /** Both parameters are positive. */
  static readonly parameterProperties: ParameterTable<'concentration' | 'rate'> = {
    concentration: { constraint: positive, eventDim: 0 },
    rate: { constraint: positive, eventDim: 0 },
  };
  /** `'Gamma'`. */
  readonly family = 'Gamma';
  /** `(0, ∞)`. */
  readonly support = positive;
  /** False: Marsaglia–Tsang draws carry no pathwise gradient. */
  readonly hasRsample = false;
  /** Shape α > 0. */
  readonly concentration: Tensor;
  /** Rate β > 0 (inverse scale). */
  readonly rate: Tensor;

  /**
   * @param concentration - shape α > 0
   * @param rate - rate β > 0
   * @param options - validation
   */
  constructor(concentration: TensorInput, rate: TensorInput, options: DistributionOptions = {}) {
    const a = toFloat(concentration, 'concentration', 'Gamma');
    const b = toFloat(rate, 'rate', 'Gamma');
    super(broadcastShapes('Gamma', { concentration: a.shape, rate: b.shape }), [], options);
    this.concentration = a;
    this.rate = b;
    this.checkParameters(Gamma.parameterProperties, this.parameters);
  }

  /** `{ concentration, rate }`. */
  get parameters(): Readonly<Record<'concentration' | 'rate', Tensor>> {
    return { concentration: this.concentration, rate: this.rate };
  }

  protected override draw(sampleShape: readonly number[], seed: number): Tensor {
    return tf.div(tf.exp(sampleLogGamma(this.concentration, this.drawShape(sampleShape), seed)), this.rate);
  }

  protected override computeLogProb(value: Tensor): Tensor {
    const a = this.concentration;
    const b = this.rate;
    const unnormalized = tf.sub(tf.mul(tf.sub(a, 1), tf.log(value)), tf.mul(b, value));
    return tf.add(unnormalized, tf.sub(tf.mul(a, tf.log(b)), lgamma(a)));
  }

  override mean(): Tensor {
    return tf.tidy(() => tf.broadcastTo(tf.div(this.concentration, this.rate), [...this.batchShape]));
  }
  override variance(): Tensor {
    return tf.tidy(() => tf.broadcastTo(tf.div(this.concentration, tf.square(this.rate)), [...this.batchShape]));
  }
  /** `(α − 1)/β` for α ≥ 1, else 0. */
  override mode(): Tensor {
    return tf.tidy(() =>
      tf.broadcastTo(tf.div(tf.relu(tf.sub(this.concentration, 1)), this.rate), [...this.batchShape]),
    );
  }
  override entropy(): Tensor {
    return tf.tidy(() => {
      const a = this.concentration;
      const h = tf.add(tf.sub(a, tf.log(this.rate)), tf.add(lgamma(a), tf.mul(tf.sub(1, a), digamma(a))));
      return tf.broadcastTo(h, [...this.batchShape]);
    });
  }
}
