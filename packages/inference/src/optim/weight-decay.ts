/**
 * Weight decay: L2 decay (a Gaussian prior on the parameters, the AEVB paper's MAP setting) and
 * decoupled weight decay (Loshchilov & Hutter, AdamW).
 *
 * @module
 */
import { tf } from '@aevb/core';
import { checkGrads, checkLearningRate, checkNumber, learningRateAt, ScalarCache } from './slot-optimizer.js';
import type { LearningRate, Optimizer } from './types.js';
import { OptimizerWrapper, selectedKeys } from './wrapper.js';

/**
 * The L2 coefficient equivalent to an isotropic Gaussian prior N(0, sigma^2 I) on the parameters.
 *
 * ```text
 * -log N(theta; 0, sigma^2 I) = ||theta||^2 / (2 sigma^2) + const,   gradient theta / sigma^2
 * coefficient = 1 / (sigma^2 * numExamples)
 * ```
 *
 * `numExamples` is the factor by which the loss is scaled down from the full-data objective: 1 when the
 * loss is the minibatch estimate of the whole data set's negative ELBO, (N / M) * sum over the minibatch
 * (the paper's estimator), and N when it is the per-example mean. The paper's prior N(0, I) is sigma = 1.
 *
 * @category Optimizers
 */
export function gaussianPriorCoefficient(options: { readonly sigma: number; readonly numExamples?: number }): number {
  const { sigma, numExamples = 1 } = options;
  checkNumber('gaussianPriorCoefficient', 'sigma', sigma, 0, true);
  checkNumber('gaussianPriorCoefficient', 'numExamples', numExamples, 0, true);
  return 1 / (sigma * sigma * numExamples);
}

/**
 * Options shared by the weight-decay wrappers.
 *
 * @category Optimizers
 */
export interface DecayFilter {
  /** Which variables decay (default all), e.g. `(name) => !name.endsWith('.b')` to spare biases. */
  readonly filter?: (name: string) => boolean;
}

class L2Decay extends OptimizerWrapper {
  private readonly lambda: tf.Scalar;
  constructor(inner: Optimizer, coefficient: number, private readonly filter: ((name: string) => boolean) | undefined) {
    super('l2', inner);
    this.lambda = tf.keep(tf.scalar(coefficient));
  }
  protected transform(variables: Readonly<Record<string, tf.Variable>>, grads: Readonly<Record<string, tf.Tensor>>): Readonly<Record<string, tf.Tensor>> {
    const out: Record<string, tf.Tensor> = { ...grads };
    for (const k of selectedKeys(grads, this.filter)) {
      const v = variables[k];
      // An unknown key is left for the inner optimizer to report.
      if (v !== undefined) out[k] = tf.tidy(() => tf.add(grads[k] as tf.Tensor, tf.mul(v, this.lambda)));
    }
    return out;
  }
  override dispose(): void {
    this.lambda.dispose();
    super.dispose();
  }
}

/**
 * Wraps an optimizer so that `coefficient * w` is added to each gradient (2 kernels per variable):
 * the gradient of `coefficient / 2 * ||w||^2`, i.e. MAP estimation under a Gaussian prior
 * N(0, 1/coefficient) per parameter; use {@link gaussianPriorCoefficient} to get the coefficient from
 * the prior's sigma and the loss scaling. With adaptive rules (Adam, Adagrad) the decay is rescaled
 * per coordinate like the gradient; use {@link withDecoupledWeightDecay} for AdamW-style decay.
 * The wrapper owns `inner`; its name is `l2(<inner>)`.
 *
 * ```ts
 * // Paper setting: prior N(0, I), loss = negative ELBO estimate at full-data scale.
 * const opt = withL2Decay(new Adagrad({ learningRate: 0.02 }), gaussianPriorCoefficient({ sigma: 1 }));
 * ```
 *
 * @category Optimizers
 */
export function withL2Decay(inner: Optimizer, coefficient: number, options: DecayFilter = {}): Optimizer {
  checkNumber('withL2Decay', 'coefficient', coefficient, 0, false);
  return new L2Decay(inner, coefficient, options.filter);
}

/**
 * Options of {@link withDecoupledWeightDecay}.
 *
 * @category Optimizers
 */
export interface DecoupledWeightDecayOptions extends DecayFilter {
  /** Decay rate lambda, >= 0. */
  readonly rate: number;
  /** The learning rate (or schedule) multiplying the rate, as in AdamW (default 1). */
  readonly learningRate?: LearningRate;
}

class DecoupledDecay extends OptimizerWrapper {
  private readonly scalars = new ScalarCache();
  constructor(
    inner: Optimizer,
    private readonly rate: number,
    private readonly learningRate: LearningRate,
    private readonly filter: ((name: string) => boolean) | undefined,
  ) {
    super('decoupled-decay', inner);
  }
  protected transform(variables: Readonly<Record<string, tf.Variable>>, grads: Readonly<Record<string, tf.Tensor>>): Readonly<Record<string, tf.Tensor>> {
    checkGrads(`${this.name}.apply`, variables, grads); // before touching any variable
    const factor = 1 - learningRateAt(`${this.name}.apply`, this.learningRate, this.stepCount) * this.rate;
    if (factor === 1) return grads;
    const shrink = this.scalars.get('factor', factor);
    for (const k of selectedKeys(grads, this.filter)) {
      const v = variables[k];
      if (v !== undefined) tf.tidy(() => v.assign(tf.mul(v, shrink)));
    }
    return grads;
  }
  override dispose(): void {
    this.scalars.dispose();
    super.dispose();
  }
}

/**
 * Wraps an optimizer with decoupled weight decay: before each inner update,
 * `w <- w * (1 - lr_t * rate)` (1 kernel per variable), with `lr_t` from `learningRate` (default 1),
 * as PyTorch's AdamW. Unlike {@link withL2Decay}, the decay does not pass through the inner rule's
 * per-coordinate scaling; for plain SGD with the same learning rate both coincide (L2 coefficient = rate).
 * The wrapper owns `inner`; its name is `decoupled-decay(<inner>)`.
 *
 * ```ts
 * const lr = cosineDecay({ initial: 1e-3, decaySteps: 10_000 });
 * const adamw = withDecoupledWeightDecay(new Adam({ learningRate: lr }), { rate: 0.01, learningRate: lr });
 * ```
 *
 * @category Optimizers
 */
export function withDecoupledWeightDecay(inner: Optimizer, options: DecoupledWeightDecayOptions): Optimizer {
  checkNumber('withDecoupledWeightDecay', 'rate', options.rate, 0, false);
  const learningRate = options.learningRate ?? 1;
  checkLearningRate('withDecoupledWeightDecay', learningRate);
  return new DecoupledDecay(inner, options.rate, learningRate, options.filter);
}
