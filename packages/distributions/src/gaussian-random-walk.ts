/**
 * The Gaussian random walk: a series whose steps are independent normal draws.
 *
 * @module
 */
import { tf } from '@aevb/core';
import type { Constraint, Tensor } from '@aevb/core';
import { positive } from './constraints.js';
import { DistributionBase } from './distribution.js';
import type { DistributionOptions, SampleWithLogProb } from './distribution.js';
import { toFloat } from './internal/convert.js';
import type { TensorInput } from './internal/convert.js';
import { standardNormal } from './internal/random.js';
import { broadcastShapes } from './internal/shapes.js';
import { checkNumSteps, firstThenRest, gaussianPathLogProb, HALF_LOG_2PI, innovations, REAL_SERIES } from './internal/time-series.js';
import type { ParameterTable } from './parameters.js';

/** Options of {@link GaussianRandomWalk}. @category Families */
export interface GaussianRandomWalkOptions extends DistributionOptions {
  /** Standard deviation σ₀ > 0 of the first value x_1 (default: `scale`). */
  readonly initScale?: TensorInput;
}

/**
 * Gaussian random walk over `numSteps` = T time steps (event shape `[T]`; batch shape the
 * broadcast of `scale` and `initScale`). Reparameterized: the steps σ_t ε_t are summed with one
 * cumulative sum; `logProb` scores the T first differences, O(T).
 *
 * Math:
 * ```text
 * x_1 ~ N(0, σ₀²),  x_t = x_{t−1} + σ ε_t,  ε_t ~ N(0, 1)   (t = 2..T; σ₀ defaults to σ)
 * log p(x) = log N(x_1; 0, σ₀²) + Σ_{t≥2} log N(x_t − x_{t−1}; 0, σ²)
 * mean 0, variance Var x_t = σ₀² + (t − 1) σ², entropy T(½ + ½ log 2π) + log σ₀ + (T − 1) log σ
 * ```
 * The support is `independent(real, 1)`: every coordinate of the series is real.
 *
 * @example
 * ```ts
 * const walk = new GaussianRandomWalk(0.1, 100); // event shape [100]
 * const path = walk.rsample({ seed: 1 });        // shape [100]
 * walk.logProb(path);                            // a scalar
 * ```
 * @category Families
 */
export class GaussianRandomWalk extends DistributionBase<Tensor> {
  /** `scale` and `initScale` are positive (softplus from unconstrained reals). */
  static readonly parameterProperties: ParameterTable<'scale' | 'initScale'> = {
    scale: { constraint: positive, eventDim: 0 },
    initScale: { constraint: positive, eventDim: 0 },
  };
  /** `'GaussianRandomWalk'`. */
  readonly family = 'GaussianRandomWalk';
  /** Real series: `independent(real, 1)`. */
  readonly support: Constraint = REAL_SERIES;
  /** True. */
  readonly hasRsample = true;
  /** Step standard deviation σ > 0. */
  readonly scale: Tensor;
  /** Standard deviation σ₀ > 0 of x_1. */
  readonly initScale: Tensor;
  /** Length T of the series. */
  readonly numSteps: number;

  /**
   * @param scale - step standard deviation σ > 0
   * @param numSteps - length T of the series (a positive integer)
   * @param options - `initScale` (default σ) and validation
   */
  constructor(scale: TensorInput, numSteps: number, options: GaussianRandomWalkOptions = {}) {
    const fam = 'GaussianRandomWalk';
    checkNumSteps(fam, numSteps);
    const s = toFloat(scale, 'scale', fam);
    const s0 = options.initScale === undefined ? s : toFloat(options.initScale, 'initScale', fam);
    super(broadcastShapes(fam, { scale: s.shape, initScale: s0.shape }), [numSteps], options);
    this.scale = s;
    this.initScale = s0;
    this.numSteps = numSteps;
    this.checkParameters(GaussianRandomWalk.parameterProperties, this.parameters);
  }

  /** `{ scale, initScale }` (`initScale` is `scale` when not given). */
  get parameters(): Readonly<Record<'scale' | 'initScale', Tensor>> {
    return { scale: this.scale, initScale: this.initScale };
  }

  /** σ_t per step: `[σ₀, σ, …, σ]`, shape `paramBatch ++ [T]`. */
  private stepScales(): Tensor {
    return firstThenRest(this.family, this.initScale, this.scale, this.numSteps);
  }

  protected override draw(sampleShape: readonly number[], seed: number): Tensor {
    const eps = standardNormal(this.drawShape(sampleShape), seed);
    return tf.cumsum(tf.mul(eps, this.stepScales()), eps.rank - 1);
  }

  protected override drawWithLogProb(sampleShape: readonly number[], seed: number): SampleWithLogProb {
    const eps = standardNormal(this.drawShape(sampleShape), seed);
    const scales = this.stepScales();
    const value = tf.cumsum(tf.mul(eps, scales), eps.rank - 1);
    return { value, logProb: gaussianPathLogProb(eps, scales) };
  }

  protected override computeLogProb(value: Tensor): Tensor {
    const scales = this.stepScales();
    return gaussianPathLogProb(tf.div(innovations(value, tf.zeros([]), undefined, undefined), scales), scales);
  }

  /** Zero. */
  override mean(): Tensor {
    return tf.zeros([...this.batchShape, ...this.eventShape]);
  }
  /** The zero path (each step's density is largest at 0). */
  override mode(): Tensor {
    return this.mean();
  }
  /** σ₀² + (t − 1) σ²: the cumulative sum of the step variances. */
  override variance(): Tensor {
    return tf.tidy(() => {
      const v = tf.square(this.stepScales());
      return this.batched(tf.cumsum(v, v.rank - 1));
    });
  }
  override entropy(): Tensor {
    return tf.tidy(() => {
      const h = tf.add(tf.sum(tf.log(this.stepScales()), -1), this.numSteps * (0.5 + HALF_LOG_2PI));
      return tf.broadcastTo(h, [...this.batchShape]);
    });
  }
}
