/**
 * The multivariate normal distribution, parameterized by a Cholesky factor, a covariance or a
 * precision matrix.
 *
 * @module
 */
import { ArgumentError, tf } from '@aevb/core';
import type { Tensor } from '@aevb/core';
import { lowerCholesky, positiveDefinite, realVector } from './constraints.js';
import { DistributionBase } from './distribution.js';
import type { DistributionOptions, SampleWithLogProb } from './distribution.js';
import { toFloat } from './internal/convert.js';
import type { TensorInput } from './internal/convert.js';
import { cholesky, matrixDiag, matrixTranspose, matVec, triangularSolve, triangularSolveVec } from './internal/linalg.js';
import { standardNormal } from './internal/random.js';
import { broadcastShapes, showShape } from './internal/shapes.js';
import { assertConstraint, validationEnabled } from './validation.js';
import type { ParameterTable } from './parameters.js';

const LOG_2PI = Math.log(2 * Math.PI);

/**
 * How the covariance Σ of a {@link MultivariateNormal} is given: exactly one of a lower Cholesky
 * factor L (Σ = L Lᵀ), the covariance Σ, or the precision Σ⁻¹, each of shape `[...batch, n, n]`.
 *
 * @category Families
 */
export type MvnScale =
  | { readonly scaleTril: TensorInput }
  | { readonly covariance: TensorInput }
  | { readonly precision: TensorInput };

/**
 * Multivariate normal N(μ, Σ) over vectors of size n, stored as μ and the lower Cholesky factor L
 * of Σ. Event shape `[n]`; batch shape the broadcast of `loc`'s and L's batch axes.
 * Reparameterized: x = μ + L ε, ε ~ N(0, I).
 *
 * Math:
 * ```text
 * log p(x) = −½ |L⁻¹(x − μ)|² − Σᵢ log Lᵢᵢ − (n/2) log 2π
 * entropy (n/2)(1 + log 2π) + Σᵢ log Lᵢᵢ
 * ```
 * A covariance is factored by a differentiable Cholesky built from TF.js ops; a precision P by
 * L = chol((chol(P)⁻ᵀ chol(P)⁻¹)). These unrolled routines issue O(n) ops and accept n <= 256.
 * `sampleAndLogProb`, and `logProb` of a value this instance drew with `rsample`, score the draw
 * from its own noise ε (no triangular solve), so a full-rank guide's training step costs O(n²)
 * work in a few ops.
 *
 * @example
 * ```ts
 * const d = new MultivariateNormal(tf.zeros([2]), { covariance: [[2, 0.5], [0.5, 1]] });
 * d.logProb(tf.tensor([0.3, -0.2]));
 * ```
 * @category Families
 */
export class MultivariateNormal extends DistributionBase<Tensor> {
  /** `loc` is a real vector; `scaleTril` a lower-triangular matrix with positive diagonal. */
  static readonly parameterProperties: ParameterTable<'loc' | 'scaleTril'> = {
    loc: { constraint: realVector, eventDim: 1 },
    scaleTril: { constraint: lowerCholesky, eventDim: 2 },
  };
  /** `'MultivariateNormal'`. */
  readonly family: string = 'MultivariateNormal';
  /** Real vectors. */
  readonly support = realVector;
  /** True. */
  readonly hasRsample = true;
  /** Mean μ, shape `[...batch, n]`. */
  readonly loc: Tensor;
  /** Lower Cholesky factor L of the covariance, shape `[...batch, n, n]`. */
  readonly scaleTril: Tensor;

  /**
   * @param loc - mean μ, shape `[...batch, n]`
   * @param scale - exactly one of `scaleTril`, `covariance`, `precision`
   * @param options - validation
   */
  constructor(loc: TensorInput, scale: MvnScale, options: DistributionOptions = {}) {
    const fam = 'MultivariateNormal';
    const l = toFloat(loc, 'loc', fam);
    const keys = Object.keys(scale);
    if (keys.length !== 1) {
      throw new ArgumentError(fam, 'scale', `must give exactly one of scaleTril, covariance, precision; got {${keys.join(', ')}}`);
    }
    const validate = options.validateArgs ?? validationEnabled();
    let tril: Tensor;
    if ('scaleTril' in scale) {
      tril = toFloat(scale.scaleTril, 'scaleTril', fam);
      checkSquare(fam, 'scaleTril', tril);
    } else if ('covariance' in scale) {
      const cov = toFloat(scale.covariance, 'covariance', fam);
      checkSquare(fam, 'covariance', cov);
      if (validate) assertConstraint(fam, 'covariance', cov, positiveDefinite);
      tril = cholesky(cov);
    } else {
      const prec = toFloat(scale.precision, 'precision', fam);
      checkSquare(fam, 'precision', prec);
      if (validate) assertConstraint(fam, 'precision', prec, positiveDefinite);
      tril = precisionToScaleTril(prec);
    }
    const n = tril.shape[tril.rank - 1] as number;
    if (l.rank < 1 || l.shape[l.rank - 1] !== n) {
      throw new ArgumentError(fam, 'loc', `must have shape [...batch, ${n}] to match the ${n}x${n} scale, got ${showShape(l.shape)}`);
    }
    super(broadcastShapes(fam, { loc: l.shape.slice(0, -1), scale: tril.shape.slice(0, -2) }), [n], options);
    this.loc = l;
    this.scaleTril = tril;
    this.checkParameters(MultivariateNormal.parameterProperties, this.parameters);
  }

  /** `{ loc, scaleTril }`. */
  get parameters(): Readonly<Record<'loc' | 'scaleTril', Tensor>> {
    return { loc: this.loc, scaleTril: this.scaleTril };
  }

  protected override draw(sampleShape: readonly number[], seed: number): Tensor {
    const eps = standardNormal(this.drawShape(sampleShape), seed);
    return tf.add(this.loc, matVec(this.scaleTril, eps));
  }

  /** The draw and log N(ε; 0, I) − Σᵢ log Lᵢᵢ from the same noise ε: no triangular solve. */
  protected override drawWithLogProb(sampleShape: readonly number[], seed: number): SampleWithLogProb {
    const n = this.eventShape[0] as number;
    const eps = standardNormal(this.drawShape(sampleShape), seed);
    const halfLogDet = tf.sum(tf.log(matrixDiag(this.scaleTril)), -1);
    const logProb = tf.sub(tf.mul(-0.5, tf.sum(tf.square(eps), -1)), tf.add(halfLogDet, 0.5 * n * LOG_2PI));
    return { value: tf.add(this.loc, matVec(this.scaleTril, eps)), logProb };
  }

  /** True: scoring an own draw from its noise avoids the O(n)-step triangular solve. */
  protected override get scoresOwnDraws(): boolean {
    return true;
  }

  protected override computeLogProb(value: Tensor): Tensor {
    const n = this.eventShape[0] as number;
    const diff = tf.sub(value, this.loc);
    const z = triangularSolveVec(this.scaleTril, diff);
    const halfLogDet = tf.sum(tf.log(matrixDiag(this.scaleTril)), -1);
    return tf.sub(tf.mul(-0.5, tf.sum(tf.square(z), -1)), tf.add(halfLogDet, 0.5 * n * LOG_2PI));
  }

  override mean(): Tensor {
    return tf.tidy(() => tf.broadcastTo(this.loc, [...this.batchShape, ...this.eventShape]));
  }
  override mode(): Tensor {
    return this.mean();
  }
  /** Marginal variances Σᵢᵢ = Σⱼ Lᵢⱼ². */
  override variance(): Tensor {
    return tf.tidy(() => tf.broadcastTo(tf.sum(tf.square(this.scaleTril), -1), [...this.batchShape, ...this.eventShape]));
  }
  override entropy(): Tensor {
    return tf.tidy(() => {
      const n = this.eventShape[0] as number;
      const h = tf.add(tf.sum(tf.log(matrixDiag(this.scaleTril)), -1), 0.5 * n * (1 + LOG_2PI));
      return tf.broadcastTo(h, [...this.batchShape]);
    });
  }
  /** The covariance matrix Σ = L Lᵀ, shape `[...batch, n, n]`. */
  covariance(): Tensor {
    return tf.tidy(() => {
      const n = this.eventShape[0] as number;
      return tf.broadcastTo(tf.matMul(this.scaleTril, matrixTranspose(this.scaleTril)), [...this.batchShape, n, n]);
    });
  }
}

function checkSquare(fam: string, name: string, m: Tensor): void {
  if (m.rank < 2 || m.shape[m.rank - 1] !== m.shape[m.rank - 2] || (m.shape[m.rank - 1] ?? 0) < 1) {
    throw new ArgumentError(fam, name, `must have shape [...batch, n, n], got ${showShape(m.shape)}`);
  }
}

/** Σ = P⁻¹ = Lp⁻ᵀ Lp⁻¹ with Lp = chol(P); returns chol(Σ). */
function precisionToScaleTril(p: Tensor): Tensor {
  return tf.tidy(() => {
    const n = p.shape[p.rank - 1] as number;
    const lpInv = triangularSolve(cholesky(p), tf.eye(n));
    return cholesky(tf.matMul(matrixTranspose(lpInv), lpInv));
  });
}
