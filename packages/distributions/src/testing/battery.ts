// Test support for families.test.ts: the SciPy fixtures (scripts/scipy-fixtures.py and
// scripts/scipy-fixtures-time-series.py) and how to build each family from them.
import { readFileSync } from 'node:fs';
import { tf } from '@aevb/core';
import type { Tensor } from '@aevb/core';
import { Bernoulli } from '../bernoulli.js';
import { Beta } from '../beta.js';
import { Categorical } from '../categorical.js';
import { Cauchy } from '../cauchy.js';
import { Dirichlet } from '../dirichlet.js';
import type { DistributionBase } from '../distribution.js';
import { Exponential } from '../exponential.js';
import { Gamma } from '../gamma.js';
import { HalfNormal } from '../half-normal.js';
import { Independent } from '../independent.js';
import { Laplace } from '../laplace.js';
import { Normal } from '../normal.js';
import { Poisson } from '../poisson.js';
import { Uniform } from '../uniform.js';
import { Binomial } from '../binomial.js';
import { Geometric } from '../geometric.js';
import { Gumbel } from '../gumbel.js';
import { HalfCauchy } from '../half-cauchy.js';
import { Logistic } from '../logistic.js';
import { LogNormal } from '../log-normal.js';
import { MixtureSameFamily } from '../mixture-same-family.js';
import { OneHotCategorical } from '../one-hot-categorical.js';
import { StudentT } from '../student-t.js';
import { GaussianRandomWalk } from '../gaussian-random-walk.js';
import { AR1 } from '../ar1.js';

type Nested = number | Nested[];

/** One SciPy reference case (see scripts/scipy-fixtures.py). */
export interface Fixture {
  readonly name: string;
  readonly family: string;
  readonly params: Readonly<Record<string, Nested>>;
  readonly value: Nested;
  readonly logProb: number[];
  readonly mean?: Nested;
  readonly variance?: Nested;
  readonly excessKurtosis?: number[];
  readonly entropy: number[];
  /** False where `entropy` is SciPy's numerical value and the family has no closed form. */
  readonly closedFormEntropy?: boolean;
  /** Points (one per batch member) and the CDF there, for scalar families. */
  readonly cdfAt?: number[];
  readonly cdf?: number[];
  readonly probs?: number[][];
  /** Length of a series (time-series families). */
  readonly numSteps?: number;
  /** The law of x_1 when given (AR1). */
  readonly init?: Readonly<Record<string, Nested>>;
}

const read = (file: string): Fixture[] =>
  (JSON.parse(readFileSync(new URL(file, import.meta.url), 'utf8')) as { cases: Fixture[] }).cases;
export const fixtures: readonly Fixture[] = [...read('./scipy-fixtures.json'), ...read('./scipy-time-series.json')];

const t = (x: Nested | undefined): Tensor => tf.tensor(x as number[], undefined, 'float32');

/** Builds the family of a fixture from its parameters (tensors owned by the caller's tidy). */
export function build(f: Fixture): DistributionBase {
  const p = f.params;
  switch (f.family) {
    case 'Normal':
      return new Normal(t(p['loc']), t(p['scale']));
    case 'Laplace':
      return new Laplace(t(p['loc']), t(p['scale']));
    case 'Exponential':
      return new Exponential(t(p['rate']));
    case 'Uniform':
      return new Uniform(t(p['low']), t(p['high']));
    case 'Gamma':
      return new Gamma(t(p['concentration']), t(p['rate']));
    case 'Beta':
      return new Beta(t(p['concentration1']), t(p['concentration0']));
    case 'HalfNormal':
      return new HalfNormal(t(p['scale']));
    case 'Cauchy':
      return new Cauchy(t(p['loc']), t(p['scale']));
    case 'Poisson':
      return new Poisson(t(p['rate']));
    case 'Dirichlet':
      return new Dirichlet(t(p['concentration']));
    case 'Bernoulli':
      return p['probs'] !== undefined ? new Bernoulli({ probs: t(p['probs']) }) : new Bernoulli({ logits: t(p['logits']) });
    case 'Categorical':
      return p['probs'] !== undefined
        ? new Categorical({ probs: t(p['probs']) })
        : new Categorical({ logits: t(p['logits']) });
    case 'LogNormal':
      return new LogNormal(t(p['loc']), t(p['scale']));
    case 'Logistic':
      return new Logistic(t(p['loc']), t(p['scale']));
    case 'StudentT':
      return new StudentT(t(p['df']), t(p['loc']), t(p['scale']));
    case 'Gumbel':
      return new Gumbel(t(p['loc']), t(p['scale']));
    case 'HalfCauchy':
      return new HalfCauchy(t(p['scale']));
    case 'Binomial':
      return p['probs'] !== undefined
        ? new Binomial({ totalCount: t(p['totalCount']), probs: t(p['probs']) })
        : new Binomial({ totalCount: t(p['totalCount']), logits: t(p['logits']) });
    case 'Geometric':
      return p['probs'] !== undefined ? new Geometric({ probs: t(p['probs']) }) : new Geometric({ logits: t(p['logits']) });
    case 'OneHotCategorical':
      return new OneHotCategorical({ probs: t(p['probs']) });
    case 'MixtureNormal':
      return new MixtureSameFamily(new Categorical({ probs: t(p['probs']) }), new Normal(t(p['loc']), t(p['scale'])));
    case 'GaussianRandomWalk':
      return new GaussianRandomWalk(
        t(p['scale']),
        f.numSteps as number,
        p['initScale'] === undefined ? {} : { initScale: t(p['initScale']) },
      );
    case 'AR1': {
      const init = f.init === undefined ? {} : { init: { loc: t(f.init['loc']), scale: t(f.init['scale']) } };
      return new AR1({ ...(p['loc'] === undefined ? {} : { loc: t(p['loc']) }), coef: t(p['coef']), scale: t(p['scale']) }, f.numSteps as number, init);
    }
    case 'IndependentNormal':
      return new Independent(new Normal(t(p['loc']), t(p['scale'])), 1);
    default:
      throw new Error(`no builder for fixture family ${f.family}`);
  }
}

/** The fixture's value as a tensor of the family's dtype. */
export function valueOf(f: Fixture): Tensor {
  return f.family === 'Categorical' ? tf.tensor(f.value as number[], undefined, 'int32') : t(f.value);
}

/** Flattens a nested array. */
export function flat(x: Nested | undefined): number[] {
  return x === undefined ? [] : Array.isArray(x) ? x.flatMap(flat) : [x];
}
