// Test support: eight schools (non-centered) with tau ~ Exponential(0.2), the law of the gallery's
// Gamma(1, 0.2) at a quarter of the kernels per gradient (Gamma's log-density evaluates lgamma of
// its concentration each time); gallery-posteriors.test.ts checks the two potentials agree.
import { model, tf } from '@aevb/core';
import { Exponential, Normal } from '@aevb/distributions';
import type { SchoolsData } from '../../packages/examples/src/gallery/eight-schools.js';

export const schoolsExponential = model('eight-schools-exponential', { mu: 0, tau: 0, eta: 1 }, (ctx, data: SchoolsData) => {
  const mu = ctx.sample('mu', new Normal(tf.scalar(0), tf.scalar(5)));
  const tau = ctx.sample('tau', new Exponential(tf.scalar(0.2)));
  const j = data.y.shape[0];
  ctx.plate('schools', j, () => {
    const eta = ctx.sample('eta', new Normal(tf.zeros([j]), tf.ones([j])));
    ctx.observe('y', new Normal(tf.add(mu, tf.mul(tau, eta)), data.sigma), data.y);
  });
});
