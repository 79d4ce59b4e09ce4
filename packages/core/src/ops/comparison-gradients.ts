/**
 * Zero gradients for TF.js's comparison and logical kernels.
 *
 * TF.js registers no gradient for `Less`, `Equal`, `All`, … so any differentiated computation
 * whose path passes through a comparison of a parameter-dependent tensor (a `tf.where` branch
 * selection in lgamma, a support mask, a Delta's point test) fails with "gradient function not
 * found". Their outputs are piecewise constant, so the gradient is 0 almost everywhere (as in
 * TensorFlow and PyTorch, which treat them as constants).
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';

const BINARY = ['Less', 'LessEqual', 'Greater', 'GreaterEqual', 'Equal', 'NotEqual', 'LogicalAnd', 'LogicalOr'];
const UNARY = ['LogicalNot', 'All', 'Any', 'IsFinite', 'IsNan', 'IsInf'];

let registered = false;

/**
 * Registers zero gradients for the comparison and logical kernels (idempotent; called by
 * `initBackend`).
 *
 * @internal
 */
export function registerComparisonGradients(): void {
  if (registered) return;
  registered = true;
  // Float zeros even for boolean inputs: the tape requires float32 gradients.
  const zero = (t: tf.Tensor) => () => tf.zeros(t.shape, 'float32');
  for (const kernelName of BINARY) {
    if (tf.getGradient(kernelName) !== undefined) continue;
    tf.registerGradient({ kernelName, inputsToSave: ['a', 'b'], gradFunc: (_dy, saved) => ({ a: zero(saved[0] as tf.Tensor), b: zero(saved[1] as tf.Tensor) }) });
  }
  for (const kernelName of UNARY) {
    if (tf.getGradient(kernelName) !== undefined) continue;
    tf.registerGradient({ kernelName, inputsToSave: ['x'], gradFunc: (_dy, saved) => ({ x: zero(saved[0] as tf.Tensor) }) });
  }
}
