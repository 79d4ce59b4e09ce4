// A Gaussian target N(mean, cov) as a plain-JS potential (no model), for testing the kernels on
// their own: U(q) = ½ (q − m)ᵀ Σ⁻¹ (q − m), ∇U = Σ⁻¹ (q − m).
import type { Tensor2D } from '@aevb/core';
import type { PotentialFn } from '../potential.js';

export interface GaussianTarget {
  readonly mean: readonly number[];
  readonly cov: readonly (readonly number[])[];
  readonly potential: PotentialFn;
  /** Number of potential calls and of states evaluated so far. */
  readonly calls: { count: number; states: number };
}

function invert2or3(a: readonly (readonly number[])[]): number[][] {
  // Gauss–Jordan (small matrices only).
  const n = a.length;
  const m = a.map((r, i) => [...r, ...Array.from({ length: n }, (_, j) => (i === j ? 1 : 0))]);
  for (let c = 0; c < n; c++) {
    const piv = m[c]![c]!;
    for (let j = 0; j < 2 * n; j++) m[c]![j]! /= piv;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = m[r]![c]!;
      for (let j = 0; j < 2 * n; j++) m[r]![j]! -= f * m[c]![j]!;
    }
  }
  return m.map((r) => r.slice(n));
}

export function gaussianTarget(mean: readonly number[], cov: readonly (readonly number[])[]): GaussianTarget {
  const prec = invert2or3(cov);
  const d = mean.length;
  const calls = { count: 0, states: 0 };
  const potential: PotentialFn = (u: Tensor2D) => {
    const [c] = u.shape;
    const x = u.dataSync();
    calls.count++;
    calls.states += c;
    const value = new Float64Array(c);
    const gradient = new Float64Array(c * d);
    for (let k = 0; k < c; k++) {
      const r = Array.from({ length: d }, (_, i) => (x[k * d + i] as number) - (mean[i] as number));
      let v = 0;
      for (let i = 0; i < d; i++) {
        let g = 0;
        for (let j = 0; j < d; j++) g += prec[i]![j]! * r[j]!;
        gradient[k * d + i] = g;
        v += 0.5 * r[i]! * g;
      }
      value[k] = v;
    }
    return { value, gradient };
  };
  return { mean, cov, potential, calls };
}
