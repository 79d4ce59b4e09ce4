/**
 * The multivariate normal with low-rank-plus-diagonal covariance.
 *
 * @module
 */
import { ArgumentError, tf } from '@aevb/core';
import { mixSeed } from '@aevb/core/internal';
import type { Tensor } from '@aevb/core';
import { independent, positive, real, realVector } from './constraints.js';
import { DistributionBase } from './distribution.js';
import type { DistributionOptions } from './distribution.js';
import { toFloat } from './internal/convert.js';
import type { TensorInput } from './internal/convert.js';
import { cholesky, matrixDiag, matrixTranspose, matVec, triangularSolveVec } from './internal/linalg.js';
import { standardNormal } from './internal/random.js';
import { broadcastShapes, showShape } from './internal/shapes.js';
import type { ParameterTable } from './parameters.js';

const LOG_2PI = Math.log(2 * Math.PI);

/**
 * Multivariate normal N(μ, W Wᵀ + diag(d)) over vectors of size n with a rank-k covariance factor
 * W (`covFactor`, `[...batch, n, k]`) and a positive diagonal d (`covDiag`, `[...batch, n]`).
 * Costs O(n k²) per density instead of O(n³): by the Woodbury identity and the matrix determinant
 * lemma with the k×k capacitance C = I + Wᵀ D⁻¹ W = Lc Lcᵀ,
 * ```text
 * (x − μ)ᵀ Σ⁻¹ (x − μ) = rᵀ D⁻¹ r − |Lc⁻¹ Wᵀ D⁻¹ r|²,   r = x − μ
 * log det Σ = 2 Σ log diag Lc + Σ log d
 * ```
 * Reparameterized: x = μ + W ε₁ + √d ⊙ ε₂ with ε₁ ~ N(0, I_k), ε₂ ~ N(0, I_n).
 *
 * @example
 * ```ts
 * const q = new LowRankMultivariateNormal(tf.zeros([10]), tf.randomNormal([10, 2]), tf.ones([10]));
 * q.rsample({ seed: 1 }); // shape [10]
 * ```
 * @category Families
 */
export class LowRankMultivariateNormal extends DistributionBase<Tensor> {
  /** `loc` real vector, `covFactor` real matrix, `covDiag` positive vector. */
  static readonly parameterProperties: ParameterTable<'loc' | 'covFactor' | 'covDiag'> = {
    loc: { constraint: realVector, eventDim: 1 },
    covFactor: { constraint: independent(real, 2), eventDim: 2 },
    covDiag: { constraint: independent(positive, 1), eventDim: 1 },
  };
  /** `'LowRankMultivariateNormal'`. */
  readonly family: string = 'LowRankMultivariateNormal';
  /** Real vectors. */
  readonly support = realVector;
  /** True. */
  readonly hasRsample = true;
  /** Mean μ, `[...batch, n]`. */
  readonly loc: Tensor;
  /** Covariance factor W, `[...batch, n, k]`. */
  readonly covFactor: Tensor;
  /** Diagonal d > 0 of the covariance, `[...batch, n]`. */
  readonly covDiag: Tensor;

  /**
   * @param loc - mean μ, `[...batch, n]`
   * @param covFactor - W, `[...batch, n, k]`
   * @param covDiag - d > 0, `[...batch, n]`
   * @param options - validation
   */
  constructor(loc: TensorInput, covFactor: TensorInput, covDiag: TensorInput, options: DistributionOptions = {}) {
    const fam = 'LowRankMultivariateNormal';
    const l = toFloat(loc, 'loc', fam);
    const w = toFloat(covFactor, 'covFactor', fam);
    const d = toFloat(covDiag, 'covDiag', fam);
    if (l.rank < 1) throw new ArgumentError(fam, 'loc', `must have shape [...batch, n], got ${showShape(l.shape)}`);
    const n = l.shape[l.rank - 1] as number;
    if (w.rank < 2 || w.shape[w.rank - 2] !== n) {
      throw new ArgumentError(fam, 'covFactor', `must have shape [...batch, ${n}, k], got ${showShape(w.shape)}`);
    }
    if (d.rank < 1 || d.shape[d.rank - 1] !== n) {
      throw new ArgumentError(fam, 'covDiag', `must have shape [...batch, ${n}], got ${showShape(d.shape)}`);
    }
    const batch = broadcastShapes(fam, { loc: l.shape.slice(0, -1), covFactor: w.shape.slice(0, -2), covDiag: d.shape.slice(0, -1) });
    super(batch, [n], options);
    this.loc = l;
    this.covFactor = w;
    this.covDiag = d;
    this.checkParameters(LowRankMultivariateNormal.parameterProperties, this.parameters);
  }

  /** `{ loc, covFactor, covDiag }`. */
  get parameters(): Readonly<Record<'loc' | 'covFactor' | 'covDiag', Tensor>> {
    return { loc: this.loc, covFactor: this.covFactor, covDiag: this.covDiag };
  }

  /** Rank k of the factor. */
  get rank(): number {
    return this.covFactor.shape[this.covFactor.rank - 1] as number;
  }

  protected override draw(sampleShape: readonly number[], seed: number): Tensor {
    const e1 = standardNormal([...sampleShape, ...this.batchShape, this.rank], mixSeed(seed, 1));
    const e2 = standardNormal(this.drawShape(sampleShape), mixSeed(seed, 2));
    return tf.add(tf.add(this.loc, matVec(this.covFactor, e1)), tf.mul(tf.sqrt(this.covDiag), e2));
  }

  /** Lower Cholesky factor of the capacitance C = I + Wᵀ D⁻¹ W, `[...batch, k, k]`. @internal */
  capacitanceTril(): Tensor {
    return tf.tidy(() => {
      const wt = matrixTranspose(this.covFactor);
      const cap = tf.add(tf.eye(this.rank), tf.matMul(tf.div(wt, tf.expandDims(this.covDiag, -2)), this.covFactor));
      return cholesky(cap);
    });
  }

  /** log det Σ, `[...batch]`. @internal */
  logDetCovariance(): Tensor {
    return tf.tidy(() =>
      tf.add(tf.mul(2, tf.sum(tf.log(matrixDiag(this.capacitanceTril())), -1)), tf.sum(tf.log(this.covDiag), -1)),
    );
  }

  protected override computeLogProb(value: Tensor): Tensor {
    const n = this.eventShape[0] as number;
    const r = tf.sub(value, this.loc);
    const rOverD = tf.div(r, this.covDiag);
    const u = triangularSolveVec(this.capacitanceTril(), matVec(matrixTranspose(this.covFactor), rOverD));
    const mahal = tf.sub(tf.sum(tf.mul(r, rOverD), -1), tf.sum(tf.square(u), -1));
    return tf.mul(-0.5, tf.add(tf.add(mahal, this.logDetCovariance()), n * LOG_2PI));
  }

  override mean(): Tensor {
    return tf.tidy(() => tf.broadcastTo(this.loc, [...this.batchShape, ...this.eventShape]));
  }
  override mode(): Tensor {
    return this.mean();
  }
  /** Marginal variances Σⱼ Wᵢⱼ² + dᵢ. */
  override variance(): Tensor {
    return tf.tidy(() =>
      tf.broadcastTo(tf.add(tf.sum(tf.square(this.covFactor), -1), this.covDiag), [...this.batchShape, ...this.eventShape]),
    );
  }
  override entropy(): Tensor {
    return tf.tidy(() => {
      const n = this.eventShape[0] as number;
      return tf.broadcastTo(tf.add(tf.mul(0.5, this.logDetCovariance()), 0.5 * n * (1 + LOG_2PI)), [...this.batchShape]);
    });
  }
  /** The covariance matrix W Wᵀ + diag(d), `[...batch, n, n]`. */
  covariance(): Tensor {
    return tf.tidy(() => {
      const n = this.eventShape[0] as number;
      const ww = tf.matMul(this.covFactor, matrixTranspose(this.covFactor));
      return tf.broadcastTo(tf.add(ww, tf.mul(tf.expandDims(this.covDiag, -1), tf.eye(n))), [...this.batchShape, n, n]);
    });
  }
}
