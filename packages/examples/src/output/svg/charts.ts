/**
 * The VAE example's plots: ELBO curves, Figure 2 of the paper, and the latent scatter (pure).
 *
 * @module
 */
import { ArgumentError } from '@aevb/core';
import type { PlotOptions, Point } from './frame.js';
import { categoryColor } from './palette.js';
import { linePlot, scatterPlot } from './plots.js';
import type { LineSeries, ScatterGroup, ScatterOptions } from './plots.js';

/**
 * Train and test ELBO curves against the epoch: points (epoch, ELBO per datapoint).
 *
 * @category Output
 */
export function elboCurvesPlot(curves: { readonly train: readonly Point[]; readonly test: readonly Point[] }, options: PlotOptions = {}): string {
  return linePlot(
    [
      { name: 'train', points: curves.train },
      { name: 'test', points: curves.test, dashed: true },
    ],
    { title: 'Lower bound during training', xLabel: 'epoch', yLabel: 'ELBO per datapoint (nats)', ...options },
  );
}

/**
 * The paper's Figure 2: the lower bound against the number of training samples evaluated, on a
 * log x axis, one series per configuration (e.g. AEVB and wake-sleep, train and test, per latent
 * size). Points are (samples evaluated, lower bound per datapoint).
 *
 * @category Output
 */
export function lowerBoundVsSamplesPlot(series: readonly LineSeries[], options: PlotOptions = {}): string {
  return linePlot(series, {
    title: 'Lower bound vs training samples evaluated',
    xLabel: '# training samples evaluated',
    yLabel: 'lower bound per datapoint (nats)',
    ...options,
    xScale: 'log',
  });
}

/**
 * Options of {@link latentScatterPlot}.
 *
 * @category Output
 */
export interface LatentScatterOptions extends ScatterOptions {
  /** The code dimension (default 2); only the first two coordinates are drawn. */
  readonly dim?: number;
  /** Legend text for label l (default `String(l)`). */
  readonly labelName?: (label: number) => string;
}

/**
 * A scatter plot of 2-D latent codes coloured by label (colour i for label i, whichever labels
 * occur), with a legend entry per label.
 *
 * @param z - the codes, row-major [n, dim]
 * @param labels - n labels (e.g. digits), or `undefined` for one uncoloured group
 * @throws ArgumentError when `z` does not hold n * dim values
 * @category Output
 */
export function latentScatterPlot(
  z: Float32Array,
  labels: Uint8Array | undefined,
  options: LatentScatterOptions = {},
): string {
  const { dim = 2, labelName, ...plotOptions } = options;
  if (dim < 2 || z.length % dim !== 0) {
    throw new ArgumentError('latentScatterPlot', 'z', `must hold n * ${dim} values (dim >= 2); got ${z.length}`);
  }
  const n = z.length / dim;
  if (labels !== undefined && labels.length !== n) {
    throw new ArgumentError('latentScatterPlot', 'labels', `must hold ${n} labels (one per code); got ${labels.length}`);
  }
  const byLabel = new Map<number, Point[]>();
  for (let i = 0; i < n; i++) {
    const l = labels?.[i] ?? 0;
    const p: Point = [z[i * dim] ?? Number.NaN, z[i * dim + 1] ?? Number.NaN];
    const list = byLabel.get(l);
    if (list === undefined) byLabel.set(l, [p]);
    else list.push(p);
  }
  const name = labelName ?? ((l: number) => String(l));
  // Colour by label value, so a digit keeps its colour whichever labels are present.
  const groups: ScatterGroup[] = [...byLabel.entries()]
    .sort(([a], [b]) => a - b)
    .map(([l, points]) => ({ name: labels === undefined ? 'codes' : name(l), points, color: categoryColor(l) }));
  return scatterPlot(groups, { title: 'Latent codes', xLabel: 'z₁', yLabel: 'z₂', ...plotOptions });
}
