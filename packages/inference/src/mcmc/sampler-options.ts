/**
 * Options of the MCMC samplers, with their defaults and checks.
 *
 * @module
 */
import { ArgumentError } from '@aevb/core';

/**
 * How to run the chains. Only `seed` is required.
 *
 * @category MCMC
 */
export interface SamplerOptions {
  /** Seed of every random number of the run (chain c uses `mixSeed(seed, c)`). */
  readonly seed: number;
  /** `'nuts'` (default) or `'hmc'` (a fixed number of leapfrog steps). */
  readonly kernel?: 'nuts' | 'hmc';
  /** Warmup (adaptation) iterations per chain, discarded. Default 500. */
  readonly warmup?: number;
  /** Draws kept per chain. Default 500. */
  readonly draws?: number;
  /** Target acceptance statistic of the step-size adaptation. Default 0.8 (0.9 for harder posteriors). */
  readonly targetAccept?: number;
  /** Initial step size. Default: found by the Hoffman–Gelman heuristic from 1. Without adaptation (or warmup 0) it is used as given. */
  readonly stepSize?: number;
  /** Adapt the step size during warmup (dual averaging). Default true. */
  readonly adaptStepSize?: boolean;
  /** Adapt a diagonal mass matrix during warmup (Stan's windows). Default true. */
  readonly adaptMass?: boolean;
  /** Initial diagonal inverse mass matrix (one positive entry per coordinate). Default all ones. */
  readonly inverseMass?: ArrayLike<number>;
  /** HMC: leapfrog steps per transition. Default 10. */
  readonly numSteps?: number;
  /**
   * Each transition's step size is the adapted one times a uniform factor in [1 − j, 1 + j]
   * (Stan's `stepsize_jitter`). Breaks the near-periodic trajectories of HMC with a fixed number
   * of steps on Gaussian-like posteriors. Default 0.
   */
  readonly stepSizeJitter?: number;
  /** NUTS: maximum tree depth (at most 2^depth leapfrog steps per transition). Default 10. */
  readonly maxTreeDepth?: number;
}

/** Options with defaults filled in. @internal */
export interface ResolvedSamplerOptions {
  readonly seed: number;
  readonly kernel: 'nuts' | 'hmc';
  readonly warmup: number;
  readonly draws: number;
  readonly targetAccept: number;
  readonly stepSize: number | undefined;
  readonly adaptStepSize: boolean;
  readonly adaptMass: boolean;
  readonly inverseMass: Float64Array;
  readonly numSteps: number;
  readonly stepSizeJitter: number;
  readonly maxTreeDepth: number;
}

function integer(fn: string, name: string, v: number, min: number, max = Infinity): number {
  if (!Number.isInteger(v) || v < min || v > max) {
    throw new ArgumentError(fn, name, `must be an integer in [${min}, ${max}], got ${v}`);
  }
  return v;
}

/** Checks `options` for `chains` chains of dimension `dim` and fills in the defaults. @internal */
export function checkSamplerOptions(fn: string, options: SamplerOptions, chains: number, dim: number): ResolvedSamplerOptions {
  integer(fn, 'seed', options.seed, -(2 ** 31), 2 ** 32 - 1);
  integer(fn, 'chains', chains, 1);
  integer(fn, 'dimension', dim, 1);
  const kernel = options.kernel ?? 'nuts';
  if (kernel !== 'nuts' && kernel !== 'hmc') throw new ArgumentError(fn, 'kernel', `must be 'nuts' or 'hmc', got '${String(kernel)}'`);
  const targetAccept = options.targetAccept ?? 0.8;
  if (!(targetAccept > 0 && targetAccept < 1)) throw new ArgumentError(fn, 'targetAccept', `must lie in (0, 1), got ${targetAccept}`);
  const stepSize = options.stepSize;
  if (stepSize !== undefined && !(stepSize > 0 && Number.isFinite(stepSize))) {
    throw new ArgumentError(fn, 'stepSize', `must be a positive finite number, got ${stepSize}`);
  }
  const stepSizeJitter = options.stepSizeJitter ?? 0;
  if (!(stepSizeJitter >= 0 && stepSizeJitter < 1)) throw new ArgumentError(fn, 'stepSizeJitter', `must lie in [0, 1), got ${stepSizeJitter}`);
  const inverseMass = Float64Array.from(options.inverseMass ?? new Float64Array(dim).fill(1));
  if (inverseMass.length !== dim) throw new ArgumentError(fn, 'inverseMass', `has ${inverseMass.length} entries for ${dim} coordinates`);
  inverseMass.forEach((m, i) => {
    if (!(m > 0 && Number.isFinite(m))) throw new ArgumentError(fn, 'inverseMass', `entry ${i} must be positive and finite, got ${m}`);
  });
  return {
    seed: options.seed,
    kernel,
    warmup: integer(fn, 'warmup', options.warmup ?? 500, 0),
    draws: integer(fn, 'draws', options.draws ?? 500, 1),
    targetAccept,
    stepSize,
    adaptStepSize: options.adaptStepSize ?? true,
    adaptMass: options.adaptMass ?? true,
    inverseMass,
    numSteps: integer(fn, 'numSteps', options.numSteps ?? 10, 1),
    stepSizeJitter,
    maxTreeDepth: integer(fn, 'maxTreeDepth', options.maxTreeDepth ?? 10, 1, 30),
  };
}
