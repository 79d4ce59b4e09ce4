/**
 * Reference answers for one-dimensional state-space models with a Gaussian AR(1) state, computed
 * without TF.js: a bootstrap particle filter's log evidence (with its Monte Carlo standard error
 * over independent runs) and a deterministic grid filter and smoother.
 *
 * @module
 */
import { batchMeans, type Estimate } from './fit-steps.js';
import { Rng } from './rng.js';

/** A state-space model with a scalar AR(1) state and an arbitrary observation density. @category Gallery */
export interface ScalarStateSpace {
  /** AR coefficient φ of x_t = φ x_{t−1} + σ ε_t. */
  readonly coef: number;
  /** Noise standard deviation σ. */
  readonly scale: number;
  /** Standard deviation of x_1 ~ N(0, s₀²). */
  readonly initScale: number;
  /** log p(y_t | x_t) at time t (0-based). */
  readonly logLik: (t: number, x: number) => number;
  /** Length T of the series. */
  readonly length: number;
}

/**
 * One run of the bootstrap particle filter (Gordon, Salmond & Smith 1993): particles move by the
 * state transition, are weighted by the observation density and resampled (systematic) every
 * step. Returns the log of the unbiased evidence estimate
 *
 * ```text
 * log Ẑ = Σ_t log (1/N Σ_i w_t^i),   w_t^i = p(y_t | x_t^i)
 * ```
 *
 * @category Gallery
 */
export function bootstrapLogEvidence(m: ScalarStateSpace, particles: number, seed: number): number {
  const rng = new Rng(seed);
  let x = Float64Array.from({ length: particles }, () => m.initScale * rng.normal());
  const logW = new Float64Array(particles);
  let total = 0;
  for (let t = 0; t < m.length; t++) {
    if (t > 0) for (let i = 0; i < particles; i++) x[i] = m.coef * (x[i] as number) + m.scale * rng.normal();
    let max = -Infinity;
    for (let i = 0; i < particles; i++) {
      logW[i] = m.logLik(t, x[i] as number);
      max = Math.max(max, logW[i] as number);
    }
    const w = Float64Array.from(logW, (v) => Math.exp(v - max));
    const sum = w.reduce((a, b) => a + b, 0);
    total += max + Math.log(sum / particles);
    // Systematic resampling: one uniform offset, N evenly spaced points on the weights' cdf.
    const next = new Float64Array(particles);
    const u0 = rng.uniform() / particles;
    let cum = (w[0] as number) / sum;
    let j = 0;
    for (let i = 0; i < particles; i++) {
      const u = u0 + i / particles;
      while (u > cum && j < particles - 1) cum += (w[++j] as number) / sum;
      next[i] = x[j] as number;
    }
    x = next;
  }
  return total;
}

/** The particle filter's log evidence over `runs` independent seeds. @category Gallery */
export interface FilterEvidence extends Estimate {
  /** Standard deviation of one run's log Ẑ (its downward bias is ≈ sd²/2). */
  readonly sd: number;
}

/**
 * The mean of `runs` independent particle-filter estimates of log p(y), its standard error
 * sd/√runs and the spread sd of a single run.
 *
 * @category Gallery
 */
export function particleLogEvidence(m: ScalarStateSpace, particles: number, runs: number, seed: number): FilterEvidence {
  const xs = Array.from({ length: runs }, (_, r) => bootstrapLogEvidence(m, particles, seed * 7919 + r));
  const e = batchMeans(xs, runs);
  return { ...e, sd: e.se * Math.sqrt(runs) };
}

/** A grid filter and smoother's answers. @category Gallery */
export interface GridPosterior {
  /** log p(y) (midpoint rule on the grid). */
  readonly logEvidence: number;
  /** E[x_t | y_1..T] per t. */
  readonly mean: number[];
  /** sd[x_t | y_1..T] per t. */
  readonly sd: number[];
}

/**
 * The exact filter and smoother of the model discretized on `points` equally spaced states over
 * ±`width` stationary standard deviations (forward–backward on the grid, O(points² T)): the
 * integrals of the Gaussian transition and the observation density are midpoint sums, accurate to
 * many digits when the grid step is a small fraction of σ.
 *
 * @category Gallery
 */
export function gridPosterior(m: ScalarStateSpace, points = 600, width = 7): GridPosterior {
  const sd0 = Math.max(m.initScale, m.scale / Math.sqrt(Math.max(1e-12, 1 - m.coef * m.coef)));
  const step = (2 * width * sd0) / points;
  const x = Array.from({ length: points }, (_, i) => -width * sd0 + (i + 0.5) * step);
  const normal = (v: number, s: number): number => Math.exp(-0.5 * (v / s) ** 2) / (s * Math.sqrt(2 * Math.PI));
  // K[i][j] = p(x_j | x_i) · step.
  const k = x.map((xi) => x.map((xj) => normal(xj - m.coef * xi, m.scale) * step));
  // The observation density on the grid, scaled by its maximum (returned as a log offset).
  const lik = (t: number): { g: number[]; offset: number } => {
    const l = x.map((xj) => m.logLik(t, xj));
    const offset = Math.max(...l);
    return { g: l.map((v) => Math.exp(v - offset)), offset };
  };
  const alphas: number[][] = [];
  let logEvidence = 0;
  let prior = x.map((xj) => normal(xj, m.initScale) * step);
  for (let t = 0; t < m.length; t++) {
    if (t > 0) prior = x.map((_, j) => (alphas[t - 1] as number[]).reduce((s, a, i) => s + a * ((k[i] as number[])[j] as number), 0));
    const { g, offset } = lik(t);
    const joint = prior.map((p, j) => p * (g[j] as number));
    const c = joint.reduce((a, b) => a + b, 0);
    logEvidence += Math.log(c) + offset;
    alphas.push(joint.map((v) => v / c));
  }
  // Backward pass: β_T = 1, β_t(i) = Σ_j K[i][j] g_{t+1}(j) β_{t+1}(j) / c_{t+1} (normalized).
  let beta = new Array<number>(points).fill(1);
  const mean = new Array<number>(m.length).fill(0);
  const sd = new Array<number>(m.length).fill(0);
  for (let t = m.length - 1; t >= 0; t--) {
    if (t < m.length - 1) {
      const { g } = lik(t + 1);
      const b = beta;
      beta = x.map((_, i) => (k[i] as number[]).reduce((s, kij, j) => s + kij * (g[j] as number) * (b[j] as number), 0));
      const norm = beta.reduce((a, v) => a + v, 0);
      beta = beta.map((v) => v / norm);
    }
    const post = (alphas[t] as number[]).map((a, i) => a * (beta[i] as number));
    const z = post.reduce((a, b) => a + b, 0);
    const m1 = post.reduce((s, p, i) => s + p * (x[i] as number), 0) / z;
    const m2 = post.reduce((s, p, i) => s + p * (x[i] as number) ** 2, 0) / z;
    mean[t] = m1;
    sd[t] = Math.sqrt(Math.max(0, m2 - m1 * m1));
  }
  return { logEvidence, mean, sd };
}
