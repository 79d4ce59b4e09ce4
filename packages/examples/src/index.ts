/**
 * `@aevb/examples`: the variational autoencoder of the paper, its data loaders and pictures,
 * the paper's experiments and the gallery of models with their reference values. The command-line
 * programs (`vae`, `paper`, `example`, `demo`) are run from the repository (see its README); their
 * option parsers and exit codes are not exported.
 *
 * @packageDocumentation
 */
export { vae, initializerOf } from './vae/model.js';
export type { VaeConfig } from './vae/model.js';
export { VAE_DEFAULTS, checkRunConfig } from './vae/config.js';
export type { VaeRunConfig } from './vae/config.js';
export { runVae, trainVae } from './vae/train.js';
export { prepareVae, checkpointDir } from './vae/prepare.js';
export type { VaeRunOptions, PreparedVae } from './vae/prepare.js';
// A VAE run as a program (what `pnpm vae` does, for runs of your own): folder ownership, resume, size checks.
export { claimRunFolder, checkRunFolder } from './vae/run-folder.js';
export type { RunFolder, ClaimMode } from './vae/run-folder.js';
export { checkVaeSizes, memoryBudget, MAX_TENSOR_ELEMENTS } from './vae/sizes.js';
export { denoise } from './vae/denoise.js';
export type { DenoisingErrors } from './vae/denoise.js';
export type { VaeMetrics } from './vae/train.js';
export { loadVaeData, canonicalOrder, CANONICAL_ORDER_SEED, DATA_KEYWORDS } from './vae/data-source.js';
export type { DataRecord, VaeData } from './vae/data-source.js';
export { writeFigures, decodeMeans } from './vae/figures.js';
export type { VaeSvi, CurvePoint, Geometry } from './vae/figures.js';
export { saveVae, loadVae, SAVED_VAE_FORMAT } from './vae/saved-model.js';
export type { SavedVaeConfig } from './vae/saved-model.js';
export { openVae, encodeCommand, sampleCommand, reconstructCommand } from './vae/reuse.js';
export { knnAccuracy, meanSquaredError, impute } from './vae/uses.js';
export * from './data/index.js';
export * from './output/index.js';
export { resumeConfig, resumedConfig, readRunRecord, parseRunRecord, RUN_CONFIG_FILE, RESUMABLE_FLAGS } from './vae/run-config.js';
export type { RunRecord } from './vae/run-config.js';
export { modelGraph, checkFittable, toDot, renderModel } from './graph/index.js';
export type { GraphNode, GraphPlate, ModelGraph, RenderedModel } from './graph/index.js';
export { PAPER_DEFAULTS, checkPaperConfig, checkpoints } from './paper/config.js';
export type { PaperMethod, PaperConfig } from './paper/config.js';
export { runPaper, preparePaper, runPaperJob, resultsTable } from './paper/run.js';
export type { PaperReport, PaperJob } from './paper/run.js';
export type { PaperResult } from './paper/resume.js';
export { PAIRS_DIR, preparePairs, readPair, writePair } from './paper/resume.js';
export { runMethod, disposeRun } from './paper/train.js';
export { FIGURE3_DEFAULTS, checkFigure3Config, figure3Marks } from './paper/figure3/config.js';
export type { Figure3Config, Figure3Method } from './paper/figure3/config.js';
export { runFigure3, figure3Table, figure3Plot } from './paper/figure3/run.js';
export type { Figure3Report, Figure3Result } from './paper/figure3/run.js';
export { runFigure3Method } from './paper/figure3/train.js';
export type { Figure3Run, Figure3RunSpec, MarginalPoint } from './paper/figure3/train.js';
export { figure3Program, requestedFigure } from './paper/figure3/cli.js';
export type { BoundPoint, PaperRunSpec, PaperRun } from './paper/train.js';
export { GALLERY, galleryEntry } from './gallery/registry.js';
export type { GalleryEntry, GalleryResult, GalleryRunOptions, GraphSpec, NamedRunnable, SummaryRow } from './gallery/types.js';
export { runSteps, disposeSvi, batchMeans, derived, tailRow, replicateRow, seTolerance, replicatedMvnTails } from './gallery/fit-steps.js';
export type { Estimate, StepsResult, Tolerance } from './gallery/fit-steps.js';
export { linearRegression } from './gallery/linear-regression.js';
export { logisticRegression } from './gallery/logistic-regression.js';
export { betaBernoulli } from './gallery/beta-bernoulli.js';
export { gammaExponential } from './gallery/gamma-exponential.js';
export { gammaPoisson } from './gallery/gamma-poisson.js';
export { eightSchools, eightSchoolsCenteredEntry } from './gallery/eight-schools.js';
export { stateSpace, kalmanLogEvidence, kalmanSmoother } from './gallery/state-space.js';
export type { SmoothedMarginals } from './gallery/state-space.js';
export { stochasticVolatility, stochasticVolatilityModel, volatilitySeries, volatilityStateSpace, SV_PARAMETERS, SV_LENGTH, SV_IMPORTANCE } from './gallery/stochastic-volatility.js';
export { IterateAverage } from './gallery/iterate-average.js';
export type { VolatilitySeries } from './gallery/stochastic-volatility.js';
export { bootstrapLogEvidence, particleLogEvidence, gridPosterior } from './gallery/particle-filter.js';
export type { ScalarStateSpace, FilterEvidence, GridPosterior } from './gallery/particle-filter.js';
export { ppca } from './gallery/ppca.js';
export { poissonGlmm, poissonGlmmModel, glmmData, GLMM_GROUPS, GLMM_ROWS_PER_GROUP, GLMM_IMPORTANCE } from './gallery/poisson-glmm.js';
export { GLMM_REFERENCE } from './gallery/poisson-glmm-reference.js';
export type { GlmmData, GlmmReference } from './gallery/poisson-glmm.js';
export { dlgmEntry, dlgm, compareDlgmVae } from './gallery/dlgm.js';
export type { DlgmConfig } from './gallery/dlgm.js';
export { cvaeEntry, cvae } from './gallery/cvae.js';
export type { CvaeConfig } from './gallery/cvae.js';
export type { LabeledDigits } from './gallery/digits.js';
