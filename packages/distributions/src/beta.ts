/**
 * The beta distribution.
 *
 * @module
 */
import { tf } from '@aevb/core';
import { mixSeed } from '@aevb/core/internal';
import type { Tensor } from '@aevb/core';
import { positive, unitInterval } from './constraints.js';
import { DistributionBase } from './distribution.js';
import type { DistributionOptions } from './distribution.js';
import { toFloat } from './internal/convert.js';
import type { TensorInput } from './internal/convert.js';
import { logStandardGammaRsample } from './internal/gamma-rsample.js';
import { ONE_BELOW, TINY } from './internal/random.js';
import { broadcastShapes } from './internal/shapes.js';
import { digammaDifference, log1pAccurate, logBeta, xlogy } from './internal/special.js';
import { dirichletEntropyStirling, dirichletLogProbStirling } from './internal/stirling.js';
import type { ParameterTable } from './parameters.js';

/**
 * Beta distribution on `[0, 1]` with concentrations `concentration1` (α, the weight of 1)
 * and `concentration0` (β). Sampled as `X/(X + Y)`, `X ~ Gamma(α)`, `Y ~ Gamma(β)`,
 * normalized in log space (`x = sigmoid(log X − log Y)`). Reparameterized implicitly: each
 * Gamma draw carries the Figurnov et al. (2018) gradient (see {@link Gamma}), and the ratio is
 * differentiated by autodiff.
 *
 * Math:
 * ```text
 * log p(x) = (α − 1) log x + (β − 1) log(1 − x) − log B(α, β)
 * mean α/(α + β), variance αβ / ((α + β)² (α + β + 1))
 * entropy log B(α, β) − (α − 1) ψ(α) − (β − 1) ψ(β) + (α + β − 2) ψ(α + β)
 * ```
 *
 * @example
 * ```ts
 * new Beta(2, 2).mean(); // 0.5
 * ```
 * @category Families
 */
export class Beta extends DistributionBase<Tensor> {
  /** Both concentrations are positive. */
  static readonly parameterProperties: ParameterTable<'concentration1' | 'concentration0'> = {
    concentration1: { constraint: positive, eventDim: 0 },
    concentration0: { constraint: positive, eventDim: 0 },
  };
  /** `'Beta'`. */
  readonly family = 'Beta';
  /** `[0, 1]`. */
  readonly support = unitInterval;
  /** True (implicit reparameterization through the two Gamma draws). */
  readonly hasRsample = true;
  /** α > 0. */
  readonly concentration1: Tensor;
  /** β > 0. */
  readonly concentration0: Tensor;

  /**
   * @param concentration1 - α > 0
   * @param concentration0 - β > 0
   * @param options - validation
   */
  constructor(concentration1: TensorInput, concentration0: TensorInput, options: DistributionOptions = {}) {
    const a = toFloat(concentration1, 'concentration1', 'Beta');
    const b = toFloat(concentration0, 'concentration0', 'Beta');
    super(broadcastShapes('Beta', { concentration1: a.shape, concentration0: b.shape }), [], options);
    this.concentration1 = a;
    this.concentration0 = b;
    this.checkParameters(Beta.parameterProperties, this.parameters);
  }

  /** `{ concentration1, concentration0 }`. */
  get parameters(): Readonly<Record<'concentration1' | 'concentration0', Tensor>> {
    return { concentration1: this.concentration1, concentration0: this.concentration0 };
  }

  protected override draw(sampleShape: readonly number[], seed: number): Tensor {
    const shape = this.drawShape(sampleShape);
    const logX = logStandardGammaRsample(this.concentration1, shape, mixSeed(seed, 1));
    const logY = logStandardGammaRsample(this.concentration0, shape, mixSeed(seed, 2));
    // Clipped into the open interval float32 can represent: sigmoid rounds to 1 beyond 17 and
    // underflows below −87 (frequent when α or β ≪ 1), which would give infinite log-densities.
    return tf.clipByValue(tf.sigmoid(tf.sub(logX, logY)), TINY, ONE_BELOW);
  }

  protected override computeLogProb(value: Tensor): Tensor {
    const a = this.concentration1;
    const b = this.concentration0;
    const bm1 = tf.add(tf.sub(b, 1), tf.zerosLike(value));
    const log1mx = tf.where(tf.equal(bm1, 0), tf.zerosLike(bm1), tf.mul(bm1, log1pAccurate(tf.neg(value))));
    const body = tf.add(xlogy(tf.sub(a, 1), value), log1mx);
    const naive = tf.sub(body, logBeta(a, b));
    // Both concentrations >= 8: Stirling-rearranged form without cancellation (internal/stirling.ts).
    const big = tf.logicalAnd(tf.greaterEqual(a, 8), tf.greaterEqual(b, 8));
    const alpha = tf.stack([tf.where(big, a, tf.fill(a.shape, 8)), tf.where(big, b, tf.fill(b.shape, 8))], -1);
    const x = tf.stack([value, tf.sub(1, value)], -1);
    return tf.where(big, dirichletLogProbStirling(tf.add(alpha, tf.zerosLike(x)), x), naive);
  }

  override mean(): Tensor {
    return tf.tidy(() => {
      const total = tf.add(this.concentration1, this.concentration0);
      return tf.broadcastTo(tf.div(this.concentration1, total), [...this.batchShape]);
    });
  }
  override variance(): Tensor {
    return tf.tidy(() => {
      const a = this.concentration1;
      const b = this.concentration0;
      const total = tf.add(a, b);
      const v = tf.div(tf.mul(a, b), tf.mul(tf.square(total), tf.add(total, 1)));
      return tf.broadcastTo(v, [...this.batchShape]);
    });
  }
  override entropy(): Tensor {
    return tf.tidy(() => {
      const a = this.concentration1;
      const b = this.concentration0;
      const total = tf.add(a, b);
      // log B + (α − 1)(ψ(s) − ψ(α)) + (β − 1)(ψ(s) − ψ(β)), differences taken without cancellation.
      const h = tf.add(
        logBeta(a, b),
        tf.add(tf.mul(tf.sub(a, 1), digammaDifference(total, a)), tf.mul(tf.sub(b, 1), digammaDifference(total, b))),
      );
      const big = tf.logicalAnd(tf.greaterEqual(a, 8), tf.greaterEqual(b, 8));
      const alpha = tf.stack([tf.where(big, a, tf.fill(a.shape, 8)), tf.where(big, b, tf.fill(b.shape, 8))], -1);
      return tf.broadcastTo(tf.where(big, dirichletEntropyStirling(alpha), h), [...this.batchShape]);
    });
  }
}
