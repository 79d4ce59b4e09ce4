/**
 * The Poisson distribution.
 *
 * @module
 */
import { tf } from '@aevb/core';
import type { Tensor } from '@aevb/core';
import { nonnegativeInteger, positive } from './constraints.js';
import { DistributionBase } from './distribution.js';
import type { DistributionOptions } from './distribution.js';
import { toFloat } from './internal/convert.js';
import type { TensorInput } from './internal/convert.js';
import { samplePoisson } from './internal/poisson-sampler.js';
import { lgamma, xlogy } from './internal/special.js';
import type { ParameterTable } from './parameters.js';

/**
 * Poisson distribution over counts `{0, 1, 2, …}` (float32) with rate λ. Sampled by
 * inversion for λ < 10 and by Hörmann's transformed rejection (PTRS) above, vectorized;
 * not reparameterized. The entropy has no closed form (`entropy()` throws).
 *
 * Math:
 * ```text
 * log p(k) = k log λ − λ − lgamma(k + 1)
 * mean λ, variance λ, mode ⌊λ⌋
 * ```
 *
 * @example
 * ```ts
 * const lik = new Poisson(tf.exp(decoderOutput)); // counts per feature
 * lik.logProb(counts);
 * ```
 * @category Families
 */
export class Poisson extends DistributionBase<Tensor> {
  /** `rate` is positive. */
  static readonly parameterProperties: ParameterTable<'rate'> = {
    rate: { constraint: positive, eventDim: 0 },
  };
  /** `'Poisson'`. */
  readonly family = 'Poisson';
  /** `{0, 1, 2, …}`. */
  readonly support = nonnegativeInteger;
  /** False. */
  readonly hasRsample = false;
  /** Rate λ > 0. */
  readonly rate: Tensor;

  /**
   * @param rate - rate λ > 0
   * @param options - validation
   */
  constructor(rate: TensorInput, options: DistributionOptions = {}) {
    const r = toFloat(rate, 'rate', 'Poisson');
    super(r.shape, [], options);
    this.rate = r;
    this.checkParameters(Poisson.parameterProperties, this.parameters);
  }

  /** `{ rate }`. */
  get parameters(): Readonly<Record<'rate', Tensor>> {
    return { rate: this.rate };
  }

  protected override draw(sampleShape: readonly number[], seed: number): Tensor {
    return samplePoisson(this.rate, this.drawShape(sampleShape), seed);
  }

  protected override computeLogProb(value: Tensor): Tensor {
    return tf.sub(tf.sub(xlogy(value, this.rate), this.rate), lgamma(tf.add(value, 1)));
  }

  override mean(): Tensor {
    return tf.tidy(() => this.batched(tf.clone(this.rate)));
  }
  override variance(): Tensor {
    return this.mean();
  }
  override mode(): Tensor {
    return tf.tidy(() => this.batched(tf.floor(this.rate)));
  }
}
