/**
 * Site messages: the records that primitives send through the handler stack and that
 * traces keep. A discriminated union on `type`.
 *
 * @module
 */
import type { Tensor, Tensor1D } from '@tensorflow/tfjs-core';
import type { Constraint, Distribution, Transform } from './distribution.js';

/**
 * One enclosing plate of a site: `size` members are present in this run out of `fullSize`
 * (N) in the data set. The plate owns its subsample: which members are present (`subsample`)
 * and the factor N/M (`scale`) by which every log-density inside it is multiplied, derived
 * once when the plate opens.
 *
 * @category Traces
 */
export interface PlateFrame {
  /** The plate's name. */
  readonly name: string;
  /** Number of members present in this run (the minibatch size M). */
  readonly size: number;
  /** Number of members in the full data set (N); equals `size` without subsampling. */
  readonly fullSize: number;
  /** The batch dimension (negative, counted from the right of the batch shape) the plate indexes. */
  readonly dim: number;
  /** `fullSize / size`: the multiplier of log-densities inside the plate (the paper's N/M). */
  readonly scale: number;
  /**
   * Positions (int32, length `size`) of the present members among the `fullSize` members, set
   * by the `subsample` handler; `undefined` means members `0 … size−1` in order when
   * `size === fullSize`, and unknown positions otherwise (then per-member parameters cannot
   * follow the plate, and using one is an error).
   */
  readonly subsample: Tensor1D | undefined;
}

/**
 * A `sample` site: a latent draw or, when `isObserved`, an observation.
 *
 * @category Traces
 */
export interface SampleSite {
  /** Discriminant. */
  readonly type: 'sample';
  /** Unique name within one run. */
  readonly name: string;
  /** The site's distribution. */
  readonly fn: Distribution;
  /** The value (after the default action: drawn, observed or supplied by a handler). */
  readonly value: Tensor | undefined;
  /** True for observed data (`observe`, or `condition`ed latents). */
  readonly isObserved: boolean;
  /**
   * Multiplier of the log-density from `scale` handlers. The plates' subsampling factors are not
   * included (each frame of `plates` has its own `scale`); {@link siteScale} gives the product.
   */
  readonly scale: number;
  /** Optional boolean mask of the batch shape (`mask` handler); masked-out members contribute 0. */
  readonly mask: Tensor | undefined;
  /** Enclosing plates, outermost first. */
  readonly plates: readonly PlateFrame[];
  /** Seed for the default draw, set by the `seed` handler. */
  readonly seed: number | undefined;
  /** Draw with a pathwise gradient (`rsample`) when the family allows it. */
  readonly reparameterize: boolean;
  /** Set by a handler to stop lower handlers from seeing the site (`block`). */
  readonly stop: boolean;
  /** Log-density (batch-shaped, unscaled), filled in by `trace` when asked. */
  readonly logProb: Tensor | undefined;
  /** Free-form annotations for inference algorithms (e.g. `{ estimator: 'score-function' }`). */
  readonly infer: Readonly<Record<string, string | number | boolean>>;
}

/**
 * A `param` site: a named, optionally constrained value from the parameter store.
 *
 * @category Traces
 */
export interface ParamSite {
  /** Discriminant. */
  readonly type: 'param';
  /** Full parameter name (`decoder/0/kernel`). */
  readonly name: string;
  /** Constrained value. */
  readonly value: Tensor | undefined;
  /** First value, used when the store does not hold the parameter yet. */
  readonly init: ((seed: number) => Tensor) | undefined;
  /** Constraint of the value (unconstrained storage maps through its transform). */
  readonly constraint: Constraint | undefined;
  /** Explicit transform from unconstrained storage, when given instead of a constraint. */
  readonly transform: Transform | undefined;
  /**
   * For a parameter with one value per member of its enclosing plates: the number of
   * rightmost dimensions that make up one member's value. The stored value then spans every
   * plate's full size, and a subsampled plate's members are gathered from it. `undefined`: the
   * parameter is shared by all members.
   */
  readonly eventDim: number | undefined;
  /** Enclosing plates. */
  readonly plates: readonly PlateFrame[];
  /** Seed for drawing the first value, set by the `seed` handler. */
  readonly seed: number | undefined;
  /** Set by a handler to stop lower handlers from seeing the site. */
  readonly stop: boolean;
}

/**
 * A `deterministic` site: a named function of other sites, recorded for inspection.
 *
 * @category Traces
 */
export interface DeterministicSite {
  /** Discriminant. */
  readonly type: 'deterministic';
  /** Unique name within one run. */
  readonly name: string;
  /** The recorded value. */
  readonly value: Tensor;
  /** Enclosing plates. */
  readonly plates: readonly PlateFrame[];
  /** Set by a handler to stop lower handlers from seeing the site. */
  readonly stop: boolean;
}

/**
 * Any site message.
 *
 * @category Traces
 */
export type Site = SampleSite | ParamSite | DeterministicSite;

/**
 * Mutable view of a site used while handlers process it (inside one immer `produce`).
 *
 * @category Handlers
 */
export type Draft<T> = { -readonly [K in keyof T]: T[K] };
