/**
 * Closed-form KL rules of the multivariate normals, the log-normal, half-normal, Poisson and
 * Gumbel families, and of transformed distributions sharing their bijector chain.
 *
 * @module
 */
import { tf } from '@aevb/core';
import type { Tensor, Transform } from '@aevb/core';
import { Gumbel, EULER_GAMMA } from '../gumbel.js';
import { HalfNormal } from '../half-normal.js';
import { matrixDiag, triangularSolve, triangularSolveVec } from '../internal/linalg.js';
import { broadcastShapes } from '../internal/shapes.js';
import { lgamma } from '../internal/special.js';
import { LogNormal } from '../log-normal.js';
import { LowRankMultivariateNormal } from '../low-rank-multivariate-normal.js';
import { MultivariateNormal } from '../multivariate-normal.js';
import { Poisson } from '../poisson.js';
import { TransformedDistribution } from '../transformed.js';
import { hasClosedFormKL, kl, type KLRule } from './registry.js';

/** `m` broadcast to the batch shape `batch` (keeping its last `keep` axes). */
function toBatch(m: Tensor, batch: readonly number[], keep: number): Tensor {
  const shape = [...batch, ...m.shape.slice(m.rank - keep)];
  return tf.broadcastTo(m, shape);
}

/**
 * ½ [tr(Σ₂⁻¹ Σ₁) + |L₂⁻¹(μ₂ − μ₁)|² − n − log|Σ₁|] + Σᵢ log (L₂)ᵢᵢ, from `tr` = tr(Σ₂⁻¹ Σ₁) and
 * `logDet1` = log|Σ₁|.
 */
function gaussianKL(tr: Tensor, locP: Tensor, q: MultivariateNormal, logDet1: Tensor, batch: readonly number[]): Tensor {
  const n = q.eventShape[0] as number;
  const l2 = toBatch(q.scaleTril, batch, 2);
  const z = triangularSolveVec(l2, toBatch(tf.sub(q.loc, locP), batch, 1));
  const halfLogDet2 = tf.sum(tf.log(matrixDiag(l2)), -1);
  return tf.add(tf.mul(0.5, tf.sub(tf.add(tr, tf.sum(tf.square(z), -1)), tf.add(logDet1, n))), halfLogDet2);
}

/**
 * KL(N(μ₁, L₁L₁ᵀ) ‖ N(μ₂, L₂L₂ᵀ)) = ½ [|L₂⁻¹L₁|²_F + |L₂⁻¹(μ₂ − μ₁)|² − n] + Σ log diag L₂ − Σ log diag L₁.
 *
 * @category KL divergence
 */
export const klMultivariateNormalMultivariateNormal: KLRule<MultivariateNormal, MultivariateNormal> = {
  p: MultivariateNormal,
  q: MultivariateNormal,
  fn: (p, q) => {
    const batch = broadcastShapes('kl(MultivariateNormal, MultivariateNormal)', { p: p.batchShape, q: q.batchShape });
    const l1 = toBatch(p.scaleTril, batch, 2);
    const m = triangularSolve(toBatch(q.scaleTril, batch, 2), l1);
    const tr = tf.sum(tf.square(m), [-2, -1]);
    const logDet1 = tf.mul(2, tf.sum(tf.log(matrixDiag(l1)), -1));
    return gaussianKL(tr, p.loc, q, logDet1, batch);
  },
};

/**
 * KL(N(μ₁, WWᵀ + D) ‖ N(μ₂, L₂L₂ᵀ)): the Gaussian formula with tr(Σ₂⁻¹Σ₁) = |L₂⁻¹W|²_F + |L₂⁻¹D^½|²_F
 * and log|Σ₁| from the low-rank (capacitance) determinant.
 *
 * @category KL divergence
 */
export const klLowRankMultivariateNormalMultivariateNormal: KLRule<LowRankMultivariateNormal, MultivariateNormal> = {
  p: LowRankMultivariateNormal,
  q: MultivariateNormal,
  fn: (p, q) => {
    const batch = broadcastShapes('kl(LowRankMultivariateNormal, MultivariateNormal)', { p: p.batchShape, q: q.batchShape });
    const n = q.eventShape[0] as number;
    const l2 = toBatch(q.scaleTril, batch, 2);
    const w = triangularSolve(l2, toBatch(p.covFactor, batch, 2));
    const d = triangularSolve(l2, tf.mul(tf.expandDims(toBatch(tf.sqrt(p.covDiag), batch, 1), -1), tf.eye(n)));
    const tr = tf.add(tf.sum(tf.square(w), [-2, -1]), tf.sum(tf.square(d), [-2, -1]));
    return gaussianKL(tr, p.loc, q, toBatch(p.logDetCovariance(), batch, 0), batch);
  },
};

/**
 * KL(LogNormal(μ₁, σ₁) ‖ LogNormal(μ₂, σ₂)): that of the normals of log x (KL is invariant under
 * the bijection exp), ½(r² + d² − 1) − log r with r = σ₁/σ₂, d = (μ₁ − μ₂)/σ₂.
 *
 * @category KL divergence
 */
export const klLogNormalLogNormal: KLRule<LogNormal, LogNormal> = {
  p: LogNormal,
  q: LogNormal,
  fn: (p, q) => {
    const r = tf.div(p.scale, q.scale);
    const d = tf.div(tf.sub(p.loc, q.loc), q.scale);
    return tf.sub(tf.mul(tf.add(tf.square(r), tf.sub(tf.square(d), 1)), 0.5), tf.log(r));
  },
};

/**
 * KL(HalfNormal(σ₁) ‖ HalfNormal(σ₂)) = ½(r² − 1) − log r with r = σ₁/σ₂.
 *
 * @category KL divergence
 */
export const klHalfNormalHalfNormal: KLRule<HalfNormal, HalfNormal> = {
  p: HalfNormal,
  q: HalfNormal,
  fn: (p, q) => {
    const r = tf.div(p.scale, q.scale);
    return tf.sub(tf.mul(tf.sub(tf.square(r), 1), 0.5), tf.log(r));
  },
};

/**
 * KL(Poisson(λ₁) ‖ Poisson(λ₂)) = λ₁ log(λ₁/λ₂) − λ₁ + λ₂.
 *
 * @category KL divergence
 */
export const klPoissonPoisson: KLRule<Poisson, Poisson> = {
  p: Poisson,
  q: Poisson,
  fn: (p, q) => tf.add(tf.mul(p.rate, tf.sub(tf.log(p.rate), tf.log(q.rate))), tf.sub(q.rate, p.rate)),
};

/**
 * KL(Gumbel(μ₁, β₁) ‖ Gumbel(μ₂, β₂)) = log(β₂/β₁) + (μ₁ − μ₂)/β₂ + γ(r − 1) + e^((μ₂ − μ₁)/β₂) Γ(1 + r) − 1,
 * r = β₁/β₂ (γ the Euler–Mascheroni constant).
 *
 * @category KL divergence
 */
export const klGumbelGumbel: KLRule<Gumbel, Gumbel> = {
  p: Gumbel,
  q: Gumbel,
  fn: (p, q) => {
    const r = tf.div(p.scale, q.scale);
    const d = tf.div(tf.sub(p.loc, q.loc), q.scale);
    const tail = tf.exp(tf.add(tf.neg(d), lgamma(tf.add(r, 1))));
    return tf.sub(tf.add(tf.add(tf.neg(tf.log(r)), d), tf.add(tf.mul(EULER_GAMMA, tf.sub(r, 1)), tail)), 1);
  },
};

/**
 * Are two transforms the same map? The same object; or instances of the same class with the same
 * `name` whose own fields are equal numbers, strings, booleans, arrays of numbers, or the very same
 * objects (a tensor-valued parameter therefore counts as equal only when it is the same tensor).
 */
function sameTransform(a: Transform, b: Transform): boolean {
  if (a === b) return true;
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b) || a.name !== b.name) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  const fa = a as unknown as Record<string, unknown>;
  const fb = b as unknown as Record<string, unknown>;
  return ka.every((k) => {
    const x = fa[k];
    const y = fb[k];
    if (x === y) return true;
    if (Array.isArray(x) && Array.isArray(y)) return x.length === y.length && x.every((v, i) => typeof v === 'number' && v === y[i]);
    return false;
  });
}

function sameChain(p: TransformedDistribution, q: TransformedDistribution): boolean {
  return (
    p.transforms.length === q.transforms.length &&
    p.transforms.every((t, i) => sameTransform(t, q.transforms[i] as Transform)) &&
    p.eventShape.length === q.eventShape.length &&
    p.base.eventShape.length === q.base.eventShape.length
  );
}

/**
 * KL between two {@link TransformedDistribution}s pushed through the same bijector chain: KL is
 * invariant under a common bijection, so it is the KL of the bases (summed over the dimensions the
 * transforms made part of the event). The chains count as the same when they have equal length and
 * each pair of transforms is the same object, or of the same class and name with equal plain
 * fields (tensor fields must be the same tensor). Applies only when the bases have a closed form.
 *
 * @category KL divergence
 */
export const klTransformedTransformed: KLRule<TransformedDistribution, TransformedDistribution> & {
  readonly applies: (p: TransformedDistribution, q: TransformedDistribution) => boolean;
} = {
  p: TransformedDistribution,
  q: TransformedDistribution,
  applies: (p, q) => sameChain(p, q) && hasClosedFormKL(p.base, q.base),
  fn: (p, q) => {
    const base = kl(p.base, q.base);
    const extra = p.eventShape.length - p.base.eventShape.length;
    return extra <= 0 ? base : tf.sum(base, Array.from({ length: extra }, (_, i) => base.rank - 1 - i));
  },
};

