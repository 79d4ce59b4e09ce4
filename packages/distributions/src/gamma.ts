/**
 * The Gamma distribution, with implicit reparameterization gradients.
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
import { logStandardGammaRsample } from './internal/gamma-rsample.js';
import { TINY } from './internal/random.js';
import { broadcastShapes } from './internal/shapes.js';
import { digamma, lgamma, lgammaCorrection, log1pmx, xlogy } from './internal/special.js';
import type { ParameterTable } from './parameters.js';

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);
/** Concentrations from here on use the Stirling-rearranged formulas (no cancellation). */
const LARGE = 8;

/**
 * Gamma distribution with shape `concentration` α > 0 and `rate` β > 0.
 *
 * Math:
 * ```text
 * log p(x) = α log β + (α − 1) log x − β x − lgamma(α),  x > 0
 * mean α/β, variance α/β², entropy α − log β + lgamma(α) + (1 − α) ψ(α)
 * ```
 * For α >= 8 the log-density and entropy use Stirling's series rearranged so that no large
 * terms cancel (log p = log β + α log1pmx(t) − log1p(t) − ½ log α − ½ log 2π − c(α), t = βx/α − 1),
 * keeping float32 accuracy up to α = 1e7.
 *
 * Reparameterized implicitly (Figurnov et al. 2018): draws come from Marsaglia–Tsang, and
 * dz/dα = −(∂F(z; α)/∂α) / p(z; α) is attached as the gradient (see `internal/gamma-rsample.ts`);
 * the backward pass reads α and z on the CPU once per step.
 *
 * @example
 * ```ts
 * const g = new Gamma(tf.tensor([0.5, 2, 50]), 1);
 * g.rsample({ seed: 3 }); // shape [3], differentiable in concentration and rate
 * ```
 * @category Families
 */
export class Gamma extends DistributionBase<Tensor> {
  /** `concentration` and `rate` are positive (softplus from unconstrained reals). */
  static readonly parameterProperties: ParameterTable<'concentration' | 'rate'> = {
    concentration: { constraint: positive, eventDim: 0 },
    rate: { constraint: positive, eventDim: 0 },
  };
  /** `'Gamma'`. */
  readonly family: string = 'Gamma';
  /** The positive reals. */
  readonly support = positive;
  /** True (implicit reparameterization). */
  readonly hasRsample = true;
  /** Shape α > 0. */
  readonly concentration: Tensor;
  /** Rate β > 0 (inverse scale). */
  readonly rate: Tensor;

  /**
   * @param concentration - shape α > 0
   * @param rate - rate β > 0
   * @param options - validation
   */
  constructor(concentration: TensorInput, rate: TensorInput = 1, options: DistributionOptions = {}) {
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
    const logZ = logStandardGammaRsample(this.concentration, this.drawShape(sampleShape), seed);
    // Draws below the smallest normal float32 (frequent for α ≪ 1: P(z < 1e-38) ≈ 2e-4 at α = 0.1)
    // are clipped to it, as TFP does, so every draw is in the support with a finite log-density.
    return tf.maximum(tf.div(tf.exp(logZ), this.rate), TINY);
  }

  protected override computeLogProb(value: Tensor): Tensor {
    const a = this.concentration;
    const b = this.rate;
    const big = tf.greaterEqual(a, LARGE);
    const aSmall = tf.where(big, tf.onesLike(a), a);
    const naive = tf.sub(
      tf.add(tf.mul(aSmall, tf.log(b)), xlogy(tf.sub(aSmall, 1), value)),
      tf.add(tf.mul(b, value), lgamma(aSmall)),
    );
    const aBig = tf.where(big, a, tf.fill(a.shape, LARGE));
    const t = tf.div(tf.sub(tf.mul(b, value), aBig), aBig);
    const stable = tf.sub(
      tf.add(tf.log(b), tf.sub(tf.mul(aBig, log1pmx(t)), tf.log1p(t))),
      tf.add(tf.add(tf.mul(0.5, tf.log(aBig)), HALF_LOG_2PI), lgammaCorrection(aBig)),
    );
    return tf.where(big, stable, naive);
  }

  override mean(): Tensor {
    return tf.tidy(() => tf.broadcastTo(tf.div(this.concentration, this.rate), [...this.batchShape]));
  }
  override variance(): Tensor {
    return tf.tidy(() =>
      tf.broadcastTo(tf.div(this.concentration, tf.square(this.rate)), [...this.batchShape]),
    );
  }
  /** (α − 1)/β for α >= 1, else 0. */
  override mode(): Tensor {
    return tf.tidy(() =>
      tf.broadcastTo(tf.div(tf.relu(tf.sub(this.concentration, 1)), this.rate), [...this.batchShape]),
    );
  }
  override entropy(): Tensor {
    return tf.tidy(() => {
      const a = this.concentration;
      const big = tf.greaterEqual(a, LARGE);
      const aSmall = tf.where(big, tf.onesLike(a), a);
      const naive = tf.add(tf.add(aSmall, lgamma(aSmall)), tf.mul(tf.sub(1, aSmall), digamma(aSmall)));
      // alpha + lgamma + (1 - alpha) psi, with lgamma and psi from Stirling's series (alpha >= 8).
      const aBig = tf.where(big, a, tf.fill(a.shape, LARGE));
      const r2 = tf.reciprocal(tf.square(aBig));
      const psiTail = tf.mul(r2, tf.add(1 / 12, tf.mul(r2, tf.add(-1 / 120, tf.mul(r2, 1 / 252)))));
      const am1 = tf.sub(aBig, 1);
      const stable = tf.add(
        tf.add(tf.add(tf.mul(0.5, tf.log(aBig)), HALF_LOG_2PI), lgammaCorrection(aBig)),
        tf.add(tf.div(am1, tf.mul(2, aBig)), tf.mul(am1, psiTail)),
      );
      return tf.broadcastTo(tf.sub(tf.where(big, stable, naive), tf.log(this.rate)), [...this.batchShape]);
    });
  }
}
