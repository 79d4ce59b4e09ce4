/**
 * `@aevb/core/ops`: fast differentiable ops for hand-written networks — hand-written gradients
 * built from kernels that are fast on the wasm backend (explicit transposes and plain matMuls,
 * fused bias and activation). `dense` and `mlp` of `@aevb/core/nn` use them.
 *
 * @packageDocumentation
 */
export { matMul } from './matmul.js';
export { fusedDense } from './dense.js';
export { fastTanh } from './tanh.js';
export { gatherRows } from './rows.js';
