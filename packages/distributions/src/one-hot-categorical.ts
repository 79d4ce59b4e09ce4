/**
 * The one-hot categorical distribution.
 *
 * @module
 */
import { tf } from '@aevb/core';
import type { Tensor } from '@aevb/core';
import { oneHot, realVector, simplex } from './constraints.js';
import { Categorical } from './categorical.js';
import type { CategoricalParams } from './categorical.js';
import { DistributionBase } from './distribution.js';
import type { DistributionOptions } from './distribution.js';
import type { ParameterTable } from './parameters.js';

/**
 * Categorical distribution over one-hot vectors of length K (float32, event shape `[K]`): a
 * {@link Categorical} whose values are encoded as one-hot rows. Not reparameterized (for a
 * relaxed, reparameterized alternative use a Gumbel-softmax construction).
 *
 * Math:
 * ```text
 * log p(x) = Σₖ xₖ log pₖ
 * mean p, variance p (1 − p), entropy −Σₖ pₖ log pₖ
 * ```
 *
 * @example
 * ```ts
 * const c = new OneHotCategorical({ logits: tf.zeros([3]) });
 * c.sample({ seed: 1 }); // e.g. [0, 1, 0]
 * ```
 * @category Families
 */
export class OneHotCategorical extends DistributionBase<Tensor> {
  /** As {@link Categorical}'s. */
  static readonly parameterProperties: ParameterTable<'logits' | 'probs'> = {
    logits: { constraint: realVector, eventDim: 1 },
    probs: { constraint: simplex, eventDim: 1 },
  };
  /** `'OneHotCategorical'`. */
  readonly family = 'OneHotCategorical';
  /** One-hot vectors. */
  readonly support = oneHot;
  /** False. */
  readonly hasRsample = false;
  /** The underlying distribution over indices. */
  readonly categorical: Categorical;

  /**
   * @param params - `{ probs }` or `{ logits }`, shape `[...batch, K]`
   * @param options - validation
   */
  constructor(params: CategoricalParams, options: DistributionOptions = {}) {
    const cat = new Categorical(params, options);
    super(cat.batchShape, [cat.numCategories], options);
    this.categorical = cat;
  }

  /** The underlying Categorical's parameters. */
  get parameters(): Readonly<Record<string, Tensor>> {
    return this.categorical.parameters;
  }

  /** Number of categories K. */
  get numCategories(): number {
    return this.categorical.numCategories;
  }

  /** Normalized probabilities, shape `[...batch, K]`. */
  get probs(): Tensor {
    return this.categorical.probs;
  }

  protected override draw(sampleShape: readonly number[], seed: number): Tensor {
    const cat = this.categorical.expand(this.batchShape);
    const n = sampleShape.reduce((a, b) => a * b, 1);
    const idx = sampleShape.length === 0 ? cat.sample({ seed }) : tf.reshape(cat.sampleN(n, { seed }), [...sampleShape, ...this.batchShape]);
    return tf.cast(tf.oneHot(tf.cast(idx, 'int32'), this.numCategories), 'float32');
  }

  protected override computeLogProb(value: Tensor): Tensor {
    const lp = tf.add(this.categorical.logProbs, tf.zerosLike(value));
    // Only the hot entry counts (0 · −∞ would be NaN for impossible categories).
    return tf.sum(tf.where(tf.greater(value, 0), tf.mul(value, lp), tf.zerosLike(lp)), -1);
  }

  override mean(): Tensor {
    return tf.tidy(() => this.batched(this.probs));
  }
  override variance(): Tensor {
    return tf.tidy(() => {
      const p = this.probs;
      return this.batched(tf.mul(p, tf.sub(1, p)));
    });
  }
  /** The most probable category, one-hot. */
  override mode(): Tensor {
    return tf.tidy(() => this.batched(tf.cast(tf.oneHot(tf.argMax(this.categorical.logProbs, -1), this.numCategories), 'float32')));
  }
  override entropy(): Tensor {
    return tf.tidy(() => tf.broadcastTo(this.categorical.entropy(), [...this.batchShape]));
  }
}
