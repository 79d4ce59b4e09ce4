/**
 * Mixtures whose components are the members of one batched distribution.
 *
 * @module
 */
import { ArgumentError, tf } from '@aevb/core';
import { mixSeed } from '@aevb/core/internal';
import type { Constraint, Tensor } from '@aevb/core';
import type { Categorical } from './categorical.js';
import { DistributionBase } from './distribution.js';
import type { DistributionOptions } from './distribution.js';
import { sameShape, showShape } from './internal/shapes.js';

/**
 * A finite mixture: with mixing weights from `mixture` (a {@link Categorical} of batch shape B
 * over K components) and `components` (any distribution of batch shape `[...B, K]`), a draw picks
 * k ~ mixture and returns a draw of component k. Not reparameterized (the choice of component is
 * discrete); the entropy has no closed form (throws).
 *
 * Math:
 * ```text
 * log p(x) = logsumexp_k (log wₖ + log pₖ(x))
 * mean Σₖ wₖ μₖ, variance Σₖ wₖ (σₖ² + μₖ²) − mean², cdf Σₖ wₖ Fₖ(x) (scalar components with a cdf)
 * ```
 *
 * @example
 * ```ts
 * const gmm = new MixtureSameFamily(
 *   new Categorical({ probs: [0.3, 0.7] }),
 *   new Normal(tf.tensor1d([-2, 2]), tf.tensor1d([0.5, 1])),
 * );
 * gmm.logProb(tf.scalar(0.1));
 * ```
 * @category Families
 */
export class MixtureSameFamily extends DistributionBase<Tensor> {
  /** `MixtureSameFamily(<component family>)`. */
  readonly family: string;
  /** The components'. */
  readonly support: Constraint;
  /** False. */
  readonly hasRsample = false;

  /**
   * @param mixture - mixing weights, batch shape B, K categories
   * @param components - the K components of each batch member, batch shape `[...B, K]`
   * @param options - validation
   */
  constructor(
    readonly mixture: Categorical,
    readonly components: DistributionBase,
    options: DistributionOptions = {},
  ) {
    const cb = components.batchShape;
    const k = cb[cb.length - 1];
    if (k === undefined || k !== mixture.numCategories) {
      throw new ArgumentError(
        'MixtureSameFamily',
        'components',
        `must have batch shape [...batch, ${mixture.numCategories}] for ${mixture.numCategories} mixture categories, got ${showShape(cb)}`,
      );
    }
    if (!sameShape(cb.slice(0, -1), mixture.batchShape)) {
      throw new ArgumentError(
        'MixtureSameFamily',
        'mixture',
        `batch shape ${showShape(mixture.batchShape)} does not match the components' batch ${showShape(cb.slice(0, -1))}`,
      );
    }
    super(cb.slice(0, -1), components.eventShape, { validateArgs: options.validateArgs ?? components.validateArgs });
    this.family = `MixtureSameFamily(${components.family})`;
    this.support = components.support;
  }

  /** The mixture's and the components' parameters, prefixed `mixture.` and `components.`. */
  get parameters(): Readonly<Record<string, Tensor>> {
    const out: Record<string, Tensor> = {};
    for (const [k, v] of Object.entries(this.mixture.parameters)) out[`mixture.${k}`] = v;
    for (const [k, v] of Object.entries(this.components.parameters)) out[`components.${k}`] = v;
    return out;
  }

  /** False: the components' `logProb` already scores values outside their support. */
  protected override get masksOutsideSupport(): boolean {
    return false;
  }

  /** Number of components K. */
  get numComponents(): number {
    return this.mixture.numCategories;
  }

  /** Mixing weights of shape `[...B, K, 1, …]` (one 1 per event dimension). */
  private weights(log: boolean): Tensor {
    const w = log ? this.mixture.logProbs : this.mixture.probs;
    return tf.reshape(w, [...w.shape, ...this.eventShape.map(() => 1)]);
  }

  protected override draw(sampleShape: readonly number[], seed: number): Tensor {
    const n = sampleShape.reduce((a, b) => a * b, 1);
    const xs = this.components.expand([...this.batchShape, this.numComponents]).sampleN(n, { seed: mixSeed(seed, 0) });
    const idx = this.mixture.expand(this.batchShape).sampleN(n, { seed: mixSeed(seed, 1) });
    const hot = tf.cast(tf.oneHot(tf.cast(idx, 'int32'), this.numComponents), 'float32');
    const mask = tf.reshape(hot, [...hot.shape, ...this.eventShape.map(() => 1)]);
    const picked = tf.sum(tf.mul(xs, mask), this.batchShape.length + 1);
    return tf.reshape(picked, this.drawShape(sampleShape));
  }

  protected override computeLogProb(value: Tensor): Tensor {
    const e = this.eventShape.length;
    const x = tf.expandDims(value, value.rank - e);
    const lp = DistributionBase.logProbUnchecked(this.components, x);
    const terms = tf.add(lp, this.mixture.logProbs);
    // logsumexp with a finite shift: all −∞ (outside every component's support) gives −∞, not NaN.
    const m = tf.max(terms, -1, true);
    const shift = tf.where(tf.isFinite(m), m, tf.zerosLike(m));
    return tf.add(tf.log(tf.sum(tf.exp(tf.sub(terms, shift)), -1)), tf.squeeze(shift, [-1]));
  }

  /** Σₖ wₖ Fₖ(x), when the components have a cdf. */
  protected override computeCdf(value: Tensor): Tensor {
    return tf.sum(tf.mul(this.components.cdf(tf.expandDims(value, -1)), this.mixture.probs), -1);
  }

  override mean(): Tensor {
    return tf.tidy(() => tf.sum(tf.mul(this.weights(false), this.components.mean()), this.batchShape.length));
  }
  override variance(): Tensor {
    return tf.tidy(() => {
      const w = this.weights(false);
      const m = this.components.mean();
      const second = tf.sum(tf.mul(w, tf.add(this.components.variance(), tf.square(m))), this.batchShape.length);
      return tf.sub(second, tf.square(tf.sum(tf.mul(w, m), this.batchShape.length)));
    });
  }
}
