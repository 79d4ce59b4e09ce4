/**
 * A conditional VAE: MNIST digits conditioned on their label, with the automatic amortized guide
 * reading the image and the label; samples of every digit class in one PNG.
 *
 * @module
 */
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { model, tf, type Model, type Tensor2D } from '@aevb/core';
import { mlp } from '@aevb/core/nn';
import { Bernoulli, Independent, Normal } from '@aevb/distributions';
import { Adam, SVI, autoAmortized, decode } from '@aevb/inference';
import { renderGrid } from '../output/image-grid.js';
import { writePng } from '../output/png-file.js';
import { galleryDigits, labeledBatch, minibatchIndices, testIndices, type LabeledDigits } from './digits.js';
import { disposeSvi, runSteps } from './fit-steps.js';
import type { GalleryEntry, GalleryRunOptions, GalleryResult } from './types.js';

/** Sizes of {@link cvae}. @category Gallery */
export interface CvaeConfig {
  /** Dimension of z. */
  readonly latent: number;
  /** Hidden units of the decoder (and of the encoder in the gallery run). */
  readonly hidden: number;
}

/**
 * ```text
 * z ~ N(0, I)
 * x | z, y ~ Bernoulli(logits = MLP_tanh([z, onehot(y)]))
 * ```
 *
 * The label is data, not a latent: q(z | x, y) comes from
 * `autoAmortized(m, { inputs: (d) => concat(d.x, d.y) })`.
 *
 * @category Gallery
 */
export function cvae(cfg: CvaeConfig): Model<{ z: Tensor2D }, readonly [LabeledDigits], unknown> {
  const decoder = mlp({ sizes: [cfg.latent + 10, cfg.hidden, 784], activation: 'tanh' });
  return model('cvae', { z: 2 }, (ctx, d: LabeledDigits) => {
    const n = d.x.shape[0];
    const dec = ctx.net('decoder', decoder);
    ctx.plate('data', n, () => {
      const z = ctx.sample('z', new Independent(new Normal(0, 1).expand([n, cfg.latent]), 1));
      ctx.observe('x', new Independent(new Bernoulli({ logits: dec(tf.concat([z, d.y], 1)) }, { validateArgs: false }), 1), d.x);
    });
  });
}

/** Samples per digit class in the figure. */
const PER_CLASS = 8;

/** Decoded means for `PER_CLASS` prior draws of z per class 0–9, row-major by class (plain pixels). */
function classSamples(svi: SVI<{ z: Tensor2D }, LabeledDigits>, latent: number, seed: number): Float32Array {
  const labels = Array.from({ length: 10 * PER_CLASS }, (_, i) => Math.floor(i / PER_CLASS));
  const y = tf.tidy(() => tf.cast(tf.oneHot(tf.tensor1d(labels, 'int32'), 10), 'float32') as Tensor2D);
  const batch = { x: tf.zeros([labels.length, 784]) as Tensor2D, y };
  const z = tf.randomNormal([labels.length, latent], 0, 1, 'float32', seed) as Tensor2D;
  const out = decode(svi, batch, { z });
  const pixels = out['x']?.dataSync() ?? new Float32Array(0); // once, for the figure
  tf.dispose([batch.x, y, z, ...Object.values(out)]);
  return Float32Array.from(pixels);
}

async function run(options: GalleryRunOptions & { readonly pool?: number; readonly hidden?: number } = {}): Promise<GalleryResult> {
  const steps = options.steps ?? entry.defaultSteps;
  const cfg = { latent: 8, hidden: options.hidden ?? 200 };
  const m = cvae(cfg);
  const svi = new SVI({
    model: m,
    guide: autoAmortized(m, { hidden: [cfg.hidden], inputs: (d: LabeledDigits) => tf.concat([d.x, d.y], 1) as Tensor2D }),
    optimizer: new Adam({ learningRate: 1e-3 }),
    seed: options.seed ?? 0,
  });
  const { train, test } = galleryDigits();
  const pool = Math.min(options.pool ?? 8000, train.n);
  const held = labeledBatch(test, testIndices(test, 500));
  const before = await svi.evaluate(held, 2);
  const next = minibatchIndices(pool, 100, options.seed ?? 0);
  await runSteps(svi, steps, () => ({ data: labeledBatch(train, next()), dataSize: pool, dispose: true }), options);
  const after = await svi.evaluate(held, 2);
  tf.dispose([held.x, held.y]);
  const files: string[] = [];
  if (options.outDir !== undefined) {
    mkdirSync(options.outDir, { recursive: true });
    const file = join(options.outDir, 'cvae-samples.png');
    writePng(file, renderGrid(classSamples(svi, cfg.latent, (options.seed ?? 0) + 1), { height: 28, width: 28, cols: PER_CLASS, scale: 2 }));
    files.push(file);
  }
  disposeSvi(svi);
  return { rows: [], metrics: { 'test ELBO per digit (before)': before, 'test ELBO per digit (after)': after }, files };
}

/** The gallery entry (`pnpm example <name>`). @category Gallery */
const entry: GalleryEntry = {
  name: 'cvae',
  summary: 'Conditional VAE on MNIST (digits given their label); samples of every class in one PNG',
  defaultSteps: 2000,
  run,
  graph: () => ({ model: cvae({ latent: 2, hidden: 4 }), args: [{ x: tf.zeros([2, 784]), y: tf.zeros([2, 10]) }] }),
};
export { entry as cvaeEntry };
