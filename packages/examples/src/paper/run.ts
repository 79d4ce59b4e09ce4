/**
 * `pnpm paper`: the paper's Figure 2 (lower bound vs training samples evaluated, AEVB against
 * wake-sleep, per N_z) at a configurable budget, with a table of final bounds and marginal
 * likelihoods.
 *
 * @module
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ArgumentError, PersistenceError, initBackend, tf, type Tensor2D } from '@aevb/core';
import { NonFiniteError, evaluateBound, logMarginal } from '@aevb/inference';
import { acquireFolderLock } from '@aevb/inference/node';
import { imagesTensor, sliceImageSet } from '../data/index.js';
import { categoryColor, lowerBoundVsSamplesPlot, writeSvg, type LineSeries } from '../output/index.js';
import { loadVaeData, type DataRecord, type VaeData } from '../vae/data-source.js';
import type { VaeConfig } from '../vae/model.js';
import { checkPaperConfig, type PaperConfig, type PaperMethod } from './config.js';
import { disposeRun, runMethod, type BoundPoint } from './train.js';
import { preparePairs, readPair, writePair, type PaperResult } from './resume.js';

/** What {@link runPaper} returns and writes as `results.json`. @category Paper */
export interface PaperReport {
  /** Backend that ran the job. */
  readonly backend: string;
  /** The configuration. */
  readonly config: PaperConfig;
  /** The data set, its source, split and sizes. */
  readonly data: DataRecord;
  /** One result per (N_z, method). */
  readonly results: readonly PaperResult[];
  /** Files written to `out`. */
  readonly files: readonly string[];
}

const LABEL: Record<PaperMethod, string> = { aevb: 'AEVB', 'wake-sleep': 'Wake-Sleep' };

function head(x: Tensor2D, n: number): Tensor2D {
  return tf.slice(x, [0, 0], [Math.min(n, x.shape[0]), -1]);
}

/** The markdown table of final bounds. @category Paper */
export function resultsTable(r: PaperReport): string {
  const k = r.config.llSamples;
  const lines = [
    `| N_z | method | Adagrad lr | train bound | test bound | test log p(x) (K=${k}, ${Math.min(r.config.llTestSize, r.data.test)} pts) | train s |`,
    '|---:|---|---:|---:|---:|---:|---:|',
    ...r.results.map(
      (x) => `| ${x.latent} | ${LABEL[x.method]} | ${x.lr} | ${x.trainBound.toFixed(2)} | ${x.testBound.toFixed(2)} | ${x.testLogMarginal.toFixed(2)} | ${x.seconds.toFixed(1)} |`,
    ),
  ];
  return `# Figure 2 at a budget of ${r.config.budget} training samples\n\nData: ${r.data.source} (${r.data.train} train / ${r.data.test} test), M = ${r.config.batch}, L = 1, Adagrad, backend ${r.backend}. Bounds in nats per datapoint.\n\n${lines.join('\n')}\n`;
}

/** A Figure 2 job ready to run: its checked configuration, data and locked output folder. @category Paper */
export interface PaperJob {
  /** The configuration. */
  readonly cfg: PaperConfig;
  /** The data. */
  readonly data: VaeData;
  /** The backend's name. */
  readonly backend: string;
  /** Releases the output folder's lock. */
  release(): Promise<void>;
}

/**
 * Checks everything before the runs: the configuration, the data, `--batch` against the
 * training examples, and takes the output folder's lock (one writer at a time). Errors name the
 * flag or file; on error nothing is written.
 *
 * @example
 * ```ts
 * import { PAPER_DEFAULTS, preparePaper, runPaperJob } from '@aevb/examples';
 * const job = await preparePaper({ ...PAPER_DEFAULTS, latents: [3] });
 * try {
 *   await runPaperJob(job);
 * } finally {
 *   await job.release();
 * }
 * ```
 * @category Paper
 */
export async function preparePaper(input: PaperConfig): Promise<PaperJob> {
  const cfg = checkPaperConfig(input);
  const backend = await initBackend();
  const data = loadVaeData({ data: cfg.data, frey: cfg.frey, train: undefined });
  const flag = cfg.frey !== undefined ? '--frey' : '--data';
  if (cfg.batch > data.train.n) throw new ArgumentError('paper', '--batch', `${cfg.batch} is larger than the training data (${data.train.n} examples of ${data.source})`);
  if (data.test.n < 1) throw new ArgumentError('paper', flag, `holds no test examples (${data.source})`);
  try {
    mkdirSync(cfg.out, { recursive: true });
  } catch (e) {
    throw new PersistenceError(`output folder '${cfg.out}' cannot be created: ${(e as Error).message}`);
  }
  const lock = await acquireFolderLock(cfg.out, { fn: 'paper', command: `pnpm paper --out ${cfg.out}` });
  try {
    preparePairs(cfg);
  } catch (e) {
    await lock.release();
    throw e;
  }
  return { cfg, data, backend: backend.name, release: () => lock.release() };
}

/**
 * Runs Figure 2: for every N_z and method, a pilot picks Adagrad's step size by the training
 * bound after `pilotBudget` samples, then a run of `budget` samples records the bound; final
 * bounds on all data and log p(x) follow. Writes `figure2-nz<N>.svg` per N_z, `results.md` and
 * `results.json` to `out`.
 *
 * @category Paper
 */
export async function runPaper(input: PaperConfig, log: (line: string) => void = (l) => process.stderr.write(l + '\n')): Promise<PaperReport> {
  const job = await preparePaper(input);
  try {
    return await runPaperJob(job, log);
  } finally {
    await job.release();
  }
}

/**
 * The runs of a prepared Figure 2 job (see {@link runPaper}). A pilot in which every step size
 * diverges, or a run whose bounds are not finite, raises a `NonFiniteError` naming `--lrs`.
 *
 * @category Paper
 */
export async function runPaperJob(job: PaperJob, log: (line: string) => void = (l) => process.stderr.write(l + '\n')): Promise<PaperReport> {
  const { cfg, data } = job;
  const frey = cfg.frey !== undefined;
  const dataDim = data.train.height * data.train.width;
  const hidden = cfg.hidden ?? (frey ? 200 : 500);
  const xTrain = imagesTensor(data.train);
  const xTest = imagesTensor(data.test);
  const curve = { train: head(xTrain, cfg.curveEvalSize), test: head(xTest, cfg.curveEvalSize) };
  const xLl = imagesTensor(sliceImageSet(data.test, 0, Math.min(cfg.llTestSize, data.test.n)));
  log(`aevb paper (Figure 2): ${data.source}; ${data.train.n} train / ${data.test.n} test; hidden ${hidden}; budget ${cfg.budget}; backend ${job.backend}`);
  const results: PaperResult[] = [];
  const files: string[] = [];
  try {
    for (const latent of cfg.latents) {
      const arch: VaeConfig = { dataDim, latent, hidden, decoder: frey ? 'gaussian' : 'bernoulli', init: cfg.init };
      const series: LineSeries[] = [];
      for (const [mi, method] of cfg.methods.entries()) {
        const saved = readPair(cfg, latent, method);
        const r = saved ?? (await fitPair(cfg, arch, method, xTrain, xTest, xLl, curve, log));
        if (saved === undefined) writePair(cfg, r);
        results.push(r);
        log(`N_z=${latent} ${LABEL[method]}${saved === undefined ? '' : ' (saved by an earlier run, --resume)'}: lr ${r.lr} (pilot ${JSON.stringify(r.pilot)}), train ${r.trainBound.toFixed(2)}, test ${r.testBound.toFixed(2)}, log p(x) ${r.testLogMarginal.toFixed(2)}, ${r.seconds.toFixed(1)} s`);
        writeReport(cfg.out, { backend: job.backend, config: cfg, data: data.record, results, files: [...files, 'results.md', 'results.json'] });
        const color = categoryColor(mi);
        series.push({ name: `${LABEL[method]} train`, points: r.curve.map((p) => [p.samples, p.train] as const), color, markers: true });
        series.push({ name: `${LABEL[method]} test`, points: r.curve.map((p) => [p.samples, p.test] as const), color, dashed: true });
      }
      const file = `figure2-nz${latent}.svg`;
      writeSvg(join(cfg.out, file), lowerBoundVsSamplesPlot(series, { title: `${frey ? 'Frey Face' : 'MNIST'}, N_z = ${latent}` }));
      files.push(file);
    }
  } finally {
    tf.dispose([xTrain, xTest, curve.train, curve.test, xLl]);
  }
  const report: PaperReport = { backend: job.backend, config: cfg, data: data.record, results, files: [...files, 'results.md', 'results.json'] };
  writeReport(cfg.out, report);
  return report;
}

/** Writes results.md and results.json (after every pair, so an interrupted run shows its progress). */
function writeReport(out: string, report: PaperReport): void {
  writeFileSync(join(out, 'results.md'), resultsTable(report));
  writeFileSync(join(out, 'results.json'), JSON.stringify(report, null, 2));
}

/** The pilot and the run of one (N_z, method) pair, with finite bounds or a NonFiniteError naming --lrs. */
async function fitPair(
  cfg: PaperConfig,
  arch: VaeConfig,
  method: PaperMethod,
  xTrain: Tensor2D,
  xTest: Tensor2D,
  xLl: Tensor2D,
  curve: { readonly train: Tensor2D; readonly test: Tensor2D },
  log: (line: string) => void,
): Promise<PaperResult> {
  const base = { method, vae: arch, batch: cfg.batch, seed: cfg.seed, train: xTrain };
  const where = `N_z=${arch.latent} ${LABEL[method]}`;
  const pilot: Record<string, number> = {};
  let lr: number | undefined;
  let best = -Infinity;
  for (const rate of cfg.learningRates) {
    let b = Number.NaN;
    try {
      const p = await runMethod({ ...base, lr: rate, budget: cfg.pilotBudget });
      b = await evaluateBound(p.svi, curve.train, 500);
      disposeRun(p);
    } catch (e) {
      if (!(e instanceof NonFiniteError)) throw e;
    }
    pilot[String(rate)] = b;
    if (Number.isFinite(b) && b > best) [best, lr] = [b, rate];
  }
  if (lr === undefined) throw new NonFiniteError(`paper: ${where}: training diverged at every --lrs value (${cfg.learningRates.join(', ')}); try smaller step sizes`, undefined);
  log(`N_z=${arch.latent} ${LABEL[method]}: pilot ${JSON.stringify(pilot)}; training with lr ${lr} for ${cfg.budget} samples`);
  const t0 = performance.now();
  const onPoint = (p: BoundPoint, s: number): void =>
    log(`  N_z=${arch.latent} ${LABEL[method]} ${p.samples} samples: train ${p.train.toFixed(2)}, test ${p.test.toFixed(2)} (${s.toFixed(0)} s training, ${((performance.now() - t0) / 1000).toFixed(0)} s wall)`);
  const run = await runMethod({ ...base, lr, budget: cfg.budget, curve, onPoint });
  try {
    const trainBound = await evaluateBound(run.svi, xTrain, 500);
    const testBound = await evaluateBound(run.svi, xTest, 500);
    const ll = await logMarginal(run.svi, xLl, { particles: cfg.llSamples, batchSize: 100, chunk: Math.min(50, cfg.llSamples) });
    const values = [trainBound, testBound, ll.mean, ...run.curve.flatMap((p) => [p.train, p.test])];
    if (!values.every(Number.isFinite)) throw new NonFiniteError(`paper: ${where}: the bounds of the run with --lrs ${lr} are not finite (train ${trainBound}, test ${testBound}); try smaller step sizes`, undefined);
    return { latent: arch.latent, method, lr, pilot, curve: run.curve, trainBound, testBound, testLogMarginal: ll.mean, seconds: run.seconds, rejected: run.rejected };
  } finally {
    disposeRun(run);
  }
}
