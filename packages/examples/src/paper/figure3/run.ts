/**
 * `pnpm paper --figure 3`: the paper's Figure 3 — AEVB, wake-sleep and Monte Carlo EM on small
 * training sets, marginal likelihood (appendix D estimator) vs training samples evaluated.
 *
 * @module
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ArgumentError, PersistenceError, initBackend, tf, type Tensor2D } from '@aevb/core';
import { acquireFolderLock } from '@aevb/inference/node';
import { imagesTensor, sliceImageSet } from '../../data/index.js';
import { categoryColor, linePlot, writeSvg, type LineSeries } from '../../output/index.js';
import { loadVaeData } from '../../vae/data-source.js';
import { checkFigure3Config, figure3Marks, type Figure3Config, type Figure3Method } from './config.js';
import { runFigure3Method, type MarginalPoint } from './train.js';

/** The outcome of one (training-set size, method) pair. @category Paper */
export interface Figure3Result {
  /** Training-set size. */
  readonly trainSize: number;
  /** Method. */
  readonly method: Figure3Method;
  /** The curve: estimated marginal likelihood at the marks. */
  readonly curve: readonly MarginalPoint[];
  /** Seconds of training steps. */
  readonly seconds: number;
  /** MCEM's HMC at the end: step size and the last epoch's mean acceptance. */
  readonly hmc?: { readonly stepSize: number; readonly acceptRate: number };
}

/** What {@link runFigure3} returns and writes as `results.json`. @category Paper */
export interface Figure3Report {
  /** Backend that ran the job. */
  readonly backend: string;
  /** The configuration. */
  readonly config: Figure3Config;
  /** Data source and sizes. */
  readonly data: { readonly source: string; readonly train: number; readonly test: number };
  /** One result per (training-set size, method). */
  readonly results: readonly Figure3Result[];
  /** Wall-clock seconds of the whole run. */
  readonly wallSeconds: number;
  /** Files written to `out`. */
  readonly files: readonly string[];
}

const LABEL: Record<Figure3Method, string> = { aevb: 'AEVB', 'wake-sleep': 'Wake-Sleep', mcem: 'MCEM' };

/** The markdown table of a Figure 3 report. @category Paper */
export function figure3Table(r: Figure3Report): string {
  const c = r.config;
  const rows = r.results.flatMap((x) =>
    x.curve.map((p) => `| ${x.trainSize} | ${LABEL[x.method]} | ${p.samples} | ${p.train.toFixed(2)} ± ${p.trainSe.toFixed(2)} | ${p.test.toFixed(2)} ± ${p.testSe.toFixed(2)} | ${p.refused} |`),
  );
  const common = commonTable(r);
  const train = r.results.map((x) => `${LABEL[x.method]} (N=${x.trainSize}) ${x.seconds.toFixed(0)} s${x.hmc === undefined ? '' : ` (HMC ε ${x.hmc.stepSize.toFixed(3)}, acceptance ${x.hmc.acceptRate.toFixed(2)})`}`);
  return [
    `# Figure 3 at a budget of ${c.budget} training samples`,
    '',
    `Data: ${r.data.source} (${r.data.train} train / ${r.data.test} test). N_z = ${c.latent}, ${c.hidden} hidden units, M = ${c.batch}, Adagrad (step size ${c.lr}) for every method; MCEM: ${c.leapfrogSteps} leapfrog steps per datapoint, step size tuned to 90% acceptance, ${c.updatesPerSample} weight updates per sample. Backend ${r.backend}; wall time ${(r.wallSeconds / 60).toFixed(1)} min.`,
    '',
    `log p(x) per datapoint (nats) by the appendix D estimator on the first ${c.evalSize} training and test points: ${c.evalChains} HMC chain${c.evalChains === 1 ? '' : 's'} per datapoint, each from its own prior draw (${c.evalWarmup} warmup + ${c.evalDraws} draws, 10 leapfrog steps), a Gaussian q fitted to the first half of a chain's draws and truncated to ${c.truncation} of its mass, the reciprocal importance estimate from the second half, averaged over the chains. ± is the Monte Carlo standard error of the mean; "refused" counts datapoints whose estimate was refused (weights too heavy-tailed to trust or a chain that never moved, even at a half and a quarter of the truncation${c.evalChains === 1 ? '' : ', or chains that disagree by more than 4 standard errors: a multimodal posterior, where one chain\'s estimate is too low'}); they are left out of the mean.`,
    '',
    '| N train | method | samples evaluated | train log p(x) | test log p(x) | refused |',
    '|---:|---|---:|---:|---:|---:|',
    ...rows,
    '',
    ...common,
    `Training seconds: ${train.join('; ')}.`,
    '',
  ].join('\n');
}

/**
 * Means over the datapoints that every method kept at a mark (refusals differ by method, and a
 * mean over an easier subset is not comparable): one row per training-set size and mark.
 */
function commonTable(r: Figure3Report): string[] {
  const lines: string[] = [];
  for (const n of [...new Set(r.results.map((x) => x.trainSize))]) {
    const runs = r.results.filter((x) => x.trainSize === n);
    const marks = runs[0]?.curve.map((p) => p.samples) ?? [];
    for (const [m, samples] of marks.entries()) {
      const points = runs.map((x) => x.curve[m]);
      if (points.some((p) => p === undefined)) continue;
      const keep = (key: 'trainValues' | 'testValues'): number[] => {
        const len = points[0]?.[key].length ?? 0;
        return Array.from({ length: len }, (_, i) => i).filter((i) => points.every((p) => Number.isFinite(p?.[key][i])));
      };
      const tr = keep('trainValues');
      const te = keep('testValues');
      const mean = (vs: readonly number[], idx: readonly number[]): string => (idx.length === 0 ? 'n/a' : (idx.reduce((a, i) => a + (vs[i] as number), 0) / idx.length).toFixed(2));
      const cells = points.map((p) => `${mean(p?.trainValues ?? [], tr)} / ${mean(p?.testValues ?? [], te)}`);
      lines.push(`| ${n} | ${samples} | ${tr.length} / ${te.length} | ${cells.join(' | ')} |`);
    }
  }
  if (lines.length === 0) return [];
  const methods = r.results.filter((x) => x.trainSize === r.results[0]?.trainSize).map((x) => LABEL[x.method]);
  return [
    'The same marks, each mean over the datapoints that every method kept at that mark (train / test; a method whose estimates were refused on the harder datapoints would otherwise look better than it is):',
    '',
    `| N train | samples evaluated | kept (train / test) | ${methods.join(' | ')} |`,
    `|---:|---:|---:|${methods.map(() => '---:').join('|')}|`,
    ...lines,
    '',
  ];
}

/**
 * The SVG of one Figure 3 panel (one training-set size): train (solid, dots) and test (dashed)
 * log p(x) per method against training samples evaluated, on a log axis. A point whose estimate
 * left datapoints out is labelled with how many ("13 refused"): its mean is over the rest.
 *
 * @example
 * ```ts
 * import { readFileSync, writeFileSync } from 'node:fs';
 * import { figure3Plot, type Figure3Report } from '@aevb/examples';
 * const report = JSON.parse(readFileSync('out/paper-figure3/results.json', 'utf8')) as Figure3Report;
 * writeFileSync('n1000.svg', figure3Plot(report.results, 1000, report.config.latent));
 * ```
 * @category Paper
 */
export function figure3Plot(results: readonly Figure3Result[], trainSize: number, latent: number): string {
  const series: LineSeries[] = [];
  const methods = results.filter((x) => x.trainSize === trainSize);
  for (const [mi, r] of methods.entries()) {
    const color = categoryColor(mi);
    const labels = r.curve.map((p) => (p.refused > 0 ? `${p.refused} refused` : undefined));
    series.push({ name: `${LABEL[r.method]} train`, points: r.curve.map((p) => [p.samples, p.train] as const), color, markers: true, labels });
    series.push({ name: `${LABEL[r.method]} test`, points: r.curve.map((p) => [p.samples, p.test] as const), color, dashed: true });
  }
  return linePlot(series, { title: `MNIST, N_train = ${trainSize}, N_z = ${latent}`, xLabel: '# training samples evaluated', yLabel: 'marginal log-likelihood per datapoint (nats)', xScale: 'log' });
}

/**
 * Runs Figure 3: for every training-set size and method, trains the VAE (N_z, hidden units and
 * Adagrad as configured) for `budget` training samples and estimates log p(x) at the marks on the
 * first `evalSize` training and test points. Writes `figure3-n<N>.svg` per training-set size,
 * `results.md` and `results.json` to `out`. A training-set size larger than the data is refused.
 *
 * @example
 * ```ts
 * import { FIGURE3_DEFAULTS, runFigure3 } from '@aevb/examples';
 * await runFigure3({ ...FIGURE3_DEFAULTS, trainSizes: [1000], budget: 20_000 });
 * ```
 * @category Paper
 */
export async function runFigure3(input: Figure3Config, log: (line: string) => void = (l) => process.stderr.write(l + '\n')): Promise<Figure3Report> {
  const t0 = performance.now();
  const cfg = checkFigure3Config(input);
  const backend = await initBackend();
  const data = loadVaeData({ data: cfg.data, frey: undefined, train: undefined });
  const tooBig = cfg.trainSizes.find((n) => n > data.train.n);
  if (tooBig !== undefined) {
    throw new ArgumentError('paper', '--train-sizes', `${tooBig} exceeds the ${data.train.n} training digits of ${data.source}${data.train.n < 50_000 ? ' (the paper\'s 50,000 needs full MNIST: --data mnist, the default)' : ''}`);
  }
  const small = cfg.trainSizes.find((n) => n < cfg.batch);
  if (small !== undefined) throw new ArgumentError('paper', '--train-sizes', `${small} is smaller than one minibatch (${cfg.batch})`);
  try {
    mkdirSync(cfg.out, { recursive: true });
  } catch (e) {
    throw new PersistenceError(`output folder '${cfg.out}' cannot be created: ${(e as Error).message}`);
  }
  const lock = await acquireFolderLock(cfg.out, { fn: 'paper', command: `pnpm paper --figure 3 --out ${cfg.out}` });
  const xAll = imagesTensor(data.train);
  const evalTest = imagesTensor(sliceImageSet(data.test, 0, Math.min(cfg.evalSize, data.test.n)));
  const marks = figure3Marks(cfg.budget, cfg.batch, cfg.marks);
  const results: Figure3Result[] = [];
  const files: string[] = [];
  log(`aevb paper (Figure 3): ${data.source}; training sets ${cfg.trainSizes.join(', ')}; budget ${cfg.budget}; marks ${marks.join(', ')}; backend ${backend.name}`);
  try {
    for (const n of cfg.trainSizes) {
      const train = tf.slice(xAll, [0, 0], [n, -1]) as Tensor2D;
      const evalTrain = tf.slice(train, [0, 0], [Math.min(cfg.evalSize, n), -1]) as Tensor2D;
      try {
        for (const method of cfg.methods) {
          log(`N=${n} ${LABEL[method]}:`);
          const r = await runFigure3Method({
            method,
            vae: { dataDim: data.train.height * data.train.width, latent: cfg.latent, hidden: cfg.hidden, decoder: 'bernoulli', init: 'glorot' },
            lr: cfg.lr,
            budget: cfg.budget,
            batch: cfg.batch,
            seed: cfg.seed,
            train,
            evalTrain,
            evalTest,
            marks,
            evalWarmup: cfg.evalWarmup,
            evalDraws: cfg.evalDraws,
            evalChains: cfg.evalChains,
            truncation: cfg.truncation,
            leapfrogSteps: cfg.leapfrogSteps,
            updatesPerSample: cfg.updatesPerSample,
            log,
          });
          results.push({ trainSize: n, method, curve: r.curve, seconds: r.seconds, ...(r.hmc === undefined ? {} : { hmc: r.hmc }) });
        }
      } finally {
        tf.dispose([train, evalTrain]);
      }
      const file = `figure3-n${n}.svg`;
      writeSvg(join(cfg.out, file), figure3Plot(results, n, cfg.latent));
      files.push(file);
    }
    const report: Figure3Report = {
      backend: backend.name,
      config: cfg,
      data: { source: data.source, train: data.train.n, test: data.test.n },
      results,
      wallSeconds: (performance.now() - t0) / 1000,
      files: [...files, 'results.md', 'results.json'],
    };
    writeFileSync(join(cfg.out, 'results.md'), figure3Table(report));
    writeFileSync(join(cfg.out, 'results.json'), JSON.stringify(report, null, 2));
    return report;
  } finally {
    tf.dispose([xAll, evalTest]);
    await lock.release();
  }
}
