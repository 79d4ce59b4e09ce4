/**
 * Reusing a trained VAE: encode, sample, reconstruct.
 *
 * @module
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { ArgumentError, PersistenceError, initBackend, tf, type Tensor2D } from '@aevb/core';
import { SVI, autoAmortized, encodeMean, reconstruct } from '@aevb/inference';
import { imagesTensor } from '../data/index.js';
import { renderGrid, renderTuples, writePng } from '../output/index.js';
import { loadVaeData } from './data-source.js';
import { decodeMeans, type VaeSvi } from './figures.js';
import { vae } from './model.js';
import { memoryBudget, WASM_HEAP_BYTES } from './sizes.js';
import { usagePhase } from '../cli/exit.js';
import { loadVae, type SavedVaeConfig } from './saved-model.js';

/** A saved model, ready to use. @category VAE */
export async function openVae(dir: string): Promise<{ svi: VaeSvi; config: SavedVaeConfig }> {
  await initBackend();
  const { config, store } = await loadVae(dir);
  const model = vae(config);
  const guide = autoAmortized(model, { hidden: config.encoderHidden });
  return { svi: new SVI({ model, guide, params: store }), config };
}

function checkDim(x: Tensor2D, config: SavedVaeConfig, where: string): void {
  if (x.shape[1] !== config.dataDim) {
    throw new ArgumentError('vae', where, `has ${x.shape[1]} values per example but the model was trained on ${config.dataDim}`);
  }
}

/** Refuses `--n` images whose decoding and picture would not fit in memory. */
function checkImageCount(n: number, config: SavedVaeConfig, backend: string): void {
  // Per image: decoder means (4 bytes per pixel, twice) and the picture (RGBA at scale 2: 16 bytes per pixel).
  const bytes = n * config.dataDim * (8 + 16) + n * config.hidden * 8;
  const budget = memoryBudget(backend);
  if (!Number.isSafeInteger(n) || n < 1) throw new ArgumentError('vae', '--n', `must be a positive integer, got ${n}`);
  if (bytes > budget) throw new ArgumentError('vae', '--n', `${n} images need about ${(bytes / 2 ** 30).toFixed(1)} GB; the budget is ${(budget / 2 ** 30).toFixed(1)} GB (half of this machine's memory${budget === WASM_HEAP_BYTES ? ', capped by the wasm heap' : ''})`);
}

/** `pnpm vae encode`: errors about the model, the data or `--out` are usage errors (exit 2). @category VAE */
export async function encodeCommand(o: { model: string; data: string; out: string }): Promise<void> {
  const { svi, config, data, x } = await usagePhase(async () => {
    const opened = await openVae(o.model);
    const d = loadVaeData({ data: o.data, frey: undefined, train: undefined });
    const t = imagesTensor(d.test);
    try {
      checkDim(t, opened.config, '--data');
    } catch (e) {
      t.dispose();
      throw e;
    }
    return { ...opened, data: d, x: t };
  });
  const z = encodeMean(svi, x).z;
  const rows = z.arraySync();
  tf.dispose([x, z]);
  svi.params.clear();
  writeOutput(o.out, JSON.stringify({ latent: config.latent, labels: data.test.labels === undefined ? null : Array.from(data.test.labels), means: rows }));
  process.stdout.write(`wrote ${rows.length} latent means to ${o.out}\n`);
}

/** `pnpm vae sample`. @category VAE */
export async function sampleCommand(o: { model: string; n: number; seed: number; out: string }): Promise<void> {
  const { svi, config } = await usagePhase(async () => {
    const opened = await openVae(o.model);
    checkImageCount(o.n, opened.config, tf.getBackend());
    return opened;
  });
  const z = tf.randomNormal([o.n, config.latent], 0, 1, 'float32', o.seed) as Tensor2D;
  const image = renderGrid(decodeMeans(svi, z, config.dataDim), { height: config.height, width: config.width, cols: Math.ceil(Math.sqrt(o.n)), scale: 2 });
  z.dispose();
  svi.params.clear();
  writePng(o.out, image);
  process.stdout.write(`wrote ${o.n} samples to ${o.out}\n`);
}

/** `pnpm vae reconstruct`. @category VAE */
export async function reconstructCommand(o: { model: string; data: string; n: number; out: string }): Promise<void> {
  const { svi, config, all } = await usagePhase(async () => {
    const opened = await openVae(o.model);
    const data = loadVaeData({ data: o.data, frey: undefined, train: undefined });
    if (o.n > data.test.n) throw new ArgumentError('vae', '--n', `${o.n} is more than the ${data.test.n} test images of ${data.source}`);
    checkImageCount(o.n, opened.config, tf.getBackend());
    const t = imagesTensor(data.test);
    try {
      checkDim(t, opened.config, '--data');
    } catch (e) {
      t.dispose();
      throw e;
    }
    return { ...opened, all: t };
  });
  const x = tf.slice(all, [0, 0], [o.n, -1]) as Tensor2D;
  const rec = reconstruct(svi, x)['x'] as tf.Tensor;
  const image = renderTuples([x.dataSync() as Float32Array, rec.dataSync() as Float32Array], { height: config.height, width: config.width, tuplesPerRow: 8, scale: 2 });
  tf.dispose([all, x, rec]);
  svi.params.clear();
  writePng(o.out, image);
  process.stdout.write(`wrote ${o.n} reconstructions to ${o.out}\n`);
}

function writeOutput(file: string, text: string): void {
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
  } catch (e) {
    throw new PersistenceError(`vae: cannot write --out '${file}' (${(e as Error).message})`);
  }
}
