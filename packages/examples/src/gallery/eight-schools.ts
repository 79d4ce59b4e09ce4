/**
 * Eight schools (Rubin 1981), centered and non-centered; known answer: the exact marginal
 * posterior of (mu, tau) by 2-D quadrature (theta integrates out in closed form).
 *
 * @module
 */
import { model, tf, type Tensor1D } from '@aevb/core';
import { Exponential, Normal } from '@aevb/distributions';
import { Adam, SVI, analyticKlElbo, autoNormal } from '@aevb/inference';
import { runSteps } from './fit-steps.js';
import { Rng } from './rng.js';
import type { GalleryEntry, GalleryRunOptions, GalleryResult } from './types.js';

/** Estimated effects and their standard errors. @category Gallery */
export const SCHOOLS = { y: [28, 8, -3, 7, -1, 1, 18, 12], sigma: [15, 10, 16, 11, 9, 11, 10, 18] } as const;
const MU_SD = 5;
/** tau ~ Exponential(0.2) (mean 5): the distributions package has no half-Cauchy yet. */
const TAU_RATE = 0.2;

/** The data as tensors. @category Gallery */
export type SchoolsData = {
  /** Effects. */
  readonly y: Tensor1D;
  /** Standard errors. */
  readonly sigma: Tensor1D;
};

/** Centered: `mu ~ N(0, 5²)`, `tau ~ Exp(0.2)`, `theta_j ~ N(mu, tau²)`, `y_j ~ N(theta_j, sigma_j²)`. @category Gallery */
export const eightSchoolsCentered = model<{ mu: tf.Scalar; tau: tf.Scalar; theta: Tensor1D }>()('eight-schools', (ctx, d: SchoolsData) => {
  const mu = ctx.sample('mu', new Normal(tf.scalar(0), tf.scalar(MU_SD)));
  const tau = ctx.sample('tau', new Exponential(tf.scalar(TAU_RATE)));
  const j = d.y.shape[0];
  ctx.plate('schools', j, () => {
    const theta = ctx.sample('theta', new Normal(tf.broadcastTo(mu, [j]), tf.broadcastTo(tau, [j])));
    ctx.observe('y', new Normal(theta, d.sigma), d.y);
  });
});

/** Non-centered: `eta_j ~ N(0, 1)`, `theta_j = mu + tau eta_j` (same joint law). @category Gallery */
export const eightSchoolsNonCentered = model<{ mu: tf.Scalar; tau: tf.Scalar; eta: Tensor1D }>()('eight-schools-noncentered', (ctx, d: SchoolsData) => {
  const mu = ctx.sample('mu', new Normal(tf.scalar(0), tf.scalar(MU_SD)));
  const tau = ctx.sample('tau', new Exponential(tf.scalar(TAU_RATE)));
  const j = d.y.shape[0];
  ctx.plate('schools', j, () => {
    const eta = ctx.sample('eta', new Normal(tf.zeros([j]), tf.ones([j])));
    const theta = ctx.deterministic('theta', tf.add(mu, tf.mul(tau, eta)));
    ctx.observe('y', new Normal(theta, d.sigma), d.y);
  });
});

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
      let lp = -0.5 * (mu / MU_SD) ** 2 - TAU_RATE * tau;
      for (let k = 0; k < SCHOOLS.y.length; k++) {
        const v = (SCHOOLS.sigma[k] as number) ** 2 + tau * tau;
        lp += -0.5 * Math.log(v) - (0.5 * ((SCHOOLS.y[k] as number) - mu) ** 2) / v;
      }
      const w = Math.exp(lp + 40);
      z += w; m1 += w * mu; m2 += w * mu * mu; t1 += w * tau; t2 += w * tau * tau;
    }
  }
  const mm = m1 / z;
  const tm = t1 / z;
  return { mu: { mean: mm, sd: Math.sqrt(m2 / z - mm * mm) }, tau: { mean: tm, sd: Math.sqrt(t2 / z - tm * tm) } };
}

async function run(options: GalleryRunOptions = {}, centered = false): Promise<GalleryResult> {
  const d = { y: tf.tensor1d([...SCHOOLS.y]), sigma: tf.tensor1d([...SCHOOLS.sigma]) };
  const m = (centered ? eightSchoolsCentered : eightSchoolsNonCentered) as typeof eightSchoolsNonCentered;
  const svi = new SVI({ model: m, guide: autoNormal(m, { initLoc: 'zero', initScale: 0.5 }), optimizer: new Adam({ learningRate: 0.02 }), objective: analyticKlElbo(), seed: options.seed ?? 0 });
  const read = (n: string) => svi.params.value(n).dataSync()[0] as number;
  const { elbo, averages } = await runSteps(svi, options.steps ?? 3000, () => ({ data: d }), options, () => [read('auto/mu/loc'), read('auto/mu/scale'), read('auto/tau/loc'), read('auto/tau/scale')]);
  const [muLoc, muScale, tauLoc, tauScale] = averages as [number, number, number, number];
  // tau = softplus(u), u ~ N(tauLoc, tauScale²): moments by Monte Carlo (20 000 draws, SE < 0.5%).
  const rng = new Rng(11);
  let s1 = 0, s2 = 0;
  const n = 20000;
  for (let i = 0; i < n; i++) {
    const u = tauLoc + tauScale * rng.normal();
    const t = u > 20 ? u : Math.log1p(Math.exp(u));
    s1 += t; s2 += t * t;
  }
  const tm = s1 / n;
  const ex = schoolsMarginal();
  tf.dispose([d.y, d.sigma]);
  return {
    rows: [
      { quantity: 'E[mu]', known: ex.mu.mean, fitted: muLoc },
      { quantity: 'sd[mu]', known: ex.mu.sd, fitted: muScale },
      { quantity: 'E[tau]', known: ex.tau.mean, fitted: tm },
      { quantity: 'sd[tau]', known: ex.tau.sd, fitted: Math.sqrt(s2 / n - tm * tm) },
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
  defaultSteps: 4000,
  run: (o) => run(o, false),
  graph: () => ({ model: eightSchoolsNonCentered as never, args: graphArgs() }),
};

/** Gallery entry: centered eight schools with a mean-field guide. @category Gallery */
export const eightSchoolsCenteredEntry: GalleryEntry = {
  name: 'eight-schools-centered',
  summary: 'Eight schools, centered parameterization (the funnel), mean-field guide vs quadrature',
  defaultSteps: 4000,
  run: (o) => run(o, true),
  graph: () => ({ model: eightSchoolsCentered as never, args: graphArgs() }),
};
