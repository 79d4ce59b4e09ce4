/**
 * Constraints: the sets that values and parameters live in. Each is a plain object implementing
 * core's {@link Constraint}; continuous ones know their default bijection from the unconstrained
 * reals (`defaultTransform()`, looked up in the bijector registry), which guides and the parameter
 * store use to optimize constrained parameters.
 *
 * @module
 */
import { ArgumentError, tf } from '@aevb/core';
import type { Constraint, ConstraintSpec, Tensor, Transform } from '@aevb/core';
import { defaultTransformFor } from './bijectors/registry.js';
import { cholesky } from './internal/linalg.js';

export type { ConstraintSpec } from '@aevb/core';

/**
 * A {@link Constraint} of this package (core's contract, whose `spec` describes the set
 * structurally; see `sameConstraint` in `@aevb/core`).
 *
 * @category Constraints
 */
export type DistConstraint = Constraint;

/** Reduces an elementwise boolean test over the `eventDim` rightmost axes. */
function allOverEvent(ok: Tensor, eventDim: number): Tensor {
  if (eventDim === 0) return ok;
  const axes = Array.from({ length: eventDim }, (_, i) => ok.rank - 1 - i);
  return tf.all(ok, axes);
}

function make(
  spec: ConstraintSpec,
  name: string,
  eventDim: number,
  isContinuous: boolean,
  elementwise: (x: Tensor) => Tensor,
  reduceDims: number = eventDim,
): DistConstraint {
  const c: DistConstraint = {
    spec,
    name,
    eventDim,
    isContinuous,
    check: (value: Tensor): Tensor => tf.tidy(() => allOverEvent(elementwise(value), reduceDims)),
  };
  if (!isContinuous) return c;
  return { ...c, defaultTransform: (): Transform => defaultTransformFor(spec) };
}

const notNaN = (x: Tensor): Tensor => tf.equal(x, x);
// Integer dtypes hold integers; tf.floor accepts only floats.
const isInteger = (x: Tensor): Tensor =>
  x.dtype === 'int32' || x.dtype === 'bool' ? tf.cast(tf.onesLike(x), 'bool') : tf.equal(tf.floor(x), x);

/** All reals (NaN excluded). Default transform: identity. @category Constraints */
export const real: DistConstraint = make({ kind: 'real' }, 'real', 0, true, notNaN);

/** Real vectors (event dimension 1). Default transform: identity. @category Constraints */
export const realVector: DistConstraint = make({ kind: 'realVector' }, 'realVector', 1, true, notNaN);

/**
 * Positive reals, x > 0. Default transform: Softplus, because scale parameters optimized through
 * softplus move additively when large (gradient -> 1) while exp multiplies step sizes by the value
 * and overflows float32 beyond x = 88.
 *
 * @category Constraints
 */
export const positive: DistConstraint = make({ kind: 'positive' }, 'positive', 0, true, (x) => tf.greater(x, 0));

/** Nonnegative reals, x >= 0. Default transform: Softplus (onto the interior). @category Constraints */
export const nonnegative: DistConstraint = make({ kind: 'nonnegative' }, 'nonnegative', 0, true, (x) =>
  tf.greaterEqual(x, 0),
);

/** The closed interval lower <= x <= upper. Default transform: Sigmoid then Affine. @category Constraints */
export function interval(lower: number, upper: number): DistConstraint {
  if (!(lower < upper)) throw new ArgumentError('interval', 'upper', `must exceed lower = ${lower}, got ${upper}`);
  return make({ kind: 'interval', lower, upper }, `interval(${lower}, ${upper})`, 0, true, (x) =>
    tf.logicalAnd(tf.greaterEqual(x, lower), tf.lessEqual(x, upper)),
  );
}

/** The unit interval 0 <= x <= 1. Default transform: Sigmoid. @category Constraints */
export const unitInterval: DistConstraint = interval(0, 1);

/** x > lower. Default transform: Exp then shift by `lower`. @category Constraints */
export function greaterThan(lower: number): DistConstraint {
  return make({ kind: 'greaterThan', lower }, `greaterThan(${lower})`, 0, true, (x) => tf.greater(x, lower));
}

/** x < upper. Default transform: Exp, negate, shift by `upper`. @category Constraints */
export function lessThan(upper: number): DistConstraint {
  return make({ kind: 'lessThan', upper }, `lessThan(${upper})`, 0, true, (x) => tf.less(x, upper));
}

/**
 * The probability simplex: x_k >= 0 and |sum_k x_k - 1| <= 1e-6 K + 1e-6 (float32 rounding of a
 * K-term sum). Event dimension 1. Default transform: StickBreaking.
 *
 * @category Constraints
 */
export const simplex: DistConstraint = make({ kind: 'simplex' }, 'simplex', 1, true, (x) => {
  const k = x.shape[x.rank - 1] ?? 1;
  const sumOk = tf.lessEqual(tf.abs(tf.sub(tf.sum(x, -1), 1)), 1e-6 * k + 1e-6);
  return tf.logicalAnd(tf.all(tf.greaterEqual(x, 0), -1), sumOk);
}, 0);

/**
 * Lower-triangular matrices with positive diagonal (Cholesky factors). Event dimension 2.
 * Default transform: LowerCholesky.
 *
 * @category Constraints
 */
export const lowerCholesky: DistConstraint = make({ kind: 'lowerCholesky' }, 'lowerCholesky', 2, true, (x) => {
  const n = x.shape[x.rank - 1] ?? 0;
  const upper = tf.sub(1, tf.linalg.bandPart(tf.ones([n, n]), -1, 0));
  const upperZero = tf.all(tf.equal(tf.mul(x, upper), 0), [-2, -1]);
  const diagPos = tf.all(tf.greater(tf.sum(tf.mul(x, tf.eye(n)), -1), 0), -1);
  return tf.logicalAnd(upperZero, diagPos);
}, 0);

/**
 * Symmetric positive-definite matrices (symmetric up to 1e-5 relative, Cholesky factor finite and
 * positive on the diagonal). Event dimension 2. Default transform: LowerCholesky then L L^T.
 *
 * @category Constraints
 */
export const positiveDefinite: DistConstraint = make(
  { kind: 'positiveDefinite' }, 'positiveDefinite', 2, true,
  (x) => {
    const n = x.shape[x.rank - 1] ?? 0;
    const perm = [...Array.from({ length: x.rank - 2 }, (_, i) => i), x.rank - 1, x.rank - 2];
    const xt = tf.transpose(x, perm);
    const tol = tf.mul(tf.max(tf.abs(x), [-2, -1], true), 1e-5);
    const sym = tf.all(tf.lessEqual(tf.abs(tf.sub(x, xt)), tol), [-2, -1]);
    const diag = tf.sum(tf.mul(cholesky(x), tf.eye(n)), -1);
    const pos = tf.all(tf.logicalAnd(tf.greater(diag, 0), tf.isFinite(diag)), -1);
    return tf.logicalAnd(sym, pos);
  },
  0,
);

/** {0, 1}. No default transform. @category Constraints */
export const boolean: DistConstraint = make({ kind: 'boolean' }, 'boolean', 0, false, (x) =>
  tf.logicalOr(tf.equal(x, 0), tf.equal(x, 1)),
);

/** {0, 1, 2, ...}. No default transform. @category Constraints */
export const nonnegativeInteger: DistConstraint = make(
  { kind: 'nonnegativeInteger' }, 'nonnegativeInteger', 0, false,
  (x) => tf.logicalAnd(tf.greaterEqual(x, 0), isInteger(x)),
);

/** Integers lower <= x <= upper. No default transform. @category Constraints */
export function integerInterval(lower: number, upper: number): DistConstraint {
  return make({ kind: 'integerInterval', lower, upper }, `integerInterval(${lower}, ${upper})`, 0, false, (x) =>
    tf.logicalAnd(tf.logicalAnd(tf.greaterEqual(x, lower), tf.lessEqual(x, upper)), isInteger(x)),
  );
}

/**
 * One-hot vectors: entries in {0, 1} summing to 1 over the last axis. Event dimension 1. No default
 * transform.
 *
 * @category Constraints
 */
export const oneHot: DistConstraint = make({ kind: 'oneHot' }, 'oneHot', 1, false, (x) => {
  const xf = tf.cast(x, 'float32');
  const binary = tf.all(tf.logicalOr(tf.equal(xf, 0), tf.equal(xf, 1)), -1);
  return tf.logicalAnd(binary, tf.equal(tf.sum(xf, -1), 1));
}, 0);

/**
 * Reinterprets `reinterpretedDims` batch dimensions of `base` as event dimensions: the check holds
 * for a whole block only if it holds for every element. Default transform: the base's, with its
 * log-determinant summed over the extra dimensions.
 *
 * @category Constraints
 */
export function independent(base: DistConstraint, reinterpretedDims: number): DistConstraint {
  if (!Number.isInteger(reinterpretedDims) || reinterpretedDims < 0) {
    throw new ArgumentError('independent', 'reinterpretedDims', `must be a nonnegative integer, got ${reinterpretedDims}`);
  }
  return make(
    { kind: 'independent', base, reinterpretedDims },
    `independent(${base.name}, ${reinterpretedDims})`,
    base.eventDim + reinterpretedDims,
    base.isContinuous,
    (x) => base.check(x),
    reinterpretedDims,
  );
}
