// Test support: builds the families of fixtures/scipy-advanced.json (used by advanced-fixtures.test.ts and kl.test.ts).
import { tf } from '@aevb/core';
import type { Tensor } from '@aevb/core';
import { Beta } from '../beta.js';
import { Dirichlet } from '../dirichlet.js';
import type { DistributionBase } from '../distribution.js';
import { Gamma } from '../gamma.js';
import { LowRankMultivariateNormal } from '../low-rank-multivariate-normal.js';
import { MultivariateNormal } from '../multivariate-normal.js';

type Nested = number | Nested[];
const t = (x: Nested | undefined): Tensor => tf.tensor(x as number[], undefined, 'float32');

export function buildAdvanced(c: { family: string; params: Record<string, Nested> }): DistributionBase {
  const p = c.params;
  switch (c.family) {
    case 'Gamma':
      return new Gamma(t(p['concentration']), t(p['rate']));
    case 'Beta':
      return new Beta(t(p['concentration1']), t(p['concentration0']));
    case 'Dirichlet':
      return new Dirichlet(t(p['concentration']));
    case 'MultivariateNormal': {
      const loc = t(p['loc']);
      if (p['scaleTril'] !== undefined) return new MultivariateNormal(loc, { scaleTril: t(p['scaleTril']) });
      if (p['covariance'] !== undefined) return new MultivariateNormal(loc, { covariance: t(p['covariance']) });
      return new MultivariateNormal(loc, { precision: t(p['precision']) });
    }
    case 'LowRankMultivariateNormal':
      return new LowRankMultivariateNormal(t(p['loc']), t(p['covFactor']), t(p['covDiag']));
    default:
      throw new Error(`no builder for ${c.family}`);
  }
}
