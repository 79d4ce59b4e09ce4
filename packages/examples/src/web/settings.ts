/**
 * Settings of the live VAE page and the subsets it trains on (pure).
 *
 * @module
 */
import { ArgumentError } from '@aevb/core';
import { permutation } from '@aevb/inference';
import type { LabeledImageSet } from '../data/image-set.js';

/** What the page trains. @category Web */
export interface DemoSettings {
  /** N_z, the latent dimension (2 gives the interactive manifold). */
  readonly latent: number;
  /** Hidden units of encoder and decoder. */
  readonly hidden: number;
  /** Training examples used (a seeded random subset of the 7,996). */
  readonly trainSize: number;
  /** Test examples for the test ELBO (a seeded random subset of the 2,004). */
  readonly testSize: number;
  /** Minibatch size M. */
  readonly batch: number;
  /** Passes over the training subset. */
  readonly epochs: number;
  /** Adam learning rate. */
  readonly lr: number;
  /** Seed of the subsets, initialization and draws. */
  readonly seed: number;
}

/** Defaults: a 2-D latent space (for the manifold), 200 hidden units, 2,000 digits. @category Web */
export const DEMO_DEFAULTS: DemoSettings = { latent: 2, hidden: 200, trainSize: 2000, testSize: 500, batch: 100, epochs: 20, lr: 3e-3, seed: 0 };

/**
 * Reads settings from URL query parameters (`?latent=2&hidden=200&train=2000&test=500&batch=100&epochs=20&lr=0.003&seed=0`),
 * falling back to {@link DEMO_DEFAULTS}.
 *
 * @throws ArgumentError naming the parameter when a value is not valid
 * @category Web
 */
export function settingsFromQuery(query: URLSearchParams, base: DemoSettings = DEMO_DEFAULTS): DemoSettings {
  const num = (key: string, fallback: number, integer: boolean): number => {
    const raw = query.get(key);
    if (raw === null || raw === '') return fallback;
    const v = Number(raw);
    if (!Number.isFinite(v) || v <= 0 || (integer && !Number.isInteger(v))) {
      throw new ArgumentError('settingsFromQuery', key, `must be a positive ${integer ? 'integer' : 'number'}; got '${raw}'`);
    }
    return v;
  };
  const seedRaw = query.get('seed');
  const seed = seedRaw === null || seedRaw === '' ? base.seed : Number(seedRaw);
  if (!Number.isInteger(seed) || seed < 0) throw new ArgumentError('settingsFromQuery', 'seed', `must be a non-negative integer; got '${seedRaw}'`);
  return {
    latent: num('latent', base.latent, true),
    hidden: num('hidden', base.hidden, true),
    trainSize: num('train', base.trainSize, true),
    testSize: num('test', base.testSize, true),
    batch: num('batch', base.batch, true),
    epochs: num('epochs', base.epochs, true),
    lr: num('lr', base.lr, false),
    seed,
  };
}

/**
 * A seeded random subset of `n` images (all when `n >= set.n`), in shuffled order. The embedded
 * digits are sorted by label, so a prefix would hold only zeros; a random subset holds all ten.
 *
 * @category Web
 */
export function randomSubset(set: LabeledImageSet, n: number, seed: number): LabeledImageSet {
  if (!Number.isInteger(n) || n < 1) throw new ArgumentError('randomSubset', 'n', `must be a positive integer; got ${n}`);
  const m = Math.min(n, set.n);
  const order = permutation(set.n, seed);
  const pixels = set.height * set.width;
  const images = new Float32Array(m * pixels);
  const labels = new Uint8Array(m);
  for (let k = 0; k < m; k++) {
    const i = order[k] as number;
    images.set(set.images.subarray(i * pixels, (i + 1) * pixels), k * pixels);
    labels[k] = set.labels[i] as number;
  }
  return { images, labels, n: m, height: set.height, width: set.width };
}
