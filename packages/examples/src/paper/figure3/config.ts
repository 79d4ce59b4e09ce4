/**
 * Configuration of `pnpm paper --figure 3` (the paper's Figure 3: AEVB, wake-sleep and Monte
 * Carlo EM, marginal likelihood vs training samples evaluated) and its validation.
 *
 * @module
 */
import { ArgumentError } from '@aevb/core';
import { checkPositiveInt } from '../../cli/options.js';

/** The three methods of Figure 3. @category Paper */
export type Figure3Method = 'aevb' | 'wake-sleep' | 'mcem';

/** Every option of `pnpm paper --figure 3`. @category Paper */
export interface Figure3Config {
  /** Training-set sizes, one panel each (the paper: 1,000 and 50,000). */
  readonly trainSizes: readonly number[];
  /** Training samples evaluated per run (the x axis ends here). */
  readonly budget: number;
  /** Evaluation points along each curve (geometric from budget / 4^(k−1) to budget). */
  readonly marks: number;
  /** Methods compared. */
  readonly methods: readonly Figure3Method[];
  /** Latent size N_z (the paper: 3). */
  readonly latent: number;
  /** Hidden units of encoder and decoder (the paper: 100). */
  readonly hidden: number;
  /** Minibatch size M. */
  readonly batch: number;
  /** Adagrad step size of every method. */
  readonly lr: number;
  /** Training and test points of the marginal-likelihood estimate (the paper: the first 1,000 of each). */
  readonly evalSize: number;
  /** HMC warmup transitions per datapoint of the estimator. */
  readonly evalWarmup: number;
  /** HMC draws per datapoint of the estimator (half fit q, half estimate). */
  readonly evalDraws: number;
  /** Independent HMC chains per datapoint of the estimator; a datapoint whose chains disagree is refused (see `localLogMarginal`). */
  readonly evalChains: number;
  /** Mass of each datapoint's fitted Gaussian q kept in its truncation ellipsoid (see `mcmcLogMarginal`). */
  readonly truncation: number;
  /** MCEM: leapfrog steps per HMC transition (the paper: 10). */
  readonly leapfrogSteps: number;
  /** MCEM: weight updates per acquired sample (the paper: 5). */
  readonly updatesPerSample: number;
  /** The data set: `'mnist'` (full MNIST, the default), `'embedded'` (10,000 digits) or a folder of MNIST IDX files. */
  readonly data: string;
  /** Seed of everything. */
  readonly seed: number;
  /** Output folder. */
  readonly out: string;
}

/** Defaults: the paper's setting (N_z = 3, 100 hidden units, M = 100, 10 leapfrog steps, 5 updates) at a small budget. @category Paper */
export const FIGURE3_DEFAULTS: Figure3Config = {
  trainSizes: [1_000, 50_000],
  budget: 100_000,
  marks: 4,
  methods: ['aevb', 'wake-sleep', 'mcem'],
  latent: 3,
  hidden: 100,
  batch: 100,
  lr: 0.02,
  evalSize: 1_000,
  evalWarmup: 100,
  evalDraws: 200,
  evalChains: 2,
  truncation: 0.75,
  leapfrogSteps: 10,
  updatesPerSample: 5,
  data: 'mnist',
  seed: 0,
  out: 'out/paper-figure3',
};

const positiveInt = (name: string, v: number): void => checkPositiveInt('paper', name, v);

/** Checks a configuration; throws an ArgumentError naming the option. @category Paper */
export function checkFigure3Config(c: Figure3Config): Figure3Config {
  for (const [name, v] of [['budget', c.budget], ['marks', c.marks], ['latent', c.latent], ['hidden', c.hidden], ['batch', c.batch], ['eval-size', c.evalSize], ['eval-warmup', c.evalWarmup], ['eval-draws', c.evalDraws], ['eval-chains', c.evalChains], ['leapfrog-steps', c.leapfrogSteps]] as const) positiveInt(name, v);
  if (!Number.isInteger(c.updatesPerSample) || c.updatesPerSample < 1) throw new ArgumentError('paper', '--updates-per-sample', `must be a positive integer, got ${c.updatesPerSample}`);
  if (c.trainSizes.length === 0) throw new ArgumentError('paper', '--train-sizes', 'must name at least one training-set size');
  c.trainSizes.forEach((n) => positiveInt('train-sizes', n));
  if (!(c.lr > 0) || !Number.isFinite(c.lr)) throw new ArgumentError('paper', '--lr', `must be a positive number, got ${c.lr}`);
  if (c.methods.length === 0 || c.methods.some((m) => m !== 'aevb' && m !== 'wake-sleep' && m !== 'mcem')) {
    throw new ArgumentError('paper', '--methods', `must be aevb, wake-sleep and/or mcem, got ${c.methods.join(',')}`);
  }
  for (const [flag, xs] of [['--train-sizes', c.trainSizes], ['--methods', c.methods]] as const) {
    const twice = xs.find((x, i) => xs.indexOf(x as never) !== i);
    if (twice !== undefined) throw new ArgumentError('paper', flag, `lists ${twice} twice, got ${xs.join(',')}`);
  }
  if (c.budget < c.batch) throw new ArgumentError('paper', '--budget', `${c.budget} is smaller than one minibatch (${c.batch})`);
  if (c.evalDraws < 40) throw new ArgumentError('paper', '--eval-draws', `must be at least 40 (half fit q, half estimate), got ${c.evalDraws}`);
  if (!(c.truncation > 0 && c.truncation <= 1)) throw new ArgumentError('paper', '--truncation', `must lie in (0, 1], got ${c.truncation}`);
  if (!Number.isInteger(c.seed) || c.seed < 0) throw new ArgumentError('paper', '--seed', `must be a non-negative integer, got ${c.seed}`);
  return c;
}

/**
 * Training-sample counts at which the marginal likelihood is estimated: `marks` points spaced by
 * a factor 4 ending at the budget, rounded to whole minibatches (duplicates dropped).
 *
 * @category Paper
 */
export function figure3Marks(budget: number, batch: number, marks: number): number[] {
  const out: number[] = [];
  for (let k = marks - 1; k >= 0; k--) {
    const s = Math.max(batch, Math.floor(budget / 4 ** k / batch) * batch);
    if (out[out.length - 1] !== s) out.push(s);
  }
  return out;
}
