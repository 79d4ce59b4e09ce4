/**
 * Reusing a trained VAE: encode, sample, reconstruct.
 *
 * @module
 */
import { writeFileSync } from 'node:fs';
import { ArgumentError, initBackend, tf, type Tensor2D } from '@aevb/core';
import { SVI, autoAmortized, encodeMean, reconstruct } from '@aevb/inference';
import { imagesTensor } from '../data/index.js';
import { renderGrid, renderTuples, writePng } from '../output/index.js';
import { loadVaeData } from './data-source.js';
import { decodeMeans, type VaeSvi } from './figures.js';
import { vae } from './model.js';
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

/** `pnpm vae encode`. @category VAE */
export async function encodeCommand(o: { model: string; data?: string; out: string }): Promise<void> {
  const { svi, config } = await openVae(o.model);
  const data = loadVaeData({ data: o.data, frey: undefined, train: undefined });
  const x = imagesTensor(data.test);
  checkDim(x, config, '--data');
  const z = encodeMean(svi, x).z;
  const rows = z.arraySync();
  writeFileSync(o.out, JSON.stringify({ latent: config.latent, labels: data.test.labels === undefined ? null : Array.from(data.test.labels), means: rows }));
  tf.dispose([x, z]);
  process.stdout.write(`wrote ${rows.length} latent means to ${o.out}\n`);
}

/** `pnpm vae sample`. @category VAE */
export async function sampleCommand(o: { model: string; n: number; seed: number; out: string }): Promise<void> {
  const { svi, config } = await openVae(o.model);
  const z = tf.randomNormal([o.n, config.latent], 0, 1, 'float32', o.seed) as Tensor2D;
  writePng(o.out, renderGrid(decodeMeans(svi, z, config.dataDim), { height: config.height, width: config.width, cols: Math.ceil(Math.sqrt(o.n)), scale: 2 }));
  z.dispose();
  process.stdout.write(`wrote ${o.n} samples to ${o.out}\n`);
}

/** `pnpm vae reconstruct`. @category VAE */
export async function reconstructCommand(o: { model: string; data?: string; n: number; out: string }): Promise<void> {
  const { svi, config } = await openVae(o.model);
  const data = loadVaeData({ data: o.data, frey: undefined, train: undefined });
  const all = imagesTensor(data.test);
  checkDim(all, config, '--data');
  const x = tf.slice(all, [0, 0], [Math.min(o.n, all.shape[0]), -1]) as Tensor2D;
  const rec = reconstruct(svi, x)['x'] as tf.Tensor;
  writePng(o.out, renderTuples([x.dataSync() as Float32Array, rec.dataSync() as Float32Array], { height: config.height, width: config.width, tuplesPerRow: 8, scale: 2 }));
  tf.dispose([all, x, rec]);
  process.stdout.write(`wrote ${o.n} reconstructions to ${o.out}\n`);
}
