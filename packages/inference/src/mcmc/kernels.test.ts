import { describe, expect, it } from 'vitest';
import { AevbError, ArgumentError, tf } from '@aevb/core';
import { DualAveraging } from './dual-averaging.js';
import { mcseMean, mcseSd } from './mcse.js';
import { adaptationWindows } from './mass-adaptation.js';
import type { PotentialFn } from './potential.js';
import { sampleChains, type ChainSamples } from './sample-chains.js';
import { gaussian2, jsPotential, logGamma } from './testing/targets.js';

/** Coordinate i of every draw, one sequence per chain. */
function coordinate(s: ChainSamples, i: number): Float64Array[] {
  return Array.from({ length: s.chains }, (_, c) => Float64Array.from({ length: s.draws }, (_, k) => s.positions[(c * s.draws + k) * s.dim + i]!));
}

function moments(chains: Float64Array[]): { mean: number; sd: number } {
  const all = chains.flatMap((c) => Array.from(c));
  const mean = all.reduce((a, b) => a + b, 0) / all.length;
  return { mean, sd: Math.sqrt(all.reduce((a, b) => a + (b - mean) ** 2, 0) / (all.length - 1)) };
}

/** |estimate − exact| < 4 MCSE for the mean and the sd of a coordinate (normal approximation: a false alarm has probability ≈ 6e-5 per check). */
function expectMoments(chains: Float64Array[], mean: number, sd: number): void {
  const m = moments(chains);
  expect(Math.abs(m.mean - mean), `mean ${m.mean} vs ${mean} (MCSE ${mcseMean(chains)})`).toBeLessThan(4 * mcseMean(chains));
  expect(Math.abs(m.sd - sd), `sd ${m.sd} vs ${sd} (MCSE ${mcseSd(chains)})`).toBeLessThan(4 * mcseSd(chains));
}

const inits = (d: number, values: number[]): Float64Array[] => values.map((v) => new Float64Array(d).fill(v));

// E[u] = ψ(2) = 1 − γ, Var[u] = ψ'(2) = π²/6 − 1 for u = log λ, λ ~ Gamma(2, 1).
const LOG_GAMMA_MEAN = 1 - 0.5772156649015329;
const LOG_GAMMA_SD = Math.sqrt(Math.PI ** 2 / 6 - 1);

describe('mcmc kernels', () => {
  describe('sampleChains: exactness with a fixed step size (no adaptation)', () => {
    // Without adaptation the kernels are exactly invariant for any step size, so the moments of a
    // skewed target must match to Monte Carlo error; a wrong multinomial weight, a wrong
    // acceptance ratio or a momentum sign error biases them.
    // (Checked by mutation: NUTS choosing uniformly inside subtrees instead of by weight puts the
    // mean 7–9 MCSE off at this step size and length; HMC without its accept step fails too.)
    const cases = [
      ['nuts', { stepSize: 1.1, draws: 6000 }],
      ['hmc', { stepSize: 0.4, numSteps: 4, draws: 2500 }],
      ['hmc', { stepSize: 0.4, numSteps: 4, draws: 2500, stepSizeJitter: 0.5 }],
    ] as const;
    for (const [kernel, extra] of cases) {
      it(`${kernel}${'stepSizeJitter' in extra ? ' with a jittered step' : ''} samples log λ, λ ~ Gamma(2, 1), with the exact mean and sd`, () => {
        const s = sampleChains(logGamma(2, 1).potential, inits(1, [-1, 0, 1, 2]), { seed: 3, kernel, warmup: 0, adaptStepSize: false, adaptMass: false, ...extra });
        expectMoments(coordinate(s, 0), LOG_GAMMA_MEAN, LOG_GAMMA_SD);
      });
    }
  });

  describe('sampleChains: adapted runs on a correlated Gaussian', () => {
    const mean = [1, -2] as const;
    const cov = [[1, 1.8], [1.8, 4]] as const; // correlation 0.9
    for (const kernel of ['nuts', 'hmc'] as const) {
      it(`${kernel} recovers means, sds and the covariance`, () => {
        const s = sampleChains(gaussian2(mean, cov).potential, inits(2, [3, -3, 0, 1]), { seed: 4, kernel, warmup: 300, draws: 1000 });
        const x = coordinate(s, 0);
        const y = coordinate(s, 1);
        expectMoments(x, 1, 1);
        expectMoments(y, -2, 2);
        // Covariance: the mean of (x − 1)(y + 2), exact 1.8, with its MCSE from the ESS of the products.
        const prod = x.map((c, i) => c.map((v, k) => (v - 1) * (y[i]![k]! + 2)));
        const all = prod.flatMap((c) => Array.from(c));
        expect(Math.abs(all.reduce((a, b) => a + b, 0) / all.length - 1.8)).toBeLessThan(4 * mcseMean(prod));
        expect(s.divergent.reduce((a, b) => a + b, 0)).toBe(0);
      });
    }

    it('adapts the diagonal inverse mass matrix to the marginal variances', () => {
      // Independent coordinates with sd 1 and 10: M⁻¹ ≈ (1, 100). The last window (450 draws of
      // warmup 1000, ESS ≳ 100 each) estimates each variance within ±40% at 4 SE (√(2/100) = 14%).
      const s = sampleChains(gaussian2([0, 0], [[1, 0], [0, 100]]).potential, inits(2, [0, 1]), { seed: 5, warmup: 1000, draws: 10 });
      for (let c = 0; c < 2; c++) {
        expect(s.inverseMass[2 * c]!).toBeGreaterThan(0.6);
        expect(s.inverseMass[2 * c]!).toBeLessThan(1.4);
        expect(s.inverseMass[2 * c + 1]!).toBeGreaterThan(60);
        expect(s.inverseMass[2 * c + 1]!).toBeLessThan(140);
      }
    });

    it('HMC tunes the step size to the target acceptance (0.9, the paper’s MCEM setting)', () => {
      // Dual averaging drives the warmup's mean acceptance to the target; the final averaged step
      // differs a little from the last iterate, so the draws' acceptance lies near, not at, 0.9.
      const s = sampleChains(gaussian2(mean, cov).potential, inits(2, [0, 1]), { seed: 6, kernel: 'hmc', warmup: 500, draws: 500, targetAccept: 0.9 });
      const rate = s.acceptProb.reduce((a, b) => a + b, 0) / s.acceptProb.length;
      expect(rate).toBeGreaterThan(0.82);
      expect(rate).toBeLessThan(0.97);
    });
  });

  describe('sampleChains: one target per chain', () => {
    it('gives each chain the target its index selects (HMC batches them, NUTS runs them one by one)', () => {
      // Chain c targets N(5c, 1): the potential reads which chains its rows belong to.
      const perChain: PotentialFn = (u, chains) => {
        const x = u.dataSync();
        const value = Float64Array.from(chains, (c, i) => 0.5 * (x[i]! - 5 * c) ** 2);
        const gradient = Float64Array.from(chains, (c, i) => x[i]! - 5 * c);
        return { value, gradient };
      };
      for (const kernel of ['hmc', 'nuts'] as const) {
        const s = sampleChains(perChain, inits(1, [0, 0, 0]), { seed: 10, kernel, warmup: 200, draws: 800 });
        const chains = coordinate(s, 0);
        chains.forEach((c, i) => expectMoments([c.slice(0, 400), c.slice(400)], 5 * i, 1));
      }
    });
  });

  describe('sampleChains: seeds', () => {
    const target = gaussian2([0, 0], [[1, 0.5], [0.5, 1]]).potential;
    for (const kernel of ['nuts', 'hmc'] as const) {
      it(`${kernel}: the same seed gives the same chains; chain c does not depend on how many chains run`, () => {
        const run = (seed: number, n: number) => sampleChains(target, inits(2, [0.5, -0.5, 1].slice(0, n)), { seed, kernel, warmup: 30, draws: 20 });
        const a = run(7, 3);
        expect(Array.from(run(7, 3).positions)).toEqual(Array.from(a.positions));
        expect(Array.from(run(8, 3).positions)).not.toEqual(Array.from(a.positions));
        expect(Array.from(run(7, 1).positions)).toEqual(Array.from(a.positions.subarray(0, 20 * 2)));
      });
    }
  });

  describe('sampleChains: divergences and refusals', () => {
    it('never leaves the support of a target with a wall and counts the divergent transitions', () => {
      // N(0, 1) truncated to x < 1; a large fixed step crosses the wall often.
      const wall = jsPotential(1, (x) => (x[0]! < 1 ? { u: 0.5 * x[0]! ** 2, grad: [x[0]!] } : { u: Infinity, grad: [NaN] }));
      for (const kernel of ['nuts', 'hmc'] as const) {
        const s = sampleChains(wall.potential, inits(1, [0]), { seed: 9, kernel, warmup: 0, draws: 300, stepSize: 1.5, adaptStepSize: false });
        expect(s.positions.every((v) => v < 1)).toBe(true);
        expect(s.divergent.reduce((a, b) => a + b, 0)).toBeGreaterThan(10);
      }
    });

    it('refuses an initial state where the potential is not finite, naming the chain', () => {
      const wall = jsPotential(1, (x) => (x[0]! < 1 ? { u: 0, grad: [0] } : { u: Infinity, grad: [0] }));
      expect(() => sampleChains(wall.potential, inits(1, [0, 2]), { seed: 1 })).toThrow(/chain 1: the potential or its gradient is not finite/);
      expect(() => sampleChains(wall.potential, inits(1, [0, 2]), { seed: 1 })).toThrow(AevbError);
    });

    it('refuses an improper (flat) target instead of running with an absurd step size', () => {
      const flat = jsPotential(1, () => ({ u: 0, grad: [0] }));
      expect(() => sampleChains(flat.potential, inits(1, [0]), { seed: 1 })).toThrow(/posterior may be improper/);
    });

    it('names the option at fault', () => {
      const t = gaussian2([0, 0], [[1, 0], [0, 1]]).potential;
      const bad = [
        [{ targetAccept: 1.2 }, 'targetAccept'],
        [{ warmup: -1 }, 'warmup'],
        [{ draws: 1.5 }, 'draws'],
        [{ stepSize: 0 }, 'stepSize'],
        [{ inverseMass: [1] }, 'inverseMass'],
        [{ maxTreeDepth: 0 }, 'maxTreeDepth'],
        [{ numSteps: 0 }, 'numSteps'],
        [{ stepSizeJitter: 1 }, 'stepSizeJitter'],
      ] as const;
      for (const [o, name] of bad) {
        expect(() => sampleChains(t, inits(2, [0]), { seed: 1, ...o })).toThrow(ArgumentError);
        expect(() => sampleChains(t, inits(2, [0]), { seed: 1, ...o })).toThrow(`'${name}'`);
      }
    });

    it('refuses a potential that answers with the wrong number of values', () => {
      const wrong = () => ({ value: new Float64Array(1), gradient: new Float64Array(5) });
      expect(() => sampleChains(wrong, inits(2, [0]), { seed: 1 })).toThrow(/returned 1 values and 5 gradient entries for 1 states of dimension 2/);
    });

    it('leaves no tensors behind', () => {
      const before = tf.memory().numTensors;
      sampleChains(gaussian2([0, 0], [[1, 0], [0, 1]]).potential, inits(2, [0, 1]), { seed: 2, warmup: 20, draws: 20 });
      expect(tf.memory().numTensors).toBe(before);
    });
  });

  describe('DualAveraging', () => {
    it('converges to the step size whose acceptance equals the target', () => {
      // A deterministic acceptance curve a(ε) = exp(−ε): the target 0.8 is met at ε* = −log 0.8.
      const da = new DualAveraging(0.8, 1);
      let eps = 1;
      for (let i = 0; i < 3000; i++) eps = da.update(Math.exp(-eps));
      expect(Math.abs(da.finalStepSize() / -Math.log(0.8) - 1)).toBeLessThan(0.02);
    });
  });

  describe('adaptationWindows', () => {
    it('follows Stan’s schedule (75 / 25 doubling / 50) and its 15% / 75% / 10% fallback', () => {
      expect(adaptationWindows(1000)).toEqual([[75, 100], [100, 150], [150, 250], [250, 450], [450, 950]]);
      expect(adaptationWindows(100)).toEqual([[15, 90]]);
      expect(adaptationWindows(19)).toEqual([]);
    });
  });
});
