/**
 * The continuous uniform distribution on an interval.
 *
 * @module
 */
import { ArgumentError, tf } from '@aevb/core';
import type { Constraint, Tensor, Transform } from '@aevb/core';
import { real } from './constraints.js';
import { AffineBijector } from './bijectors/affine.js';
import { ChainBijector } from './bijectors/chain.js';
import { SigmoidBijector } from './bijectors/sigmoid.js';
import { DistributionBase } from './distribution.js';
import type { DistributionOptions } from './distribution.js';
import { toFloat } from './internal/convert.js';
import type { TensorInput } from './internal/convert.js';
import { uniformOpen } from './internal/random.js';
import { broadcastShapes } from './internal/shapes.js';
import type { ParameterTable } from './parameters.js';

/**
 * Uniform distribution on `[low, high)` (batch shape: the broadcast of both).
 * Reparameterized: `x = low + (high − low) u`, `u ~ Uniform(0, 1)`. The support depends
 * on the parameters; its default transform is `low + (high − low) σ(x)`.
 *
 * Math:
 * ```text
 * log p(x) = −log(b − a) on [a, b), −∞ elsewhere
 * mean (a + b)/2, variance (b − a)²/12, entropy log(b − a)
 * ```
 *
 * @example
 * ```ts
 * new Uniform(0, 4).logProb(tf.scalar(1)); // −log 4
 * ```
 * @category Families
 */
export class Uniform extends DistributionBase<Tensor> {
  /** Both bounds are real (and `low < high`, checked in the constructor). */
  static readonly parameterProperties: ParameterTable<'low' | 'high'> = {
    low: { constraint: real, eventDim: 0 },
    high: { constraint: real, eventDim: 0 },
  };
  /** `'Uniform'`. */
  readonly family = 'Uniform';
  /** `[low, high)`, elementwise. */
  readonly support: Constraint;
  /** True. */
  readonly hasRsample = true;
  /** Lower bound a. */
  readonly low: Tensor;
  /** Upper bound b > a. */
  readonly high: Tensor;

  /**
   * @param low - lower bound a
   * @param high - upper bound b > a
   * @param options - validation
   */
  constructor(low: TensorInput, high: TensorInput, options: DistributionOptions = {}) {
    const a = toFloat(low, 'low', 'Uniform');
    const b = toFloat(high, 'high', 'Uniform');
    super(broadcastShapes('Uniform', { low: a.shape, high: b.shape }), [], options);
    this.low = a;
    this.high = b;
    this.support = boundedBy(a, b);
    this.checkParameters(Uniform.parameterProperties, this.parameters);
    if (this.validateArgs) {
      const ok = tf.tidy(() => tf.all(tf.less(a, b)).dataSync()[0] === 1);
      if (!ok) {
        const [lo, hi] = tf.tidy(() => {
          const shape = broadcastShapes('Uniform', { low: a.shape, high: b.shape });
          return [tf.broadcastTo(a, shape).dataSync(), tf.broadcastTo(b, shape).dataSync()];
        });
        const i = Array.from(lo).findIndex((v, j) => !(v < (hi[j] as number)));
        throw new ArgumentError('Uniform', 'high', `must exceed low elementwise; element ${i} has low = ${lo[i]}, high = ${hi[i]}`);
      }
    }
  }

  /** `{ low, high }`. */
  get parameters(): Readonly<Record<'low' | 'high', Tensor>> {
    return { low: this.low, high: this.high };
  }

  protected override draw(sampleShape: readonly number[], seed: number): Tensor {
    const u = uniformOpen(this.drawShape(sampleShape), seed);
    return tf.add(this.low, tf.mul(tf.sub(this.high, this.low), u));
  }

  protected override computeLogProb(value: Tensor): Tensor {
    const inside = tf.logicalAnd(tf.greaterEqual(value, this.low), tf.less(value, this.high));
    const density = tf.neg(tf.log(tf.sub(this.high, this.low)));
    const full = tf.add(density, tf.zerosLike(value));
    return tf.where(inside, full, tf.fill(full.shape, -Infinity));
  }

  override mean(): Tensor {
    return tf.tidy(() => this.batched(tf.div(tf.add(this.low, this.high), 2)));
  }
  override variance(): Tensor {
    return tf.tidy(() => this.batched(tf.div(tf.square(tf.sub(this.high, this.low)), 12)));
  }
  override entropy(): Tensor {
    return tf.tidy(() => this.batched(tf.log(tf.sub(this.high, this.low))));
  }
  /** (x − low)/(high − low), clipped to [0, 1]. */
  protected override computeCdf(value: Tensor): Tensor {
    return tf.clipByValue(tf.div(tf.sub(value, this.low), tf.sub(this.high, this.low)), 0, 1);
  }
  /** low + p (high − low). */
  protected override computeIcdf(p: Tensor): Tensor {
    return tf.add(this.low, tf.mul(p, tf.sub(this.high, this.low)));
  }
}

/** The parameter-dependent support `[low, high)`, with transform `low + (high − low) σ(x)`. */
function boundedBy(low: Tensor, high: Tensor): Constraint {
  return {
    name: 'interval(low, high)',
    spec: { kind: 'dependent' },
    eventDim: 0,
    isContinuous: true,
    check: (x) => tf.tidy(() => tf.logicalAnd(tf.greaterEqual(x, low), tf.less(x, high))),
    defaultTransform: (): Transform =>
      new ChainBijector([new SigmoidBijector(), new AffineBijector(low, tf.sub(high, low))]),
  };
}
