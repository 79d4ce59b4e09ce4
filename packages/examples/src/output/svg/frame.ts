/**
 * The frame shared by all plots: layout, axes with ticks and labels, title and legend (pure).
 *
 * @module
 */
import { ArgumentError } from '@aevb/core';
import { el, escapeXml } from './svg.js';
import { makeScale } from './scale.js';
import type { Scale, ScaleKind } from './scale.js';

/** A data point (x, y). @category Output */
export type Point = readonly [number, number];

/**
 * Options common to every plot.
 *
 * @category Output
 */
export interface PlotOptions {
  /** The title above the plot. */
  readonly title?: string;
  /** The x axis label. */
  readonly xLabel?: string;
  /** The y axis label. */
  readonly yLabel?: string;
  /** The x axis scale (default linear). */
  readonly xScale?: ScaleKind;
  /** The y axis scale (default linear). */
  readonly yScale?: ScaleKind;
  /** Width of the whole image in pixels (default 640). */
  readonly width?: number;
  /** Height of the whole image in pixels (default 400). */
  readonly height?: number;
}

/** A legend entry. @internal */
export interface LegendEntry {
  readonly name: string;
  readonly color: string;
  readonly mark: 'line' | 'dashed' | 'point';
}

/** The laid-out frame of a plot. @internal */
export interface Frame {
  readonly x: Scale;
  readonly y: Scale;
  readonly width: number;
  readonly height: number;
  /** Axes, grid, labels and title, drawn beneath the data. */
  readonly background: string;
  /** A clip-path id for the plotting area. */
  readonly clipId: string;
}

const LEGEND_WIDTH = 150;

/** Finite points (positive where an axis is logarithmic). @internal */
export function usable(p: Point, options: PlotOptions): boolean {
  const [x, y] = p;
  return Number.isFinite(x) && Number.isFinite(y) && (options.xScale !== 'log' || x > 0) && (options.yScale !== 'log' || y > 0);
}

/**
 * Lays out the frame for the given data points: scales, grid, ticks, axis labels and title.
 *
 * @throws ArgumentError when no point is finite (and positive on a log axis)
 * @internal
 */
export function makeFrame(fn: string, points: readonly Point[], options: PlotOptions, legend: boolean): Frame {
  const width = options.width ?? 640;
  const height = options.height ?? 400;
  const good = points.filter((p) => usable(p, options));
  if (good.length === 0) throw new ArgumentError(fn, 'series', 'must contain at least one finite point (positive on a log axis)');
  const left = 72;
  const right = width - (legend ? LEGEND_WIDTH : 20);
  const top = options.title === undefined ? 20 : 40;
  const bottom = height - 50;
  const xs = good.map((p) => p[0]);
  const ys = good.map((p) => p[1]);
  const x = makeScale(options.xScale ?? 'linear', Math.min(...xs), Math.max(...xs), [left, right]);
  const y = makeScale(options.yScale ?? 'linear', Math.min(...ys), Math.max(...ys), [bottom, top]);
  const parts: string[] = [];
  for (const t of x.ticks) {
    const px = x.map(t);
    parts.push(el('line', { x1: px, x2: px, y1: top, y2: bottom, stroke: '#e5e5e5' }));
    parts.push(el('line', { x1: px, x2: px, y1: bottom, y2: bottom + 5, stroke: 'black' }));
    parts.push(el('text', { x: px, y: bottom + 18, 'text-anchor': 'middle' }, escapeXml(x.format(t))));
  }
  for (const t of y.ticks) {
    const py = y.map(t);
    parts.push(el('line', { x1: left, x2: right, y1: py, y2: py, stroke: '#e5e5e5' }));
    parts.push(el('line', { x1: left - 5, x2: left, y1: py, y2: py, stroke: 'black' }));
    parts.push(el('text', { x: left - 8, y: py + 4, 'text-anchor': 'end' }, escapeXml(y.format(t))));
  }
  parts.push(el('rect', { x: left, y: top, width: right - left, height: bottom - top, fill: 'none', stroke: 'black' }));
  if (options.xLabel !== undefined) {
    parts.push(el('text', { x: (left + right) / 2, y: height - 12, 'text-anchor': 'middle' }, escapeXml(options.xLabel)));
  }
  if (options.yLabel !== undefined) {
    const cy = (top + bottom) / 2;
    parts.push(el('text', { x: 16, y: cy, 'text-anchor': 'middle', transform: `rotate(-90 16 ${cy})` }, escapeXml(options.yLabel)));
  }
  if (options.title !== undefined) {
    parts.push(el('text', { x: width / 2, y: 24, 'text-anchor': 'middle', 'font-size': 15 }, escapeXml(options.title)));
  }
  const clipId = 'plot-area';
  parts.push(el('defs', {}, el('clipPath', { id: clipId }, el('rect', { x: left, y: top, width: right - left, height: bottom - top }))));
  return { x, y, width, height, background: parts.join('\n'), clipId };
}

/**
 * Draws the legend to the right of the plotting area: one row per entry, a line, dashed line or
 * dot in the entry's colour, then its name.
 *
 * @internal
 */
export function drawLegend(frame: Frame, entries: readonly LegendEntry[]): string {
  const x0 = frame.width - LEGEND_WIDTH + 12;
  const top = Math.min(...frame.y.range) + 4;
  const rows = entries.map((e, i) => {
    const cy = top + 10 + i * 20;
    const mark =
      e.mark === 'point'
        ? el('circle', { cx: x0 + 10, cy, r: 4, fill: e.color })
        : el('line', { x1: x0, x2: x0 + 20, y1: cy, y2: cy, stroke: e.color, 'stroke-width': 2, 'stroke-dasharray': e.mark === 'dashed' ? '6 4' : undefined });
    return mark + el('text', { x: x0 + 28, y: cy + 4 }, escapeXml(e.name));
  });
  return el('g', { class: 'legend' }, rows.join(''));
}
