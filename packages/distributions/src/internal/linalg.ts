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

/** Below this size the solve substitutes row by row; above it, by blocks. */
const BLOCKED_FROM = 16;

/**
 * Solves L x = b for lower-triangular L [..., n, n] and right-hand sides b [..., n, m] (batch axes
 * broadcast). Differentiable. Small systems use forward substitution (n sequential steps); from
 * n = 16 on, block forward substitution with k = ⌈√n⌉: the ⌈n/k⌉ diagonal blocks are inverted
 * together by substitution (k steps, batched), then
 *
 * ```text
 * x_j = L_jj⁻¹ (b_j − Σ_{i<j} L_ji x_i)    for block j = 1..⌈n/k⌉
 * ```
 *
 * so about 2√n sequential steps instead of n (the op count, not the arithmetic, is what a small
 * solve costs in TF.js).
 *
 * @internal
 */
export function triangularSolve(l: Tensor, b: Tensor): Tensor {
  const n = l.shape[l.rank - 1] ?? 0;
  checkSize('triangularSolve', 'l', n);
  return n < BLOCKED_FROM ? substitute(l, b) : blockSolve(l, b, n);
}

/** `x[..., from : from + size, :]` (rows of the second-to-last axis) or columns with `cols`. */
function rows(x: Tensor, from: number, size: number, cols?: [number, number]): Tensor {
  const lead = x.rank - 2;
  const c = cols ?? [0, -1];
  return tf.slice(x, [...new Array<number>(lead).fill(0), from, c[0]], [...new Array<number>(lead).fill(-1), size, c[1]]);
}

function blockSolve(l: Tensor, b: Tensor, n: number): Tensor {
  return tf.tidy(() => {
    const k = Math.ceil(Math.sqrt(n));
    const m = Math.ceil(n / k);
    const pad = m * k - n;
    // Pad to m·k: identity on the new diagonal, zero right-hand sides (their solution is 0).
    const lead = (x: Tensor): [number, number][] => new Array<[number, number]>(x.rank - 2).fill([0, 0]);
    const lp = pad === 0 ? l : tf.add(tf.pad(l, [...lead(l), [0, pad], [0, pad]]), tf.pad(tf.eye(pad), [[n, 0], [n, 0]]));
    const bp = pad === 0 ? b : tf.pad(b, [...lead(b), [0, pad], [0, 0]]);
    const diagonal = tf.stack(Array.from({ length: m }, (_, j) => rows(lp, j * k, k, [j * k, k])), -3); // [..., m, k, k]
    const inverses = tf.unstack(substitute(diagonal, tf.eye(k)), diagonal.rank - 3);
    const xs: Tensor[] = [];
    for (let j = 0; j < m; j++) {
      let r = rows(bp, j * k, k);
      if (j > 0) r = tf.sub(r, tf.matMul(rows(lp, j * k, k, [0, j * k]), tf.concat(xs, -2)));
      xs.push(tf.matMul(inverses[j] as Tensor, r));
    }
    const x = tf.concat(xs, -2);
    return pad === 0 ? x : rows(x, 0, n);
  });
}

/** Forward substitution, one row at a time (n sequential steps). */
function substitute(l: Tensor, b: Tensor): Tensor {
  const n = l.shape[l.rank - 1] ?? 0;
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
