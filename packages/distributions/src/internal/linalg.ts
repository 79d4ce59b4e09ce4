/**
 * Small dense linear algebra built from differentiable TF.js ops (tfjs has no Cholesky or
 * triangular solve). Each routine unrolls a loop over the matrix size n, so it issues O(n) ops of
 * O(n^2) work each: meant for event sizes up to {@link MAX_LINALG_SIZE}.
 *
 * @module
 */
import { ArgumentError, tf } from '@aevb/core';
import type { Tensor } from '@aevb/core';

/** Largest matrix size the unrolled routines accept. @internal */
export const MAX_LINALG_SIZE = 256;

function checkSize(fn: string, arg: string, n: number): void {
  if (n > MAX_LINALG_SIZE) {
    throw new ArgumentError(fn, arg, `has size ${n}; the unrolled TF.js routines support at most ${MAX_LINALG_SIZE}`);
  }
}

/** Swaps the two last axes. @internal */
export function matrixTranspose(x: Tensor): Tensor {
  const perm = Array.from({ length: x.rank }, (_, i) => i);
  perm[x.rank - 2] = x.rank - 1;
  perm[x.rank - 1] = x.rank - 2;
  return tf.transpose(x, perm);
}

/** The diagonal of the two last axes, shape [..., n]. @internal */
export function matrixDiag(x: Tensor): Tensor {
  const n = x.shape[x.rank - 1] ?? 0;
  return tf.tidy(() => tf.sum(tf.mul(x, tf.eye(n)), -1));
}

/** Lower-triangular mask (ones on and below the diagonal), shape [n, n]. @internal */
export function lowerMask(n: number, strict = false): Tensor {
  return tf.tidy(() => {
    const m = tf.linalg.bandPart(tf.ones([n, n]), -1, 0);
    return strict ? tf.sub(m, tf.eye(n)) : m;
  });
}

/**
 * Cholesky factor L (lower, L L^T = A) of symmetric positive-definite matrices A [..., n, n],
 * column by column (Cholesky–Crout), differentiable by autodiff. A non-positive-definite input
 * gives NaN on the offending diagonal.
 *
 * @internal
 */
export function cholesky(a: Tensor): Tensor {
  const n = a.shape[a.rank - 1] ?? 0;
  checkSize('cholesky', 'a', n);
  return tf.tidy(() => {
    const cols: Tensor[] = [];
    const rowIdx = tf.range(0, n, 1, 'int32');
    for (let j = 0; j < n; j++) {
      // v = A[:, j] - sum_{k<j} L[:, k] L[j, k]
      let v = tf.squeeze(tf.slice(a, [...Array(a.rank - 1).fill(0), j], [...Array(a.rank - 1).fill(-1), 1]), [-1]);
      for (const c of cols) v = tf.sub(v, tf.mul(c, tf.slice(c, [...Array(c.rank - 1).fill(0), j], [...Array(c.rank - 1).fill(-1), 1])));
      const d = tf.sqrt(tf.slice(v, [...Array(v.rank - 1).fill(0), j], [...Array(v.rank - 1).fill(-1), 1]));
      const mask = tf.cast(tf.greaterEqual(rowIdx, j), 'float32');
      cols.push(tf.mul(tf.div(v, d), mask));
    }
    return tf.stack(cols, -1);
  });
}

/**
 * Solves L x = b for lower-triangular L [..., n, n] and right-hand sides b [..., n, m] by forward
 * substitution (batch axes broadcast). Differentiable.
 *
 * @internal
 */
export function triangularSolve(l: Tensor, b: Tensor): Tensor {
  const n = l.shape[l.rank - 1] ?? 0;
  checkSize('triangularSolve', 'l', n);
  return tf.tidy(() => {
    const rows: Tensor[] = [];
    for (let i = 0; i < n; i++) {
      const lRow = tf.slice(l, [...Array(l.rank - 2).fill(0), i, 0], [...Array(l.rank - 2).fill(-1), 1, -1]); // [...,1,n]
      const bRow = tf.slice(b, [...Array(b.rank - 2).fill(0), i, 0], [...Array(b.rank - 2).fill(-1), 1, -1]); // [...,1,m]
      let acc = bRow;
      if (i > 0) {
        const prev = tf.concat(rows, -2); // [..., i, m]
        const lPart = tf.slice(lRow, [...Array(l.rank - 1).fill(0), 0], [...Array(l.rank - 1).fill(-1), i]);
        acc = tf.sub(acc, tf.matMul(lPart, prev));
      }
      const lii = tf.slice(lRow, [...Array(l.rank - 1).fill(0), i], [...Array(l.rank - 1).fill(-1), 1]);
      rows.push(tf.div(acc, lii));
    }
    return tf.concat(rows, -2);
  });
}

/** Solves L x = b for vectors b [..., n] (batch axes broadcast against L's). @internal */
export function triangularSolveVec(l: Tensor, b: Tensor): Tensor {
  return tf.tidy(() => tf.squeeze(triangularSolve(l, tf.expandDims(b, -1)), [-1]));
}

/** Matrix times vector: [..., n, m] x [..., m] -> [..., n], batch axes broadcast. @internal */
export function matVec(a: Tensor, v: Tensor): Tensor {
  return tf.tidy(() => tf.squeeze(tf.matMul(a, tf.expandDims(v, -1)), [-1]));
}
