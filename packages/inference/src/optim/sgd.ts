/**
 * Stochastic gradient descent with optional (Nesterov) momentum.
 *
 * @module
 */
import { ArgumentError, tf } from '@aevb/core';
import { checkLearningRate, checkNumber, learningRateAt, SlotOptimizer } from './slot-optimizer.js';
import type { LearningRate } from './types.js';

/**
 * Options of {@link SGD}.
 *
 * @category Optimizers
 */
export interface SGDOptions {
  /** Step size, or a schedule of it (default 0.01). */
  readonly learningRate?: LearningRate;
  /** Momentum coefficient mu in [0, 1) (default 0: plain SGD, no slots). */
  readonly momentum?: number;
  /** Use Nesterov momentum (needs momentum > 0; default false). */
  readonly nesterov?: boolean;
}

/**
 * SGD, heavy-ball momentum and Nesterov momentum (the PyTorch / `tf.train.momentum` form, no dampening):
 *
 * ```text
 * plain:     w_t = w_{t-1} - lr_t g
 * momentum:  b_t = mu b_{t-1} + g,   w_t = w_{t-1} - lr_t b_t
 * nesterov:  b_t = mu b_{t-1} + g,   w_t = w_{t-1} - lr_t (g + mu b_t)
 * ```
 *
 * Kernels per variable: 2 (plain), 4 (momentum), 6 (Nesterov). State slot: `momentum` = b (absent for plain SGD).
 *
 * ```ts
 * const opt = new SGD({ learningRate: 0.1, momentum: 0.9, nesterov: true });
 * ```
 *
 * @category Optimizers
 */
export class SGD extends SlotOptimizer {
  /** `sgd`, `sgd-momentum` or `sgd-nesterov`. */
  readonly name: string;
  private readonly learningRate: LearningRate;
  private readonly momentum: number;
  private readonly nesterov: boolean;
  private negLr: tf.Scalar | undefined;

  /** @param options - see {@link SGDOptions} */
  constructor(options: SGDOptions = {}) {
    super();
    this.learningRate = options.learningRate ?? 0.01;
    this.momentum = options.momentum ?? 0;
    this.nesterov = options.nesterov ?? false;
    checkLearningRate('SGD', this.learningRate);
    checkNumber('SGD', 'momentum', this.momentum, 0, false, 1, true);
    if (this.nesterov && this.momentum === 0) throw new ArgumentError('SGD', 'nesterov', 'needs momentum > 0; got momentum 0');
    this.name = this.nesterov ? 'sgd-nesterov' : this.momentum > 0 ? 'sgd-momentum' : 'sgd';
  }

  protected slotNames(): readonly string[] {
    return this.momentum > 0 ? ['momentum'] : [];
  }

  protected prepare(step: number): void {
    this.negLr = this.scalar('negLr', -learningRateAt(`${this.name}.apply`, this.learningRate, step));
  }

  protected update(variable: tf.Variable, grad: tf.Tensor, slots: Readonly<Record<string, tf.Variable>>): void {
    const negLr = this.negLr as tf.Scalar;
    if (this.momentum === 0) {
      variable.assign(tf.add(variable, tf.mul(grad, negLr)));
      return;
    }
    const mu = this.scalar('mu', this.momentum);
    const buf = slots['momentum'] as tf.Variable;
    const newBuf = tf.add(tf.mul(buf, mu), grad);
    buf.assign(newBuf);
    const direction = this.nesterov ? tf.add(grad, tf.mul(newBuf, mu)) : newBuf;
    variable.assign(tf.add(variable, tf.mul(direction, negLr)));
  }
}
