// The unrolled linear algebra against float64 references: triangularSolve by substitution (n < 16)
// and by blocks (n ≥ 16, with and without padding to a multiple of the block size), its gradients,
// and broadcasting of batch axes.
// Tolerance: a float32 triangular solve has relative forward error ≲ n·u·κ(L) (u = 2⁻²⁴, κ the
// condition number, computed here in float64 from the explicit inverse); we allow 4 n u κ ‖x‖∞
// per element, plus the same for the rounding of L and b to float32.
import { tf } from '@aevb/core';
import { describe, expect, it } from 'vitest';
import { Rng } from '../testing/rng.js';
import { triangularSolve, triangularSolveVec } from './linalg.js';

const U = 2 ** -24;

/** A lower-triangular n×n matrix: diagonal in [lo, 1], off-diagonal N(0, (0.5/√n)²), in float32. */
function lower(n: number, lo: number, rng: Rng): number[][] {
  return Array.from({ length: n }, (_, i) =>
    Array.from({ length: n }, (_, j) => Math.fround(j > i ? 0 : j === i ? lo + (1 - lo) * rng.uniform() : (0.5 / Math.sqrt(n)) * rng.normal())),
  );
}

/** Forward substitution in float64. */
function solve64(l: number[][], b: number[]): number[] {
  const x: number[] = [];
  l.forEach((row, i) => x.push((b[i]! - row.slice(0, i).reduce((s, v, k) => s + v * x[k]!, 0)) / row[i]!));
  return x;
}

/** κ∞(L) = ‖L‖∞ ‖L⁻¹‖∞ in float64. */
function condition(l: number[][]): number {
  const n = l.length;
  const inv = Array.from({ length: n }, (_, c) => solve64(l, Array.from({ length: n }, (_, r) => (r === c ? 1 : 0))));
  const normInf = (rows: number[][]): number => Math.max(...rows.map((r) => r.reduce((s, v) => s + Math.abs(v), 0)));
  const invRows = Array.from({ length: n }, (_, r) => inv.map((col) => col[r]!));
  return normInf(l) * normInf(invRows);
}

function expectSolution(got: ArrayLike<number>, want: number[], n: number, kappa: number): void {
  const scale = Math.max(...want.map(Math.abs));
  const tol = 8 * n * U * kappa * scale;
  want.forEach((w, i) => expect(Math.abs((got[i] as number) - w), `x[${i}]: ${got[i]} vs ${w} (κ ${kappa.toFixed(1)})`).toBeLessThanOrEqual(tol));
}

describe('linalg', () => {
  describe('triangularSolve', () => {
    it.each([
      [5, 0.5],
      [16, 0.5],
      [37, 0.5],
      [100, 0.5],
      [100, 1e-2],
    ])('n = %i, diagonal down to %f: matches float64 substitution', (n, lo) => {
      const rng = new Rng(n * 31 + Math.round(1 / lo));
      const l = lower(n, lo, rng);
      const b = Array.from({ length: n }, () => Math.fround(rng.normal()));
      const got = tf.tidy(() => triangularSolveVec(tf.tensor2d(l), tf.tensor1d(b)).dataSync());
      expectSolution(got, solve64(l, b), n, condition(l));
    });

    it('broadcasts batch axes of L against several right-hand sides', () => {
      const rng = new Rng(7);
      const ls = [lower(20, 0.5, rng), lower(20, 0.5, rng)];
      const b = Array.from({ length: 20 }, () => Array.from({ length: 3 }, () => Math.fround(rng.normal())));
      const got = tf.tidy(() => triangularSolve(tf.tensor3d(ls), tf.tensor2d(b)).arraySync() as number[][][]);
      expect([got.length, got[0]!.length, got[0]![0]!.length]).toEqual([2, 20, 3]);
      ls.forEach((l, k) => {
        for (let c = 0; c < 3; c++) {
          expectSolution(got[k]!.map((r) => r[c]!), solve64(l, b.map((r) => r[c]!)), 20, condition(l));
        }
      });
    });

    it('has the gradients of x = L⁻¹ b: ∂(wᵀx)/∂b = L⁻ᵀ w and ∂(wᵀx)/∂L = −(L⁻ᵀ w) xᵀ on the lower triangle', () => {
      const n = 23; // blocked, with padding (k = 5, 25 = 5·5)
      const rng = new Rng(11);
      const l = lower(n, 0.5, rng);
      const b = Array.from({ length: n }, () => Math.fround(rng.normal()));
      const w = Array.from({ length: n }, () => Math.fround(rng.normal()));
      const [gl, gb] = tf.tidy(() =>
        tf.grads((lt: tf.Tensor, bt: tf.Tensor) => tf.sum(tf.mul(triangularSolveVec(lt, bt), tf.tensor1d(w))))([tf.tensor2d(l), tf.tensor1d(b)]).map((g) => g.arraySync()),
      ) as [number[][], number[]];
      const x = solve64(l, b);
      // L⁻ᵀ w: solve the upper-triangular system Lᵀ v = w by back substitution.
      const v = new Array<number>(n).fill(0);
      for (let i = n - 1; i >= 0; i--) v[i] = (w[i]! - l.slice(i + 1).reduce((s, row, k) => s + row[i]! * v[i + 1 + k]!, 0)) / l[i]![i]!;
      const kappa = condition(l);
      expectSolution(gb, v, n, kappa);
      for (let i = 0; i < n; i++) {
        const want = Array.from({ length: i + 1 }, (_, j) => -v[i]! * x[j]!);
        expectSolution(gl[i]!.slice(0, i + 1), want, n, kappa * kappa);
      }
    });
  });
});
