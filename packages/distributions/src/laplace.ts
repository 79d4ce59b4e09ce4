/**
 * The Laplace (double exponential) distribution.
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

/**
 * Laplace distribution with location `loc` and scale `scale`. Reparameterized by the
 * inverse CDF: `x = loc − scale · sign(u) · log(1 − |u|)`, `u ~ Uniform(−1, 1)`.
 *
 * Math:
 * ```text
 * log p(x) = −|x − μ|/b − log 2b
 * mean μ, variance 2b², entropy 1 + log 2b
 * ```
 *
 * @example
 * ```ts
 * new Laplace(0, 1).logProb(tf.scalar(0)); // −log 2
 * ```
 * @category Families
 */
export class Laplace extends DistributionBase<Tensor> {
  /** `loc` is real; `scale` is positive. */
  static readonly parameterProperties: ParameterTable<'loc' | 'scale'> = {
    loc: { constraint: real, eventDim: 0 },
    scale: { constraint: positive, eventDim: 0 },
  };
  /** `'Laplace'`. */
  readonly family = 'Laplace';
  /** The real line. */
  readonly support = real;
  /** True. */
  readonly hasRsample = true;
  /** Location μ (the median). */
  readonly loc: Tensor;
  /** Scale b > 0. */
  readonly scale: Tensor;

  /**
   * @param loc - location μ
   * @param scale - scale b > 0
   * @param options - validation
   */
  constructor(loc: TensorInput, scale: TensorInput, options: DistributionOptions = {}) {
    const l = toFloat(loc, 'loc', 'Laplace');
    const s = toFloat(scale, 'scale', 'Laplace');
    super(broadcastShapes('Laplace', { loc: l.shape, scale: s.shape }), [], options);
    this.loc = l;
    this.scale = s;
    this.checkParameters(Laplace.parameterProperties, this.parameters);
  }

  /** `{ loc, scale }`. */
  get parameters(): Readonly<Record<'loc' | 'scale', Tensor>> {
    return { loc: this.loc, scale: this.scale };
  }

  protected override draw(sampleShape: readonly number[], seed: number): Tensor {
    const u = tf.sub(tf.mul(uniformOpen(this.drawShape(sampleShape), seed), 2), 1);
    const e = tf.mul(tf.sign(u), tf.log1p(tf.neg(tf.abs(u))));
    return tf.sub(this.loc, tf.mul(this.scale, e));
  }

  protected override computeLogProb(value: Tensor): Tensor {
    const z = tf.div(tf.abs(tf.sub(value, this.loc)), this.scale);
    return tf.neg(tf.add(z, tf.log(tf.mul(this.scale, 2))));
  }

  override mean(): Tensor {
    return tf.tidy(() => this.batched(this.loc));
  }
  override mode(): Tensor {
    return this.mean();
  }
  override variance(): Tensor {
    return tf.tidy(() => this.batched(tf.mul(tf.square(this.scale), 2)));
  }
  override entropy(): Tensor {
    return tf.tidy(() => this.batched(tf.add(tf.log(tf.mul(this.scale, 2)), 1)));
  }
  /** ½ e^z for z = (x − μ)/b < 0, else 1 − ½ e^−z. */
  protected override computeCdf(value: Tensor): Tensor {
    const z = tf.div(tf.sub(value, this.loc), this.scale);
    const half = tf.mul(0.5, tf.exp(tf.neg(tf.abs(z))));
    return tf.where(tf.less(z, 0), half, tf.sub(1, half));
  }
  /** μ + b log(2p) for p < ½, else μ − b log(2(1 − p)). */
  protected override computeIcdf(p: Tensor): Tensor {
    const low = tf.less(p, 0.5);
    const tail = tf.log(tf.mul(2, tf.where(low, p, tf.sub(1, p))));
    return tf.add(this.loc, tf.mul(this.scale, tf.where(low, tail, tf.neg(tail))));
  }
}
