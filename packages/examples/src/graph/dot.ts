/**
 * Graphviz DOT and SVG for a {@link ModelGraph}, and {@link renderModel}.
 *
 * @module
 */
import type { Runnable } from '@aevb/core';
import { modelGraph, type GraphNode, type ModelGraph } from './model-graph.js';

function quote(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

function nodeLine(n: GraphNode, indent: string): string {
  if (n.kind === 'deterministic') return `${indent}${quote(n.name)} [label=${quote(n.name)}, shape=diamond, style=dashed];`;
  const style = n.kind === 'observed' ? ', style=filled, fillcolor=gray80' : '';
  return `${indent}${quote(n.name)} [label=${quote(`${n.name}\n${n.family}`)}, shape=ellipse${style}];`;
}

/**
 * The graph as DOT: latent sites as white ellipses, observed sites shaded, deterministic sites as
 * dashed diamonds, each plate a
 * `cluster_<name>` subgraph labelled `<name> (N=<size>)`, nested as in the model, and one edge
 * per dependency.
 *
 * @category Graphs
 */
export function toDot(graph: ModelGraph): string {
  const lines = [`digraph ${quote(graph.name)} {`, '  rankdir=TB;', '  node [fontname="Helvetica"];'];
  const size = new Map(graph.plates.map((p) => [p.name, p.size]));
  // Plate paths form a tree; emit each cluster with the nodes whose innermost plate it is.
  const emit = (path: readonly string[], indent: string): void => {
    const depth = path.length;
    for (const n of graph.nodes) {
      if (n.plates.length === depth && n.plates.every((p, i) => p === path[i])) lines.push(nodeLine(n, indent));
    }
    const children: string[] = [];
    for (const n of graph.nodes) {
      if (n.plates.length > depth && path.every((p, i) => n.plates[i] === p)) {
        const c = n.plates[depth] as string;
        if (!children.includes(c)) children.push(c);
      }
    }
    for (const c of children) {
      lines.push(`${indent}subgraph ${quote(`cluster_${c}`)} {`);
      lines.push(`${indent}  label=${quote(`${c} (N=${size.get(c) ?? '?'})`)}; labeljust=r; labelloc=b; style=rounded;`);
      emit([...path, c], `${indent}  `);
      lines.push(`${indent}}`);
    }
  };
  emit([], '  ');
  for (const [a, b] of graph.edges) lines.push(`  ${quote(a)} -> ${quote(b)};`);
  lines.push('}');
  return lines.join('\n');
}

/** What {@link renderModel} returns. @category Graphs */
export interface RenderedModel {
  /** The graph found from the traces. */
  readonly graph: ModelGraph;
  /** Graphviz DOT source. */
  readonly dot: string;
  /** SVG drawn by Graphviz (`@viz-js/viz`, WebAssembly). */
  readonly svg: string;
}

/**
 * Renders `model` run on `args` as a graph: DOT and SVG (see {@link modelGraph} for how the
 * edges are found).
 *
 * @example
 * ```ts
 * const { dot, svg } = await renderModel(eightSchoolsModel, [data]);
 * ```
 * @category Graphs
 */
export async function renderModel(model: Runnable<readonly never[], unknown> & { readonly name?: string }, args: readonly unknown[]): Promise<RenderedModel> {
  const graph = modelGraph(model, args);
  const dot = toDot(graph);
  const { instance } = await import('@viz-js/viz');
  const viz = await instance();
  const svg = viz.renderString(dot, { format: 'svg', engine: 'dot' });
  return { graph, dot, svg };
}
