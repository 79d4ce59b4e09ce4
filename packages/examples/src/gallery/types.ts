/**
 * What every gallery model provides: a fit with a known answer to compare against, and a graph.
 *
 * @module
 */
import type { Runnable } from '@aevb/core';

/** One line of a gallery summary: a posterior quantity, its known value and the fitted one. @category Gallery */
export interface SummaryRow {
  /** What is compared (e.g. `E[w0]`). */
  readonly quantity: string;
  /** The answer computed independently of the fit (closed form, quadrature, Kalman filter, …). */
  readonly known: number;
  /** The fitted value. */
  readonly fitted: number;
  /** Standard error of the fitted value (batch means over the tail iterates), when it has one. */
  readonly se?: number;
}

/** Options of a gallery run. @category Gallery */
export interface GalleryRunOptions {
  /** Optimization steps (default: the entry's `defaultSteps`). */
  readonly steps?: number;
  /** Seed of the fit. Default 0. */
  readonly seed?: number;
  /** Directory for figures; none are written when absent. */
  readonly outDir?: string;
  /** Called after every step with the step index (1-based), the total and the bound per datapoint. */
  readonly onStep?: (step: number, total: number, elbo: number) => void;
}

/** The result of a gallery run. @category Gallery */
export interface GalleryResult {
  /** Known vs fitted quantities. */
  readonly rows: readonly SummaryRow[];
  /** Other measured numbers (accuracy, test ELBOs, …). */
  readonly metrics: Readonly<Record<string, number>>;
  /** Files written. */
  readonly files: readonly string[];
}

/** A runnable model with a name (what `renderModel` draws). @category Gallery */
export interface NamedRunnable extends Runnable<never, unknown> {
  /** The model's name (the graph's title). */
  readonly name: string;
}

/** A model and arguments to draw its graph from. @category Gallery */
export interface GraphSpec {
  /** The model. */
  readonly model: NamedRunnable;
  /** Arguments of one run (small data suffices). */
  readonly args: readonly unknown[];
}

/** One gallery model. @category Gallery */
export interface GalleryEntry {
  /** CLI name (`pnpm example <name>`). */
  readonly name: string;
  /** One-line description. */
  readonly summary: string;
  /** Steps of a CLI run. */
  readonly defaultSteps: number;
  /** Fits the model and compares with the known answer. */
  run(options?: GalleryRunOptions): Promise<GalleryResult>;
  /** The model and arguments for {@link GraphSpec | renderModel}. */
  graph(): GraphSpec;
}
