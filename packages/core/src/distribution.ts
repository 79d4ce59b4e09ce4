/**
 * The contracts that `@aevb/distributions` implements and the rest of core relies on:
 * {@link Distribution}, {@link Constraint} and {@link Transform}.
 *
 * @module
 */
import type { Tensor } from '@tensorflow/tfjs-core';

/**
 * Structural description of a constraint: how constraints are compared ({@link @aevb/core!sameConstraint | sameConstraint})
 * and how the bijector registry picks a default transform.
 *
 * @category Distributions
 */
export type ConstraintSpec =
  | { readonly kind: 'real' | 'positive' | 'nonnegative' | 'simplex' | 'realVector' }
  | { readonly kind: 'lowerCholesky' | 'positiveDefinite' | 'boolean' | 'nonnegativeInteger' | 'oneHot' }
  | { readonly kind: 'interval' | 'integerInterval'; readonly lower: number; readonly upper: number }
  | { readonly kind: 'greaterThan'; readonly lower: number }
  | { readonly kind: 'lessThan'; readonly upper: number }
  | { readonly kind: 'independent'; readonly base: Constraint; readonly reinterpretedDims: number }
  /** A set that depends on parameter tensors (e.g. Uniform's `[low, high)`): equal only to itself. */
  | { readonly kind: 'dependent' };

/**
 * The set of values a distribution or parameter lives in (real line, positive reals,
 * unit interval, simplex, …).
 *
 * @category Distributions
 */
export interface Constraint {
  /** Short, stable name (`'real'`, `'positive'`, `'interval(0, 1)'`, …). */
  readonly name: string;
  /** What the set is, structurally: constraints are compared by this, never by name. */
  readonly spec: ConstraintSpec;
  /** Number of rightmost dimensions that make up one value (0 scalar, 1 vector, 2 matrix). */
  readonly eventDim: number;
  /** Is the constraint a subset of the reals with no gaps (so pathwise gradients make sense)? */
  readonly isContinuous: boolean;
  /** Elementwise (per event) membership test; returns a boolean tensor of the batch shape. */
  check(value: Tensor): Tensor;
  /**
   * The default bijection from unconstrained reals onto this set, used by the parameter
   * store and by automatic guides. Absent for constraints that have none (e.g. integers).
   */
  defaultTransform?(): Transform;
}

/**
 * A differentiable bijection `y = f(x)` with its log absolute Jacobian determinant.
 *
 * @category Distributions
 */
export interface Transform {
  /** Short name for messages and graphs. */
  readonly name: string;
  /** Number of rightmost input dimensions consumed by one application (0 elementwise). */
  readonly eventDim: number;
  /** `y = f(x)`. */
  forward(x: Tensor): Tensor;
  /** `x = f⁻¹(y)`. */
  inverse(y: Tensor): Tensor;
  /** `log |det ∂f(x)/∂x|`, reduced over the transform's event dimensions. */
  forwardLogDetJacobian(x: Tensor): Tensor;
  /**
   * The shape of `f(x)` for an `x` of shape `shape`, for transforms that change it (stick
   * breaking maps `[…, K−1]` to `[…, K]`); absent means shape-preserving.
   */
  forwardShape?(shape: readonly number[]): number[];
  /** The shape of `f⁻¹(y)` for a `y` of shape `shape` (given with {@link Transform.forwardShape}). */
  inverseShape?(shape: readonly number[]): number[];
}

/** Options of {@link Distribution.sample}. @category Distributions */
export interface SampleOptions {
  /** Integer seed: the same seed on the same backend gives the same draw. */
  readonly seed?: number;
}

/**
 * A probability distribution over tensors of type `V`.
 *
 * Shapes follow TFP: a value has shape `batchShape ++ eventShape`; {@link Distribution.logProb}
 * returns one log-density per batch element (shape `batchShape`).
 *
 * @typeParam V - the tensor type of one value (e.g. `Tensor2D` for a batch of vectors)
 * @category Distributions
 */
export interface Distribution<V extends Tensor = Tensor> {
  /** Family name (`'Normal'`, `'Independent(Normal, 1)'`, …) for messages and graphs. */
  readonly family: string;
  /** Shape of independent, non-identical batch members. */
  readonly batchShape: readonly number[];
  /** Shape of one draw. */
  readonly eventShape: readonly number[];
  /** Where values live. */
  readonly support: Constraint;
  /** Does {@link Distribution.rsample} give pathwise (reparameterization) gradients? */
  readonly hasRsample: boolean;
  /** A draw with no gradient to the parameters. */
  sample(options?: SampleOptions): V;
  /**
   * A reparameterized draw whose gradient flows to the parameters. Throws for families
   * without one (check {@link Distribution.hasRsample}).
   */
  rsample(options?: SampleOptions): V;
  /** Log-density (or log-mass) of `value`, of shape `batchShape`. */
  logProb(value: V): Tensor;
  /**
   * The same family broadcast to a larger batch shape (used by `vectorize`); families that
   * cannot broadcast leave it out.
   */
  expand?(batchShape: readonly number[]): Distribution<V>;
}

/** The value type of a distribution. @category Distributions */
export type ValueOf<D> = D extends Distribution<infer V> ? V : never;
