// Conjugate models with closed-form posteriors and evidences, for the correctness tests. Every
// model takes the name of its data plate, so tests can check that nothing depends on 'data'. They
// broadcast by arithmetic (mu + zeros(x.shape)) rather than tf.broadcastTo(mu, x.shape), so that
// a leading particle dimension passes through (vectorized logMarginal).
import { model, tf, type Tensor1D, type Tensor2D } from '@aevb/core';
import { Bernoulli, Beta, Gamma, Independent, Normal, Poisson } from '@aevb/distributions';

/** Natural log of the gamma function (Lanczos, g = 7, 9 terms; |error| < 1e-13 for x > 0). */
export function lgamma(x: number): number {
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lgamma(1 - x);
  const z = x - 1;
  let a = c[0] as number;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += (c[i] as number) / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Cholesky factor of a symmetric positive-definite matrix (lower). */
export function cholesky(a: readonly (readonly number[])[]): number[][] {
  const n = a.length;
  const l = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = (a[i] as number[])[j] as number;
      for (let k = 0; k < j; k++) s -= ((l[i] as number[])[k] as number) * ((l[j] as number[])[k] as number);
      (l[i] as number[])[j] = i === j ? Math.sqrt(s) : s / ((l[j] as number[])[j] as number);
    }
  }
  return l;
}

/** The inverse of a symmetric positive-definite matrix and its log-determinant. */
export function spdInverse(a: readonly (readonly number[])[]): { inv: number[][]; logDet: number } {
  const n = a.length;
  const l = cholesky(a);
  let logDet = 0;
  for (let i = 0; i < n; i++) logDet += 2 * Math.log((l[i] as number[])[i] as number);
  const inv = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let c = 0; c < n; c++) {
    // Solve L y = e_c, then Lᵀ x = y.
    const y = new Array<number>(n).fill(0);
    for (let i = 0; i < n; i++) {
      let s = i === c ? 1 : 0;
      for (let k = 0; k < i; k++) s -= ((l[i] as number[])[k] as number) * (y[k] as number);
      y[i] = s / ((l[i] as number[])[i] as number);
    }
    for (let i = n - 1; i >= 0; i--) {
      let s = y[i] as number;
      for (let k = i + 1; k < n; k++) s -= ((l[k] as number[])[i] as number) * ((inv[k] as number[])[c] as number);
      (inv[i] as number[])[c] = s / ((l[i] as number[])[i] as number);
    }
  }
  return { inv, logDet };
}

/** log N(y; 0, Σ). */
export function gaussianLogDensity(y: readonly number[], cov: readonly (readonly number[])[]): number {
  const { inv, logDet } = spdInverse(cov);
  let quad = 0;
  for (let i = 0; i < y.length; i++) for (let j = 0; j < y.length; j++) quad += (y[i] as number) * ((inv[i] as number[])[j] as number) * (y[j] as number);
  return -0.5 * (y.length * Math.log(2 * Math.PI) + logDet + quad);
}

/** A Gaussian posterior: mean, covariance, and the mean-field Gaussian optimum (variances 1/Λ_jj). */
export interface GaussianAnswer {
  readonly mean: number[];
  readonly cov: number[][];
  /** Standard deviations of the best mean-field Gaussian: 1/sqrt(Λ_jj). */
  readonly meanFieldSd: number[];
  readonly logEvidence: number;
}

function gaussianAnswer(precision: number[][], b: number[], logEvidence: number): GaussianAnswer {
  const { inv } = spdInverse(precision);
  const mean = inv.map((row) => row.reduce((s, v, j) => s + v * (b[j] as number), 0));
  return { mean, cov: inv, meanFieldSd: precision.map((row, i) => 1 / Math.sqrt(row[i] as number)), logEvidence };
}

// ---- normal mean: mu ~ N(0, 1), x_i ~ N(mu, 1) -------------------------------------------------

/** mu ~ N(0, 1), x_i | mu ~ N(mu, 1), the rows in plate `plate`. */
export function normalMeanModel(plate: string) {
  return model(`normal-mean[${plate}]`, { mu: 1 }, (ctx, x: Tensor1D) => {
    const mu = ctx.sample('mu', new Normal(tf.zeros([1]), tf.ones([1])));
    ctx.plate(plate, x.shape[0], () => ctx.observe('x', new Normal(tf.add(mu, tf.zeros(x.shape)), 1), x));
  });
}

/** The same model with the rows outside any plate (minibatches of it cannot be scaled). */
export const normalMeanNoPlate = model('normal-mean-no-plate', { mu: 1 }, (ctx, x: Tensor1D) => {
  const mu = ctx.sample('mu', new Normal(tf.zeros([1]), tf.ones([1])));
  ctx.observe('x', new Independent(new Normal(tf.broadcastTo(mu, x.shape), 1), 1), x);
});

/** Exact answer of {@link normalMeanModel}. */
export function normalMeanAnswer(x: readonly number[]): GaussianAnswer {
  const n = x.length;
  const cov = x.map((_, i) => x.map((__, j) => (i === j ? 2 : 1)));
  return gaussianAnswer([[1 + n]], [x.reduce((a, b) => a + b, 0)], gaussianLogDensity(x, cov));
}

// ---- local latents: theta_i ~ N(0, tau²), y_i ~ N(theta_i, sigma²) ---------------------------

export const LOCAL_TAU = 1.5;
export const LOCAL_SIGMA = 0.8;

/** Local latents only: theta_i ~ N(0, tau²), y_i | theta_i ~ N(theta_i, sigma²). */
export function localModel(plate: string) {
  return model(`local[${plate}]`, { theta: 1 }, (ctx, y: Tensor1D) => {
    const n = y.shape[0];
    ctx.plate(plate, n, () => {
      const theta = ctx.sample('theta', new Normal(tf.zeros([n]), LOCAL_TAU));
      ctx.observe('y', new Normal(theta, LOCAL_SIGMA), y);
    });
  });
}

/** Exact answer of {@link localModel}: independent per row. */
export function localAnswer(y: readonly number[]): GaussianAnswer {
  const p = 1 / LOCAL_TAU ** 2 + 1 / LOCAL_SIGMA ** 2;
  const precision = y.map((_, i) => y.map((__, j) => (i === j ? p : 0)));
  const v = LOCAL_TAU ** 2 + LOCAL_SIGMA ** 2;
  const logEvidence = y.reduce((s, yi) => s - 0.5 * (Math.log(2 * Math.PI * v) + (yi * yi) / v), 0);
  return gaussianAnswer(precision, y.map((yi) => yi / LOCAL_SIGMA ** 2), logEvidence);
}

// ---- hierarchical: mu ~ N(0, s0²), theta_i ~ N(mu, tau²), y_i ~ N(theta_i, sigma_i²) ---------

export const HIER_S0 = 2;
export const HIER_TAU = 1;

/** Rows: y_i with their known noise sd sigma_i. */
export type HierData = { readonly y: Tensor1D; readonly sigma: Tensor1D };

/** Global and local latents: mu ~ N(0, s0²), theta_i | mu ~ N(mu, tau²), y_i | theta_i ~ N(theta_i, sigma_i²). */
export function hierarchicalModel(plate: string) {
  return model(`hierarchical[${plate}]`, { mu: 0, theta: 1 }, (ctx, d: HierData) => {
    const n = d.y.shape[0];
    const mu = ctx.sample('mu', new Normal(0, HIER_S0));
    ctx.plate(plate, n, () => {
      const theta = ctx.sample('theta', new Normal(tf.add(mu, tf.zeros([n])), HIER_TAU));
      ctx.observe('y', new Normal(theta, d.sigma), d.y);
    });
  });
}

/** Exact answer of {@link hierarchicalModel}, coordinates (mu, theta_1, …, theta_N). */
export function hierarchicalAnswer(y: readonly number[], sigma: readonly number[]): GaussianAnswer {
  const n = y.length;
  const t2 = HIER_TAU ** 2;
  const precision = Array.from({ length: n + 1 }, () => new Array<number>(n + 1).fill(0));
  (precision[0] as number[])[0] = 1 / HIER_S0 ** 2 + n / t2;
  for (let i = 0; i < n; i++) {
    (precision[0] as number[])[i + 1] = -1 / t2;
    (precision[i + 1] as number[])[0] = -1 / t2;
    (precision[i + 1] as number[])[i + 1] = 1 / t2 + 1 / (sigma[i] as number) ** 2;
  }
  const b = [0, ...y.map((yi, i) => yi / (sigma[i] as number) ** 2)];
  const cov = y.map((_, i) => y.map((__, j) => HIER_S0 ** 2 + (i === j ? t2 + (sigma[i] as number) ** 2 : 0)));
  return gaussianAnswer(precision, b, gaussianLogDensity(y, cov));
}

// ---- linear regression: w ~ N(0, I), y_i ~ N(x_i · w, s²) -----------------------------------

export const REG_NOISE = 0.5;

/** Covariates and responses. */
export type RegData = { readonly x: Tensor2D; readonly y: Tensor1D };

/** Bayesian linear regression with a vector latent: w ~ N(0, I_D), y_i | w ~ N(x_i · w, s²). */
export function regressionModel(plate: string) {
  return model(`regression[${plate}]`, { w: 1 }, (ctx, d: RegData) => {
    const dims = d.x.shape[1];
    const w = ctx.sample('w', new Independent(new Normal(tf.zeros([dims]), 1), 1));
    ctx.plate(plate, d.y.shape[0], () => {
      const mean = tf.squeeze(tf.matMul(d.x, tf.reshape(w, [dims, 1])), [1]);
      ctx.observe('y', new Normal(mean, REG_NOISE), d.y);
    });
  });
}

/** Exact answer of {@link regressionModel}. */
export function regressionAnswer(x: readonly (readonly number[])[], y: readonly number[]): GaussianAnswer {
  const dims = (x[0] as number[]).length;
  const s2 = REG_NOISE ** 2;
  const precision = Array.from({ length: dims }, (_, i) => Array.from({ length: dims }, (__, j) => (i === j ? 1 : 0) + x.reduce((s, r) => s + (r[i] as number) * (r[j] as number), 0) / s2));
  const b = Array.from({ length: dims }, (_, i) => x.reduce((s, r, k) => s + (r[i] as number) * (y[k] as number), 0) / s2);
  const cov = y.map((_, a) => y.map((__, c) => (a === c ? s2 : 0) + (x[a] as number[]).reduce((s, v, i) => s + v * ((x[c] as number[])[i] as number), 0)));
  return gaussianAnswer(precision, b, gaussianLogDensity(y, cov));
}

// ---- Beta–Bernoulli and Gamma–Poisson --------------------------------------------------------

export const BETA_PRIOR = { a: 2, b: 3 } as const;
export const GAMMA_PRIOR = { a: 3, b: 2 } as const;

/** p ~ Beta(2, 3), x_i | p ~ Bernoulli(p). */
export function betaBernoulliModel(plate: string) {
  return model(`beta-bernoulli[${plate}]`, { p: 0 }, (ctx, x: Tensor1D) => {
    const p = ctx.sample('p', new Beta(BETA_PRIOR.a, BETA_PRIOR.b));
    ctx.plate(plate, x.shape[0], () => ctx.observe('x', new Bernoulli({ probs: tf.mul(p, tf.ones(x.shape)) }), x));
  });
}

/** Exact Beta(a, b) posterior of {@link betaBernoulliModel} and its evidence B(a, b)/B(a0, b0). */
export function betaBernoulliAnswer(x: readonly number[]): { a: number; b: number; logEvidence: number } {
  const k = x.reduce((s, v) => s + v, 0);
  const a = BETA_PRIOR.a + k;
  const b = BETA_PRIOR.b + x.length - k;
  const lbeta = (p: number, q: number): number => lgamma(p) + lgamma(q) - lgamma(p + q);
  return { a, b, logEvidence: lbeta(a, b) - lbeta(BETA_PRIOR.a, BETA_PRIOR.b) };
}

/** rate ~ Gamma(3, 2), x_i | rate ~ Poisson(rate). */
export function gammaPoissonModel(plate: string) {
  return model(`gamma-poisson[${plate}]`, { rate: 0 }, (ctx, x: Tensor1D) => {
    const rate = ctx.sample('rate', new Gamma(GAMMA_PRIOR.a, GAMMA_PRIOR.b));
    ctx.plate(plate, x.shape[0], () => ctx.observe('x', new Poisson(tf.mul(rate, tf.ones(x.shape))), x));
  });
}

/** Exact Gamma(a, b) posterior of {@link gammaPoissonModel} and its evidence. */
export function gammaPoissonAnswer(x: readonly number[]): { a: number; b: number; logEvidence: number } {
  const s = x.reduce((t, v) => t + v, 0);
  const a = GAMMA_PRIOR.a + s;
  const b = GAMMA_PRIOR.b + x.length;
  const logFact = x.reduce((t, v) => t + lgamma(v + 1), 0);
  const logEvidence = GAMMA_PRIOR.a * Math.log(GAMMA_PRIOR.b) - lgamma(GAMMA_PRIOR.a) + lgamma(a) - a * Math.log(b) - logFact;
  return { a, b, logEvidence };
}
