/**
 * `pnpm paper`: the paper's Figure 2 (lower bound vs training samples evaluated, AEVB against
 * wake-sleep, per N_z) at a configurable budget, with a table of final bounds and marginal
 * likelihoods.
 *
 * @module
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PersistenceError, initBackend, tf, type Tensor2D } from '@aevb/core';
import { evaluateBound, logMarginal } from '@aevb/inference';
import { imagesTensor, sliceImageSet } from '../data/index.js';
import { categoryColor, lowerBoundVsSamplesPlot, writeSvg, type LineSeries } from '../output/index.js';
import { loadVaeData } from '../vae/data-source.js';
import type { VaeConfig } from '../vae/model.js';
import { checkPaperConfig, type PaperConfig, type PaperMethod } from './config.js';
import { disposeRun, runMethod, type BoundPoint } from './train.js';

/** The outcome of one (N_z, method) pair. @category Paper */
export interface PaperResult {
  /** Latent size. */
  readonly latent: number;
  /** Fitting method. */
  readonly method: PaperMethod;
  /** Adagrad step size chosen by the pilot. */
  readonly lr: number;
  /** Pilot's training bound per step size tried. */
  readonly pilot: Readonly<Record<string, number>>;
  /** The curve of Figure 2. */
  readonly curve: readonly BoundPoint[];
  /** Final lower bound per datapoint on all training data. */
  readonly trainBound: number;
  /** Final lower bound per datapoint on all test data. */
  readonly testBound: number;
  /** Importance-sampled log p(x) per datapoint on the first `llTestSize` test points. */
  readonly testLogMarginal: number;
  /** Seconds of training steps. */
  readonly seconds: number;
  /** Steps rejected as non-finite. */
  readonly rejected: number;
}

/** What {@link runPaper} returns and writes as `results.json`. @category Paper */
export interface PaperReport {
  /** Backend that ran the job. */
  readonly backend: string;
  /** The configuration. */
  readonly config: PaperConfig;
  /** Data source and sizes. */
  readonly data: { readonly source: string; readonly train: number; readonly test: number };
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

/**
 * Runs Figure 2: for every N_z and method, a pilot picks Adagrad's step size by the training
 * bound after `pilotBudget` samples, then a run of `budget` samples records the bound; final
 * bounds on all data and log p(x) follow. Writes `figure2-nz<N>.svg` per N_z, `results.md` and
 * `results.json` to `out`.
 *
 * @category Paper
 */
export async function runPaper(input: PaperConfig, log: (line: string) => void = (l) => process.stderr.write(l + '\n')): Promise<PaperReport> {
  const cfg = checkPaperConfig(input);
  try {
    mkdirSync(cfg.out, { recursive: true });
  } catch (e) {
    throw new PersistenceError(`output folder '${cfg.out}' cannot be created: ${(e as Error).message}`);
  }
  const backend = await initBackend();
  const data = loadVaeData({ data: cfg.data, frey: cfg.frey, train: undefined });
  const frey = cfg.frey !== undefined;
  const dataDim = data.train.height * data.train.width;
  const hidden = cfg.hidden ?? (frey ? 200 : 500);
  const xTrain = imagesTensor(data.train);
  const xTest = imagesTensor(data.test);
  const curve = { train: head(xTrain, cfg.curveEvalSize), test: head(xTest, cfg.curveEvalSize) };
  const xLl = imagesTensor(sliceImageSet(data.test, 0, Math.min(cfg.llTestSize, data.test.n)));
  log(`aevb paper (Figure 2): ${data.source}; ${data.train.n} train / ${data.test.n} test; hidden ${hidden}; budget ${cfg.budget}; backend ${backend.name}`);
  const results: PaperResult[] = [];
  const files: string[] = [];
  for (const latent of cfg.latents) {
    const arch: VaeConfig = { dataDim, latent, hidden, decoder: frey ? 'gaussian' : 'bernoulli', init: cfg.init };
    const series: LineSeries[] = [];
    for (const [mi, method] of cfg.methods.entries()) {
      const base = { method, vae: arch, batch: cfg.batch, seed: cfg.seed, train: xTrain };
      const pilot: Record<string, number> = {};
      let lr = cfg.learningRates[0] as number;
      let best = -Infinity;
      for (const rate of cfg.learningRates) {
        const p = await runMethod({ ...base, lr: rate, budget: cfg.pilotBudget });
        const b = await evaluateBound(p.svi, curve.train, 500);
        disposeRun(p);
        pilot[String(rate)] = b;
        if (b > best) [best, lr] = [b, rate];
      }
      const run = await runMethod({ ...base, lr, budget: cfg.budget, curve });
      const trainBound = await evaluateBound(run.svi, xTrain, 500);
      const testBound = await evaluateBound(run.svi, xTest, 500);
      const ll = await logMarginal(run.svi, xLl, { particles: cfg.llSamples, batchSize: 100, chunk: Math.min(50, cfg.llSamples) });
      disposeRun(run);
      results.push({ latent, method, lr, pilot, curve: run.curve, trainBound, testBound, testLogMarginal: ll.mean, seconds: run.seconds, rejected: run.rejected });
      log(`N_z=${latent} ${LABEL[method]}: lr ${lr} (pilot ${JSON.stringify(pilot)}), train ${trainBound.toFixed(2)}, test ${testBound.toFixed(2)}, log p(x) ${ll.mean.toFixed(2)}, ${run.seconds.toFixed(1)} s`);
      const color = categoryColor(mi);
      series.push({ name: `${LABEL[method]} train`, points: run.curve.map((p) => [p.samples, p.train] as const), color, markers: true });
      series.push({ name: `${LABEL[method]} test`, points: run.curve.map((p) => [p.samples, p.test] as const), color, dashed: true });
    }
    const file = `figure2-nz${latent}.svg`;
    writeSvg(join(cfg.out, file), lowerBoundVsSamplesPlot(series, { title: `${frey ? 'Frey Face' : 'MNIST'}, N_z = ${latent}` }));
    files.push(file);
  }
  tf.dispose([xTrain, xTest, curve.train, curve.test, xLl]);
  const report: PaperReport = { backend: backend.name, config: cfg, data: { source: data.source, train: data.train.n, test: data.test.n }, results, files: [...files, 'results.md', 'results.json'] };
  writeFileSync(join(cfg.out, 'results.md'), resultsTable(report));
  writeFileSync(join(cfg.out, 'results.json'), JSON.stringify(report, null, 2));
  return report;
}
