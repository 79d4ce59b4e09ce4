/**
 * The Dirichlet distribution on the probability simplex.
 *
 * @module
 */
import { ArgumentError, tf } from '@aevb/core';
import type { Tensor } from '@aevb/core';
import { independent, positive, simplex } from './constraints.js';
import { DistributionBase } from './distribution.js';
import type { DistributionOptions } from './distribution.js';
import { toFloat } from './internal/convert.js';
import type { TensorInput } from './internal/convert.js';
import { logStandardGammaRsample } from './internal/gamma-rsample.js';
import { TINY } from './internal/random.js';
import { showShape } from './internal/shapes.js';
import { digamma, lgamma, xlogy } from './internal/special.js';
import { dirichletEntropyStirling, dirichletLogProbStirling } from './internal/stirling.js';
import type { ParameterTable } from './parameters.js';

/**
 * Dirichlet distribution over `K`-vectors on the simplex, with `concentration` α of shape
 * `[...batch, K]` (event shape `[K]`). Sampled by normalizing Gamma(αₖ) draws in log
 * space (a softmax of the log-Gamma draws). Reparameterized implicitly: each Gamma draw
 * carries the Figurnov et al. (2018) gradient (see {@link Gamma}).
 *
 * Math:
 * ```text
 * log p(x) = Σₖ (αₖ − 1) log xₖ − [Σₖ lgamma(αₖ) − lgamma(α₀)],  α₀ = Σₖ αₖ
 * mean α/α₀, variance αₖ(α₀ − αₖ) / (α₀² (α₀ + 1))
 * entropy Σₖ lgamma(αₖ) − lgamma(α₀) + (α₀ − K) ψ(α₀) − Σₖ (αₖ − 1) ψ(αₖ)
 * ```
 *
 * @example
 * ```ts
 * new Dirichlet([1, 1, 1]).logProb(tf.tensor([0.2, 0.3, 0.5])); // log 2
 * ```
 * @category Families
 */
export class Dirichlet extends DistributionBase<Tensor> {
  /** `concentration` is a vector of positive numbers. */
  static readonly parameterProperties: ParameterTable<'concentration'> = {
    concentration: { constraint: independent(positive, 1), eventDim: 1 },
  };
  /** `'Dirichlet'`. */
  readonly family = 'Dirichlet';
  /** The simplex over the last axis. */
  readonly support = simplex;
  /** True (implicit reparameterization through the K Gamma draws). */
  readonly hasRsample = true;
  /** α, shape `[...batch, K]`, positive. */
  readonly concentration: Tensor;

  /**
   * @param concentration - α of shape `[...batch, K]` with `K ≥ 2`
   * @param options - validation
   */
  constructor(concentration: TensorInput, options: DistributionOptions = {}) {
    const a = toFloat(concentration, 'concentration', 'Dirichlet');
    const k = a.shape[a.rank - 1];
    if (k === undefined || k < 2) {
      throw new ArgumentError('Dirichlet', 'concentration', `must have shape [...batch, K] with K >= 2, got ${showShape(a.shape)}`);
    }
    super(a.shape.slice(0, -1), [k], options);
    this.concentration = a;
    this.checkParameters(Dirichlet.parameterProperties, this.parameters);
  }

  /** `{ concentration }`. */
  get parameters(): Readonly<Record<'concentration', Tensor>> {
    return { concentration: this.concentration };
  }

  protected override draw(sampleShape: readonly number[], seed: number): Tensor {
    const logG = logStandardGammaRsample(this.concentration, this.drawShape(sampleShape), seed);
    // Components that underflow float32 are clipped to the smallest normal float32 (the sum then
    // exceeds 1 by at most K · 1e-38) so that log-densities stay finite.
    return tf.maximum(tf.exp(tf.logSoftmax(logG, -1)), TINY);
  }

  protected override computeLogProb(value: Tensor): Tensor {
    const a = this.concentration;
    const body = tf.sum(xlogy(tf.sub(a, 1), value), -1);
    const naive = tf.sub(body, this.logNormalizer());
    // All concentrations >= 8: Stirling-rearranged form without cancellation (internal/stirling.ts).
    const big = tf.all(tf.greaterEqual(a, 8), -1);
    const safeA = tf.where(tf.expandDims(big, -1), a, tf.fill(a.shape, 8));
    return tf.where(big, dirichletLogProbStirling(tf.add(safeA, tf.zerosLike(value)), value), naive);
  }

  override mean(): Tensor {
    return tf.tidy(() => tf.div(this.concentration, tf.sum(this.concentration, -1, true)));
  }
  override variance(): Tensor {
    return tf.tidy(() => {
      const a = this.concentration;
      const a0 = tf.sum(a, -1, true);
      return tf.div(tf.mul(a, tf.sub(a0, a)), tf.mul(tf.square(a0), tf.add(a0, 1)));
    });
  }
  override entropy(): Tensor {
    return tf.tidy(() => {
      const a = this.concentration;
      const k = a.shape[a.rank - 1] as number;
      const a0 = tf.sum(a, -1);
      const cross = tf.sum(tf.mul(tf.sub(a, 1), digamma(a)), -1);
      const naive = tf.sub(tf.add(this.logNormalizer(), tf.mul(tf.sub(a0, k), digamma(a0))), cross);
      const big = tf.all(tf.greaterEqual(a, 8), -1);
      const safeA = tf.where(tf.expandDims(big, -1), a, tf.fill(a.shape, 8));
      return tf.where(big, dirichletEntropyStirling(safeA), naive);
    });
  }

  /** `Σₖ lgamma(αₖ) − lgamma(α₀)`. */
  private logNormalizer(): Tensor {
    return tf.sub(tf.sum(lgamma(this.concentration), -1), lgamma(tf.sum(this.concentration, -1)));
  }
}
