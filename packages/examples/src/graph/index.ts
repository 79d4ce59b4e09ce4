/**
 * Model graphs: nodes, plates and dependencies found from traces, as DOT and SVG.
 *
 * @module
 */
export { modelGraph, checkFittable } from './model-graph.js';
export type { GraphNode, GraphPlate, ModelGraph } from './model-graph.js';
export { toDot, renderModel } from './dot.js';
export type { RenderedModel } from './dot.js';
