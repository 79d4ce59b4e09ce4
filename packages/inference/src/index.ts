/**
 * `@aevb/inference`: generic SGVB and AEVB derived from the model declaration — objectives
 * (estimators A and B, IWAE, Rényi, score-function terms), automatic guides (mean-field,
 * MAP, the amortized recognition model), optimizers, the fitting loop and posterior tools.
 *
 * @packageDocumentation
 */
export type { Objective, ObjectiveValue, EstimatorName } from './objectives/objective.js';
export { monteCarloElbo } from './objectives/trace-elbo.js';
export type { MonteCarloElboOptions } from './objectives/trace-elbo.js';
export { analyticKlElbo } from './objectives/analytic-kl.js';
export { iwaeBound, renyiBound, logImportanceWeights } from './objectives/iwae.js';
export type { ImportanceWeightedOptions } from './objectives/iwae.js';
export { MovingAverageBaseline, scoreFunctionTerm } from './objectives/score-function.js';
export { prototypeOf } from './guides/prototype.js';
export type { Prototype, LatentInfo } from './guides/prototype.js';
export { autoNormal, autoDelta } from './guides/auto-normal.js';
export type { AutoNormalOptions } from './guides/auto-normal.js';
export { autoAmortized } from './guides/amortized.js';
export type { AmortizedOptions } from './guides/amortized.js';
export { SVI, NonFiniteError } from './fit/svi.js';
export type { SVIOptions, StepResult, SVIState } from './fit/svi.js';
export type { StepCounters } from './fit/engine.js';
export type { DataPlan, PerMemberParam } from './fit/data-plan.js';
export type { Minibatch } from './fit/minibatch.js';
export { fit, evaluateBound } from './fit/loop.js';
export type { FitOptions, History, EpochRecord, StepInfo } from './fit/loop.js';
export { datasetSize, takeRows, sliceRows, disposeBatch, checkFinite, permutation } from './fit/data.js';
export type { Batch } from './fit/data.js';
export { diagnoseNonFinite } from './fit/diagnose.js';
export { encode, encodeMean } from './posterior/encode.js';
export type { Posterior } from './posterior/encode.js';
export { reconstruct, decode, predictive } from './posterior/predict.js';
export type { ReconstructOptions, PredictiveOptions } from './posterior/predict.js';
export { logMarginal } from './posterior/log-marginal.js';
export type { LogMarginalResult, LogMarginalOptions } from './posterior/log-marginal.js';
export * from './optim/index.js';
export { autoMultivariateNormal, AUTO_LATENT } from './guides/auto-mvn.js';
export type { AutoMultivariateNormalOptions } from './guides/auto-mvn.js';
export { WakeSleep } from './wake-sleep/wake-sleep.js';
export type { WakeSleepOptions, WakeSleepStepResult } from './wake-sleep/wake-sleep.js';
export type { ParameterSplit } from './wake-sleep/split.js';
export { CHECKPOINT_FORMAT_VERSION, serializeCheckpoint, parseCheckpoint, parseCheckpointHeader } from './fit/checkpoint-format.js';
export type { CheckpointData } from './fit/checkpoint-format.js';
export type { CheckpointHeader, FitProgress, SlotRecord } from './fit/checkpoint-schema.js';
export { captureCheckpoint, applyCheckpoint } from './fit/checkpoint.js';
export type { ApplyCheckpointOptions, SviCounters } from './fit/checkpoint.js';
export type { CheckpointOptions } from './fit/checkpoint-fit.js';
export { rollbackProblem } from './fit/checkpoint-sanity.js';
export type { PotentialFn, PotentialValue } from './mcmc/potential.js';
export { modelPotential } from './mcmc/model-potential.js';
export type { ModelPotential, ModelPotentialOptions } from './mcmc/model-potential.js';
export type { SiteLayout } from './mcmc/site-layout.js';
export type { SamplerOptions } from './mcmc/sampler-options.js';
export { sampleChains } from './mcmc/sample-chains.js';
export type { ChainSamples } from './mcmc/sample-chains.js';
export type { TransitionStats } from './mcmc/hmc.js';
export { mcmc, siteChains } from './mcmc/mcmc.js';
export type { McmcOptions, McmcResult, SiteDraws } from './mcmc/mcmc.js';
export { mcmcSummary } from './mcmc/mcmc-summary.js';
export type { McmcSummaryRow } from './mcmc/mcmc-summary.js';
export { autocovariance } from './mcmc/autocovariance.js';
export { splitChains, rankNormalize } from './mcmc/chain-draws.js';
export type { ChainDraws } from './mcmc/chain-draws.js';
export { ess, essBasic, essBulk, essTail } from './mcmc/ess.js';
export { rhatBasic, splitRhat } from './mcmc/rhat.js';
export { mcseMean, mcseSd } from './mcmc/mcse.js';
export { fitGaussian } from './mcmc/gaussian-fit.js';
export type { GaussianDensity } from './mcmc/gaussian-fit.js';
export { reciprocalImportanceEstimate, mcmcLogMarginal } from './mcmc/marginal-likelihood.js';
export type { LogMarginalEstimate, McmcLogMarginalOptions, McmcLogMarginalResult } from './mcmc/marginal-likelihood.js';
export type { PlateInfo } from './guides/prototype.js';
