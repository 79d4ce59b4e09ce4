/**
 * One transition of the No-U-Turn Sampler for one chain: multinomial sampling over the trajectory
 * (biased progressive sampling between subtrees, uniform within), the generalized U-turn criterion
 * checked across every merged subtree, as in Stan (Hoffman & Gelman 2014; Betancourt 2017).
 *
 * @module
 */
import type { ChainRng } from './chain-rng.js';
import { MAX_DELTA_H, type TransitionStats } from './hmc.js';
import { copyPoint, hamiltonian, leapfrog, refreshMomentum, velocity, type PhasePoint } from './integrator.js';
import type { PotentialFn } from './potential.js';

/** The fixed context of one trajectory. */
interface Trajectory {
  readonly potential: PotentialFn;
  readonly chain: number;
  readonly invMass: Float64Array;
  readonly rng: ChainRng;
  readonly h0: number;
  eps: number;
  z: PhasePoint;
  leapfrogs: number;
  sumAccept: number;
  divergent: boolean;
}

/** The ends of a (sub)tree: momenta p and velocities p♯ = M⁻¹p at its first and last state. */
interface Ends {
  pBeg: Float64Array;
  pEnd: Float64Array;
  vBeg: Float64Array;
  vEnd: Float64Array;
}

function logAddExp(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  const m = Math.max(a, b);
  return m + Math.log(Math.exp(a - m) + Math.exp(b - m));
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] as number) * (b[i] as number);
  return s;
}

function sum(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = (a[i] as number) + (b[i] as number);
  return out;
}

/** The generalized no-U-turn criterion: both end velocities point along the summed momentum ρ. */
function noUTurn(vMinus: Float64Array, vPlus: Float64Array, rho: Float64Array): boolean {
  return dot(vPlus, rho) > 0 && dot(vMinus, rho) > 0;
}

/**
 * Builds a subtree of 2^depth leapfrog steps from `t.z` in the direction of `t.eps`. Adds the
 * subtree's summed momentum to `rho`, writes its end momenta into `ends`, and returns
 * `{ valid, logWeight, propose }` (the subtree's log Σ exp(H0 − H) and its multinomial sample);
 * `valid` is false after a divergence or a U-turn inside the subtree.
 */
function buildTree(t: Trajectory, depth: number, rho: Float64Array, ends: Ends): { valid: boolean; logWeight: number; propose: PhasePoint } {
  if (depth === 0) {
    leapfrog(t.potential, [t.z], [t.chain], [t.eps], [t.invMass]);
    t.leapfrogs++;
    const h = hamiltonian(t.z, t.invMass);
    if (h - t.h0 > MAX_DELTA_H || !Number.isFinite(h)) t.divergent = true;
    const logW = t.h0 - h;
    t.sumAccept += logW > 0 ? 1 : Number.isFinite(logW) ? Math.exp(logW) : 0;
    const v = velocity(t.z.p, t.invMass);
    ends.pBeg = Float64Array.from(t.z.p);
    ends.pEnd = ends.pBeg;
    ends.vBeg = v;
    ends.vEnd = v;
    for (let i = 0; i < rho.length; i++) rho[i] = (rho[i] as number) + (t.z.p[i] as number);
    return { valid: !t.divergent, logWeight: Number.isFinite(logW) ? logW : -Infinity, propose: copyPoint(t.z) };
  }
  const dim = rho.length;
  const initEnds: Ends = { pBeg: ends.pBeg, pEnd: ends.pEnd, vBeg: ends.vBeg, vEnd: ends.vEnd };
  const rhoInit = new Float64Array(dim);
  const init = buildTree(t, depth - 1, rhoInit, initEnds);
  if (!init.valid) return init;
  const finalEnds: Ends = { pBeg: ends.pBeg, pEnd: ends.pEnd, vBeg: ends.vBeg, vEnd: ends.vEnd };
  const rhoFinal = new Float64Array(dim);
  const final = buildTree(t, depth - 1, rhoFinal, finalEnds);
  if (!final.valid) return final;
  const logWeight = logAddExp(init.logWeight, final.logWeight);
  // Multinomial (uniform within the subtree): take the second half with its share of the weight.
  let propose = init.propose;
  if (final.logWeight > logWeight || t.rng.uniform() < Math.exp(final.logWeight - logWeight)) propose = final.propose;
  const rhoSubtree = sum(rhoInit, rhoFinal);
  for (let i = 0; i < dim; i++) rho[i] = (rho[i] as number) + (rhoSubtree[i] as number);
  ends.pBeg = initEnds.pBeg;
  ends.vBeg = initEnds.vBeg;
  ends.pEnd = finalEnds.pEnd;
  ends.vEnd = finalEnds.vEnd;
  // Across the merged subtree, and across the seam between its halves (Stan ≥ 2.26).
  const valid =
    noUTurn(initEnds.vBeg, finalEnds.vEnd, rhoSubtree) &&
    noUTurn(initEnds.vBeg, finalEnds.vBeg, sum(rhoInit, finalEnds.pBeg)) &&
    noUTurn(initEnds.vEnd, finalEnds.vEnd, sum(rhoFinal, initEnds.pEnd));
  return { valid, logWeight, propose };
}

/**
 * One NUTS transition of chain `chain` from `z0`: returns the new point and the transition's
 * statistics (acceptance statistic averaged over every state visited, as Stan reports it).
 *
 * @internal
 */
export function nutsTransition(
  potential: PotentialFn,
  z0: PhasePoint,
  chain: number,
  eps: number,
  invMass: Float64Array,
  rng: ChainRng,
  maxTreeDepth: number,
): { point: PhasePoint; stats: TransitionStats } {
  const start = copyPoint(z0);
  refreshMomentum(start, invMass, rng);
  const h0 = hamiltonian(start, invMass);
  const v0 = velocity(start.p, invMass);
  const p0 = Float64Array.from(start.p);
  // The trajectory is a backward part and a forward part; each side's Ends hold its state nearest
  // the seam ("Beg") and its outer state ("End").
  let fwd = copyPoint(start);
  let bck = copyPoint(start);
  const fwdEnds: Ends = { pBeg: p0, pEnd: p0, vBeg: v0, vEnd: v0 };
  const bckEnds: Ends = { pBeg: p0, pEnd: p0, vBeg: v0, vEnd: v0 };
  let rho: Float64Array = Float64Array.from(p0);
  let logWeight = 0;
  let sample = start;
  const t: Trajectory = { potential, chain, invMass, rng, h0, eps, z: start, leapfrogs: 0, sumAccept: 0, divergent: false };
  let depth = 0;
  while (depth < maxTreeDepth) {
    let rhoFwd: Float64Array = new Float64Array(rho.length);
    let rhoBck: Float64Array = new Float64Array(rho.length);
    let sub: { valid: boolean; logWeight: number; propose: PhasePoint };
    if (rng.uniform() > 0.5) {
      // Extend forward from the forward end; the old trajectory becomes the backward part.
      t.z = copyPoint(fwd);
      t.eps = Math.abs(eps);
      rhoBck = rho;
      bckEnds.pBeg = fwdEnds.pEnd;
      bckEnds.vBeg = fwdEnds.vEnd;
      sub = buildTree(t, depth, rhoFwd, fwdEnds);
      fwd = t.z;
    } else {
      t.z = copyPoint(bck);
      t.eps = -Math.abs(eps);
      rhoFwd = rho;
      fwdEnds.pBeg = bckEnds.pEnd;
      fwdEnds.vBeg = bckEnds.vEnd;
      sub = buildTree(t, depth, rhoBck, bckEnds);
      bck = t.z;
    }
    if (!sub.valid) break;
    depth++;
    // Biased progressive sampling: the new subtree replaces the sample with probability min(1, w_new / w_old).
    if (sub.logWeight > logWeight || rng.uniform() < Math.exp(sub.logWeight - logWeight)) sample = sub.propose;
    logWeight = logAddExp(logWeight, sub.logWeight);
    rho = sum(rhoBck, rhoFwd);
    const persist =
      noUTurn(bckEnds.vEnd, fwdEnds.vEnd, rho) &&
      noUTurn(bckEnds.vEnd, fwdEnds.vBeg, sum(rhoBck, fwdEnds.pBeg)) &&
      noUTurn(bckEnds.vBeg, fwdEnds.vEnd, sum(rhoFwd, bckEnds.pBeg));
    if (!persist) break;
  }
  return {
    point: sample,
    stats: { acceptProb: t.leapfrogs > 0 ? t.sumAccept / t.leapfrogs : 0, divergent: t.divergent, treeDepth: depth, leapfrogSteps: t.leapfrogs },
  };
}
