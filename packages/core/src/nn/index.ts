/**
 * Neural-network modules, initializers and activations.
 *
 * @module
 */
export type { Activation } from './activations.js';
export { ACTIVATIONS, isActivation, activate } from './activations.js';
export { glorotUniform, glorotNormal, heNormal, normal, zeros, constant } from './initializers.js';
export type { DenseOptions } from './dense.js';
export { dense } from './dense.js';
export type { MlpOptions } from './mlp.js';
export { mlp } from './mlp.js';
