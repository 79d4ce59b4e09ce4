/**
 * `@aevb/core`: the backend, the typed model DSL, traces, effect handlers and parameters.
 *
 * @packageDocumentation
 */
export * as tf from '@tensorflow/tfjs-core';
export type { Tensor, Tensor1D, Tensor2D, Tensor3D, Rank } from '@tensorflow/tfjs-core';
export { AevbError, ModelError, ArgumentError, PersistenceError, BackendError } from './errors.js';
export type { Constraint, Transform, SampleOptions, Distribution, ValueOf } from './distribution.js';
export { SeedStream, mixSeed, hashString, setGlobalSeed, nextGlobalSeed } from './random.js';
export {
  initBackend,
  backendInfo,
  setBackendReporter,
  NODE_BACKEND_ORDER,
  BROWSER_BACKEND_ORDER,
} from './backend/select.js';
export type { BackendName, BackendInfo, BackendLoader, InitBackendOptions } from './backend/select.js';
export type { Initializer, ParamSpec, Module } from './nn/module.js';
