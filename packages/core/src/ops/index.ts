/**
 * Fast differentiable ops: hand-written gradients built from kernels that are fast on the
 * wasm backend (explicit transposes and plain matMuls, fused bias and activation).
 *
 * @module
 */
export { matMul } from './matmul.js';
export { fusedDense } from './dense.js';
export { fastTanh } from './tanh.js';
export { bernoulliLogitsLogProb } from './bernoulli-logits.js';
export { gatherRows } from './rows.js';
