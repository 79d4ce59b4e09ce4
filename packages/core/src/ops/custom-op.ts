/**
 * A differentiable op with hand-written, lazily evaluated per-input gradients.
 *
 * `tf.customGrad` computes the gradients of all inputs eagerly, even those no one asked
 * for (the data matrix entering a network's first layer, whose gradient costs a full
 * matMul). The engine's own kernels instead hand the tape one closure per input, and the
 * tape calls only those on a path from the requested variables. This helper gives custom
 * ops the same behaviour through the engine's `runKernelFunc` (public at runtime, private
 * in the typings of tfjs-core 4.22, which this package pins).
 *
 * @module
 * @internal
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';

/** The engine entry point used below, as it exists at runtime in tfjs-core 4.22. */
interface KernelFuncEngine {
  runKernelFunc(params: {
    forwardFunc: (backend: unknown, save: (tensors: Tensor[]) => void) => Tensor | Tensor[];
    backwardsFunc: (dy: Tensor | Tensor[], saved: Tensor[]) => Record<string, () => Tensor>;
    inputs: Record<string, Tensor>;
  }): Tensor | Tensor[];
}

/** Definition of a custom op. @internal */
export interface CustomOpSpec {
  /** Differentiable inputs, in order. */
  readonly inputs: readonly Tensor[];
  /**
   * Computes the outputs (intermediates are disposed). `save` keeps tensors for the
   * backward pass; it does nothing when no gradient is being recorded.
   */
  forward(save: (tensors: Tensor[]) => void): Tensor[];
  /**
   * Given one upstream gradient per output and the saved tensors, returns one closure per
   * input; only the closures of inputs that need a gradient are called.
   */
  backward(dys: readonly Tensor[], saved: readonly Tensor[]): Array<() => Tensor>;
}

/** Runs a custom op and returns its outputs (recorded on the gradient tape). @internal */
export function customOp(spec: CustomOpSpec): Tensor[] {
  const engine = tf.engine() as unknown as KernelFuncEngine;
  const inputs: Record<string, Tensor> = {};
  spec.inputs.forEach((t, i) => {
    inputs[String(i)] = t;
  });
  const out = engine.runKernelFunc({
    inputs,
    forwardFunc: (_backend, save) => spec.forward(save),
    backwardsFunc: (dy, saved) => {
      const closures = spec.backward(Array.isArray(dy) ? dy : [dy], saved);
      const map: Record<string, () => Tensor> = {};
      closures.forEach((f, i) => {
        map[String(i)] = f;
      });
      return map;
    },
  });
  return Array.isArray(out) ? out : [out];
}
