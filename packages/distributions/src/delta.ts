/**
 * Delta: a point mass, the variational family of MAP estimation.
 *
 * @module
 */
import { ArgumentError, tf } from '@aevb/core';
import type { Constraint, Tensor } from '@aevb/core';
import { real } from './constraints.js';
import { DistributionBase } from './distribution.js';
import type { DistributionOptions } from './distribution.js';
import { toFloat } from './internal/convert.js';
import type { TensorInput } from './internal/convert.js';
import { sameShape } from './internal/shapes.js';
import type { ParameterTable } from './parameters.js';

/** Options of {@link Delta}. @category Families */
export interface DeltaOptions extends DistributionOptions {
  /** Rightmost dimensions of `value` that form one event. Default 0. */
  readonly eventRank?: number;
  /** The set the point lives in (reported as the support). Default the reals. */
  readonly support?: Constraint;
  /**
   * Log-density at the point, batch-shaped or scalar (default 0). Non-zero values let a
   * Delta carry a change-of-variables term, e.g. in a full-rank automatic guide.
   */
  readonly logDensity?: TensorInput;
}

/** The point and its log-density are finite reals (checked when validation is on). */
const FINITE_POINT: ParameterTable<'value' | 'logDensity'> = {
  value: { constraint: real, eventDim: 0 },
  logDensity: { constraint: real, eventDim: 0 },
};

/**
 * A point mass at `value`:
 *
 * ```text
 * log p(x) = logDensity  if x = value (every element of the event), −∞ otherwise
 * ```
 *
 * `rsample` returns `value` itself, so gradients reach it: a guide of Deltas turns the ELBO
 * into log p(x, z*) (MAP). Mean and mode are `value`; variance 0.
 *
 * @example
 * ```ts
 * const d = new Delta(tf.tensor1d([1, 2]), { eventRank: 1 });
 * d.logProb(tf.tensor1d([1, 2])); // 0
 * ```
 * @category Families
 */
export class Delta extends DistributionBase<Tensor> {
  /** `'Delta'`. */
  readonly family = 'Delta';
  /** As given (default the reals). */
  readonly support: Constraint;
  /** True: the draw is the point, differentiable in it. */
  readonly hasRsample = true;
  /** The point. */
  readonly value: Tensor;
  /** Log-density at the point. */
  readonly logDensity: Tensor;

  /**
   * @param value - the point
   * @param options - event rank, support, log-density at the point, validation
   */
  constructor(value: TensorInput, options: DeltaOptions = {}) {
    const v = toFloat(value, 'value', 'Delta');
    const e = options.eventRank ?? 0;
    if (!Number.isInteger(e) || e < 0 || e > v.rank) {
      throw new ArgumentError('Delta', 'eventRank', `must be an integer in [0, ${v.rank}] for a value of rank ${v.rank}, got ${e}`);
    }
    super(v.shape.slice(0, v.rank - e), v.shape.slice(v.rank - e), options);
    this.value = v;
    this.support = options.support ?? real;
    this.logDensity = options.logDensity === undefined ? tf.scalar(0) : toFloat(options.logDensity, 'logDensity', 'Delta');
    this.checkParameters(FINITE_POINT, this.parameters);
  }

  /** `{ value, logDensity }`. */
  get parameters(): Readonly<Record<string, Tensor>> {
    return { value: this.value, logDensity: this.logDensity };
  }

  protected override draw(sampleShape: readonly number[], _seed: number): Tensor {
    // drawShape covers the batch of an `expand`ed Delta (the value keeps its own shape).
    const shape = this.drawShape(sampleShape);
    return sameShape(shape, this.value.shape) ? tf.clone(this.value) : tf.broadcastTo(this.value, shape);
  }

  protected override computeLogProb(x: Tensor): Tensor {
    const e = this.eventShape.length;
    // log 1[x = value] from differentiable ops (Equal and All have no gradients in TF.js, and
    // the value is usually a function of parameters): 0 at the point, −∞ elsewhere; its
    // gradient is 0 at the point (sign has a zero gradient).
    const dist = tf.abs(tf.sub(x, tf.broadcastTo(this.value, x.shape)));
    const off = e === 0 ? dist : tf.sum(dist, Array.from({ length: e }, (_, i) => x.rank - 1 - i));
    return tf.add(tf.broadcastTo(this.logDensity, off.shape), tf.log(tf.sub(1, tf.sign(off))));
  }

  /** The point. */
  override mean(): Tensor {
    return tf.clone(this.value);
  }
  /** The point. */
  override mode(): Tensor {
    return tf.clone(this.value);
  }
  /** Zero. */
  override variance(): Tensor {
    return tf.zerosLike(this.value);
  }
}
