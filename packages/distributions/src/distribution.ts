/**
 * The base class of every aevb distribution. Families implement two methods, `draw` and
 * `computeLogProb`; the base derives the public `sample`, `rsample`, `sampleN`,
 * `rsampleN`, `sampleAndLogProb` and `logProb` with seeding, gradient stopping, shape and
 * support checks and error messages.
 *
 * @module
 */
import { AevbError, ArgumentError, tf } from '@aevb/core';
import { isRealConstraint, nextGlobalSeed } from '@aevb/core/internal';
import type { Constraint, Distribution, SampleOptions, Tensor } from '@aevb/core';
import { drawSeed, recordDraw } from './internal/draw-record.js';
import { maskOutsideSupport, stopGradient } from './internal/gradient.js';
import type { DistributionOptions, SampleAndLogProbOptions, SampleWithLogProb } from './distribution-types.js';
import type { ParameterTable } from './parameters.js';
import { broadcastShapes, sameShape, showShape } from './internal/shapes.js';
import { assertConstraint, assertParameters, validationEnabled } from './validation.js';
import type { ParameterCondition } from './validation.js';
import { unitInterval } from './constraints.js';

export type { DistributionOptions, SampleAndLogProbOptions, SampleWithLogProb } from './distribution-types.js';

/**
 * Base class of aevb distributions (template methods, as in Distrax and TFP).
 *
 * Shapes: a value has shape `batchShape ++ eventShape`; `logProb` reduces the event
 * dimensions and returns `batchShape` (or the broadcast of the value's leading dimensions
 * with `batchShape`, so a stack of draws can be scored at once).
 *
 * Subclasses implement `draw(sampleShape, seed)`, returning `sampleShape ++ batchShape ++
 * eventShape` with a pathwise gradient when `hasRsample`, and `computeLogProb(value)`.
 * They may override `drawWithLogProb` to reuse the noise (e.g. `Normal` scores the
 * standard normal noise directly) and `mean`, `variance`, `mode` and `entropy`.
 *
 * Tensor ownership: public methods run inside `tf.tidy`; only their results survive.
 * Parameters given as numbers or arrays become tensors owned by the caller's tidy scope.
 *
 * @typeParam V - the tensor type of one value
 * @category Distributions
 */
export abstract class DistributionBase<V extends Tensor = Tensor> implements Distribution<V> {
  /** Family name for messages and graphs. */
  abstract readonly family: string;
  /** Where values live. */
  abstract readonly support: Constraint;
  /** Does `rsample` give pathwise gradients? */
  abstract readonly hasRsample: boolean;
  /** Shape of independent, non-identical batch members. */
  readonly batchShape: readonly number[];
  /** Shape of one draw. */
  readonly eventShape: readonly number[];
  /** Are arguments checked (parameters at construction, values in `logProb`)? */
  readonly validateArgs: boolean;

  /**
   * @param batchShape - batch shape (usually the broadcast of the parameter shapes)
   * @param eventShape - event shape
   * @param options - common options
   */
  protected constructor(batchShape: readonly number[], eventShape: readonly number[], options: DistributionOptions) {
    this.batchShape = Object.freeze([...batchShape]);
    this.eventShape = Object.freeze([...eventShape]);
    this.validateArgs = options.validateArgs ?? validationEnabled();
  }

  /** The parameters, by name, as given to the constructor (converted to tensors). */
  abstract get parameters(): Readonly<Record<string, Tensor>>;

  /**
   * Draws values of shape `sampleShape ++ batchShape ++ eventShape` from `seed`, with a
   * pathwise gradient to the parameters when the family has one.
   */
  protected abstract draw(sampleShape: readonly number[], seed: number): Tensor;

  /** Log-density of a value already checked by `logProb`. */
  protected abstract computeLogProb(value: Tensor): Tensor;

  /** A draw and its log-density from the same noise; override to save work. */
  protected drawWithLogProb(sampleShape: readonly number[], seed: number): SampleWithLogProb {
    const value = this.draw(sampleShape, seed);
    return { value, logProb: this.computeLogProb(value) };
  }

  /** One draw, of shape `batchShape ++ eventShape`, with no gradient to the parameters. */
  sample(options: SampleOptions = {}): V {
    return tf.tidy(() => stopGradient(this.draw([], seedOf(options)))) as V;
  }

  /** One reparameterized draw; throws an `AevbError` (from `@aevb/core`) when `hasRsample` is false. */
  rsample(options: SampleOptions = {}): V {
    this.requireRsample('rsample');
    const seed = seedOf(options);
    const value = tf.tidy(() => this.draw([], seed)) as V;
    if (this.scoresOwnDraws) recordDraw(value, this, seed);
    return value;
  }

  /** `n` draws stacked on a new leading axis, with no gradient to the parameters. */
  sampleN(n: number, options: SampleOptions = {}): Tensor {
    checkCount(this.family, 'sampleN', n);
    return tf.tidy(() => stopGradient(this.draw([n], seedOf(options))));
  }

  /** `n` reparameterized draws stacked on a new leading axis. */
  rsampleN(n: number, options: SampleOptions = {}): Tensor {
    checkCount(this.family, 'rsampleN', n);
    this.requireRsample('rsampleN');
    return tf.tidy(() => this.draw([n], seedOf(options)));
  }

  /**
   * A draw and its log-density from the same noise (the fused form SGVB estimators use).
   * With `reparameterize` (default `hasRsample`) the value carries pathwise gradients;
   * otherwise only `logProb` depends on the parameters (for score-function estimators).
   */
  sampleAndLogProb(options: SampleAndLogProbOptions = {}): SampleWithLogProb<V> {
    const reparameterize = options.reparameterize ?? this.hasRsample;
    if (reparameterize) this.requireRsample('sampleAndLogProb');
    const seed = seedOf(options);
    const { value, logProb } = tf.tidy(() => {
      if (reparameterize) return { ...this.drawWithLogProb([], seed) };
      const drawn = stopGradient(this.draw([], seed));
      return { value: drawn, logProb: this.computeLogProb(drawn) };
    });
    return { value: value as V, logProb };
  }

  /**
   * Log-density (or log-mass) of `value`. `value` has shape `[...leading, ...eventShape]`
   * where `leading` broadcasts with `batchShape`; the result has the broadcast shape.
   * With `validateArgs`, shapes and support are checked and a value outside the support
   * throws an `ArgumentError` (from `@aevb/core`).
   */
  logProb(value: V): Tensor {
    if (!(value instanceof tf.Tensor)) {
      throw new ArgumentError(`${this.family}.logProb`, 'value', `must be a tensor, got ${typeof value}`);
    }
    const shape = this.checkValueShape(value);
    if (this.validateArgs) assertConstraint(`${this.family}.logProb`, 'value', value, this.support);
    const seed = drawSeed(value, this);
    if (seed !== undefined) {
      // This instance's own `rsample` draw: its log-density from the draw's noise (same value and
      // gradient as scoring the value, without the family's costly inverse map).
      return tf.tidy(() => tf.broadcastTo(this.drawWithLogProb([], seed).logProb, shape));
    }
    return tf.tidy(() => this.logProbWithShape(value, shape));
  }

  /**
   * The same distribution with a larger batch shape: `batchShape` must be reachable by
   * broadcasting the current one (new leading dimensions, or size-1 dimensions grown).
   * Parameters are shared, not copied; draws are independent across the new members.
   * Pyro's `expand`, used e.g. to give one likelihood to every data point of a plate.
   *
   * @example
   * ```ts
   * new Normal(0, 1).expand([128, 784]).logProb(x); // shape [128, 784]
   * ```
   */
  expand(batchShape: readonly number[]): DistributionBase<V> {
    const target = [...batchShape];
    const fn = `${this.family}.expand`;
    if (!sameShape(broadcastShapes(fn, { batchShape: target, current: this.batchShape }), target)) {
      throw new ArgumentError(
        fn,
        'batchShape',
        `${showShape(target)} is not a broadcast of the batch shape ${showShape(this.batchShape)}`,
      );
    }
    const copy = Object.assign(Object.create(Object.getPrototypeOf(this) as object) as this, this);
    (copy as { batchShape: readonly number[] }).batchShape = Object.freeze(target);
    return copy;
  }

  /** Mean, of shape `batchShape ++ eventShape`. */
  mean(): Tensor {
    throw this.missing('mean');
  }
  /** Variance (elementwise), of shape `batchShape ++ eventShape`. */
  variance(): Tensor {
    throw this.missing('variance');
  }
  /** Standard deviation: the square root of {@link DistributionBase.variance}. */
  stddev(): Tensor {
    return tf.tidy(() => tf.sqrt(this.variance()));
  }
  /** A most likely value, of shape `batchShape ++ eventShape`. */
  mode(): Tensor {
    throw this.missing('mode');
  }
  /** Differential (or Shannon) entropy in nats, of shape `batchShape`. */
  entropy(): Tensor {
    throw this.missing('entropy');
  }

  /**
   * Cumulative distribution function P(X ≤ value), elementwise, for scalar families with a closed
   * form; throws an `AevbError` (from `@aevb/core`) "not available" otherwise. `value` broadcasts
   * with `batchShape`.
   */
  cdf(value: Tensor): Tensor {
    this.checkTensor('cdf', 'value', value);
    return tf.tidy(() => this.batchBroadcast('cdf', value, this.computeCdf(value)));
  }

  /**
   * Inverse CDF (quantile function): the smallest x with P(X ≤ x) ≥ p, elementwise, for `p` in
   * [0, 1] broadcasting with `batchShape`; throws "not available" for families without one. With
   * `validateArgs`, a `p` outside [0, 1] throws an `ArgumentError` (from `@aevb/core`).
   */
  icdf(p: Tensor): Tensor {
    this.checkTensor('icdf', 'p', p);
    if (this.validateArgs) assertConstraint(`${this.family}.icdf`, 'p', p, unitInterval);
    return tf.tidy(() => this.batchBroadcast('icdf', p, this.computeIcdf(p)));
  }

  /** `result` broadcast to the broadcast of `input`'s shape and `batchShape` (for elementwise methods). */
  private batchBroadcast(method: string, input: Tensor, result: Tensor): Tensor {
    const shape = broadcastShapes(`${this.family}.${method}`, { value: input.shape, batchShape: this.batchShape });
    return sameShape(result.shape, shape) ? result : tf.broadcastTo(result, shape);
  }

  /** The CDF of a checked value; families with a closed form override it. */
  protected computeCdf(_value: Tensor): Tensor {
    throw this.missing('cdf');
  }

  /** The quantile function of a checked probability; families with a closed form override it. */
  protected computeIcdf(_p: Tensor): Tensor {
    throw this.missing('icdf');
  }

  /**
   * Does `logProb` return −∞ outside the support when validation is off? True by default; a
   * family whose log-density is deliberately used off its support (Bernoulli on grey levels)
   * overrides it with false.
   */
  protected get masksOutsideSupport(): boolean {
    return true;
  }

  /**
   * Does `logProb` of a value this instance drew with `rsample` recompute the log-density from the
   * draw's noise (`drawWithLogProb` with the same seed)? False by default; a family whose
   * `computeLogProb` costs much more than a draw (MultivariateNormal's triangular solve) overrides
   * it with true. Model runtimes sample a site and score its value in two calls, so this gives them
   * the cost of `sampleAndLogProb`.
   */
  protected get scoresOwnDraws(): boolean {
    return false;
  }

  /** `Family(batch=[…], event=[…])`. */
  toString(): string {
    return `${this.family}(batch=${showShape(this.batchShape)}, event=${showShape(this.eventShape)})`;
  }

  /**
   * `x` broadcast to `batchShape ++ eventShape`, always as a new tensor (a clone, sharing the
   * data, when it already has that shape), for moments computed from parameters smaller than the
   * batch (after `expand`): callers may dispose the result without disposing a parameter.
   */
  protected batched(x: Tensor): Tensor {
    const shape = [...this.batchShape, ...this.eventShape];
    return sameShape(x.shape, shape) ? tf.clone(x) : tf.broadcastTo(x, shape);
  }

  /** `sampleShape ++ batchShape ++ eventShape`, for `draw` implementations. */
  protected drawShape(sampleShape: readonly number[]): number[] {
    return [...sampleShape, ...this.batchShape, ...this.eventShape];
  }

  /**
   * `d`'s log-density of `value` without the shape and support checks of `logProb`, for
   * wrappers (like `Independent`) whose own `logProb` already checked the value.
   */
  protected static logProbUnchecked(d: DistributionBase, value: Tensor): Tensor {
    return d.logProbWithShape(value, d.checkValueShape(value));
  }

  /**
   * When `validateArgs` is on, checks that each named parameter is finite and inside its
   * constraint, and that each of `conditions` holds, in one device read; throws an
   * `ArgumentError` (from `@aevb/core`) naming the family, the argument and the first offending
   * value.
   */
  protected checkParameters(
    table: ParameterTable,
    params: Readonly<Record<string, Tensor>>,
    conditions: readonly ParameterCondition[] = [],
  ): void {
    if (!this.validateArgs) return;
    const checks = Object.entries(table).flatMap(([name, props]) => {
      const value = params[name];
      return value === undefined ? [] : [{ name, value, constraint: props.constraint }];
    });
    assertParameters(this.family, checks, conditions);
  }

  private logProbWithShape(value: Tensor, shape: readonly number[]): Tensor {
    let lp = this.computeLogProb(value);
    // Without validation, values outside the support score −∞ (with it, they threw already); the
    // reals (any event grouping) have no outside: NaN stays NaN.
    if (!this.validateArgs && this.masksOutsideSupport && !isRealConstraint(this.support)) {
      lp = maskOutsideSupport(lp, value, (v) => this.support.check(v));
    }
    // Parameters may be smaller than the batch (after `expand`): give every member its value.
    return sameShape(lp.shape, shape) ? lp : tf.broadcastTo(lp, [...shape]);
  }

  /** Checks `value` against the event shape; returns the shape `logProb` will have. */
  private checkValueShape(value: Tensor): number[] {
    const fn = `${this.family}.logProb`;
    const e = this.eventShape.length;
    if (value.rank < e || !sameShape(value.shape.slice(value.rank - e), this.eventShape)) {
      throw new ArgumentError(
        fn,
        'value',
        `has shape ${showShape(value.shape)}, which does not end with the event shape ${showShape(this.eventShape)}`,
      );
    }
    return broadcastShapes(fn, { value: value.shape.slice(0, value.rank - e), batchShape: this.batchShape });
  }

  private checkTensor(method: string, name: string, x: unknown): void {
    if (!(x instanceof tf.Tensor)) {
      throw new ArgumentError(`${this.family}.${method}`, name, `must be a tensor, got ${typeof x}`);
    }
  }

  private requireRsample(method: string): void {
    if (!this.hasRsample) {
      throw new AevbError(
        `${this.family}.${method}: this family has no reparameterized sampler (hasRsample is false); ` +
          'use sample() with a score-function estimator',
      );
    }
  }

  private missing(method: string): AevbError {
    return new AevbError(`${this.family}.${method}: not available for this family`);
  }
}

function seedOf(options: SampleOptions): number {
  const seed = options.seed;
  if (seed === undefined) return nextGlobalSeed();
  if (!Number.isInteger(seed)) throw new ArgumentError('sample', 'seed', `must be an integer, got ${seed}`);
  return seed;
}

function checkCount(family: string, method: string, n: number): void {
  if (!Number.isInteger(n) || n < 1) {
    throw new ArgumentError(`${family}.${method}`, 'n', `must be a positive integer, got ${n}`);
  }
}
