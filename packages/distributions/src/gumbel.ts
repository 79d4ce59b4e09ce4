/**
 * The Gumbel (type-I extreme value) distribution.
 *
 * @module
 */
import { tf } from '@aevb/core';
import type { Tensor } from '@aevb/core';
import { positive, real } from './constraints.js';
import { DistributionBase } from './distribution.js';
import type { DistributionOptions } from './distribution.js';
import { toFloat } from './internal/convert.js';
import type { TensorInput } from './internal/convert.js';
import { uniformOpen } from './internal/random.js';
import { broadcastShapes } from './internal/shapes.js';
import type { ParameterTable } from './parameters.js';

/** The Euler–Mascheroni constant γ. */
export const EULER_GAMMA = 0.5772156649015329;

/**
 * Gumbel distribution (maxima; the noise of the Gumbel-max trick) with location `loc` and scale
 * `scale`. Reparameterized by the inverse CDF: `x = μ − β log(−log u)`.
 *
 * Math:
 * ```text
 * z = (x − μ)/β,  log p(x) = −(z + e^−z) − log β
 * mean μ + βγ, variance π²β²/6, entropy log β + γ + 1, cdf exp(−e^−z), icdf μ − β log(−log p)
 * ```
 *
 * @example
 * ```ts
 * new Gumbel(0, 1).mean(); // γ ≈ 0.5772
 * ```
 * @category Families
 */
export class Gumbel extends DistributionBase<Tensor> {
  /** `loc` is real; `scale` is positive. */
  static readonly parameterProperties: ParameterTable<'loc' | 'scale'> = {
    loc: { constraint: real, eventDim: 0 },
    scale: { constraint: positive, eventDim: 0 },
  };
  /** `'Gumbel'`. */
  readonly family = 'Gumbel';
  /** The real line. */
  readonly support = real;
  /** True. */
  readonly hasRsample = true;
  /** Location μ (the mode). */
  readonly loc: Tensor;
  /** Scale β > 0. */
  readonly scale: Tensor;

  /**
   * @param loc - location μ
   * @param scale - scale β > 0
   * @param options - validation
   */
  constructor(loc: TensorInput, scale: TensorInput, options: DistributionOptions = {}) {
    const l = toFloat(loc, 'loc', 'Gumbel');
    const s = toFloat(scale, 'scale', 'Gumbel');
    super(broadcastShapes('Gumbel', { loc: l.shape, scale: s.shape }), [], options);
    this.loc = l;
    this.scale = s;
    this.checkParameters(Gumbel.parameterProperties, this.parameters);
  }

  /** `{ loc, scale }`. */
  get parameters(): Readonly<Record<'loc' | 'scale', Tensor>> {
    return { loc: this.loc, scale: this.scale };
  }

  protected override draw(sampleShape: readonly number[], seed: number): Tensor {
    return this.computeIcdf(uniformOpen(this.drawShape(sampleShape), seed));
  }

  protected override computeLogProb(value: Tensor): Tensor {
    const z = tf.div(tf.sub(value, this.loc), this.scale);
    return tf.neg(tf.add(tf.add(z, tf.exp(tf.neg(z))), tf.log(this.scale)));
  }

  /** exp(−exp(−z)). */
  protected override computeCdf(value: Tensor): Tensor {
    const z = tf.div(tf.sub(value, this.loc), this.scale);
    return tf.exp(tf.neg(tf.exp(tf.neg(z))));
  }
  /** μ − β log(−log p). */
  protected override computeIcdf(p: Tensor): Tensor {
    return tf.sub(this.loc, tf.mul(this.scale, tf.log(tf.neg(tf.log(p)))));
  }

  override mean(): Tensor {
    return tf.tidy(() => this.batched(tf.add(this.loc, tf.mul(this.scale, EULER_GAMMA))));
  }
  override mode(): Tensor {
    return tf.tidy(() => this.batched(this.loc));
  }
  override variance(): Tensor {
    return tf.tidy(() => this.batched(tf.mul(tf.square(this.scale), (Math.PI * Math.PI) / 6)));
  }
  override entropy(): Tensor {
    return tf.tidy(() => this.batched(tf.add(tf.log(this.scale), EULER_GAMMA + 1)));
  }
}
