/**
 * `pnpm vae`: train the paper's VAE, evaluate it and write its metrics, pictures and model.
 *
 * @module
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { ArgumentError, PersistenceError, initBackend, tf, type Tensor2D } from '@aevb/core';
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
  reconstruct,
  type Objective,
} from '@aevb/inference';
import { binarizeTensor, imagesTensor, maskRows, saltAndPepper } from '../data/index.js';
import { ProgressReporter, renderTuples, writePng } from '../output/index.js';
import { VAE_DEFAULTS, checkRunConfig, type VaeRunConfig } from './config.js';
import { loadVaeData } from './data-source.js';
import { writeFigures, type CurvePoint, type VaeSvi } from './figures.js';
import { initializerOf, vae } from './model.js';
import { saveVae } from './saved-model.js';
import { impute, knnAccuracy, meanSquaredError } from './uses.js';

/** What `metrics.json` holds. @category VAE */
export interface VaeMetrics {
  /** Backend that ran the job. */
  readonly backend: string;
  /** The full configuration. */
  readonly config: VaeRunConfig;
  /** Data source and sizes. */
  readonly data: { readonly source: string; readonly train: number; readonly test: number };
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

function ensureWritable(dir: string): void {
  try {
    // One level at a time: Node's recursive mkdir can loop forever on special file systems (/proc).
    const parts = resolve(dir).split(sep);
    for (let i = 2; i <= parts.length; i++) {
      const p = parts.slice(0, i).join(sep);
      if (!existsSync(p)) mkdirSync(p);
    }
    writeFileSync(join(dir, '.write-test'), '');
  } catch (e) {
    throw new PersistenceError(`output folder '${dir}' cannot be written: ${(e as Error).message}`);
  }
}

/** The file in an output folder that records a run's configuration (read by `--resume`). @category VAE */
export const RUN_CONFIG_FILE = 'run-config.json';

/**
 * The configuration of the run in `dir` (written when it started), for `pnpm vae --resume DIR`.
 * `overrides` may extend `epochs` (or change options that do not alter the model).
 *
 * @category VAE
 */
export function resumeConfig(dir: string, overrides: Partial<VaeRunConfig> = {}): VaeRunConfig {
  const file = join(dir, RUN_CONFIG_FILE);
  let saved: VaeRunConfig;
  try {
    saved = JSON.parse(readFileSync(file, 'utf8')) as VaeRunConfig;
  } catch (e) {
    throw new PersistenceError(`--resume ${dir}: cannot read ${file} (${(e as Error).message}); is it the output folder of a pnpm vae run?`);
  }
  return checkRunConfig({ ...VAE_DEFAULTS, ...saved, ...overrides, out: dir });
}

/**
 * Runs the whole job a configuration describes. `log` receives human-readable lines. With
 * `resume`, training continues from the newest checkpoint in `<out>/checkpoints` and follows
 * the trajectory the uninterrupted run would have taken.
 *
 * @category VAE
 */
export async function runVae(
  input: VaeRunConfig,
  log: (line: string) => void = (l) => process.stderr.write(l + '\n'),
  progressBar = true,
  resume = false,
): Promise<VaeMetrics> {
  let cfg = checkRunConfig(input);
  ensureWritable(cfg.out);
  if (!resume) writeFileSync(join(cfg.out, RUN_CONFIG_FILE), JSON.stringify(cfg, null, 2));
  const backend = await initBackend();
  const data = loadVaeData(cfg);
  const dataDim = data.train.height * data.train.width;
  if (cfg.frey !== undefined && cfg.decoder !== 'gaussian') cfg = { ...cfg, decoder: 'gaussian' };
  cfg = { ...cfg, dataDim };
  if (cfg.batch > data.train.n) throw new ArgumentError('vae', '--batch', `${cfg.batch} is larger than the training data (${data.train.n} examples)`);
  log(`aevb VAE: ${data.source}; ${data.train.n} train / ${data.test.n} test; Nz=${cfg.latent}, hidden=${cfg.hidden}, ${cfg.decoder} decoder, ${cfg.optimizer} lr=${cfg.lr}, ${cfg.estimator}, M=${cfg.batch}, backend ${backend.name}`);

  const model = vae(cfg);
  const encoderHidden = [cfg.hidden];
  const guide = autoAmortized(model, { hidden: encoderHidden, activation: 'tanh', ...(cfg.init === 'paper' ? { init: initializerOf(cfg.init) } : {}) });
  const optimizer = cfg.optimizer === 'adam' ? new Adam({ learningRate: cfg.lr }) : new Adagrad({ learningRate: cfg.lr });
  const svi: VaeSvi = new SVI({ model, guide, optimizer, objective: objectiveOf(cfg), seed: cfg.seed });
  const xTrain = imagesTensor(data.train);
  const xTest = imagesTensor(data.test);
  const steps = Math.floor(data.train.n / cfg.batch);
  const progress = new ProgressReporter(cfg.epochs, steps, progressBar ? {} : { bar: false });
  const curves: CurvePoint[] = [];
  const ckDir = join(cfg.out, 'checkpoints');
  let history;
  try {
    history = await fit(svi, {
    ...(cfg.checkpointEvery > 0 ? { checkpoint: { dir: ckDir, everyEpochs: cfg.checkpointEvery } } : {}),
    ...(resume ? { resume: ckDir } : {}),
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
    progress.stop();
    if (e instanceof NonFiniteError && cfg.checkpointEvery > 0) {
      throw new NonFiniteError(`${e.message}; the last good state is saved in ${ckDir} (continue with --resume ${cfg.out} and a lower --lr)`, e.site);
    }
    throw e;
  }
  progress.stop();
  if (history.resumedFrom !== undefined) log(`resumed from ${history.resumedFrom}`);
  for (const r of history.epochs) curves.push({ epoch: r.epoch + 1, train: r.trainElbo, test: r.validationElbo });
  const trainSeconds = history.epochs.reduce((t, e) => t + e.seconds, 0);
  const examplesPerSecond = (history.epochs.length * steps * cfg.batch) / trainSeconds;

  log('evaluating...');
  const evalBs = 500;
  const trainElbo = await evaluateBound(svi, xTrain, evalBs, cfg.evalPasses);
  const testElbo = await evaluateBound(svi, xTest, evalBs, cfg.evalPasses);
  const ll = await logMarginal(svi, xTest, { particles: cfg.llSamples, batchSize: 100, chunk: Math.min(50, cfg.llSamples) });

  // Representation: k-NN on latent means.
  let latentKnnAccuracy: number | undefined;
  if (data.train.labels !== undefined && data.test.labels !== undefined) {
    const zTrain = encodeMean(svi, xTrain).z;
    const zTest = encodeMean(svi, xTest).z;
    latentKnnAccuracy = knnAccuracy(zTrain, data.train.labels, zTest, data.test.labels);
    tf.dispose([zTrain, zTest]);
  }

  // Denoising: salt-and-pepper noise, and the bottom half masked.
  const nd = Math.min(500, data.test.n);
  const clean = data.test.images.subarray(0, nd * dataDim);
  const recon = (x: Tensor2D): Tensor2D => reconstruct(svi, x)['x'] as Tensor2D;
  const restore = (corrupted: Float32Array, knownMask: Float32Array, rounds: number): Float32Array => {
    const c = tf.tensor2d(corrupted, [nd, dataDim]);
    const k = tf.tensor2d(knownMask, [nd, dataDim]);
    const r = impute(c, k, recon, rounds);
    const v = r.dataSync() as Float32Array;
    tf.dispose([c, k, r]);
    return v;
  };
  const noisy = saltAndPepper(clean, 0.2, cfg.seed + 7);
  const noisyRestored = restore(noisy, new Float32Array(nd * dataDim), 1);
  const top = Math.floor(data.test.height / 2);
  const masked = maskRows(clean, data.test.height, data.test.width, top, data.test.height - top);
  const known = new Float32Array(nd * dataDim).map((_, i) => (Math.floor((i % dataDim) / data.test.width) < top ? 1 : 0));
  // A few rounds: with many, the mean-field fixed-point iteration drifts (measured: 5 rounds 0.0614 -> 0.0487, 20 rounds -> 0.0934).
  const maskedRestored = restore(masked, known, 5);
  const denoising = {
    noisy: { before: meanSquaredError(noisy, clean), after: meanSquaredError(noisyRestored, clean) },
    masked: { before: meanSquaredError(masked, clean), after: meanSquaredError(maskedRestored, clean) },
  };
  const show = 16 * dataDim;
  const g = { height: data.test.height, width: data.test.width, latent: cfg.latent, dataDim };
  writePng(join(cfg.out, 'denoised.png'), renderTuples([clean.subarray(0, show), noisy.subarray(0, show), noisyRestored.subarray(0, show), masked.subarray(0, show), maskedRestored.subarray(0, show)], { height: g.height, width: g.width, tuplesPerRow: 4, scale: 2 }));

  const files = ['metrics.json', 'denoised.png', ...writeFigures(cfg.out, svi, g, xTest, data.test.labels, curves), 'model/'];
  await saveVae(join(cfg.out, 'model'), { ...cfg, height: g.height, width: g.width, encoderHidden }, svi.params);
  const metrics: VaeMetrics = {
    backend: backend.name,
    config: cfg,
    data: { source: data.source, train: data.train.n, test: data.test.n },
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
  tf.dispose([xTrain, xTest]);
  svi.params.clear();
  optimizer.dispose();
  return metrics;
}
