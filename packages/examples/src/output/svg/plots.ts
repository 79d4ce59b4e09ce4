/**
 * Line plots and scatter plots as standalone SVG text (pure).
 *
 * @module
 */
import { ArgumentError } from '@aevb/core';
import { drawLegend, makeFrame, usable } from './frame.js';
import type { LegendEntry, PlotOptions, Point } from './frame.js';
import { categoryColor } from './palette.js';
import { coord, el, escapeXml, svgDocument } from './svg.js';

/**
 * One named series of a line plot.
 *
 * @category Output
 */
export interface LineSeries {
  /** The legend entry. */
  readonly name: string;
  /** The points, drawn in order; a non-finite point breaks the line. */
  readonly points: readonly Point[];
  /** The colour (default: the series' category colour). */
  readonly color?: string;
  /** Draw a dashed line. */
  readonly dashed?: boolean;
  /** Mark each point with a dot. */
  readonly markers?: boolean;
  /** A short note written above and left of each point that has one (by the point's index; e.g. how many estimates it leaves out). */
  readonly labels?: readonly (string | undefined)[];
}

/**
 * One named group of a scatter plot.
 *
 * @category Output
 */
export interface ScatterGroup {
  /** The legend entry. */
  readonly name: string;
  /** The points. */
  readonly points: readonly Point[];
  /** The colour (default: the group's category colour). */
  readonly color?: string;
}

/**
 * Options of {@link scatterPlot}.
 *
 * @category Output
 */
export interface ScatterOptions extends PlotOptions {
  /** Dot radius in pixels (default 2). */
  readonly radius?: number;
  /** Dot opacity (default 0.7). */
  readonly opacity?: number;
}

function checkNames(fn: string, items: readonly { name: string }[]): void {
  if (items.length === 0) throw new ArgumentError(fn, 'series', 'must hold at least one series');
}

/**
 * A line plot of several series with axes, ticks, optional log axes, and a legend (shown when
 * there are two or more series). Returns a standalone SVG document.
 *
 * @throws ArgumentError when there is no series or no finite point
 * @category Output
 */
export function linePlot(series: readonly LineSeries[], options: PlotOptions = {}): string {
  checkNames('linePlot', series);
  const legend = series.length > 1;
  const frame = makeFrame('linePlot', series.flatMap((s) => s.points), options, legend);
  const drawn = series.map((s, i) => {
    const color = s.color ?? categoryColor(i);
    const runs: Point[][] = [[]];
    for (const p of s.points) {
      if (usable(p, options)) runs[runs.length - 1]?.push(p);
      else if ((runs[runs.length - 1]?.length ?? 0) > 0) runs.push([]);
    }
    const xy = (p: Point): string => `${coord(frame.x.map(p[0]))},${coord(frame.y.map(p[1]))}`;
    const lines = runs
      .filter((r) => r.length > 0)
      .map((r) =>
        el('polyline', {
          points: r.map(xy).join(' '),
          fill: 'none',
          stroke: color,
          'stroke-width': 2,
          'stroke-dasharray': s.dashed === true ? '6 4' : undefined,
        }),
      );
    const dots = s.markers === true ? runs.flat().map((p) => el('circle', { cx: frame.x.map(p[0]), cy: frame.y.map(p[1]), r: 3, fill: color })) : [];
    const notes = s.points.flatMap((p, k) => {
      const label = s.labels?.[k];
      if (label === undefined || label === '' || !usable(p, options)) return [];
      return [el('text', { x: frame.x.map(p[0]) - 5, y: frame.y.map(p[1]) - 6, 'text-anchor': 'end', 'font-size': 10, 'font-family': 'sans-serif', fill: color }, escapeXml(label))];
    });
    return el('g', { class: 'series', 'data-name': s.name }, [...lines, ...dots, ...notes].join(''));
  });
  const entries: LegendEntry[] = series.map((s, i) => ({ name: s.name, color: s.color ?? categoryColor(i), mark: s.dashed === true ? 'dashed' : 'line' }));
  const body = [frame.background, el('g', { 'clip-path': `url(#${frame.clipId})` }, drawn.join('\n'))];
  if (legend) body.push(drawLegend(frame, entries));
  return svgDocument(frame.width, frame.height, body.join('\n'));
}

/**
 * A scatter plot of named groups of points (e.g. 2-D latent codes coloured by label) with axes,
 * ticks and a legend. Returns a standalone SVG document.
 *
 * @throws ArgumentError when there is no group or no finite point
 * @category Output
 */
export function scatterPlot(groups: readonly ScatterGroup[], options: ScatterOptions = {}): string {
  checkNames('scatterPlot', groups);
  const frame = makeFrame('scatterPlot', groups.flatMap((g) => g.points), options, true);
  const r = options.radius ?? 2;
  const drawn = groups.map((g, i) => {
    const dots = g.points.filter((p) => usable(p, options)).map((p) => el('circle', { cx: frame.x.map(p[0]), cy: frame.y.map(p[1]), r }));
    return el('g', { class: 'group', 'data-name': g.name, fill: g.color ?? categoryColor(i), 'fill-opacity': options.opacity ?? 0.7 }, dots.join(''));
  });
  const entries: LegendEntry[] = groups.map((g, i) => ({ name: g.name, color: g.color ?? categoryColor(i), mark: 'point' }));
  const body = [frame.background, el('g', { 'clip-path': `url(#${frame.clipId})` }, drawn.join('\n')), drawLegend(frame, entries)];
  return svgDocument(frame.width, frame.height, body.join('\n'));
}
