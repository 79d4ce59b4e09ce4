/**
 * The dense (fully connected) layer module.
 *
 * @module
 */
import type { Tensor, Tensor1D, Tensor2D } from '@tensorflow/tfjs-core';
import { ArgumentError, formatShape } from '../errors.js';
import { fusedDense } from '../ops/dense.js';
import type { Activation } from './activations.js';
import { checkActivation } from './activations.js';
import { glorotUniform, zeros } from './initializers.js';
import type { Initializer, Module, ParamSpec } from './module.js';

/** Options of {@link dense}. @category Neural networks */
export interface DenseOptions {
  /** Input width k. */
  readonly inputSize: number;
  /** Output width m. */
  readonly outputSize: number;
  /** Activation (default `identity`). */
  readonly activation?: Activation;
  /** Kernel initializer (default {@link glorotUniform}). */
  readonly init?: Initializer;
  /** Bias initializer (default {@link zeros}). */
  readonly biasInit?: Initializer;
  /** Whether the layer has a bias (default true). */
  readonly useBias?: boolean;
}

/** Checks a layer width. @internal */
export function checkSize(fn: string, argument: string, n: number): void {
  if (!(Number.isInteger(n) && n > 0)) throw new ArgumentError(fn, argument, `must be a positive integer, got ${n}`);
}

/** Reads a parameter from a module's parameter record, checking its shape. @internal */
export function getParam(fn: string, params: Readonly<Record<string, Tensor>>, name: string, shape: readonly number[]): Tensor {
  const p = params[name];
  if (p === undefined) throw new ArgumentError(fn, 'params', `has no parameter '${name}'`);
  if (p.shape.length !== shape.length || p.shape.some((d, i) => d !== shape[i])) {
    throw new ArgumentError(fn, 'params', `'${name}' has shape ${formatShape(p.shape)}, expected ${formatShape(shape)}`);
  }
  return p;
}

/** Checks a module input: a matrix [n, width]. @internal */
export function checkInput(fn: string, x: Tensor, width: number): void {
  if (x.rank !== 2 || x.shape[1] !== width) {
    throw new ArgumentError(fn, 'input', `must have shape [n, ${width}], got ${formatShape(x.shape)}`);
  }
}

/**
 * A dense layer `y = act(x W + b)` as a {@link Module}, with parameters `kernel` [k, m] and
 * `bias` [m]; applied with the fused op {@link fusedDense}.
 *
 * @example
 * ```ts
 * const layer = dense({ inputSize: 20, outputSize: 10, activation: 'relu' });
 * layer.params().map((p) => p.name); // ['kernel', 'bias']
 * ```
 * @throws ArgumentError for non-positive sizes or an unknown activation
 * @category Neural networks
 */
export function dense(options: DenseOptions): Module<Tensor2D, Tensor2D> {
  const { inputSize, outputSize } = options;
  checkSize('dense', 'inputSize', inputSize);
  checkSize('dense', 'outputSize', outputSize);
  const activation = options.activation ?? 'identity';
  checkActivation('dense', 'activation', activation);
  const useBias = options.useBias ?? true;
  const specs: ParamSpec[] = [{ name: 'kernel', shape: [inputSize, outputSize], init: options.init ?? glorotUniform() }];
  if (useBias) specs.push({ name: 'bias', shape: [outputSize], init: options.biasInit ?? zeros() });
  return {
    description: `dense(${inputSize}-${outputSize}, ${activation})`,
    params: () => specs,
    apply: (params, input) => {
      checkInput('dense', input, inputSize);
      const w = getParam('dense', params, 'kernel', [inputSize, outputSize]) as Tensor2D;
      const b = useBias ? (getParam('dense', params, 'bias', [outputSize]) as Tensor1D) : undefined;
      return fusedDense(input, w, b, activation);
    },
  };
}
