// Test support: every family, built from a vector of numbers drawn by fast-check, with points
// outside its support (for properties.test.ts and invalid-parameters.test.ts).
import { tf } from '@aevb/core';
import type { Tensor } from '@aevb/core';
import fc from 'fast-check';
import { Bernoulli } from '../bernoulli.js';
import { Beta } from '../beta.js';
import { Binomial } from '../binomial.js';
import { Categorical } from '../categorical.js';
import { Cauchy } from '../cauchy.js';
import { Dirichlet } from '../dirichlet.js';
import type { DistributionBase, DistributionOptions } from '../distribution.js';
import { Exponential } from '../exponential.js';
import { Gamma } from '../gamma.js';
import { Geometric } from '../geometric.js';
import { Gumbel } from '../gumbel.js';
import { HalfCauchy } from '../half-cauchy.js';
import { HalfNormal } from '../half-normal.js';
import { Laplace } from '../laplace.js';
import { Logistic } from '../logistic.js';
import { LogNormal } from '../log-normal.js';
import { LowRankMultivariateNormal } from '../low-rank-multivariate-normal.js';
import { MixtureSameFamily } from '../mixture-same-family.js';
import { MultivariateNormal } from '../multivariate-normal.js';
import { Normal } from '../normal.js';
import { OneHotCategorical } from '../one-hot-categorical.js';
import { Poisson } from '../poisson.js';
import { StudentT } from '../student-t.js';
import { Uniform } from '../uniform.js';
import { GaussianRandomWalk } from '../gaussian-random-walk.js';
import { AR1 } from '../ar1.js';

/** Log-uniform positive numbers in [10^lo, 10^hi]. */
const logU = (lo: number, hi: number): fc.Arbitrary<number> => fc.double({ min: lo, max: hi, noNaN: true }).map((e) => 10 ** e);
const real = fc.double({ min: -1e3, max: 1e3, noNaN: true });
const prob = fc.double({ min: 0.001, max: 0.999, noNaN: true });
/** Stationary AR(1) coefficients, up to 0.999 in absolute value. */
const stationaryCoef = fc.double({ min: -0.999, max: 0.999, noNaN: true });

export interface FamilyEntry {
  readonly name: string;
  /** Parameters, as plain numbers. */
  readonly params: fc.Arbitrary<number[]>;
  readonly build: (p: number[], o: DistributionOptions) => DistributionBase;
  /** Values outside the support (batch-compatible), or undefined when the support is unbounded. */
  readonly outside?: (d: DistributionBase) => Tensor;
}

const s = (x: number): Tensor => tf.scalar(x);
const neg = (): Tensor => tf.scalar(-0.5);
const lowRankCov = [[0.5, 0.1], [-0.3, 0.2], [0.0, 1.0]];

export const families: readonly FamilyEntry[] = [
  { name: 'Normal', params: fc.tuple(real, logU(-3, 3)), build: ([l, sc], o) => new Normal(s(l!), s(sc!), o) },
  { name: 'Laplace', params: fc.tuple(real, logU(-3, 3)), build: ([l, sc], o) => new Laplace(s(l!), s(sc!), o) },
  { name: 'Cauchy', params: fc.tuple(real, logU(-3, 3)), build: ([l, sc], o) => new Cauchy(s(l!), s(sc!), o) },
  { name: 'Logistic', params: fc.tuple(real, logU(-3, 3)), build: ([l, sc], o) => new Logistic(s(l!), s(sc!), o) },
  { name: 'Gumbel', params: fc.tuple(real, logU(-3, 3)), build: ([l, sc], o) => new Gumbel(s(l!), s(sc!), o) },
  {
    name: 'StudentT',
    params: fc.tuple(logU(-0.5, 2), real, logU(-3, 3)),
    build: ([df, l, sc], o) => new StudentT(s(df!), s(l!), s(sc!), o),
  },
  {
    name: 'Uniform',
    params: fc.tuple(real, logU(-3, 3)),
    build: ([l, w], o) => new Uniform(s(l!), s(l! + Math.max(w!, 1e-3 * (1 + Math.abs(l!)))), o),
    outside: (d) => tf.add((d as Uniform).high, 1),
  },
  { name: 'Exponential', params: fc.tuple(logU(-3, 3)), build: ([r], o) => new Exponential(s(r!), o), outside: neg },
  { name: 'Gamma', params: fc.tuple(logU(-0.5, 2), logU(-3, 3)), build: ([a, b], o) => new Gamma(s(a!), s(b!), o), outside: neg },
  { name: 'Beta', params: fc.tuple(logU(-0.5, 1.5), logU(-0.5, 1.5)), build: ([a, b], o) => new Beta(s(a!), s(b!), o), outside: () => s(1.5) },
  { name: 'HalfNormal', params: fc.tuple(logU(-3, 3)), build: ([sc], o) => new HalfNormal(s(sc!), o), outside: neg },
  { name: 'HalfCauchy', params: fc.tuple(logU(-3, 3)), build: ([sc], o) => new HalfCauchy(s(sc!), o), outside: neg },
  { name: 'LogNormal', params: fc.tuple(fc.double({ min: -5, max: 5, noNaN: true }), logU(-2, 0.3)), build: ([l, sc], o) => new LogNormal(s(l!), s(sc!), o), outside: neg },
  { name: 'Poisson', params: fc.tuple(logU(-2, 3)), build: ([r], o) => new Poisson(s(r!), o), outside: () => s(1.5) },
  { name: 'Geometric', params: fc.tuple(prob), build: ([p], o) => new Geometric({ probs: s(p!) }, o), outside: () => s(-1) },
  {
    name: 'Binomial',
    params: fc.tuple(fc.integer({ min: 0, max: 300 }), prob),
    build: ([n, p], o) => new Binomial({ totalCount: s(n!), probs: s(p!) }, o),
    outside: (d) => tf.add((d as Binomial).totalCount, 1),
  },
  { name: 'Bernoulli', params: fc.tuple(prob), build: ([p], o) => new Bernoulli({ probs: s(p!) }, o) },
  {
    name: 'Categorical',
    params: fc.tuple(real, real, real),
    build: (l, o) => new Categorical({ logits: tf.tensor1d(l.map((v) => v / 100)) }, o),
    outside: () => tf.scalar(3, 'int32'),
  },
  {
    name: 'OneHotCategorical',
    params: fc.tuple(real, real, real),
    build: (l, o) => new OneHotCategorical({ logits: tf.tensor1d(l.map((v) => v / 100)) }, o),
    outside: () => tf.tensor1d([1, 1, 0]),
  },
  {
    name: 'Dirichlet',
    params: fc.tuple(logU(-0.3, 2), logU(-0.3, 2), logU(-0.3, 2)),
    build: (a, o) => new Dirichlet(tf.tensor1d(a), o),
    outside: () => tf.tensor1d([0.5, 0.6, -0.1]),
  },
  {
    name: 'MultivariateNormal',
    params: fc.tuple(real, real, logU(-2, 2), fc.double({ min: -0.9, max: 0.9, noNaN: true })),
    build: ([a, b, sc, r], o) => new MultivariateNormal(tf.tensor1d([a!, b!]), { covariance: tf.tensor2d([[sc!, r! * sc!], [r! * sc!, sc!]]) }, o),
  },
  {
    name: 'LowRankMultivariateNormal',
    params: fc.tuple(real, logU(-2, 2)),
    build: ([a, d], o) => new LowRankMultivariateNormal(tf.fill([3], a!), tf.tensor2d(lowRankCov), tf.fill([3], d!), o),
  },
  {
    name: 'GaussianRandomWalk',
    params: fc.tuple(logU(-3, 2), logU(-3, 2)),
    build: ([sc, s0], o) => new GaussianRandomWalk(s(sc!), 12, { ...o, initScale: s(s0!) }),
  },
  {
    name: 'AR1',
    params: fc.tuple(real, stationaryCoef, logU(-3, 2)),
    build: ([c, phi, sc], o) => new AR1({ loc: s(c!), coef: s(phi!), scale: s(sc!) }, 12, o),
  },
  {
    name: 'AR1(init)',
    params: fc.tuple(real, fc.double({ min: -1.5, max: 1.5, noNaN: true }), logU(-3, 2), real, logU(-3, 2)),
    build: ([c, phi, sc, m0, s0], o) => new AR1({ loc: s(c!), coef: s(phi!), scale: s(sc!) }, 12, { ...o, init: { loc: s(m0!), scale: s(s0!) } }),
  },
  {
    name: 'MixtureSameFamily(Gamma)',
    params: fc.tuple(prob, logU(-0.3, 1), logU(-0.3, 1)),
    build: ([w, a, b], o) =>
      new MixtureSameFamily(new Categorical({ probs: tf.tensor1d([w!, 1 - w!]) }, o), new Gamma(tf.tensor1d([a!, b!]), 1, o), o),
    outside: neg,
  },
];
