/**
 * The multi-layer perceptron module.
 *
 * @module
 */
import type { Tensor1D, Tensor2D } from '@tensorflow/tfjs-core';
import { ArgumentError } from '../errors.js';
import { fusedDense } from '../ops/dense.js';
import type { Activation } from './activations.js';
import { checkActivation } from './activations.js';
import { checkInput, checkSize, getParam } from './dense.js';
import { glorotUniform, zeros } from './initializers.js';
import type { Initializer, Module, ParamSpec } from './module.js';

/** Options of {@link mlp}. @category Neural networks */
export interface MlpOptions {
  /** Layer widths from input to output, at least two: `[784, 500, 20]` is one hidden layer. */
  readonly sizes: readonly number[];
  /** Activation of the hidden layers (default `tanh`, as in Kingma & Welling 2013). */
  readonly activation?: Activation;
  /** Activation of the output layer (default `identity`). */
  readonly outputActivation?: Activation;
  /** Kernel initializer (default {@link glorotUniform}); `normal(0.01)` reproduces the paper. */
  readonly init?: Initializer;
  /** Bias initializer (default {@link zeros}). */
  readonly biasInit?: Initializer;
}

/**
 * A multi-layer perceptron: layers i = 0 … L-1 compute h_{i+1} = act_i(h_i W_i + b_i) with
 * act_i the hidden activation for i < L-1 and the output activation for the last layer.
 * Parameters are named `i/kernel` [sizes[i], sizes[i+1]] and `i/bias` [sizes[i+1]]; every
 * layer is one {@link fusedDense} op.
 *
 * @example
 * ```ts
 * const encoder = mlp({ sizes: [784, 500, 40], activation: 'tanh' });
 * encoder.params().map((p) => p.name); // ['0/kernel', '0/bias', '1/kernel', '1/bias']
 * ```
 * @throws ArgumentError for fewer than two sizes, a non-positive size or an unknown activation
 * @category Neural networks
 */
export function mlp(options: MlpOptions): Module<Tensor2D, Tensor2D> {
  const sizes = [...options.sizes];
  if (sizes.length < 2) {
    throw new ArgumentError('mlp', 'sizes', `needs at least an input and an output size, got [${sizes.join(', ')}]`);
  }
  sizes.forEach((n, i) => checkSize('mlp', `sizes[${i}]`, n));
  const activation = options.activation ?? 'tanh';
  const outputActivation = options.outputActivation ?? 'identity';
  checkActivation('mlp', 'activation', activation);
  checkActivation('mlp', 'outputActivation', outputActivation);
  const init = options.init ?? glorotUniform();
  const biasInit = options.biasInit ?? zeros();
  const layers = sizes.length - 1;
  const specs: ParamSpec[] = [];
  for (let i = 0; i < layers; i++) {
    const k = sizes[i] ?? 0;
    const m = sizes[i + 1] ?? 0;
    specs.push({ name: `${i}/kernel`, shape: [k, m], init }, { name: `${i}/bias`, shape: [m], init: biasInit });
  }
  const outNote = outputActivation === 'identity' ? '' : ` -> ${outputActivation}`;
  return {
    description: `mlp(${sizes.join('-')}, ${activation}${outNote})`,
    params: () => specs,
    apply: (params, input) => {
      checkInput('mlp', input, sizes[0] ?? 0);
      let h = input;
      for (let i = 0; i < layers; i++) {
        const k = sizes[i] ?? 0;
        const m = sizes[i + 1] ?? 0;
        const w = getParam('mlp', params, `${i}/kernel`, [k, m]) as Tensor2D;
        const b = getParam('mlp', params, `${i}/bias`, [m]) as Tensor1D;
        h = fusedDense(h, w, b, i === layers - 1 ? outputActivation : activation);
      }
      return h;
    },
  };
}
