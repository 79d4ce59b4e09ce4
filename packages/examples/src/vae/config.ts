/**
 * Configuration of a VAE run (the CLI's options) and its validation.
 *
 * @module
 */
import { ArgumentError } from '@aevb/core';
import { checkPositiveInt } from '../cli/options.js';
import type { VaeConfig } from './model.js';

/** Every option of `pnpm vae`. @category VAE */
export interface VaeRunConfig extends VaeConfig {
  /** Passes over the training data. */
  readonly epochs: number;
  /** Minibatch size M. */
  readonly batch: number;
  /** Use only the first N training examples (all if undefined). */
  readonly train: number | undefined;
  /** Update rule. */
  readonly optimizer: 'adam' | 'adagrad';
  /** Learning rate. */
  readonly lr: number;
  /** SGVB estimator. */
  readonly estimator: 'analytic-kl' | 'monte-carlo' | 'iwae';
  /** Samples per datapoint (L, or K for IWAE). */
  readonly particles: number;
  /** Dynamic binarization of the inputs at every step. */
  readonly binarize: boolean;
  /**
   * The data set: `'mnist'` (the full MNIST, 60,000 / 10,000; the default), `'embedded'` (the
   * 10,000 digits of the `mnist` package) or a folder of MNIST IDX files.
   */
  readonly data: string;
  /** Frey Face `.mat` file (implies the Gaussian decoder). */
  readonly frey: string | undefined;
  /** Seed of everything. */
  readonly seed: number;
  /** Output folder. */
  readonly out: string;
  /** Importance samples per test datapoint for `testLogLikelihood`. */
  readonly llSamples: number;
  /** Evaluation passes averaged for the final ELBOs. */
  readonly evalPasses: number;
  /** Save a checkpoint (to `<out>/checkpoints`) every this many epochs; 0 turns checkpoints off. */
  readonly checkpointEvery: number;
}

/** The defaults: the paper's architecture on the full MNIST with Adam 1e-3, Glorot init, analytic KL. @category VAE */
export const VAE_DEFAULTS: VaeRunConfig = {
  dataDim: 784,
  latent: 20,
  hidden: 500,
  decoder: 'bernoulli',
  init: 'glorot',
  epochs: 3,
  batch: 100,
  train: undefined,
  optimizer: 'adam',
  lr: 1e-3,
  estimator: 'analytic-kl',
  particles: 1,
  binarize: false,
  data: 'mnist',
  frey: undefined,
  seed: 0,
  out: 'out/vae',
  llSamples: 100,
  evalPasses: 5,
  checkpointEvery: 1,
};

const positiveInt = (name: string, v: number): void => checkPositiveInt('vae', name, v);

/** Checks a configuration; throws an ArgumentError naming the option. @category VAE */
export function checkRunConfig(c: VaeRunConfig): VaeRunConfig {
  positiveInt('latent', c.latent);
  positiveInt('hidden', c.hidden);
  positiveInt('epochs', c.epochs);
  positiveInt('batch', c.batch);
  positiveInt('particles', c.particles);
  positiveInt('ll-samples', c.llSamples);
  positiveInt('eval-passes', c.evalPasses);
  if (c.train !== undefined) positiveInt('train', c.train);
  if (typeof c.data !== 'string' || c.data.trim() === '') throw new ArgumentError('vae', '--data', `must be mnist, embedded or a folder, got ${JSON.stringify(c.data)}`);
  if (!Number.isInteger(c.checkpointEvery) || c.checkpointEvery < 0) {
    throw new ArgumentError('vae', '--checkpoint-every', `must be a non-negative integer, got ${c.checkpointEvery}`);
  }
  if (!Number.isInteger(c.seed) || c.seed < 0) throw new ArgumentError('vae', '--seed', `must be a non-negative integer, got ${c.seed}`);
  if (!(c.lr > 0) || !Number.isFinite(c.lr)) throw new ArgumentError('vae', '--lr', `must be a positive number, got ${c.lr}`);
  const choices: [string, string, readonly string[]][] = [
    ['optimizer', c.optimizer, ['adam', 'adagrad']],
    ['estimator', c.estimator, ['analytic-kl', 'monte-carlo', 'iwae']],
    ['decoder', c.decoder, ['bernoulli', 'gaussian']],
    ['init', c.init, ['glorot', 'paper']],
  ];
  for (const [name, v, allowed] of choices) {
    if (!allowed.includes(v)) throw new ArgumentError('vae', `--${name}`, `must be one of ${allowed.join(', ')}, got '${v}'`);
  }
  return c;
}
