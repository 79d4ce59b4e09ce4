/**
 * `@aevb/core/nn`: neural-network modules for the `ctx.net` primitive (`dense`, `mlp`), their
 * initializers and activations, and the {@link Module} contract for writing your own.
 *
 * @packageDocumentation
 */
export type { Initializer, ParamSpec, Module } from './module.js';
export type { Activation } from './activations.js';
export { ACTIVATIONS, isActivation, activate } from './activations.js';
export { glorotUniform, glorotNormal, heNormal, normal, zeros, constant } from './initializers.js';
export type { DenseOptions } from './dense.js';
export { dense } from './dense.js';
export type { MlpOptions } from './mlp.js';
export { mlp } from './mlp.js';
