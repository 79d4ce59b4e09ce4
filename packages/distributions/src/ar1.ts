/**
 * The first-order autoregressive process AR(1) with Gaussian noise.
 *
 * @module
 */
import { tf } from '@aevb/core';
import type { Constraint, Tensor } from '@aevb/core';
import { positive, real } from './constraints.js';
import { DistributionBase } from './distribution.js';
import type { DistributionOptions, SampleWithLogProb } from './distribution.js';
import { toFloat } from './internal/convert.js';
import type { TensorInput } from './internal/convert.js';
import { standardNormal } from './internal/random.js';
import { broadcastShapes } from './internal/shapes.js';
import {
  checkNumSteps,
  firstThenRest,
  gaussianPathLogProb,
  HALF_LOG_2PI,
  innovations,
  linearRecurrence,
  REAL_SERIES,
} from './internal/time-series.js';
import type { ParameterTable } from './parameters.js';

/** Parameters of {@link AR1}. @category Families */
export interface AR1Params {
  /** The constant c (default 0). */
  readonly loc?: TensorInput;
  /** The autoregressive coefficient φ. */
  readonly coef: TensorInput;
  /** The noise standard deviation σ > 0. */
  readonly scale: TensorInput;
}

/** Options of {@link AR1}. @category Families */
export interface AR1Options extends DistributionOptions {
  /**
   * The law N(loc, scale²) of x_1. Default: the stationary law N(c/(1 − φ), σ²/(1 − φ²)), which
   * exists only for |φ| < 1 (checked with validation on).
   */
  readonly init?: { readonly loc: TensorInput; readonly scale: TensorInput };
}

/**
 * Gaussian AR(1) process over `numSteps` = T time steps (event shape `[T]`; batch shape the
 * broadcast of the parameters). Reparameterized: the recurrence is solved for all steps at once
 * by recursive doubling (⌈log₂ T⌉ rounds of tensor ops, no loop over steps); `logProb` scores the
 * T innovations, O(T).
 *
 * Math:
 * ```text
 * x_1 ~ N(m₀, s₀²),  x_t = c + φ x_{t−1} + σ ε_t,  ε_t ~ N(0, 1)   (t = 2..T)
 * stationary start (default): m₀ = c/(1 − φ), s₀² = σ²/(1 − φ²), needs |φ| < 1
 * log p(x) = log N(x_1; m₀, s₀²) + Σ_{t≥2} log N(x_t − c − φ x_{t−1}; 0, σ²)
 * mean m_t = c + φ m_{t−1}, variance v_t = σ² + φ² v_{t−1} (m_1 = m₀, v_1 = s₀²)
 * entropy T(½ + ½ log 2π) + log s₀ + (T − 1) log σ
 * ```
 * The support is `independent(real, 1)`. `coef` is declared `real`: with a given start any φ is
 * allowed (|φ| ≥ 1 is a random walk or explosive); the stationary start adds the condition |φ| < 1.
 *
 * @example
 * ```ts
 * const h = new AR1({ coef: 0.95, scale: 0.2 }, 100); // stationary, event shape [100]
 * h.rsample({ seed: 1 });                              // shape [100]
 * const fromZero = new AR1({ loc: 0.1, coef: 0.5, scale: 1 }, 10, { init: { loc: 0, scale: 0.01 } });
 * ```
 * @category Families
 */
export class AR1 extends DistributionBase<Tensor> {
  /** `loc`, `coef`, `initLoc` real; `scale`, `initScale` positive. */
  static readonly parameterProperties: ParameterTable<'loc' | 'coef' | 'scale' | 'initLoc' | 'initScale'> = {
    loc: { constraint: real, eventDim: 0 },
    coef: { constraint: real, eventDim: 0 },
    scale: { constraint: positive, eventDim: 0 },
    initLoc: { constraint: real, eventDim: 0 },
    initScale: { constraint: positive, eventDim: 0 },
  };
  /** `'AR1'`. */
  readonly family = 'AR1';
  /** Real series: `independent(real, 1)`. */
  readonly support: Constraint = REAL_SERIES;
  /** True. */
  readonly hasRsample = true;
  /** The constant c. */
  readonly loc: Tensor;
  /** The coefficient φ. */
  readonly coef: Tensor;
  /** The noise standard deviation σ > 0. */
  readonly scale: Tensor;
  /** Mean m₀ of x_1 as given in `options.init`; undefined for the stationary start. */
  readonly initLoc: Tensor | undefined;
  /** Standard deviation s₀ of x_1 as given in `options.init`; undefined for the stationary start. */
  readonly initScale: Tensor | undefined;
  /** Does x_1 follow the stationary law (no `init` given)? */
  readonly stationary: boolean;
  /** Length T of the series. */
  readonly numSteps: number;

  /**
   * @param params - `loc` c (default 0), `coef` φ, `scale` σ > 0
   * @param numSteps - length T of the series (a positive integer)
   * @param options - `init` (the law of x_1; default stationary) and validation
   */
  constructor(params: AR1Params, numSteps: number, options: AR1Options = {}) {
    const fam = 'AR1';
    checkNumSteps(fam, numSteps);
    const c = toFloat(params.loc ?? 0, 'loc', fam);
    const phi = toFloat(params.coef, 'coef', fam);
    const s = toFloat(params.scale, 'scale', fam);
    const init = options.init;
    const m0 = init === undefined ? undefined : toFloat(init.loc, 'initLoc', fam);
    const s0 = init === undefined ? undefined : toFloat(init.scale, 'initScale', fam);
    const shapes = { loc: c.shape, coef: phi.shape, scale: s.shape, ...(m0 && s0 ? { initLoc: m0.shape, initScale: s0.shape } : {}) };
    super(broadcastShapes(fam, shapes), [numSteps], options);
    this.loc = c;
    this.coef = phi;
    this.scale = s;
    this.stationary = init === undefined;
    this.numSteps = numSteps;
    this.initLoc = m0;
    this.initScale = s0;
    const stationarity = {
      name: 'coef',
      requirement: 'must satisfy |coef| < 1 for the stationary start (or give options.init)',
      holds: () => tf.less(tf.abs(phi), 1),
      shows: { coef: phi },
    };
    this.checkParameters(AR1.parameterProperties, this.parameters, this.stationary ? [stationarity] : []);
  }

  /** `{ loc, coef, scale }`, and `initLoc`, `initScale` when `init` was given. */
  get parameters(): Readonly<Record<string, Tensor>> {
    const own = { loc: this.loc, coef: this.coef, scale: this.scale };
    const { initLoc, initScale } = this;
    return initLoc === undefined || initScale === undefined ? own : { ...own, initLoc, initScale };
  }

  /** The law N(m₀, s₀²) of x_1: as given, or stationary, m₀ = c/(1 − φ), s₀ = σ/√(1 − φ²). */
  private start(): { m0: Tensor; s0: Tensor } {
    return {
      m0: this.initLoc ?? tf.div(this.loc, tf.sub(1, this.coef)),
      s0: this.initScale ?? tf.div(this.scale, tf.sqrt(tf.sub(1, tf.square(this.coef)))),
    };
  }

  /** Per-step means of the noise-free recurrence input `[m₀, c, …, c]` and noise scales `[s₀, σ, …, σ]`. */
  private tracks(): { locs: Tensor; scales: Tensor } {
    const { m0, s0 } = this.start();
    return {
      locs: firstThenRest(this.family, m0, this.loc, this.numSteps),
      scales: firstThenRest(this.family, s0, this.scale, this.numSteps),
    };
  }

  protected override draw(sampleShape: readonly number[], seed: number): Tensor {
    const { locs, scales } = this.tracks();
    const eps = standardNormal(this.drawShape(sampleShape), seed);
    return linearRecurrence(tf.add(locs, tf.mul(scales, eps)), this.coef);
  }

  protected override drawWithLogProb(sampleShape: readonly number[], seed: number): SampleWithLogProb {
    const { locs, scales } = this.tracks();
    const eps = standardNormal(this.drawShape(sampleShape), seed);
    return { value: linearRecurrence(tf.add(locs, tf.mul(scales, eps)), this.coef), logProb: gaussianPathLogProb(eps, scales) };
  }

  protected override computeLogProb(value: Tensor): Tensor {
    const { m0, s0 } = this.start();
    const scales = firstThenRest(this.family, s0, this.scale, this.numSteps);
    const e = innovations(value, m0, this.loc, this.coef);
    return gaussianPathLogProb(tf.div(e, scales), scales);
  }

  /** m_t = c + φ m_{t−1}, m_1 = m₀ (constant c/(1 − φ) for the stationary start). */
  override mean(): Tensor {
    return tf.tidy(() => this.batched(linearRecurrence(this.tracks().locs, this.coef)));
  }
  /** The mean (the law is Gaussian). */
  override mode(): Tensor {
    return this.mean();
  }
  /** v_t = σ² + φ² v_{t−1}, v_1 = s₀². */
  override variance(): Tensor {
    return tf.tidy(() => this.batched(linearRecurrence(tf.square(this.tracks().scales), tf.square(this.coef))));
  }
  override entropy(): Tensor {
    return tf.tidy(() => {
      const h = tf.add(tf.sum(tf.log(this.tracks().scales), -1), this.numSteps * (0.5 + HALF_LOG_2PI));
      return tf.broadcastTo(h, [...this.batchShape]);
    });
  }
}
