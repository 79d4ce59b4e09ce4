/**
 * Small dense linear algebra on plain arrays, for the gallery's reference answers (computed
 * independently of TF.js and of the fit).
 *
 * @module
 */

/** A dense matrix as rows. @category Gallery */
export type Matrix = number[][];

/** Matrix product A B. @category Gallery */
export function matMul(a: Matrix, b: Matrix): Matrix {
  const m = b[0]?.length ?? 0;
  return a.map((row) => Array.from({ length: m }, (_, j) => row.reduce((s, v, k) => s + v * (b[k]?.[j] as number), 0)));
}

/** Transpose. @category Gallery */
export function transpose(a: Matrix): Matrix {
  return (a[0] ?? []).map((_, j) => a.map((row) => row[j] as number));
}

/** Inverse by Gauss–Jordan elimination with partial pivoting. @category Gallery */
export function inverse(a: Matrix): Matrix {
  const n = a.length;
  const m = a.map((row, i) => [...row, ...Array.from({ length: n }, (_, j) => (i === j ? 1 : 0))]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[p]![c]!)) p = r;
    [m[c], m[p]] = [m[p]!, m[c]!];
    const piv = m[c]![c]!;
    m[c] = m[c]!.map((v) => v / piv);
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = m[r]![c]!;
      m[r] = m[r]!.map((v, j) => v - f * m[c]![j]!);
    }
  }
  return m.map((row) => row.slice(n));
}

/** Matrix–vector product. @category Gallery */
export function matVec(a: Matrix, x: readonly number[]): number[] {
  return a.map((row) => row.reduce((s, v, k) => s + v * (x[k] as number), 0));
}

/**
 * Eigen-decomposition of a symmetric matrix by cyclic Jacobi rotations: eigenvalues in
 * decreasing order and the eigenvectors as columns of `vectors`.
 *
 * @category Gallery
 */
export function symmetricEigen(a: Matrix): { values: number[]; vectors: Matrix } {
  const n = a.length;
  const m = a.map((r) => [...r]);
  const v: Matrix = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += m[p]![q]! ** 2;
    if (off < 1e-22) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = m[p]![q]!;
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (m[q]![q]! - m[p]![p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const mkp = m[k]![p]!;
          const mkq = m[k]![q]!;
          m[k]![p] = c * mkp - s * mkq;
          m[k]![q] = s * mkp + c * mkq;
        }
        for (let k = 0; k < n; k++) {
          const mpk = m[p]![k]!;
          const mqk = m[q]![k]!;
          m[p]![k] = c * mpk - s * mqk;
          m[q]![k] = s * mpk + c * mqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k]![p]!;
          const vkq = v[k]![q]!;
          v[k]![p] = c * vkp - s * vkq;
          v[k]![q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => m[j]![j]! - m[i]![i]!);
  return { values: order.map((i) => m[i]![i]!), vectors: v.map((row) => order.map((i) => row[i]!)) };
}

/**
 * Cosines of the principal angles between the column spans of `a` and `b` (n×k each): the
 * singular values of Qaᵀ Qb with Q orthonormal bases. All near 1 means the same subspace.
 *
 * @category Gallery
 */
export function subspaceCosines(a: Matrix, b: Matrix): number[] {
  const qa = orthonormalize(a);
  const qb = orthonormalize(b);
  const m = matMul(transpose(qa), qb);
  return symmetricEigen(matMul(m, transpose(m))).values.map((v) => Math.sqrt(Math.max(0, Math.min(1, v))));
}

function orthonormalize(a: Matrix): Matrix {
  const cols = transpose(a);
  const out: number[][] = [];
  for (const c of cols) {
    const v = [...c];
    for (const u of out) {
      const d = v.reduce((s, x, i) => s + x * u[i]!, 0);
      for (let i = 0; i < v.length; i++) v[i] = v[i]! - d * u[i]!;
    }
    const norm = Math.hypot(...v);
    out.push(v.map((x) => x / norm));
  }
  return transpose(out);
}
