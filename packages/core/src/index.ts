/**
 * `@aevb/core`: the backend, the typed model DSL, traces, effect handlers and parameters.
 *
 * Other entry points: `@aevb/core/nn` (neural-network modules for `ctx.net`), `@aevb/core/ops`
 * (fused differentiable ops), `@aevb/core/node` (saving parameters to files, Node only) and
 * `@aevb/core/internal` (plumbing shared by the other aevb packages; not for users).
 *
 * `tf` is TensorFlow.js's `@tensorflow/tfjs-core` namespace, re-exported for convenience (the same
 * single copy aevb uses); it is documented at https://js.tensorflow.org/api/latest/. Tensors and
 * their ops work from import (on the cpu backend); TF.js's gradient functions are registered by
 * `await initBackend()`, so call it before using `tf.grad` or `tf.variableGrads` yourself
 * (before it they fail with "gradient function not found"). aevb's own training calls it.
 *
 * @packageDocumentation
 */
// Side effect (listed in package.json's sideEffects): registers the cpu backend at import.
import './backend/first-use.js';
export * as tf from '@tensorflow/tfjs-core';
export type { Tensor, Scalar, Tensor1D, Tensor2D, Tensor3D, Tensor4D, Rank } from '@tensorflow/tfjs-core';
export { AevbError, ModelError, ArgumentError, PersistenceError, BackendError } from './errors.js';
export type { Constraint, ConstraintSpec, Transform, SampleOptions, Distribution, ValueOf } from './distribution.js';
export { setGlobalSeed } from './random.js';
export {
  initBackend,
  backendInfo,
  setBackendReporter,
  NODE_BACKEND_ORDER,
  BROWSER_BACKEND_ORDER,
} from './backend/select.js';
export type { BackendName, BackendInfo, BackendLoader, InitBackendOptions } from './backend/select.js';
export { setValidation, validationEnabled, withValidation, validate } from './config.js';
export type { PlateFrame, SampleSite, ParamSite, DeterministicSite, Site, SiteDraft } from './site.js';
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
} from './handlers/index.js';
export type { Traced, TraceOptions, BlockOptions, Seeded, PlateSubsample, ParticleDim } from './handlers/index.js';
// The type of `seed(…)`'s and `SVI`'s `seeds` (their positions are part of a checkpoint); made by aevb only.
export type { SeedStream } from './random.js';
export { ParamStore, getParamStore, clearParamStore } from './params/store.js';
export type { ParamRequest, ParamEntry } from './params/store.js';
export {
  PARAMS_FORMAT_VERSION,
  snapshotParams,
  parseParamsManifest,
  restoreParams,
} from './params/serialize.js';
export type { ParamRecord, ParamsManifest, ParamsSnapshot, RestoreOptions } from './params/serialize.js';
