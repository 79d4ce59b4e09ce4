// Invalid parameters throw an ArgumentError naming the distribution, the argument and the value
// (or the shapes), for every family; non-finite parameters are refused for every family; a
// validated constructor reads the device once.
import { ArgumentError, tf } from '@aevb/core';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { AR1 } from './ar1.js';
import { GaussianRandomWalk } from './gaussian-random-walk.js';
import { families } from './testing/family-table.js';
import { Bernoulli } from './bernoulli.js';
import { Beta } from './beta.js';
import { Binomial } from './binomial.js';
import { Categorical } from './categorical.js';
import { Cauchy } from './cauchy.js';
import { Delta } from './delta.js';
import { Dirichlet } from './dirichlet.js';
import { Exponential } from './exponential.js';
import { Gamma } from './gamma.js';
import { Geometric } from './geometric.js';
import { Gumbel } from './gumbel.js';
import { Independent } from './independent.js';
import { LowerCholeskyBijector } from './bijectors/lower-cholesky.js';
import { TransformedDistribution } from './transformed.js';
import { HalfCauchy } from './half-cauchy.js';
import { HalfNormal } from './half-normal.js';
import { Laplace } from './laplace.js';
import { Logistic } from './logistic.js';
import { LogNormal } from './log-normal.js';
import { LowRankMultivariateNormal } from './low-rank-multivariate-normal.js';
import { MixtureSameFamily } from './mixture-same-family.js';
import { MultivariateNormal } from './multivariate-normal.js';
import { Normal } from './normal.js';
import { OneHotCategorical } from './one-hot-categorical.js';
import { Poisson } from './poisson.js';
import { StudentT } from './student-t.js';
import { Uniform } from './uniform.js';

// [label, construction, family, argument, text the message must contain (the value or shapes)]
const cases: [string, () => unknown, string, string, string][] = [
  ['Normal scale 0', () => new Normal(0, 0), 'Normal', 'scale', ' is 0'],
  ['Normal scale < 0 in a batch', () => new Normal([0, 1], [1, -2]), 'Normal', 'scale', 'element 1 of shape [2] is -2'],
  ['Normal shapes', () => new Normal([0, 1, 2], [1, 2]), 'Normal', 'loc/scale', 'loc [3], scale [2]'],
  ['Normal scale Infinity', () => new Normal(0, Infinity), 'Normal', 'scale', 'must be finite; element 0 of shape [] is Infinity'],
  ['Normal loc -Infinity in a batch', () => new Normal([0, -Infinity], 1), 'Normal', 'loc', 'element 1 of shape [2] is -Infinity'],
  ['Gamma rate Infinity', () => new Gamma(1, Infinity), 'Gamma', 'rate', ' is Infinity'],
  ['Uniform high Infinity', () => new Uniform(0, Infinity), 'Uniform', 'high', ' is Infinity'],
  ['Binomial totalCount Infinity', () => new Binomial({ totalCount: Infinity, probs: 0.5 }), 'Binomial', 'totalCount', 'Infinity'],
  ['Categorical logits -Infinity', () => new Categorical({ logits: [0, -Infinity] }), 'Categorical', 'logits', '-Infinity'],
  ['Delta value NaN', () => new Delta([1, NaN]), 'Delta', 'value', 'element 1 of shape [2] is NaN'],
  ['GaussianRandomWalk scale', () => new GaussianRandomWalk([1, -1], 5), 'GaussianRandomWalk', 'scale', 'element 1 of shape [2] is -1'],
  ['GaussianRandomWalk initScale', () => new GaussianRandomWalk(1, 5, { initScale: 0 }), 'GaussianRandomWalk', 'initScale', ' is 0'],
  ['GaussianRandomWalk numSteps', () => new GaussianRandomWalk(1, 2.5), 'GaussianRandomWalk', 'numSteps', 'got 2.5'],
  ['GaussianRandomWalk shapes', () => new GaussianRandomWalk([1, 2], 3, { initScale: [1, 2, 3] }), 'GaussianRandomWalk', 'scale/initScale', 'scale [2], initScale [3]'],
  ['AR1 scale', () => new AR1({ coef: 0.5, scale: -2 }, 4), 'AR1', 'scale', ' is -2'],
  ['AR1 non-stationary coef', () => new AR1({ coef: [0.5, -1], scale: 1 }, 4), 'AR1', 'coef', 'element 1 has coef = -1'],
  ['AR1 coef Infinity with a given start', () => new AR1({ coef: Infinity, scale: 1 }, 4, { init: { loc: 0, scale: 1 } }), 'AR1', 'coef', ' is Infinity'],
  ['AR1 initScale', () => new AR1({ coef: 2, scale: 1 }, 4, { init: { loc: 0, scale: -1 } }), 'AR1', 'initScale', ' is -1'],
  ['AR1 numSteps', () => new AR1({ coef: 0.5, scale: 1 }, 0), 'AR1', 'numSteps', 'got 0'],
  ['Laplace scale', () => new Laplace(0, -1), 'Laplace', 'scale', ' is -1'],
  ['Cauchy scale', () => new Cauchy(0, -1), 'Cauchy', 'scale', ' is -1'],
  ['Logistic scale', () => new Logistic(0, -3), 'Logistic', 'scale', ' is -3'],
  ['Gumbel scale', () => new Gumbel(0, 0), 'Gumbel', 'scale', ' is 0'],
  ['Gumbel shapes', () => new Gumbel([0, 1], [1, 1, 1]), 'Gumbel', 'loc/scale', 'loc [2], scale [3]'],
  ['StudentT df', () => new StudentT(-1), 'StudentT', 'df', ' is -1'],
  ['StudentT scale', () => new StudentT(3, 0, -0.5), 'StudentT', 'scale', ' is -0.5'],
  ['LogNormal scale', () => new LogNormal(0, -1), 'LogNormal', 'scale', ' is -1'],
  ['LogNormal loc NaN', () => new LogNormal(NaN, 1), 'LogNormal', 'loc', ' is NaN'],
  ['HalfNormal scale', () => new HalfNormal(-2), 'HalfNormal', 'scale', ' is -2'],
  ['HalfCauchy scale', () => new HalfCauchy(0), 'HalfCauchy', 'scale', ' is 0'],
  ['Exponential rate', () => new Exponential(-1), 'Exponential', 'rate', ' is -1'],
  ['Gamma concentration', () => new Gamma(-1, 1), 'Gamma', 'concentration', ' is -1'],
  ['Beta concentration0', () => new Beta(1, 0), 'Beta', 'concentration0', ' is 0'],
  ['Dirichlet concentration', () => new Dirichlet([1, -1, 2]), 'Dirichlet', 'concentration', '-1'],
  ['Uniform high <= low', () => new Uniform(1, 0), 'Uniform', 'high', '0'],
  ['Poisson rate', () => new Poisson(-3), 'Poisson', 'rate', ' is -3'],
  ['Bernoulli probs > 1', () => new Bernoulli({ probs: 1.5 }), 'Bernoulli', 'probs', ' is 1.5'],
  ['Geometric probs < 0', () => new Geometric({ probs: -0.1 }), 'Geometric', 'probs', '-0.1'],
  ['Binomial probs', () => new Binomial({ totalCount: 5, probs: 2 }), 'Binomial', 'probs', ' is 2'],
  ['Binomial totalCount', () => new Binomial({ totalCount: 2.5, probs: 0.5 }), 'Binomial', 'totalCount', '2.5'],
  ['Binomial totalCount tensor', () => new Binomial({ totalCount: [3, -1], probs: 0.5 }), 'Binomial', 'totalCount', '-1'],
  ['Binomial shapes', () => new Binomial({ totalCount: [1, 2, 3], probs: [0.5, 0.5] }), 'Binomial', 'totalCount/probs', '[3]'],
  ['Categorical probs', () => new Categorical({ probs: [0.5, 0.6] }), 'Categorical', 'probs', '0.5, 0.6'],
  ['OneHotCategorical probs', () => new OneHotCategorical({ probs: [-0.5, 1.5] }), 'Categorical', 'probs', '-0.5, 1.5'],
  ['Categorical both', () => new Categorical({ probs: [1], logits: [0] } as never), 'Categorical', 'params', 'exactly one'],
  ['MVN non-PD covariance', () => new MultivariateNormal([0, 0], { covariance: [[1, 2], [2, 1]] }), 'MultivariateNormal', 'covariance', '[1, 2, 2, 1]'],
  ['MVN loc shape', () => new MultivariateNormal([0, 0, 0], { covariance: [[1, 0], [0, 1]] }), 'MultivariateNormal', 'loc', '[3]'],
  ['LowRankMVN covDiag', () => new LowRankMultivariateNormal([0, 0], [[1], [1]], [1, -1]), 'LowRankMultivariateNormal', 'covDiag', '-1'],
  ['Independent reinterpretedDims', () => new Independent(new Normal([0, 1], 1), 2), 'Independent', 'reinterpretedBatchDims', 'got 2'],
  ['Delta eventRank', () => new Delta([1, 2], { eventRank: 2 }), 'Delta', 'eventRank', 'got 2'],
  [
    'TransformedDistribution event dims',
    () => new TransformedDistribution(new Normal(0, 1), [new LowerCholeskyBijector()]),
    'TransformedDistribution',
    'transforms',
    'the base has shape []',
  ],
  [
    'Mixture category count',
    () => new MixtureSameFamily(new Categorical({ probs: [0.5, 0.5] }), new Normal([0, 1, 2], 1)),
    'MixtureSameFamily',
    'components',
    '[3]',
  ],
];

describe('invalid parameters', () => {
  it.each(cases)('%s', (_, make, family, argument, value) => {
    tf.tidy(() => {
      let caught: unknown;
      try {
        make();
      } catch (e) {
        caught = e;
      }
      expect(caught).toBeInstanceOf(ArgumentError);
      const msg = (caught as Error).message;
      expect(msg.startsWith(`${family}`), msg).toBe(true);
      expect(msg).toContain(`'${argument}'`);
      expect(msg).toContain(value);
    });
  });
});

// Every family, every parameter: a valid parameter vector (drawn from the family table) with one
// entry replaced by +Infinity, −Infinity or NaN is refused with an ArgumentError showing the value.
// Cases where the table's mapping keeps the built parameters finite (Uniform's width is clamped) are
// dropped; every family keeps at least one.
describe('non-finite parameters', () => {
  const builtNonFinite = (f: (typeof families)[number], params: number[]): boolean =>
    tf.tidy(() => Object.values(f.build(params, { validateArgs: false }).parameters).some((t) => !tf.all(tf.isFinite(t)).dataSync()[0]));
  const cases = families.flatMap((f) => {
    const valid = fc.sample(f.params, { numRuns: 1, seed: 5 })[0] as number[];
    return valid.flatMap((_, i) =>
      [Infinity, -Infinity, NaN].map((bad) => [`${f.name} parameter ${i} = ${bad}`, f, valid.map((v, j) => (j === i ? bad : v)), bad] as const),
    ).filter(([, , params]) => builtNonFinite(f, params));
  });
  it('covers every family', () => {
    expect(new Set(cases.map(([, f]) => f.name))).toEqual(new Set(families.map((f) => f.name)));
  });
  it.each(cases)('%s throws an ArgumentError naming the value', (_, f, params, bad) => {
    tf.tidy(() => {
      let caught: unknown;
      try {
        f.build([...params], { validateArgs: true });
      } catch (e) {
        caught = e;
      }
      expect(caught, `${f.name} accepted ${params}`).toBeInstanceOf(ArgumentError);
      expect((caught as Error).message).toContain(String(bad));
    });
  });
});

describe('validation cost', () => {
  // One read-back of device data per validated constructor, however many parameters and conditions.
  const builds: [string, () => unknown][] = [
    ['Normal', () => new Normal([0, 1], [1, 2])],
    ['Uniform (a condition low < high)', () => new Uniform([0, 1], [1, 2])],
    ['Binomial', () => new Binomial({ totalCount: 5, probs: 0.3 })],
    ['AR1 (stationarity condition)', () => new AR1({ loc: 1, coef: 0.5, scale: 2 }, 10)],
    ['AR1 with a given start', () => new AR1({ coef: 0.5, scale: 2 }, 10, { init: { loc: 0, scale: 1 } })],
    ['GaussianRandomWalk', () => new GaussianRandomWalk(1, 10, { initScale: 3 })],
  ];
  it.each(builds)('%s reads the device once', (_, make) => {
    tf.tidy(() => {
      const reads = vi.spyOn(tf.Tensor.prototype, 'dataSync');
      try {
        make();
        expect(reads).toHaveBeenCalledTimes(1);
      } finally {
        reads.mockRestore();
      }
    });
  });
});
