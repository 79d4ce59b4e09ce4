/**
 * Adagrad (Duchi, Hazan & Singer, 2011), the step-size rule of the AEVB paper's experiments.
 *
 * @module
 */
import { tf } from '@aevb/core';
import { checkLearningRate, checkNumber, learningRateAt, SlotOptimizer } from './slot-optimizer.js';
import type { LearningRate } from './types.js';

/**
 * Options of {@link Adagrad}.
 *
 * @category Optimizers
 */
export interface AdagradOptions {
  /** Global step size, or a schedule of it (default 0.01; the paper chose from {0.01, 0.02, 0.1}). */
  readonly learningRate?: LearningRate;
  /** Starting value of the sum of squared gradients, >= 0 (default 0.1, as `tf.train.adagrad`). */
  readonly initialAccumulatorValue?: number;
  /** Added to the accumulator under the square root, >= 0 (default 1e-8). */
  readonly epsilon?: number;
}

/**
 * Adagrad: per-coordinate step sizes shrinking with the accumulated squared gradients.
 *
 * ```text
 * G_t = G_{t-1} + g^2,   G_0 = initialAccumulatorValue
 * w_t = w_{t-1} - lr_t * g / sqrt(G_t + epsilon)
 * ```
 *
 * Epsilon sits under the square root (as in `tf.train.adagrad` and optax), so it is folded into the
 * accumulator: the slot `accumulator` holds `G_t + epsilon` and an update is 6 kernels per variable
 * (square, add, sqrt, div, mul, add) with no scalar uploads for a constant learning rate.
 *
 * ```ts
 * const opt = new Adagrad({ learningRate: 0.02 });
 * opt.apply(store.variables, grads);
 * ```
 *
 * @category Optimizers
 */
export class Adagrad extends SlotOptimizer {
  /** Always `adagrad`. */
  readonly name: string = 'adagrad';
  private readonly learningRate: LearningRate;
  private readonly initialAccumulatorValue: number;
  private readonly epsilon: number;
  private negLr: tf.Scalar | undefined;

  /** @param options - see {@link AdagradOptions} */
  constructor(options: AdagradOptions = {}) {
    super();
    this.learningRate = options.learningRate ?? 0.01;
    this.initialAccumulatorValue = options.initialAccumulatorValue ?? 0.1;
    this.epsilon = options.epsilon ?? 1e-8;
    checkLearningRate('Adagrad', this.learningRate);
    checkNumber('Adagrad', 'initialAccumulatorValue', this.initialAccumulatorValue, 0, false);
    checkNumber('Adagrad', 'epsilon', this.epsilon, 0, false);
  }

  protected slotNames(): readonly string[] {
    return ['accumulator'];
  }

  protected override initialSlotValue(): number {
    return this.initialAccumulatorValue + this.epsilon;
  }

  protected prepare(step: number): void {
    this.negLr = this.scalar('negLr', -learningRateAt(`${this.name}.apply`, this.learningRate, step));
  }

  protected update(variable: tf.Variable, grad: tf.Tensor, slots: Readonly<Record<string, tf.Variable>>): void {
    const acc = slots['accumulator'] as tf.Variable;
    const newAcc = tf.add(acc, tf.square(grad));
    acc.assign(newAcc);
    variable.assign(tf.add(variable, tf.mul(tf.div(grad, tf.sqrt(newAcc)), this.negLr as tf.Scalar)));
  }
}
