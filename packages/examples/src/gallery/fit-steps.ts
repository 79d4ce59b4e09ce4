/**
 * The fitting loop shared by the gallery: `steps` SVI steps on one batch, reporting progress.
 *
 * @module
 */
import type { LatentSpec } from '@aevb/core';
import type { Batch, SVI } from '@aevb/inference';
import type { GalleryRunOptions } from './types.js';

/**
 * Runs `steps` full-batch SVI steps (or minibatch steps when `dataSize` is given via `batches`)
 * and returns the mean bound per datapoint over the last tenth of the steps and, when `record`
 * is given, the averages of its numbers over the last quarter (Polyak iterate averaging, which
 * removes most of the optimizer's jitter around the optimum).
 *
 * @category Gallery
 */
export async function runSteps<L extends LatentSpec, D extends Batch>(
  svi: SVI<L, D>,
  steps: number,
  batch: (step: number) => { readonly data: D; readonly dataSize?: number; readonly dispose?: boolean },
  options: GalleryRunOptions = {},
  record?: () => readonly number[],
): Promise<{ elbo: number; averages: number[] }> {
  const tail: number[] = [];
  let sums: number[] = [];
  let count = 0;
  for (let i = 1; i <= steps; i++) {
    const b = batch(i);
    const r = await svi.step(b.data, b.dataSize);
    if (b.dispose === true) disposeData(b.data);
    if (i > steps * 0.9) tail.push(r.elbo);
    if (record !== undefined && i > steps * 0.75) {
      const v = record();
      sums = count === 0 ? [...v] : sums.map((s, k) => s + (v[k] as number));
      count++;
    }
    options.onStep?.(i, steps, r.elbo);
  }
  const finite = tail.filter(Number.isFinite);
  return { elbo: finite.reduce((a, c) => a + c, 0) / Math.max(1, finite.length), averages: sums.map((s) => s / Math.max(1, count)) };
}

function disposeData(d: Batch): void {
  if ('dispose' in d && typeof d.dispose === 'function') d.dispose();
  else for (const t of Object.values(d)) t.dispose();
}

/** Mean of numbers. @category Gallery */
export function mean(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}
