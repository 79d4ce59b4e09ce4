/**
 * Adam (Kingma & Ba, 2015) with bias correction and the AMSGrad option.
 *
 * @module
 */
import { tf } from '@aevb/core';
import { checkLearningRate, checkNumber, learningRateAt, SlotOptimizer } from './slot-optimizer.js';
import type { LearningRate } from './types.js';

/**
 * Options of {@link Adam}.
 *
 * @category Optimizers
 */
export interface AdamOptions {
  /** Step size alpha, or a schedule of it (default 0.001). */
  readonly learningRate?: LearningRate;
  /** Decay of the first-moment average, in [0, 1) (default 0.9). */
  readonly beta1?: number;
  /**
   * Decay of the second-moment average, in [0, 1). Default 0.99, not the usual 0.999: 0.999
   * averages squared gradients over ~1,000 steps, so after the large gradients of an early fit
   * the steps stay small for that long, and a variational parameter on a flat ridge (a Gamma
   * posterior's concentration) stalls far from its optimum; 0.99 forgets in ~100 steps. Measured
   * here: a Gamma guide's concentration after 1,200 steps 12.7 (0.999) vs 17.6 (0.99), target 26;
   * the paper's VAE after 10 epochs, test ELBO −126.94 (0.999) vs −125.95 (0.99). Pass 0.999 to
   * reproduce other frameworks' defaults.
   */
  readonly beta2?: number;
  /** Added to sqrt(v_hat) in the denominator, > 0 (default 1e-8). */
  readonly epsilon?: number;
  /** Use the running maximum of v (AMSGrad, Reddi et al. 2018) in the denominator (default false). */
  readonly amsgrad?: boolean;
}

/**
 * Adam with bias correction. At update t = 1, 2, … with gradient g:
 *
 * ```text
 * m_t = beta1 m_{t-1} + (1 - beta1) g          v_t = beta2 v_{t-1} + (1 - beta2) g^2
 * w_t = w_{t-1} - lr_t * (m_t / (1 - beta1^t)) / (sqrt(v_t / (1 - beta2^t)) + epsilon)
 * ```
 *
 * With `amsgrad`, `v_t` in the denominator is replaced by `vmax_t = max(vmax_{t-1}, v_t)` (as in PyTorch;
 * on the wasm backend the max is computed as `vmax + relu(v - vmax)`, which is much faster there).
 *
 * Implementation (identical in exact arithmetic, 10 kernels per variable instead of ~14 plus scalar
 * uploads in `tf.train.adam`): the slots hold the unnormalized sums `M_t = beta1 M_{t-1} + g` (= m_t / (1 - beta1))
 * and `V_t = beta2 V_{t-1} + g^2` (= v_t / (1 - beta2)), and the bias correction is folded into two scalars
 * computed on the JS side:
 *
 * ```text
 * w_t = w_{t-1} - a_t M_t / (sqrt(V_t) + e_t),
 * a_t = lr_t (1 - beta1) sqrt(1 - beta2^t) / ((1 - beta1^t) sqrt(1 - beta2)),
 * e_t = epsilon sqrt(1 - beta2^t) / sqrt(1 - beta2)
 * ```
 *
 * State slots (see {@link OptimizerState}): `m` = M, `v` = V, and with amsgrad `vmax` = max of V.
 *
 * ```ts
 * const opt = new Adam({ learningRate: 1e-3 });
 * opt.apply(store.variables, grads); // grads of the negative ELBO, keyed like the variables
 * ```
 *
 * @category Optimizers
 */
export class Adam extends SlotOptimizer {
  /** `adam`, or `amsgrad` with the amsgrad option. */
  readonly name: string;
  private readonly learningRate: LearningRate;
  private readonly beta1: number;
  private readonly beta2: number;
  private readonly epsilon: number;
  private readonly amsgrad: boolean;
  private alpha: tf.Scalar | undefined;
  private eps: tf.Scalar | undefined;
  private alphaValue = 0;
  private epsValue = 0;
  /**
   * Variables of at most this many entries are updated on the host (cpu and wasm backends, not
   * amsgrad): the same float32 operations in the same order as the kernels, so the same numbers
   * bit for bit, without 10 kernel dispatches per variable. @internal
   */
  hostMaxSize = 4096;

  /** @param options - see {@link AdamOptions} */
  constructor(options: AdamOptions = {}) {
    super();
    this.learningRate = options.learningRate ?? 1e-3;
    this.beta1 = options.beta1 ?? 0.9;
    this.beta2 = options.beta2 ?? 0.99;
    this.epsilon = options.epsilon ?? 1e-8;
    this.amsgrad = options.amsgrad ?? false;
    this.name = this.amsgrad ? 'amsgrad' : 'adam';
    checkLearningRate('Adam', this.learningRate);
    checkNumber('Adam', 'beta1', this.beta1, 0, false, 1, true);
    checkNumber('Adam', 'beta2', this.beta2, 0, false, 1, true);
    checkNumber('Adam', 'epsilon', this.epsilon, 0, true);
  }

  protected slotNames(): readonly string[] {
    return this.amsgrad ? ['m', 'v', 'vmax'] : ['m', 'v'];
  }

  protected prepare(step: number): void {
    const t = step + 1;
    const lr = learningRateAt(`${this.name}.apply`, this.learningRate, step);
    const c2 = Math.sqrt(1 - Math.pow(this.beta2, t)) / Math.sqrt(1 - this.beta2);
    this.alphaValue = -(lr * (1 - this.beta1) * c2) / (1 - Math.pow(this.beta1, t));
    this.epsValue = this.epsilon * c2;
    this.alpha = this.scalar('alpha', this.alphaValue);
    this.eps = this.scalar('eps', this.epsValue);
  }

  protected update(variable: tf.Variable, grad: tf.Tensor, slots: Readonly<Record<string, tf.Variable>>): void {
    const m = slots['m'] as tf.Variable;
    const v = slots['v'] as tf.Variable;
    if (!this.amsgrad && variable.size <= this.hostMaxSize && HOST_BACKENDS.has(tf.getBackend())) {
      this.updateOnHost(variable, grad, m, v);
      return;
    }
    const newM = tf.add(tf.mul(m, this.scalar('beta1', this.beta1)), grad);
    const newV = tf.add(tf.mul(v, this.scalar('beta2', this.beta2)), tf.square(grad));
    m.assign(newM);
    v.assign(newV);
    let denomV = newV;
    if (this.amsgrad) {
      const vmax = slots['vmax'] as tf.Variable;
      // On wasm, tf.maximum takes a slow generic path (~50x an add at VAE sizes); vmax + relu(V - vmax)
      // is 3 SIMD kernels and equals max(vmax, V) (to one rounding when V > 2 vmax, by Sterbenz's lemma).
      denomV = tf.getBackend() === 'wasm' ? tf.add(vmax, tf.relu(tf.sub(newV, vmax))) : tf.maximum(vmax, newV);
      vmax.assign(denomV);
    }
    const denom = tf.add(tf.sqrt(denomV), this.eps as tf.Scalar);
    variable.assign(tf.add(variable, tf.mul(tf.div(newM, denom), this.alpha as tf.Scalar)));
  }

  /**
   * The update of `update` on the host, each float32 kernel's operation rounded with `Math.fround`
   * as the kernel rounds it (IEEE single precision; one double-precision operation on float32
   * operands rounded to float32 is correctly rounded for + − × ÷ and sqrt).
   */
  private updateOnHost(variable: tf.Variable, grad: tf.Tensor, m: tf.Variable, v: tf.Variable): void {
    const f = Math.fround;
    const b1 = f(this.beta1);
    const b2 = f(this.beta2);
    const a = f(this.alphaValue);
    const e = f(this.epsValue);
    const g = grad.dataSync();
    const w = variable.dataSync();
    const mv = m.dataSync();
    const vv = v.dataSync();
    const n = w.length;
    const newM = new Float32Array(n);
    const newV = new Float32Array(n);
    const newW = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      const gi = g[i] as number;
      const mi = f(f((mv[i] as number) * b1) + gi);
      const vi = f(f((vv[i] as number) * b2) + f(gi * gi));
      newM[i] = mi;
      newV[i] = vi;
      newW[i] = (w[i] as number) + f(f(mi / f(f(Math.sqrt(vi)) + e)) * a);
    }
    m.assign(tf.tensor(newM, m.shape, 'float32'));
    v.assign(tf.tensor(newV, v.shape, 'float32'));
    variable.assign(tf.tensor(newW, variable.shape, 'float32'));
  }
}

/** Backends whose kernels compute in IEEE float32 on the host's memory (cpu) or wasm's. */
const HOST_BACKENDS: ReadonlySet<string> = new Set(['cpu', 'wasm']);
