/**
 * Configuration of `pnpm paper` (the paper's Figure 2) and its validation.
 *
 * @module
 */
import { ArgumentError } from '@aevb/core';
import { checkPositiveInt } from '../cli/options.js';

/** The two fitting methods compared in Figure 2. @category Paper */
export type PaperMethod = 'aevb' | 'wake-sleep';

/** Every option of `pnpm paper`. @category Paper */
export interface PaperConfig {
  /** Training samples evaluated per run (the x axis of Figure 2 ends here). */
  readonly budget: number;
  /** Latent sizes N_z, one panel each. */
  readonly latents: readonly number[];
  /** Methods compared. */
  readonly methods: readonly PaperMethod[];
  /** Hidden units of encoder and decoder (the paper: 500 for MNIST, 200 for Frey Face). */
  readonly hidden: number | undefined;
  /** Minibatch size M (the paper: 100). */
  readonly batch: number;
  /** Adagrad global step sizes tried by the pilot (the paper: 0.01, 0.02, 0.1). */
  readonly learningRates: readonly number[];
  /** Training samples evaluated per pilot run. */
  readonly pilotBudget: number;
  /** Weight initializer: Glorot uniform, or the paper's N(0, 0.01). */
  readonly init: 'glorot' | 'paper';
  /** The data set: `'mnist'` (full MNIST, the default), `'embedded'` (10,000 digits) or a folder of MNIST IDX files. */
  readonly data: string;
  /** Frey Face `.mat` file (Gaussian decoder); wins over `data`. */
  readonly frey: string | undefined;
  /** Training and test points used for the bounds along the curves (the final bounds use all). */
  readonly curveEvalSize: number;
  /** Test points of the importance-sampled marginal likelihood. */
  readonly llTestSize: number;
  /** Importance samples per test point. */
  readonly llSamples: number;
  /** Seed of everything. */
  readonly seed: number;
  /** Output folder. */
  readonly out: string;
  /** Reuse the pairs saved in `out/runs` by an interrupted run with the same options (else they are deleted first). */
  readonly resume: boolean;
}

/** Defaults: the paper's MNIST setting at a budget that runs in a few minutes on two CPU cores. @category Paper */
export const PAPER_DEFAULTS: PaperConfig = {
  budget: 10_000,
  latents: [3, 5, 10, 20, 200],
  methods: ['aevb', 'wake-sleep'],
  hidden: undefined,
  batch: 100,
  learningRates: [0.01, 0.02, 0.1],
  pilotBudget: 1_000,
  init: 'glorot',
  data: 'mnist',
  frey: undefined,
  curveEvalSize: 1_000,
  llTestSize: 200,
  llSamples: 100,
  seed: 0,
  out: 'out/paper',
  resume: false,
};

const positiveInt = (name: string, v: number): void => checkPositiveInt('paper', name, v);

/** Checks a configuration; throws an ArgumentError naming the option. @category Paper */
export function checkPaperConfig(c: PaperConfig): PaperConfig {
  positiveInt('budget', c.budget);
  positiveInt('batch', c.batch);
  positiveInt('pilot-budget', c.pilotBudget);
  positiveInt('curve-eval-size', c.curveEvalSize);
  positiveInt('ll-test-size', c.llTestSize);
  positiveInt('ll-samples', c.llSamples);
  if (c.hidden !== undefined) positiveInt('hidden', c.hidden);
  if (typeof c.data !== 'string' || c.data.trim() === '') throw new ArgumentError('paper', '--data', `must be mnist, embedded or a folder, got ${JSON.stringify(c.data)}`);
  if (c.latents.length === 0) throw new ArgumentError('paper', '--latents', 'must name at least one latent size');
  c.latents.forEach((n) => positiveInt('latents', n));
  if (c.learningRates.length === 0 || c.learningRates.some((r) => !(r > 0) || !Number.isFinite(r))) {
    throw new ArgumentError('paper', '--lrs', `must be positive numbers, got ${c.learningRates.join(',')}`);
  }
  if (c.methods.length === 0 || c.methods.some((m) => m !== 'aevb' && m !== 'wake-sleep')) {
    throw new ArgumentError('paper', '--methods', `must be aevb and/or wake-sleep, got ${c.methods.join(',')}`);
  }
  for (const [flag, xs] of [['--latents', c.latents], ['--lrs', c.learningRates], ['--methods', c.methods]] as const) {
    const twice = xs.find((x, i) => xs.indexOf(x as never) !== i);
    if (twice !== undefined) throw new ArgumentError('paper', flag, `lists ${twice} twice, got ${xs.join(',')}`);
  }
  if (c.budget < c.batch) throw new ArgumentError('paper', '--budget', `${c.budget} is smaller than one minibatch (${c.batch})`);
  if (!Number.isInteger(c.seed) || c.seed < 0) throw new ArgumentError('paper', '--seed', `must be a non-negative integer, got ${c.seed}`);
  if (c.init !== 'glorot' && c.init !== 'paper') throw new ArgumentError('paper', '--init', `must be glorot or paper, got '${c.init}'`);
  return c;
}

/**
 * Training-sample counts at which the curves are evaluated: powers of two times M up to the
 * budget, and the budget itself (even spacing on Figure 2's log axis).
 *
 * @category Paper
 */
export function checkpoints(budget: number, batch: number): number[] {
  const last = Math.floor(budget / batch) * batch;
  const out: number[] = [];
  for (let s = batch; s < last; s *= 2) out.push(s);
  out.push(last);
  return out;
}
