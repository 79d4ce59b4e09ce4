/**
 * The categorical distribution over `{0, …, K − 1}`.
 *
 * @module
 */
import { ArgumentError, tf } from '@aevb/core';
import type { Constraint, Tensor } from '@aevb/core';
import { integerInterval, realVector, simplex } from './constraints.js';
import { DistributionBase } from './distribution.js';
import type { DistributionOptions } from './distribution.js';
import { givenTensor, probsOrLogits } from './internal/probs-or-logits.js';
import type { GivenProbsOrLogits, ProbsOrLogits } from './internal/probs-or-logits.js';
import { uniformOpen } from './internal/random.js';
import { showShape } from './internal/shapes.js';
import type { ParameterTable } from './parameters.js';

/**
 * The parameters of a {@link Categorical}: exactly one of `probs` and `logits`, of shape
 * `[...batch, K]`.
 *
 * @category Families
 */
export type CategoricalParams = ProbsOrLogits;

/**
 * Categorical distribution over category indices `0 … K − 1` (values are int32 of shape
 * `batch`), with unnormalized `logits` or probabilities `probs` over the last axis.
 * Sampled by the Gumbel-max trick; not reparameterized.
 *
 * Math:
 * ```text
 * log p(k) = ℓₖ − logsumexp(ℓ)  (logits)  =  log(pₖ / Σⱼ pⱼ)  (probs)
 * entropy −Σₖ pₖ log pₖ
 * ```
 *
 * @example
 * ```ts
 * const c = new Categorical({ logits: tf.zeros([4, 10]) }); // batch [4], 10 classes
 * c.logProb(tf.tensor1d([0, 3, 9, 1], 'int32')); // [−log 10, …]
 * ```
 * @category Families
 */
export class Categorical extends DistributionBase<Tensor> {
  /** `logits` are real vectors; `probs` lie on the simplex. */
  static readonly parameterProperties: ParameterTable<'logits' | 'probs'> = {
    logits: { constraint: realVector, eventDim: 1 },
    probs: { constraint: simplex, eventDim: 1 },
  };
  /** `'Categorical'`. */
  readonly family = 'Categorical';
  /** `{0, …, K − 1}`. */
  readonly support: Constraint;
  /** False. */
  readonly hasRsample = false;
  /** Number of categories K. */
  readonly numCategories: number;
  private readonly given: GivenProbsOrLogits;

  /**
   * @param params - `{ probs }` or `{ logits }`, shape `[...batch, K]`
   * @param options - validation
   */
  constructor(params: CategoricalParams, options: DistributionOptions = {}) {
    const given = probsOrLogits('Categorical', params);
    const t = givenTensor(given);
    const k = t.shape[t.rank - 1];
    if (k === undefined || k < 1) {
      const name = 'logits' in given ? 'logits' : 'probs';
      throw new ArgumentError('Categorical', name, `must have shape [...batch, K], got ${showShape(t.shape)}`);
    }
    super(t.shape.slice(0, -1), [], options);
    this.given = given;
    this.numCategories = k;
    const range = integerInterval(0, k - 1);
    // Values are int32; the constraint's test takes floats.
    this.support = { ...range, check: (x: Tensor) => tf.tidy(() => range.check(tf.cast(x, 'float32'))) };
    this.checkParameters(Categorical.parameterProperties, this.parameters);
  }

  /** The parameter given to the constructor: `{ probs }` or `{ logits }`. */
  get parameters(): Readonly<Record<string, Tensor>> {
    return this.given;
  }

  /** Normalized log-probabilities, shape `[...batch, K]` (−∞ for zero probabilities). */
  get logProbs(): Tensor {
    return tf.tidy(() => {
      if ('logits' in this.given) return tf.logSoftmax(this.given.logits, -1);
      const p = this.given.probs;
      return tf.sub(tf.log(p), tf.log(tf.sum(p, -1, true)));
    });
  }

  /** Normalized probabilities, shape `[...batch, K]`. */
  get probs(): Tensor {
    return tf.tidy(() => {
      if ('logits' in this.given) return tf.softmax(this.given.logits, -1);
      const p = this.given.probs;
      return tf.div(p, tf.sum(p, -1, true));
    });
  }

  protected override draw(sampleShape: readonly number[], seed: number): Tensor {
    const u = uniformOpen([...sampleShape, ...this.batchShape, this.numCategories], seed);
    const gumbel = tf.neg(tf.log(tf.neg(tf.log(u))));
    return tf.argMax(tf.add(this.logProbs, gumbel), -1);
  }

  protected override computeLogProb(value: Tensor): Tensor {
    const hit = tf.cast(tf.oneHot(tf.cast(value, 'int32'), this.numCategories), 'bool');
    const lp = this.logProbs;
    const full = tf.add(lp, tf.zerosLike(tf.cast(hit, 'float32')));
    return tf.sum(tf.where(hit, full, tf.zerosLike(full)), -1);
  }

  /** The most probable category, int32 of shape `batch`. */
  override mode(): Tensor {
    return tf.tidy(() => this.batched(tf.argMax(this.logProbs, -1)));
  }
  override entropy(): Tensor {
    return tf.tidy(() => {
      const lp = this.logProbs;
      const p = tf.exp(lp);
      const terms = tf.where(tf.equal(p, 0), tf.zerosLike(p), tf.mul(p, lp));
      return this.batched(tf.neg(tf.sum(terms, -1)));
    });
  }
}
