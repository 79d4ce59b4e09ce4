/**
 * Hamiltonian dynamics with a diagonal mass matrix: phase-space points, the kinetic energy, momentum
 * refreshment and the leapfrog step, for one chain or several at once.
 *
 * ```text
 * H(q, p) = U(q) + ½ pᵀ M⁻¹ p,   p ~ N(0, M),   M⁻¹ = diag(invMass)
 * leapfrog(ε): p ← p − ε/2 ∇U(q);  q ← q + ε M⁻¹ p;  p ← p − ε/2 ∇U(q)
 * ```
 *
 * @module
 */
import type { ChainRng } from './chain-rng.js';
import { allFinite, evaluatePotential, type PotentialFn } from './potential.js';

/** A point in phase space with its potential and gradient. @internal */
export interface PhasePoint {
  q: Float64Array;
  p: Float64Array;
  /** U(q). */
  u: number;
  /** ∇U(q). */
  grad: Float64Array;
}

/** A deep copy of a phase point. @internal */
export function copyPoint(z: PhasePoint): PhasePoint {
  return { q: Float64Array.from(z.q), p: Float64Array.from(z.p), u: z.u, grad: Float64Array.from(z.grad) };
}

/** ½ pᵀ M⁻¹ p. @internal */
export function kinetic(p: Float64Array, invMass: Float64Array): number {
  let k = 0;
  for (let i = 0; i < p.length; i++) k += (p[i] as number) ** 2 * (invMass[i] as number);
  return 0.5 * k;
}

/** H = U + K (NaN counts as +∞). @internal */
export function hamiltonian(z: PhasePoint, invMass: Float64Array): number {
  const h = z.u + kinetic(z.p, invMass);
  return Number.isNaN(h) ? Infinity : h;
}

/** Draws p ~ N(0, M) into `z.p`. @internal */
export function refreshMomentum(z: PhasePoint, invMass: Float64Array, rng: ChainRng): void {
  for (let i = 0; i < z.p.length; i++) z.p[i] = rng.normal() / Math.sqrt(invMass[i] as number);
}

/** M⁻¹ p (the velocity, "p♯"). @internal */
export function velocity(p: Float64Array, invMass: Float64Array): Float64Array {
  const v = new Float64Array(p.length);
  for (let i = 0; i < p.length; i++) v[i] = (p[i] as number) * (invMass[i] as number);
  return v;
}

/**
 * One leapfrog step of size `eps[i]` for each point `zs[i]` (chain `chains[i]`), in place, with
 * one potential call for all of them. Returns, per point, whether U and ∇U at the new position
 * are finite; a point whose answer is not finite keeps its new position with `u = +∞` and its
 * last momentum (callers treat it as diverged and stop moving it).
 *
 * @internal
 */
export function leapfrog(
  potential: PotentialFn,
  zs: readonly PhasePoint[],
  chains: readonly number[],
  eps: readonly number[],
  invMass: readonly Float64Array[],
): boolean[] {
  const dim = zs[0]?.q.length ?? 0;
  zs.forEach((z, i) => {
    const e = eps[i] as number;
    const m = invMass[i] as Float64Array;
    for (let j = 0; j < dim; j++) {
      z.p[j] = (z.p[j] as number) - 0.5 * e * (z.grad[j] as number);
      z.q[j] = (z.q[j] as number) + e * (m[j] as number) * (z.p[j] as number);
    }
  });
  const { value, gradient } = evaluatePotential(
    potential,
    dim,
    zs.map((z) => z.q),
    chains,
  );
  return zs.map((z, i) => {
    const e = eps[i] as number;
    const u = value[i] as number;
    const ok = Number.isFinite(u) && allFinite(gradient, i * dim, (i + 1) * dim);
    if (!ok) {
      z.u = Infinity;
      return false;
    }
    z.u = u;
    for (let j = 0; j < dim; j++) {
      const g = gradient[i * dim + j] as number;
      z.grad[j] = g;
      z.p[j] = (z.p[j] as number) - 0.5 * e * g;
    }
    return true;
  });
}
