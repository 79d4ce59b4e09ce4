/**
 * The contract of neural-network modules used through the `net` primitive.
 *
 * @module
 */
import type { Tensor } from '@tensorflow/tfjs-core';

/**
 * Draws an initial value for a parameter of the given shape from an integer seed.
 *
 * @category Neural networks
 */
export type Initializer = (shape: readonly number[], seed: number) => Tensor;

/**
 * One parameter a module needs: its name within the module, shape and initializer.
 *
 * @category Neural networks
 */
export interface ParamSpec {
  /** Name within the module (`'0/kernel'`, `'0/bias'`, …). */
  readonly name: string;
  /** Shape of the parameter. */
  readonly shape: readonly number[];
  /** How to draw its first value. */
  readonly init: Initializer;
}

/**
 * A stateless neural-network module: it declares its parameters and maps
 * `(parameters, input)` to an output. The `net` primitive registers the parameters in
 * the parameter store (as `netName/paramName`) and returns `input => output`.
 *
 * @typeParam In - input type
 * @typeParam Out - output type
 * @category Neural networks
 */
export interface Module<In = Tensor, Out = Tensor> {
  /** Short description for graphs and messages (`'mlp(784-500-20, tanh)'`). */
  readonly description: string;
  /** The parameters the module needs. */
  params(): readonly ParamSpec[];
  /** Applies the module with the given parameter values (keyed by {@link ParamSpec.name}). */
  apply(params: Readonly<Record<string, Tensor>>, input: In): Out;
}
