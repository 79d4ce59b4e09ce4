/**
 * `pnpm vae`: train the paper's VAE, evaluate it and write its metrics, pictures and model.
 *
 * @module
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tf, type Tensor2D } from '@aevb/core';
import {
  Adagrad,
  Adam,
  SVI,
  analyticKlElbo,
  autoAmortized,
  encodeMean,
  evaluateBound,
  fit,
  iwaeBound,
  logMarginal,
  monteCarloElbo,
  NonFiniteError,
  type History,
  type Objective,
} from '@aevb/inference';
import { hasCheckpoint, readLatestCheckpoint } from '@aevb/inference/node';
import { binarizeTensor, imagesTensor } from '../data/index.js';
import { ProgressReporter, renderTuples, writePng } from '../output/index.js';
import type { VaeRunConfig } from './config.js';
import type { DataRecord } from './data-source.js';
import { writeFigures, type CurvePoint, type VaeSvi } from './figures.js';
import { initializerOf, vae } from './model.js';
import { checkpointDir, prepareVae, type PreparedVae, type VaeRunOptions } from './prepare.js';
import { saveVae } from './saved-model.js';
import { denoise } from './denoise.js';
import { knnAccuracy } from './uses.js';

/** What `metrics.json` holds. @category VAE */
export interface VaeMetrics {
  /** Backend that ran the job. */
  readonly backend: string;
  /** The full configuration. */
  readonly config: VaeRunConfig;
  /** The data set, its source, split and sizes. */
  readonly data: DataRecord;
  /** Per-epoch train and test ELBO (nats per datapoint), seconds and examples/s. */
  readonly epochs: readonly { epoch: number; trainElbo: number; testElbo: number | undefined; seconds: number; examplesPerSecond: number }[];
  /** Final training ELBO, averaged over `evalPasses` passes. */
  readonly trainElbo: number;
  /** Final test ELBO, averaged over `evalPasses` passes. */
  readonly testElbo: number;
  /** Importance-sampled log p(x) on the test set, nats per datapoint. */
  readonly testLogLikelihood: number;
  /** K of that estimate. */
  readonly logLikelihoodSamples: number;
  /** Training throughput over all epochs. */
  readonly examplesPerSecond: number;
  /** k-NN accuracy on test latent means (representation), when labels exist. */
  readonly latentKnnAccuracy: number | undefined;
  /** Denoising: mean squared error before and after restoration. */
  readonly denoising: { readonly noisy: { before: number; after: number }; readonly masked: { before: number; after: number } };
  /** Files written to `out`. */
  readonly files: readonly string[];
}

function objectiveOf(cfg: VaeRunConfig): Objective {
  if (cfg.estimator === 'iwae') return iwaeBound({ particles: Math.max(cfg.particles, 2) });
  if (cfg.estimator === 'monte-carlo') return monteCarloElbo({ particles: cfg.particles });
  return analyticKlElbo({ particles: cfg.particles });
}

/** Where a diverged run can continue from, as advice for the error message. */
async function rollbackAdvice(cfg: VaeRunConfig): Promise<string> {
  const ckDir = checkpointDir(cfg);
  if (cfg.checkpointEvery === 0) return 'checkpoints are off (--checkpoint-every 0): start again with a lower --lr (and --force)';
  if (!(await hasCheckpoint(ckDir))) return `no checkpoint was written before it diverged: --resume ${cfg.out} with a lower --lr (now ${cfg.lr}) restarts the run from its beginning`;
  const f = await readLatestCheckpoint(ckDir);
  const p = f.data.header.progress;
  return (
    `the newest checkpoint '${f.path}' (epoch ${p.epoch + (p.batch === 0 ? 0 : 1)}, step ${f.data.header.steps.accepted}) is the last state whose parameters and bound were finite: ` +
    `continue from it with --resume ${cfg.out} and a lower --lr (now ${cfg.lr})`
  );
}

/**
 * Runs the whole job a configuration describes: {@link prepareVae} (checks, output folder),
 * then {@link trainVae}, then releases the folder. With `mode: 'resume'`, training continues
 * from the newest checkpoint in `<out>/checkpoints` and follows the trajectory the
 * uninterrupted run would have taken (unless the resume changed the learning rate).
 *
 * @example
 * ```ts
 * import { VAE_DEFAULTS, runVae } from '@aevb/examples';
 * const metrics = await runVae({ ...VAE_DEFAULTS, epochs: 1, out: 'out/quick' }, { progress: false });
 * ```
 * @category VAE
 */
export async function runVae(input: VaeRunConfig, options: VaeRunOptions = {}): Promise<VaeMetrics> {
  const job = await prepareVae(input, options);
  try {
    return await trainVae(job, options);
  } finally {
    await job.folder.release();
  }
}

/**
 * Trains, evaluates and writes the outputs of a prepared run. Never returns a non-finite final
 * metric: a run that diverged throws a `NonFiniteError` naming its rollback point, and writes
 * no model or metrics.
 *
 * @example
 * ```ts
 * import { VAE_DEFAULTS, prepareVae, trainVae } from '@aevb/examples';
 * const job = await prepareVae({ ...VAE_DEFAULTS, epochs: 1, out: 'out/quick' });
 * try {
 *   await trainVae(job);
 * } finally {
 *   await job.folder.release();
 * }
 * ```
 * @category VAE
 */
export async function trainVae(job: PreparedVae, options: VaeRunOptions = {}): Promise<VaeMetrics> {
  const { cfg, data, backend } = job;
  const log = options.log ?? ((l: string) => process.stderr.write(l + '\n'));
  log(`aevb VAE: ${data.source}; ${data.train.n} train / ${data.test.n} test; Nz=${cfg.latent}, hidden=${cfg.hidden}, ${cfg.decoder} decoder, ${cfg.optimizer} lr=${cfg.lr}, ${cfg.estimator}, M=${cfg.batch}, backend ${backend.name}`);
  const model = vae(cfg);
  const guide = autoAmortized(model, { hidden: [cfg.hidden], activation: 'tanh', ...(cfg.init === 'paper' ? { init: initializerOf(cfg.init) } : {}) });
  const optimizer = cfg.optimizer === 'adam' ? new Adam({ learningRate: cfg.lr }) : new Adagrad({ learningRate: cfg.lr });
  const svi: VaeSvi = new SVI({ model, guide, optimizer, objective: objectiveOf(cfg), seed: cfg.seed });
  const xTrain = imagesTensor(data.train);
  const xTest = imagesTensor(data.test);
  try {
    const history = await fitVae(job, svi, xTrain, xTest, log, options.progress !== false);
    const trainSeconds = history.epochs.reduce((t, e) => t + e.seconds, 0);
    const examplesPerSecond = (history.epochs.length * Math.floor(data.train.n / cfg.batch) * cfg.batch) / trainSeconds;
    log('evaluating...');
    const trainElbo = await evaluateBound(svi, xTrain, 500, cfg.evalPasses);
    const testElbo = await evaluateBound(svi, xTest, 500, cfg.evalPasses);
    const ll = await logMarginal(svi, xTest, { particles: cfg.llSamples, batchSize: 100, chunk: Math.min(50, cfg.llSamples) });
    for (const [name, v] of [['training ELBO', trainElbo], ['test ELBO', testElbo], ['test log-likelihood', ll.mean]] as const) {
      if (!Number.isFinite(v)) throw new NonFiniteError(`vae: the final ${name} is ${v}, so no model or metrics were written; ${await rollbackAdvice(cfg)}`, undefined);
    }
    // Representation: k-NN on latent means.
    let latentKnnAccuracy: number | undefined;
    if (data.train.labels !== undefined && data.test.labels !== undefined) {
      const zTrain = encodeMean(svi, xTrain).z;
      const zTest = encodeMean(svi, xTest).z;
      latentKnnAccuracy = knnAccuracy(zTrain, data.train.labels, zTest, data.test.labels);
      tf.dispose([zTrain, zTest]);
    }
    const { errors: denoising, rows } = denoise(svi, data.test, cfg.seed);
    const g = { height: data.test.height, width: data.test.width, latent: cfg.latent, dataDim: cfg.dataDim };
    writePng(join(cfg.out, 'denoised.png'), renderTuples(rows.map((r) => r.subarray(0, 16 * g.dataDim)), { height: g.height, width: g.width, tuplesPerRow: 4, scale: 2 }));
    const curves: CurvePoint[] = history.epochs.map((r) => ({ epoch: r.epoch + 1, train: r.trainElbo, test: r.validationElbo }));
    const files = ['metrics.json', 'denoised.png', ...writeFigures(cfg.out, svi, g, xTest, data.test.labels, curves), 'model/'];
    await saveVae(join(cfg.out, 'model'), { ...cfg, height: g.height, width: g.width, encoderHidden: [cfg.hidden] }, svi.params);
    const metrics: VaeMetrics = {
      backend: backend.name,
      config: cfg,
      data: data.record,
      epochs: history.epochs.map((e) => ({ epoch: e.epoch + 1, trainElbo: e.trainElbo, testElbo: e.validationElbo, seconds: e.seconds, examplesPerSecond: e.examplesPerSecond })),
      trainElbo,
      testElbo,
      testLogLikelihood: ll.mean,
      logLikelihoodSamples: cfg.llSamples,
      examplesPerSecond,
      latentKnnAccuracy,
      denoising,
      files,
    };
    writeFileSync(join(cfg.out, 'metrics.json'), JSON.stringify(metrics, null, 2));
    return metrics;
  } finally {
    tf.dispose([xTrain, xTest]);
    svi.params.clear();
    optimizer.dispose();
  }
}

/** Fits the run's SVI with checkpoints (resuming when prepared so), the progress display, and rollback advice on divergence. */
async function fitVae(job: PreparedVae, svi: VaeSvi, xTrain: Tensor2D, xTest: Tensor2D, log: (l: string) => void, bar: boolean): Promise<History> {
  const cfg = job.cfg;
  const ckDir = checkpointDir(cfg);
  const progress = new ProgressReporter(cfg.epochs, Math.floor(job.data.train.n / cfg.batch), bar ? {} : { bar: false });
  let history: History;
  try {
    history = await fit(svi, {
      ...(cfg.checkpointEvery > 0 ? { checkpoint: { dir: ckDir, everyEpochs: cfg.checkpointEvery, run: job.folder.run, onWarning: log } } : {}),
      ...(job.fromCheckpoint ? { resume: ckDir } : {}),
      data: xTrain,
      batchSize: cfg.batch,
      epochs: cfg.epochs,
      validation: xTest,
      ...(cfg.binarize ? { transform: (b: Tensor2D, step: number) => binarizeTensor(b, cfg.seed * 1_000_003 + step) } : {}),
      onStep: (s) => progress.step(s.elbo),
      onEpoch: (r) => {
        progress.endEpoch(r.epoch + 1, r.trainElbo, r.validationElbo);
      },
    });
  } catch (e) {
    if (e instanceof NonFiniteError) throw new NonFiniteError(`${e.message}; ${await rollbackAdvice(cfg)}`, e.site);
    throw e;
  } finally {
    progress.stop();
  }
  if (history.resumedFrom !== undefined) log(`resumed from ${history.resumedFrom}`);
  const c = history.convergence;
  if (c?.rising === true) log(`the training bound was still rising at the end (the mean of the last ${c.window} steps is ${c.change.toFixed(2)} nats per datapoint above the ${c.window} before, ${(c.change / c.standardError).toFixed(0)} standard errors): more epochs (--epochs) would raise it`);
  return history;
}
