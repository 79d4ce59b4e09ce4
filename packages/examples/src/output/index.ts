/**
 * Outputs of the examples: digit grids as PNG, SVG plots (lines, scatter, log axes, legends) and a
 * training progress reporter.
 *
 * @module
 */
export { renderGrid, renderTuples } from './image-grid.js';
export type { RgbaImage, GridOptions, TupleOptions } from './image-grid.js';
export { normalQuantile, manifoldGrid } from './manifold.js';
export { encodePng, writePng, writeSvg } from './png-file.js';
export { formatDuration, formatElbo, etaSeconds } from './format.js';
export { ProgressReporter } from './progress.js';
export type { ProgressOptions } from './progress.js';
export { escapeXml, el, svgDocument } from './svg/svg.js';
export type { SvgAttributeValue } from './svg/svg.js';
export { niceStep, linearScale, logScale, makeScale } from './svg/scale.js';
export type { Scale, ScaleKind } from './svg/scale.js';
export { CATEGORY_COLORS, categoryColor } from './svg/palette.js';
export type { Point, PlotOptions } from './svg/frame.js';
export { linePlot, scatterPlot } from './svg/plots.js';
export type { LineSeries, ScatterGroup, ScatterOptions } from './svg/plots.js';
export { elboCurvesPlot, lowerBoundVsSamplesPlot, latentScatterPlot } from './svg/charts.js';
export type { LatentScatterOptions } from './svg/charts.js';
