// Targets written as plain-JS potentials (no model), for testing the kernels on their own.
import type { Tensor2D } from '@aevb/core';
import type { PotentialFn } from '../potential.js';

/** A potential from a function of one state returning U and ∇U; counts calls and states. */
export function jsPotential(d: number, f: (x: Float64Array) => { u: number; grad: ArrayLike<number> }): { potential: PotentialFn; calls: { count: number; states: number } } {
  const calls = { count: 0, states: 0 };
  const potential: PotentialFn = (u: Tensor2D) => {
    const [c] = u.shape;
    const x = u.dataSync();
    calls.count++;
    calls.states += c;
    const value = new Float64Array(c);
    const gradient = new Float64Array(c * d);
    for (let k = 0; k < c; k++) {
      const r = f(Float64Array.from(x.subarray(k * d, (k + 1) * d)));
      value[k] = r.u;
      gradient.set(r.grad, k * d);
    }
    return { value, gradient };
  };
  return { potential, calls };
}

/** N(mean, cov) for 2×2 covariances: U = ½ (x − m)ᵀ Σ⁻¹ (x − m). */
export function gaussian2(mean: readonly [number, number], cov: readonly [readonly [number, number], readonly [number, number]]) {
  const [[a, b], [, c]] = cov;
  const det = a * c - b * b;
  const p = [[c / det, -b / det], [-b / det, a / det]] as const;
  return jsPotential(2, (x) => {
    const r0 = x[0]! - mean[0];
    const r1 = x[1]! - mean[1];
    const g0 = p[0][0] * r0 + p[0][1] * r1;
    const g1 = p[1][0] * r0 + p[1][1] * r1;
    return { u: 0.5 * (r0 * g0 + r1 * g1), grad: [g0, g1] };
  });
}

/**
 * u = log λ with λ ~ Gamma(a, b): a skewed target with exact moments
 * E[u] = ψ(a) − log b, Var[u] = ψ'(a). U(u) = −(a u − b eᵘ).
 */
export function logGamma(a: number, b: number) {
  return jsPotential(1, (x) => ({ u: -(a * x[0]! - b * Math.exp(x[0]!)), grad: [-(a - b * Math.exp(x[0]!))] }));
}
