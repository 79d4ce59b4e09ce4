/**
 * The mean-field guide of the eight-schools models, written with the public DSL.
 *
 * @module
 */
import { guide, tf, type GuideContext } from '@aevb/core';
import { LogNormal, Normal, positive } from '@aevb/distributions';
import type { SchoolsData } from './eight-schools.js';

type Globals = { mu: tf.Scalar; tau: tf.Scalar };

/** q(mu) = Normal, q(tau) = LogNormal (their parameters). */
function globalParams(ctx: GuideContext<Globals>): { mu: Normal; tau: LogNormal } {
  return {
    mu: new Normal(ctx.param('q/mu/loc', 0), ctx.param('q/mu/scale', 1, { constraint: positive })),
    tau: new LogNormal(ctx.param('q/tau/loc', 0), ctx.param('q/tau/scale', 0.5, { constraint: positive })),
  };
}

/** q(z_j) = Normal(loc_j, scale_j) per school. */
function localParams(ctx: GuideContext<Globals>, name: string, j: number, initScale: number): Normal {
  const loc = ctx.param(`q/${name}/loc`, () => tf.zeros([j]));
  const scale = ctx.param(`q/${name}/scale`, () => tf.fill([j], initScale), { constraint: positive });
  return new Normal(loc, scale);
}

/**
 * Mean-field guide of the non-centered model: `q(mu) q(tau) Π_j q(eta_j)` with q(mu), q(eta_j)
 * Normal and q(tau) log-normal (closed-form moments E[tau] = exp(m + s²/2),
 * sd[tau] = E[tau] √(exp(s²) − 1)). Parameters `q/<site>/loc`, `q/<site>/scale`.
 *
 * @category Gallery
 */
export const schoolsGuideNonCentered = guide({ mu: 0, tau: 0, eta: 1 }, 'eight-schools-mean-field', (ctx, d: SchoolsData) => {
  const j = d.y.shape[0];
  const g = globalParams(ctx);
  const q = localParams(ctx, 'eta', j, 0.5);
  return { mu: ctx.sample('mu', g.mu), tau: ctx.sample('tau', g.tau), eta: ctx.plate('schools', j, () => ctx.sample('eta', q)) };
});

/** The same mean-field family for the centered model (`theta_j` in place of `eta_j`). @category Gallery */
export const schoolsGuideCentered = guide({ mu: 0, tau: 0, theta: 1 }, 'eight-schools-centered-mean-field', (ctx, d: SchoolsData) => {
  const j = d.y.shape[0];
  const g = globalParams(ctx);
  const q = localParams(ctx, 'theta', j, 5);
  return { mu: ctx.sample('mu', g.mu), tau: ctx.sample('tau', g.tau), theta: ctx.plate('schools', j, () => ctx.sample('theta', q)) };
});
