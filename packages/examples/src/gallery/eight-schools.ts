/**
 * Eight schools (Rubin 1981), centered and non-centered; known answer: the exact marginal
 * posterior of (mu, tau) by 2-D quadrature (theta integrates out in closed form).
 *
 * @module
 */
import { model, tf, type Tensor1D } from '@aevb/core';
import { Gamma, Normal } from '@aevb/distributions';
import { Adam, SVI, analyticKlElbo, cosineDecay } from '@aevb/inference';
import { schoolsGuideCentered, schoolsGuideNonCentered } from './eight-schools-guide.js';
import { runSteps, tailRow } from './fit-steps.js';
import type { GalleryEntry, GalleryRunOptions, GalleryResult } from './types.js';

/** Estimated effects and their standard errors. @category Gallery */
export const SCHOOLS = { y: [28, 8, -3, 7, -1, 1, 18, 12], sigma: [15, 10, 16, 11, 9, 11, 10, 18] } as const;
const MU_SD = 5;
/** tau ~ Exponential(0.2) (mean 5), written as Gamma(1, 0.2): the same law with support 'positive', matching a log-normal guide. */
const TAU_RATE = 0.2;

/** The data as tensors. @category Gallery */
export type SchoolsData = {
  /** Effects. */
  readonly y: Tensor1D;
  /** Standard errors. */
  readonly sigma: Tensor1D;
};

/** Centered: `mu ~ N(0, 5²)`, `tau ~ Exp(0.2) = Gamma(1, 0.2)`, `theta_j ~ N(mu, tau²)`, `y_j ~ N(theta_j, sigma_j²)`. @category Gallery */
export const eightSchoolsCentered = model('eight-schools', { mu: 0, tau: 0, theta: 1 }, (ctx, d: SchoolsData) => {
  const mu = ctx.sample('mu', new Normal(tf.scalar(0), tf.scalar(MU_SD)));
  const tau = ctx.sample('tau', new Gamma(tf.scalar(1), tf.scalar(TAU_RATE)));
  const j = d.y.shape[0];
  ctx.plate('schools', j, () => {
    const theta = ctx.sample('theta', new Normal(tf.broadcastTo(mu, [j]), tf.broadcastTo(tau, [j])));
    ctx.observe('y', new Normal(theta, d.sigma), d.y);
  });
});

/** Non-centered: `eta_j ~ N(0, 1)`, `theta_j = mu + tau eta_j` (same joint law). @category Gallery */
export const eightSchoolsNonCentered = model('eight-schools-noncentered', { mu: 0, tau: 0, eta: 1 }, (ctx, d: SchoolsData) => {
  const mu = ctx.sample('mu', new Normal(tf.scalar(0), tf.scalar(MU_SD)));
  const tau = ctx.sample('tau', new Gamma(tf.scalar(1), tf.scalar(TAU_RATE)));
  const j = d.y.shape[0];
  ctx.plate('schools', j, () => {
    const eta = ctx.sample('eta', new Normal(tf.zeros([j]), tf.ones([j])));
    const theta = ctx.deterministic('theta', tf.add(mu, tf.mul(tau, eta)));
    ctx.observe('y', new Normal(theta, d.sigma), d.y);
  });
});

/**
 * log of `N(mu; 0, 5²) Exp(tau; 0.2) Π_j N(y_j; mu, sigma_j² + tau²)` without its constant
 * factors (the school effects integrated out): the integrand of both quadratures below.
 */
function logDensity(mu: number, tau: number): number {
  let lp = -0.5 * (mu / MU_SD) ** 2 - TAU_RATE * tau;
  for (let k = 0; k < SCHOOLS.y.length; k++) {
    const v = (SCHOOLS.sigma[k] as number) ** 2 + tau * tau;
    lp += -0.5 * Math.log(v) - (0.5 * ((SCHOOLS.y[k] as number) - mu) ** 2) / v;
  }
  return lp;
}

/**
 * Exact posterior moments of mu and tau by quadrature of
 * `p(mu, tau | y) ∝ N(mu; 0, 5²) Exp(tau; 0.2) Π_j N(y_j; mu, sigma_j² + tau²)` on a fine grid.
 *
 * @category Gallery
 */
export function schoolsMarginal(): { mu: { mean: number; sd: number }; tau: { mean: number; sd: number } } {
  const [muLo, muHi, nMu] = [-40, 50, 450];
  const [tauHi, nTau] = [80, 800];
  let z = 0, m1 = 0, m2 = 0, t1 = 0, t2 = 0;
  for (let a = 0; a < nMu; a++) {
    const mu = muLo + ((a + 0.5) * (muHi - muLo)) / nMu;
    for (let b = 0; b < nTau; b++) {
      const tau = ((b + 0.5) * tauHi) / nTau;
      const lp = logDensity(mu, tau);
      const w = Math.exp(lp + 40);
      z += w; m1 += w * mu; m2 += w * mu * mu; t1 += w * tau; t2 += w * tau * tau;
    }
  }
  const mm = m1 / z;
  const tm = t1 / z;
  return { mu: { mean: mm, sd: Math.sqrt(m2 / z - mm * mm) }, tau: { mean: tm, sd: Math.sqrt(t2 / z - tm * tm) } };
}

/**
 * The exact log evidence log p(y) of eight schools (either parameterization: the school effects
 * integrate out in closed form) by midpoint quadrature of the 2-D integral
 * `∫∫ N(mu; 0, 5²) Exp(tau; 0.2) Π_j N(y_j; mu, sigma_j² + tau²) dmu dtau` on a 900 × 1600 grid
 * over [−40, 50] × [0, 80] (the integrand is below e⁻³⁰ of its peak outside).
 *
 * @example
 * ```ts
 * schoolsLogEvidence(); // ≈ −31.108
 * ```
 * @category Gallery
 */
export function schoolsLogEvidence(): number {
  const [muLo, muHi, nMu] = [-40, 50, 900];
  const [tauHi, nTau] = [80, 1600];
  const cell = ((muHi - muLo) / nMu) * (tauHi / nTau);
  const logConst = -0.5 * Math.log(2 * Math.PI * MU_SD * MU_SD) + Math.log(TAU_RATE) - 0.5 * SCHOOLS.y.length * Math.log(2 * Math.PI);
  const offset = 40;
  let z = 0;
  for (let a = 0; a < nMu; a++) {
    const mu = muLo + ((a + 0.5) * (muHi - muLo)) / nMu;
    for (let b = 0; b < nTau; b++) {
      const tau = ((b + 0.5) * tauHi) / nTau;
      const lp = logDensity(mu, tau);
      z += Math.exp(lp + offset);
    }
  }
  return Math.log(z * cell) - offset + logConst;
}

/** E[tau] and sd[tau] under q(tau) = LogNormal(m, s). */
function logNormalMoments(m: number, s: number): { mean: number; sd: number } {
  const mean = Math.exp(m + (s * s) / 2);
  return { mean, sd: mean * Math.sqrt(Math.expm1(s * s)) };
}

async function run(options: GalleryRunOptions = {}, centered = false): Promise<GalleryResult> {
  const d = { y: tf.tensor1d([...SCHOOLS.y]), sigma: tf.tensor1d([...SCHOOLS.sigma]) };
  const steps = options.steps ?? 3000;
  const optimizer = new Adam({ learningRate: cosineDecay({ initial: 0.05, decaySteps: steps, alpha: 0.2 }) });
  const common = { optimizer, objective: analyticKlElbo(), seed: options.seed ?? 0 };
  const svi = centered
    ? new SVI({ model: eightSchoolsCentered, guide: schoolsGuideCentered, ...common })
    : new SVI({ model: eightSchoolsNonCentered, guide: schoolsGuideNonCentered, ...common });
  const read = (n: string) => svi.params.read(n)[0] as number;
  // Scales recorded as logs (averaged unbiasedly, see derived() in fit-steps.ts).
  const record = () => [read('q/mu/loc'), Math.log(read('q/mu/scale')), read('q/tau/loc'), Math.log(read('q/tau/scale'))];
  const { elbo, tail } = await (centered
    ? runSteps(svi as SVI<{ mu: tf.Scalar; tau: tf.Scalar; theta: Tensor1D }, SchoolsData>, steps, () => ({ data: d }), options, record)
    : runSteps(svi as SVI<{ mu: tf.Scalar; tau: tf.Scalar; eta: Tensor1D }, SchoolsData>, steps, () => ({ data: d }), options, record));
  tf.dispose([d.y, d.sigma]);
  svi.params.clear();
  optimizer.dispose();
  const ex = schoolsMarginal();
  return {
    rows: [
      tailRow('E[mu]', ex.mu.mean, tail, (v) => v[0] as number),
      tailRow('sd[mu]', ex.mu.sd, tail, (v) => Math.exp(v[1] as number)),
      tailRow('E[tau]', ex.tau.mean, tail, (v) => logNormalMoments(v[2] as number, Math.exp(v[3] as number)).mean),
      tailRow('sd[tau]', ex.tau.sd, tail, (v) => logNormalMoments(v[2] as number, Math.exp(v[3] as number)).sd),
    ],
    metrics: { elbo: elbo * SCHOOLS.y.length },
    files: [],
  };
}

const graphArgs = () => [{ y: tf.tensor1d([...SCHOOLS.y]), sigma: tf.tensor1d([...SCHOOLS.sigma]) }];

/** Gallery entry: non-centered eight schools with a mean-field guide. @category Gallery */
export const eightSchools: GalleryEntry = {
  name: 'eight-schools',
  summary: 'Eight schools, non-centered, mean-field guide vs the quadrature marginal of (mu, tau)',
  defaultSteps: 2000,
  run: (o) => run(o, false),
  graph: () => ({ model: eightSchoolsNonCentered , args: graphArgs() }),
};

/** Gallery entry: centered eight schools with a mean-field guide. @category Gallery */
export const eightSchoolsCenteredEntry: GalleryEntry = {
  name: 'eight-schools-centered',
  summary: 'Eight schools, centered parameterization (the funnel), mean-field guide vs quadrature',
  defaultSteps: 2000,
  run: (o) => run(o, true),
  graph: () => ({ model: eightSchoolsCentered , args: graphArgs() }),
};
