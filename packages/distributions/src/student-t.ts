/**
 * Student's t distribution.
 *
 * @module
 */
import { tf } from '@aevb/core';
import { mixSeed } from '@aevb/core/internal';
import type { Tensor } from '@aevb/core';
import { positive, real } from './constraints.js';
import { DistributionBase } from './distribution.js';
import type { DistributionOptions } from './distribution.js';
import { toFloat } from './internal/convert.js';
import type { TensorInput } from './internal/convert.js';
import { logStandardGammaRsample } from './internal/gamma-rsample.js';
import { standardNormal } from './internal/random.js';
import { broadcastShapes } from './internal/shapes.js';
import { digamma, lgamma, logBeta } from './internal/special.js';
import type { ParameterTable } from './parameters.js';

/**
 * Student's t distribution with `df` degrees of freedom ν, location `loc` and scale `scale`.
 * Reparameterized: `x = μ + σ ε √(ν / (2G))`, `ε ~ N(0, 1)`, `G ~ Gamma(ν/2, 1)`, with the
 * implicit reparameterization gradient of the Gamma draw for ν (so ν can be learned; that
 * backward pass reads the draws, a sync). No closed-form CDF is implemented.
 *
 * Math:
 * ```text
 * z = (x − μ)/σ,  log p(x) = lgamma((ν+1)/2) − lgamma(ν/2) − ½ log(νπ) − log σ − (ν+1)/2 log(1 + z²/ν)
 * mean μ (ν > 1, else NaN), variance σ² ν/(ν − 2) (ν > 2; ∞ for 1 < ν ≤ 2; NaN otherwise)
 * entropy (ν+1)/2 (ψ((ν+1)/2) − ψ(ν/2)) + ½ log ν + log B(ν/2, ½) + log σ
 * ```
 *
 * @example
 * ```ts
 * const robust = new StudentT(4, prediction, 0.1); // heavy-tailed likelihood
 * ```
 * @category Families
 */
export class StudentT extends DistributionBase<Tensor> {
  /** `df`, `scale` positive; `loc` real. */
  static readonly parameterProperties: ParameterTable<'df' | 'loc' | 'scale'> = {
    df: { constraint: positive, eventDim: 0 },
    loc: { constraint: real, eventDim: 0 },
    scale: { constraint: positive, eventDim: 0 },
  };
  /** `'StudentT'`. */
  readonly family = 'StudentT';
  /** The real line. */
  readonly support = real;
  /** True. */
  readonly hasRsample = true;
  /** Degrees of freedom ν > 0. */
  readonly df: Tensor;
  /** Location μ. */
  readonly loc: Tensor;
  /** Scale σ > 0. */
  readonly scale: Tensor;

  /**
   * @param df - degrees of freedom ν > 0
   * @param loc - location μ (default 0)
   * @param scale - scale σ > 0 (default 1)
   * @param options - validation
   */
  constructor(df: TensorInput, loc: TensorInput = 0, scale: TensorInput = 1, options: DistributionOptions = {}) {
    const d = toFloat(df, 'df', 'StudentT');
    const l = toFloat(loc, 'loc', 'StudentT');
    const s = toFloat(scale, 'scale', 'StudentT');
    super(broadcastShapes('StudentT', { df: d.shape, loc: l.shape, scale: s.shape }), [], options);
    this.df = d;
    this.loc = l;
    this.scale = s;
    this.checkParameters(StudentT.parameterProperties, this.parameters);
  }

  /** `{ df, loc, scale }`. */
  get parameters(): Readonly<Record<'df' | 'loc' | 'scale', Tensor>> {
    return { df: this.df, loc: this.loc, scale: this.scale };
  }

  protected override draw(sampleShape: readonly number[], seed: number): Tensor {
    const shape = this.drawShape(sampleShape);
    const eps = standardNormal(shape, mixSeed(seed, 0));
    const logG = logStandardGammaRsample(tf.mul(this.df, 0.5), shape, mixSeed(seed, 1));
    // √(ν / (2G)) in log space: G underflows for small ν.
    const factor = tf.exp(tf.mul(0.5, tf.sub(tf.log(tf.mul(this.df, 0.5)), logG)));
    return tf.add(this.loc, tf.mul(this.scale, tf.mul(eps, factor)));
  }

  protected override computeLogProb(value: Tensor): Tensor {
    const nu = this.df;
    const z = tf.div(tf.sub(value, this.loc), this.scale);
    const half = tf.mul(nu, 0.5);
    const norm = tf.sub(
      tf.sub(lgamma(tf.add(half, 0.5)), lgamma(half)),
      tf.add(tf.mul(0.5, tf.log(tf.mul(nu, Math.PI))), tf.log(this.scale)),
    );
    return tf.sub(norm, tf.mul(tf.add(half, 0.5), tf.log1p(tf.div(tf.square(z), nu))));
  }

  /** μ where ν > 1, NaN elsewhere. */
  override mean(): Tensor {
    return tf.tidy(() => {
      const m = tf.add(this.loc, tf.zerosLike(this.df));
      return this.batched(tf.where(tf.greater(this.df, 1), m, tf.fill(m.shape, NaN)));
    });
  }
  override mode(): Tensor {
    return tf.tidy(() => this.batched(tf.add(this.loc, tf.zerosLike(tf.add(this.df, this.scale)))));
  }
  override variance(): Tensor {
    return tf.tidy(() => {
      const nu = tf.add(this.df, tf.zerosLike(this.scale));
      const v = tf.div(tf.mul(tf.square(this.scale), nu), tf.sub(nu, 2));
      const out = tf.where(tf.greater(nu, 2), v, tf.where(tf.greater(nu, 1), tf.fill(v.shape, Infinity), tf.fill(v.shape, NaN)));
      return this.batched(out);
    });
  }
  override entropy(): Tensor {
    return tf.tidy(() => {
      const half = tf.mul(this.df, 0.5);
      const a = tf.mul(tf.add(half, 0.5), tf.sub(digamma(tf.add(half, 0.5)), digamma(half)));
      const b = tf.add(tf.mul(0.5, tf.log(this.df)), logBeta(half, tf.scalar(0.5)));
      return this.batched(tf.add(tf.add(a, b), tf.log(this.scale)));
    });
  }
}
