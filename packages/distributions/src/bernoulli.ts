/**
 * The Bernoulli distribution.
 *
 * @module
 */
import { tf } from '@aevb/core';
import { bernoulliLogitsLogProb } from '@aevb/core/internal';
import type { Tensor } from '@aevb/core';
import { boolean, real, unitInterval } from './constraints.js';
import { DistributionBase } from './distribution.js';
import type { DistributionOptions } from './distribution.js';
import { givenTensor, probsOrLogits } from './internal/probs-or-logits.js';
import type { GivenProbsOrLogits, ProbsOrLogits } from './internal/probs-or-logits.js';
import { uniformOpen } from './internal/random.js';
import { xlogy } from './internal/special.js';
import type { ParameterTable } from './parameters.js';

/**
 * The parameters of a {@link Bernoulli}: exactly one of `probs` and `logits`.
 *
 * @category Families
 */
export type BernoulliParams = ProbsOrLogits;

/**
 * Bernoulli distribution over `{0, 1}` (as float32) with success probability `probs` or,
 * equivalently, log-odds `logits` (prefer logits: the log-density is then exact for any
 * logit). Not reparameterized.
 *
 * `logProb` also accepts values in `[0, 1]` when validation is off, giving the binary
 * cross-entropy `x log p + (1 − x) log(1 − p)` used for grey-level images.
 *
 * Math:
 * ```text
 * log p(x) = x ℓ − softplus(ℓ)  (logits ℓ)  =  x log p + (1 − x) log(1 − p)
 * mean p, variance p(1 − p), entropy −p log p − (1 − p) log(1 − p)
 * ```
 *
 * @example
 * ```ts
 * const lik = new Bernoulli({ logits: decoderOutput });
 * lik.logProb(pixels); // one value per pixel
 * ```
 * @category Families
 */
export class Bernoulli extends DistributionBase<Tensor> {
  /** `logits` are real (used by automatic guides); `probs` lie in `[0, 1]`. */
  static readonly parameterProperties: ParameterTable<'logits' | 'probs'> = {
    logits: { constraint: real, eventDim: 0 },
    probs: { constraint: unitInterval, eventDim: 0 },
  };
  /** `'Bernoulli'`. */
  readonly family = 'Bernoulli';
  /** `{0, 1}`. */
  readonly support = boolean;
  /** False. */
  readonly hasRsample = false;
  private readonly given: GivenProbsOrLogits;

  /**
   * @param params - `{ probs }` or `{ logits }`
   * @param options - validation
   */
  constructor(params: BernoulliParams, options: DistributionOptions = {}) {
    const given = probsOrLogits('Bernoulli', params);
    super(givenTensor(given).shape, [], options);
    this.given = given;
    this.checkParameters(Bernoulli.parameterProperties, this.parameters);
  }

  /** The parameter given to the constructor: `{ probs }` or `{ logits }`. */
  get parameters(): Readonly<Record<string, Tensor>> {
    return this.given;
  }

  /** Success probabilities (computed from the logits when those were given). */
  get probs(): Tensor {
    return 'probs' in this.given ? this.given.probs : tf.sigmoid(this.given.logits);
  }

  /** Log-odds (computed from the probabilities when those were given). */
  get logits(): Tensor {
    if ('logits' in this.given) return this.given.logits;
    const p = this.given.probs;
    return tf.tidy(() => tf.sub(tf.log(p), tf.log1p(tf.neg(p))));
  }

  /** False: grey-level values in [0, 1] score as binary cross-entropy, not −∞. */
  protected override get masksOutsideSupport(): boolean {
    return false;
  }

  protected override draw(sampleShape: readonly number[], seed: number): Tensor {
    const u = uniformOpen(this.drawShape(sampleShape), seed);
    return tf.cast(tf.less(u, this.probs), 'float32');
  }

  protected override computeLogProb(value: Tensor): Tensor {
    if ('logits' in this.given) {
      const l = this.given.logits;
      return bernoulliLogitsLogProb(value, l); // x·l − softplus(l) as one op (gradient x − σ(l))
    }
    const p = this.given.probs;
    return tf.add(xlogy(value, p), xlogy(tf.sub(1, value), tf.sub(1, p)));
  }

  override mean(): Tensor {
    return tf.tidy(() => this.batched(tf.clone(this.probs)));
  }
  override variance(): Tensor {
    return tf.tidy(() => {
      const p = this.probs;
      return this.batched(tf.mul(p, tf.sub(1, p)));
    });
  }
  /** 1 where `p > 0.5`, else 0. */
  override mode(): Tensor {
    return tf.tidy(() => this.batched(tf.cast(tf.greater(this.probs, 0.5), 'float32')));
  }
  override entropy(): Tensor {
    return tf.tidy(() => {
      const p = this.probs;
      const q = tf.sub(1, p);
      return this.batched(tf.neg(tf.add(xlogy(p, p), xlogy(q, q))));
    });
  }
}
