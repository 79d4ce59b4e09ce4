/**
 * The geometric distribution.
 *
 * @module
 */
import { tf } from '@aevb/core';
import type { Tensor } from '@aevb/core';
import { nonnegativeInteger, real, unitInterval } from './constraints.js';
import { DistributionBase } from './distribution.js';
import type { DistributionOptions } from './distribution.js';
import { givenTensor, probsOrLogits } from './internal/probs-or-logits.js';
import type { GivenProbsOrLogits, ProbsOrLogits } from './internal/probs-or-logits.js';
import { uniformOpen } from './internal/random.js';
import { log1pAccurate, xlogy } from './internal/special.js';
import type { ParameterTable } from './parameters.js';

/**
 * Geometric distribution: the number of failures `k ∈ {0, 1, …}` (float32) before the first
 * success of Bernoulli trials with success probability `probs` (or log-odds `logits`).
 * Sampled by inversion, `⌊log u / log(1 − p)⌋`; not reparameterized.
 *
 * Math:
 * ```text
 * log p(k) = k log(1 − p) + log p
 * mean (1 − p)/p, variance (1 − p)/p², entropy (−(1 − p) log(1 − p) − p log p)/p
 * cdf 1 − (1 − p)^(⌊k⌋ + 1)
 * ```
 *
 * @example
 * ```ts
 * new Geometric({ probs: 0.25 }).mean(); // 3
 * ```
 * @category Families
 */
export class Geometric extends DistributionBase<Tensor> {
  /** `logits` are real; `probs` lie in `[0, 1]` (0 itself is degenerate). */
  static readonly parameterProperties: ParameterTable<'logits' | 'probs'> = {
    logits: { constraint: real, eventDim: 0 },
    probs: { constraint: unitInterval, eventDim: 0 },
  };
  /** `'Geometric'`. */
  readonly family = 'Geometric';
  /** `{0, 1, 2, …}`. */
  readonly support = nonnegativeInteger;
  /** False. */
  readonly hasRsample = false;
  private readonly given: GivenProbsOrLogits;

  /**
   * @param params - `{ probs }` or `{ logits }`
   * @param options - validation
   */
  constructor(params: ProbsOrLogits, options: DistributionOptions = {}) {
    const given = probsOrLogits('Geometric', params);
    super(givenTensor(given).shape, [], options);
    this.given = given;
    this.checkParameters(Geometric.parameterProperties, this.parameters);
  }

  /** The parameter given to the constructor: `{ probs }` or `{ logits }`. */
  get parameters(): Readonly<Record<string, Tensor>> {
    return this.given;
  }

  /** Success probabilities. */
  get probs(): Tensor {
    return 'probs' in this.given ? this.given.probs : tf.sigmoid(this.given.logits);
  }

  /** log(1 − p), exact for logits (−softplus(ℓ)). */
  private log1mProbs(): Tensor {
    return 'logits' in this.given ? tf.neg(tf.softplus(this.given.logits)) : log1pAccurate(tf.neg(this.given.probs));
  }

  protected override draw(sampleShape: readonly number[], seed: number): Tensor {
    const u = uniformOpen(this.drawShape(sampleShape), seed);
    return tf.floor(tf.div(tf.log(u), this.log1mProbs()));
  }

  protected override computeLogProb(value: Tensor): Tensor {
    if ('logits' in this.given) {
      const l = this.given.logits;
      return tf.neg(tf.add(tf.mul(value, tf.softplus(l)), tf.softplus(tf.neg(l))));
    }
    const p = this.given.probs;
    return tf.add(xlogy(value, tf.sub(1, p)), tf.log(p));
  }

  /** −expm1((⌊k⌋ + 1) log(1 − p)) for k ≥ 0, else 0. */
  protected override computeCdf(value: Tensor): Tensor {
    const k = tf.floor(value);
    const c = tf.neg(tf.expm1(tf.mul(tf.add(k, 1), this.log1mProbs())));
    return tf.where(tf.less(k, 0), tf.zerosLike(c), c);
  }

  override mean(): Tensor {
    return tf.tidy(() => {
      const p = this.probs;
      return this.batched(tf.div(tf.sub(1, p), p));
    });
  }
  override variance(): Tensor {
    return tf.tidy(() => {
      const p = this.probs;
      return this.batched(tf.div(tf.sub(1, p), tf.square(p)));
    });
  }
  override mode(): Tensor {
    return tf.tidy(() => this.batched(tf.zerosLike(this.probs)));
  }
  override entropy(): Tensor {
    return tf.tidy(() => {
      const p = this.probs;
      const q = tf.sub(1, p);
      return this.batched(tf.div(tf.neg(tf.add(xlogy(q, q), xlogy(p, p))), p));
    });
  }
}
