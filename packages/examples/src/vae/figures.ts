/**
 * The pictures of a VAE run: prior samples, reconstructions, curves, manifold, scatter.
 *
 * @module
 */
import { join } from 'node:path';
import { tf, type Tensor2D } from '@aevb/core';
import { decode, encodeMean, reconstruct, type SVI } from '@aevb/inference';
import { elboCurvesPlot, latentScatterPlot, manifoldGrid, renderGrid, renderTuples, writePng, writeSvg } from '../output/index.js';

/** A fitted VAE. @category VAE */
export type VaeSvi = SVI<{ z: Tensor2D }, Tensor2D>;

/** One point of the ELBO curves. @category VAE */
export interface CurvePoint {
  /** Epoch (1-based). */
  readonly epoch: number;
  /** Training ELBO per datapoint. */
  readonly train: number;
  /** Test ELBO per datapoint. */
  readonly test: number | undefined;
}

/** Decoder means p(x | z) for latent codes `z` (rows), as a flat array. @category VAE */
export function decodeMeans(svi: VaeSvi, z: Tensor2D, dataDim: number): Float32Array {
  const dummy = tf.zeros([z.shape[0], dataDim]) as Tensor2D;
  const out = decode(svi, dummy, { z });
  dummy.dispose();
  const x = out['x'] as tf.Tensor;
  const v = x.dataSync() as Float32Array;
  x.dispose();
  return v;
}

/** Image geometry and sizes of a run. @category VAE */
export interface Geometry {
  /** Image rows. */
  readonly height: number;
  /** Image columns. */
  readonly width: number;
  /** N_z. */
  readonly latent: number;
  /** Pixels per image. */
  readonly dataDim: number;
}

/**
 * Writes samples.png, reconstructions.png, elbo.svg and, for N_z = 2, manifold.png (the
 * paper's Figure 4) and latent-scatter.svg. Returns the file names.
 *
 * @category VAE
 */
export function writeFigures(out: string, svi: VaeSvi, g: Geometry, test: Tensor2D, testLabels: Uint8Array | undefined, curves: readonly CurvePoint[]): string[] {
  const files: string[] = [];
  const z = tf.randomNormal([64, g.latent], 0, 1, 'float32', 1234) as Tensor2D;
  writePng(join(out, 'samples.png'), renderGrid(decodeMeans(svi, z, g.dataDim), { height: g.height, width: g.width, cols: 8, scale: 2 }));
  z.dispose();
  files.push('samples.png');

  const n = Math.min(32, test.shape[0]);
  const x = tf.slice(test, [0, 0], [n, -1]) as Tensor2D;
  const rec = reconstruct(svi, x)['x'] as tf.Tensor;
  const pair = [x.dataSync() as Float32Array, rec.dataSync() as Float32Array];
  writePng(join(out, 'reconstructions.png'), renderTuples(pair, { height: g.height, width: g.width, tuplesPerRow: 8, scale: 2 }));
  rec.dispose();
  x.dispose();
  files.push('reconstructions.png');

  const train = curves.map((c) => [c.epoch, c.train] as const);
  const testCurve = curves.flatMap((c) => (c.test === undefined ? [] : [[c.epoch, c.test] as const]));
  writeSvg(join(out, 'elbo.svg'), elboCurvesPlot({ train, test: testCurve }));
  files.push('elbo.svg');

  if (g.latent === 2) {
    const size = 20;
    const grid = tf.tensor2d(manifoldGrid(size), [size * size, 2]);
    writePng(join(out, 'manifold.png'), renderGrid(decodeMeans(svi, grid, g.dataDim), { height: g.height, width: g.width, cols: size }));
    grid.dispose();
    files.push('manifold.png');
    const means = encodeMean(svi, test).z;
    writeSvg(join(out, 'latent-scatter.svg'), latentScatterPlot(means.dataSync() as Float32Array, testLabels, { labelName: (l) => `digit ${l}` }));
    means.dispose();
    files.push('latent-scatter.svg');
  }
  return files;
}
