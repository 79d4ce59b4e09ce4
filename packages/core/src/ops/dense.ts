/**
 * A fused dense layer `act(x W + b)` with a hand-written gradient.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor, Tensor1D, Tensor2D } from '@tensorflow/tfjs-core';
import { ArgumentError, formatShape } from '../errors.js';
import type { Activation } from '../nn/activations.js';
import { activationGradFromOutput, checkActivation } from '../nn/activations.js';
import { customOp } from './custom-op.js';
import { checkMatrix, matMulT } from './matmul.js';
import { tanhValue } from './tanh.js';

/** Activations the fused matMul kernel applies itself (wasm and cpu). */
const KERNEL_FUSED: Partial<Record<Activation, 'linear' | 'relu' | 'sigmoid' | 'elu'>> = {
  identity: 'linear',
  relu: 'relu',
  sigmoid: 'sigmoid',
  elu: 'elu',
};

/** Forward value act(x W + b), not recorded. @internal */
export function denseValue(x: Tensor2D, kernel: Tensor2D, bias: Tensor1D | undefined, activation: Activation): Tensor2D {
  return tf.tidy((): Tensor2D => {
    const fused = KERNEL_FUSED[activation];
    const args = bias === undefined ? { a: x, b: kernel } : { a: x, b: kernel, bias };
    if (fused !== undefined) return tf.fused.matMul({ ...args, activation: fused }) as Tensor2D;
    const pre = tf.fused.matMul(args);
    return (activation === 'tanh' ? tanhValue(pre) : tf.softplus(pre)) as Tensor2D;
  });
}

/**
 * Dense layer `y = act(x W + b)` as one differentiable op.
 *
 * Forward: one fused matMul kernel (bias and, for identity/relu/sigmoid/elu, the
 * activation applied inside it); tanh is computed as 2 sigmoid(2a) - 1 (see
 * {@link fastTanh}). Backward, from the saved x, W and output y:
 *   da = dy * act'(y)   (tanh' = 1 - y^2, sigmoid' = y(1 - y), relu' = [y > 0], …)
 *   dx = da W^T,  dW = x^T da,  db = sum over rows of da,
 * each product by an explicit transpose and a plain matMul (the transposed matMul kernels of
 * wasm are ~12x slower), and each computed only when the input needs a gradient (dx is
 * skipped for a data matrix).
 *
 * @example
 * ```ts
 * const h = fusedDense(x, w1, b1, 'tanh');       // [n, 784] -> [n, 500]
 * const logits = fusedDense(h, w2, b2);          // identity
 * ```
 * @param x - input, shape [n, k]
 * @param kernel - weights W, shape [k, m]
 * @param bias - bias b, shape [m]; omitted for no bias
 * @param activation - activation function (default `identity`)
 * @throws ArgumentError for non-float32 inputs, mismatched shapes or an unknown activation
 * @category Ops
 */
export function fusedDense(
  x: Tensor2D,
  kernel: Tensor2D,
  bias?: Tensor1D,
  activation: Activation = 'identity',
): Tensor2D {
  checkMatrix('fusedDense', 'x', x);
  checkMatrix('fusedDense', 'kernel', kernel);
  checkActivation('fusedDense', 'activation', activation);
  if (x.shape[1] !== kernel.shape[0]) {
    throw new ArgumentError(
      'fusedDense',
      'kernel',
      `has shape ${formatShape(kernel.shape)} but x has shape ${formatShape(x.shape)} (need kernel [${x.shape[1]}, m])`,
    );
  }
  if (bias !== undefined && (bias.rank !== 1 || bias.shape[0] !== kernel.shape[1] || bias.dtype !== 'float32')) {
    throw new ArgumentError(
      'fusedDense',
      'bias',
      `must be float32 of shape [${kernel.shape[1]}], got ${bias.dtype} ${formatShape(bias.shape)}`,
    );
  }
  const inputs: Tensor[] = bias === undefined ? [x, kernel] : [x, kernel, bias];
  const [y] = customOp({
    inputs,
    forward: (save) => {
      const out = denseValue(x, kernel, bias, activation);
      save([x, kernel, out]);
      return [out];
    },
    backward: (dys, saved) => {
      const sx = saved[0] as Tensor2D;
      const sw = saved[1] as Tensor2D;
      const da = activationGradFromOutput(dys[0] as Tensor, saved[2] as Tensor, activation) as Tensor2D;
      const grads: Array<() => Tensor> = [() => matMulT(da, sw, 'transposeB'), () => matMulT(sx, da, 'transposeA')];
      if (bias !== undefined) grads.push(() => tf.sum(da, 0));
      return grads;
    },
  });
  return y as Tensor2D;
}
