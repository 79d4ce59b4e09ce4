/**
 * `@aevb/core`: the backend, the typed model DSL, traces, effect handlers and parameters.
 *
 * @packageDocumentation
 */
import './backend/first-use.js';
export * as tf from '@tensorflow/tfjs-core';
export type { Tensor, Scalar, Tensor1D, Tensor2D, Tensor3D, Tensor4D, Rank } from '@tensorflow/tfjs-core';
export { AevbError, ModelError, ArgumentError, PersistenceError, BackendError } from './errors.js';
export type { Constraint, ConstraintSpec, Transform, SampleOptions, Distribution, ValueOf } from './distribution.js';
export { normalizeConstraint, constraintKey, sameConstraint, sameElementwiseBase, isRealConstraint } from './constraint.js';
export { SeedStream, mixSeed, hashString, setGlobalSeed, nextGlobalSeed } from './random.js';
export {
  initBackend,
  backendInfo,
  setBackendReporter,
  NODE_BACKEND_ORDER,
  BROWSER_BACKEND_ORDER,
} from './backend/select.js';
export type { BackendName, BackendInfo, BackendLoader, InitBackendOptions } from './backend/select.js';
export { ensureGradients } from './backend/gradients.js';
export type { Initializer, ParamSpec, Module } from './nn/module.js';
export { setValidation, validationEnabled, withValidation, validate } from './config.js';
export type { PlateFrame, SampleSite, ParamSite, DeterministicSite, Site, Draft } from './site.js';
export { withMessenger, applyStack, stackDepth } from './runtime.js';
export type { Messenger } from './runtime.js';
export { model, guide } from './model.js';
export { Factor } from './factor.js';
export type {
  LatentSpec,
  LatentRank,
  LatentSignature,
  TensorOfRank,
  LatentsOfSignature,
  Runnable,
  Model,
  AnyModel,
  Guide,
  LatentValues,
  LatentsOf,
  ArgsOf,
} from './model.js';
export type {
  ModelContext,
  GuideContext,
  SampleSiteOptions,
  ParamOptions,
  PlateOptions,
  ParamInit,
} from './context.js';
export {
  isSampleSite,
  isLatentSite,
  isObservedSite,
  isParamSite,
  isDeterministicSite,
  isAuxiliarySite,
  sampleSites,
  latentSites,
  observedSites,
  siteLogProb,
  siteScale,
  scaleAndSum,
  logProbSum,
} from './trace.js';
export type { Trace } from './trace.js';
export {
  handle,
  trace,
  replay,
  condition,
  substitute,
  block,
  scale,
  mask,
  seed,
  subsample,
  params,
  uncondition,
  vectorize,
  currentParticles,
} from './handlers/index.js';
export type { Traced, TraceOptions, BlockOptions, Seeded, PlateSubsample, ParticleDim } from './handlers/index.js';
export { ParamStore, getParamStore, clearParamStore } from './params/store.js';
export type { ParamRequest, ParamEntry } from './params/store.js';
export {
  PARAMS_FORMAT_VERSION,
  checksumBytes,
  snapshotParams,
  parseParamsManifest,
  restoreParams,
} from './params/serialize.js';
export type { ParamRecord, ParamsManifest, ParamsSnapshot, RestoreOptions } from './params/serialize.js';
export { ACTIVATIONS, isActivation, activate, glorotUniform, glorotNormal, heNormal, normal, zeros, constant, dense, mlp } from './nn/index.js';
export type { Activation, DenseOptions, MlpOptions } from './nn/index.js';
export { matMul, fusedDense, fastTanh, bernoulliLogitsLogProb, gatherRows } from './ops/index.js';
