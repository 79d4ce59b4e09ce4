// The correctness matrix's cases: conjugate models × the guides that apply to them, each with the
// closed-form optimum of every objective in the guide's family (or the refusal it must meet).
import { guide, tf, type AnyModel, type Guide, type Tensor1D, type Tensor2D } from '@aevb/core';
import { Beta, ExpBijector, Gamma, positive, unitInterval } from '@aevb/distributions';

const LOG_SCALE = new ExpBijector();
import { autoAmortized, autoDelta, autoMultivariateNormal, autoNormal, type Batch, type Objective } from '../index.js';
import { analyticKlElbo } from '../objectives/analytic-kl.js';
import { iwaeBound, renyiBound } from '../objectives/iwae.js';
import { monteCarloElbo } from '../objectives/trace-elbo.js';
import {
  BETA_PRIOR,
  GAMMA_PRIOR,
  HIER_TAU,
  LOCAL_SIGMA,
  LOCAL_TAU,
  betaBernoulliAnswer,
  betaBernoulliModel,
  cholesky,
  gammaPoissonAnswer,
  gammaPoissonModel,
  hierarchicalAnswer,
  hierarchicalModel,
  localAnswer,
  localModel,
  normalMeanAnswer,
  normalMeanModel,
  regressionAnswer,
  regressionModel,
  type GaussianAnswer,
} from './conjugate-models.js';
import { bestNormal, softplus } from './family-optimum.js';

export type ObjectiveName = 'analytic-kl' | 'monte-carlo' | 'iwae' | 'renyi';

export const OBJECTIVES: Readonly<Record<ObjectiveName, () => Objective>> = {
  'analytic-kl': () => analyticKlElbo(),
  'monte-carlo': () => monteCarloElbo(),
  iwae: () => iwaeBound({ particles: 4 }),
  renyi: () => renyiBound({ alpha: 0.5, particles: 4 }),
};

/** Constrained values of a guide's parameters (nested arrays, by parameter name). */
export type ParamValues = Readonly<Record<string, number | number[] | number[][]>>;

/** What a cell must do. */
export type Expectation =
  | { readonly kind: 'refuse'; readonly error: RegExp }
  /** The objective's optimum in the guide family is known in closed form. */
  | { readonly kind: 'target'; readonly params: ParamValues }
  /** No closed form (an importance-weighted bound outside the exact family): properties only. */
  | { readonly kind: 'property'; readonly params: ParamValues };

export interface GuideCase {
  readonly name: string;
  make(model: AnyModel): Guide<never, never>;
  /** Does the family hold the exact posterior (at `params` of the ELBO target)? */
  readonly exact: boolean;
  /** Does q have a density (logMarginal applies)? */
  readonly density: boolean;
  expect(objective: ObjectiveName, minibatch: boolean): Expectation;
}

export interface ModelCase {
  readonly name: string;
  readonly n: number;
  build(plate: string): AnyModel;
  data(): Batch;
  readonly logEvidence: number;
  readonly guides: readonly GuideCase[];
}

const IW = (o: ObjectiveName): boolean => o === 'iwae' || o === 'renyi';
const SHARED = /shared by all rows of the data plate/;
const NO_LOCAL = /has no latent site inside plate/;
const COUPLED = /autoMultivariateNormal couples all/;

/** An ELBO-target guide: the same optimum for every objective when `exact`; `property` for IW bounds otherwise; refusals by rule. */
function gcase(
  name: string,
  make: (m: AnyModel) => Guide<never, never>,
  params: ParamValues,
  o: { exact: boolean; density?: boolean; globalLatent: boolean; coupled?: boolean; refuse?: RegExp },
): GuideCase {
  return {
    name,
    make,
    exact: o.exact,
    density: o.density ?? true,
    expect(objective, minibatch) {
      if (o.refuse !== undefined) return { kind: 'refuse', error: o.refuse };
      if (minibatch && o.coupled === true) return { kind: 'refuse', error: COUPLED };
      if (minibatch && IW(objective) && o.globalLatent) return { kind: 'refuse', error: SHARED };
      if (IW(objective) && !o.exact) return { kind: 'property', params };
      return { kind: 'target', params };
    },
  };
}

const refusedAmortized = gcase('autoAmortized', (m) => autoAmortized(m, { hidden: [] }) as never, {}, { exact: false, globalLatent: true, refuse: NO_LOCAL });
const lowerTri = (a: GaussianAnswer): number[][] => cholesky(a.cov).map((r, i) => r.map((v, j) => (j <= i ? v : 0)));

/** The guides every Gaussian model has: mean-field, MAP, full rank. */
function gaussianGuides(site: (a: GaussianAnswer) => { [name: string]: [number, number] }, a: GaussianAnswer, o: { globalLatent: boolean; local: boolean; meanFieldExact: boolean }): GuideCase[] {
  const sites = site(a);
  const normal: Record<string, number[] | number> = {};
  const delta: Record<string, number[] | number> = {};
  for (const [s, [from, to]] of Object.entries(sites)) {
    const pick = (v: number[]): number[] => v.slice(from, to);
    normal[`auto/${s}/loc`] = pick(a.mean);
    normal[`auto/${s}/scale`] = pick(a.meanFieldSd);
    delta[`map/${s}`] = pick(a.mean);
  }
  return [
    gcase('autoNormal', (m) => autoNormal(m) as never, normal, { exact: o.meanFieldExact, globalLatent: o.globalLatent }),
    gcase('autoDelta', (m) => autoDelta(m) as never, delta, { exact: false, density: false, globalLatent: o.globalLatent }),
    gcase('autoMultivariateNormal', (m) => autoMultivariateNormal(m) as never, { 'autoMvn/loc': a.mean, 'autoMvn/scaleTril': lowerTri(a) }, { exact: true, globalLatent: o.globalLatent, coupled: o.local }),
  ];
}

/** Scalars of rank-0 latents are stored as scalars: unwrap one-element slices. */
function scalarSites<T extends Record<string, number | number[] | number[][]>>(p: T, scalars: readonly string[]): T {
  const out: Record<string, number | number[] | number[][]> = { ...p };
  for (const [k, v] of Object.entries(out)) if (scalars.some((s) => k.includes(`/${s}/`) || k.endsWith(`/${s}`)) && Array.isArray(v) && v.length === 1 && typeof v[0] === 'number') out[k] = v[0];
  return out as T;
}

const X_MEAN = [0.8, 1.9, 1.2, 0.3, 1.5, 2.2, 0.9, 1.1, 1.7, 0.4];
const Y_LOCAL = [2.1, -0.7, 0.4, 3.0, -1.8, 1.2, 0.9, -0.2, 2.6, -2.4];
const REG_X = [[1, 0.5], [0.2, -1], [-0.7, 0.3], [1.5, 1.1], [0.1, 0.9], [-1.2, -0.4], [0.6, -0.8], [0.9, 0.2], [-0.3, 1.4], [1.1, -1.3]];
const REG_Y = [1.2, -0.8, -0.1, 2.3, 0.9, -1.5, -0.3, 1.0, 0.7, -0.2];
const BITS = [1, 0, 0, 1, 0, 1, 0, 0, 0, 1];
const COUNTS = [2, 4, 1, 3, 0, 2, 5, 1, 2, 3];

function normalMeanCase(): ModelCase {
  const a = normalMeanAnswer(X_MEAN);
  return {
    name: 'normal mean (global)',
    n: 10,
    build: normalMeanModel,
    data: () => tf.tensor1d(X_MEAN),
    logEvidence: a.logEvidence,
    guides: [...gaussianGuides(() => ({ mu: [0, 1] }), a, { globalLatent: true, local: false, meanFieldExact: true }), refusedAmortized],
  };
}

function regressionCase(): ModelCase {
  const a = regressionAnswer(REG_X, REG_Y);
  return {
    name: 'linear regression (global vector)',
    n: 10,
    build: regressionModel,
    data: () => ({ x: tf.tensor2d(REG_X) as Tensor2D, y: tf.tensor1d(REG_Y) as Tensor1D }),
    logEvidence: a.logEvidence,
    guides: [...gaussianGuides(() => ({ w: [0, 2] }), a, { globalLatent: true, local: false, meanFieldExact: false }), refusedAmortized],
  };
}

function localCase(): ModelCase {
  const a = localAnswer(Y_LOCAL);
  const w = LOCAL_TAU ** 2 / (LOCAL_TAU ** 2 + LOCAL_SIGMA ** 2);
  const v = (LOCAL_TAU ** 2 * LOCAL_SIGMA ** 2) / (LOCAL_TAU ** 2 + LOCAL_SIGMA ** 2);
  return {
    name: 'local latents',
    n: 10,
    build: localModel,
    data: () => tf.tensor1d(Y_LOCAL),
    logEvidence: a.logEvidence,
    guides: [
      ...gaussianGuides(() => ({ theta: [0, 10] }), a, { globalLatent: false, local: true, meanFieldExact: true }),
      // The linear encoder [loc, log σ²] = y · [w, 0] + [0, log v] is the exact posterior.
      gcase('autoAmortized', (m) => autoAmortized(m, { hidden: [] }) as never, { 'encoder/0/kernel': [[w, 0]], 'encoder/0/bias': [0, Math.log(v)] }, { exact: true, globalLatent: false }),
    ],
  };
}

function hierarchicalCase(): ModelCase {
  const sigma = Y_LOCAL.map(() => 1);
  const a = hierarchicalAnswer(Y_LOCAL, sigma);
  const lam = 1 / HIER_TAU ** 2 + 1; // Λ_ii for theta with sigma = 1
  const c = 1 / lam;
  const d = (a.mean[0] as number) / HIER_TAU ** 2 / lam;
  const guides = gaussianGuides(() => ({ mu: [0, 1], theta: [1, 11] }), a, { globalLatent: true, local: true, meanFieldExact: false }).map((g) =>
    g.name === 'autoMultivariateNormal' ? g : { ...g, expect: (o: ObjectiveName, mb: boolean) => unwrapMu(g.expect(o, mb)) },
  );
  return {
    name: 'hierarchical (global and local)',
    n: 10,
    build: hierarchicalModel,
    data: () => ({ y: tf.tensor1d(Y_LOCAL) as Tensor1D, sigma: tf.tensor1d(sigma) as Tensor1D }),
    logEvidence: a.logEvidence,
    guides: [
      ...guides,
      gcase(
        'autoAmortized',
        (m) => autoAmortized(m, { hidden: [] }) as never,
        {
          'encoder/0/kernel': [[c, 0]],
          'encoder/0/bias': [d, Math.log(1 / lam)],
          'encoder/global/mu/loc': a.mean[0] as number,
          'encoder/global/mu/scale': a.meanFieldSd[0] as number,
        },
        { exact: false, globalLatent: true },
      ),
    ],
  };
}

/** The hierarchical model's mu is a scalar (rank 0): its parameters are scalars. */
function unwrapMu(e: Expectation): Expectation {
  return e.kind === 'refuse' ? e : { ...e, params: scalarSites(e.params as Record<string, number | number[] | number[][]>, ['mu']) };
}

/** Beta–Bernoulli / Gamma–Poisson: exact conjugate guide, best logit/softplus-Normal, MAP. */
function positiveCase(
  name: string,
  build: (plate: string) => AnyModel,
  data: number[],
  answer: { a: number; b: number; logEvidence: number },
  site: 'p' | 'rate',
  g: (u: number) => number,
  mode: number,
  family: 'beta' | 'gamma',
): ModelCase {
  const best = bestNormal(g, family === 'beta' ? Math.log(mode / (1 - mode)) : Math.log(Math.expm1(mode)));
  // Parametrized by (mean, concentration) as the gallery does: the ELBO's long ridge (a and b
  // growing together) lies along one axis there.
  const exactGuide = (): Guide<never, never> =>
    guide({ [site]: 0 } as { p: 0 }, `exact-${family}`, (ctx, _x: Tensor1D) => {
      // Log scale for the concentration: it must grow by an order of magnitude, which additive
      // (softplus) steps take thousands of steps to do.
      const mean = ctx.param('q/mean', family === 'beta' ? 0.5 : 1, { constraint: family === 'beta' ? unitInterval : positive });
      const k = ctx.param('q/concentration', 2, { transform: LOG_SCALE });
      const d = family === 'beta' ? new Beta(tf.mul(mean, k), tf.mul(tf.sub(1, mean), k)) : new Gamma(k, tf.div(k, mean));
      return { [site]: ctx.sample(site as 'p', d) } as { p: tf.Scalar };
    }) as never;
  const exactParams = family === 'beta' ? { 'q/mean': answer.a / (answer.a + answer.b), 'q/concentration': answer.a + answer.b } : { 'q/mean': answer.a / answer.b, 'q/concentration': answer.a };
  return {
    name,
    n: data.length,
    build,
    data: () => tf.tensor1d(data),
    logEvidence: answer.logEvidence,
    guides: [
      gcase('autoNormal', (m) => autoNormal(m) as never, { [`auto/${site}/loc`]: best.m, [`auto/${site}/scale`]: best.s }, { exact: false, globalLatent: true }),
      gcase('autoDelta', (m) => autoDelta(m) as never, { [`map/${site}`]: mode }, { exact: false, density: false, globalLatent: true }),
      gcase('autoMultivariateNormal', (m) => autoMultivariateNormal(m) as never, { 'autoMvn/loc': [best.m], 'autoMvn/scaleTril': [[best.s]] }, { exact: false, globalLatent: true }),
      gcase(`exact ${family} guide`, () => exactGuide(), exactParams, { exact: true, globalLatent: true }),
      refusedAmortized,
    ],
  };
}

function betaCase(): ModelCase {
  const ans = betaBernoulliAnswer(BITS);
  const k = BITS.reduce((s, v) => s + v, 0);
  // log p(x, sigmoid(u)) + log sigmoid'(u) = −(a0 + k) softplus(−u) − (b0 + n − k) softplus(u) + const.
  const g = (u: number): number => -(BETA_PRIOR.a + k) * softplus(-u) - (BETA_PRIOR.b + BITS.length - k) * softplus(u);
  return positiveCase('Beta–Bernoulli', betaBernoulliModel, BITS, ans, 'p', g, (ans.a - 1) / (ans.a + ans.b - 2), 'beta');
}

function gammaCase(): ModelCase {
  const ans = gammaPoissonAnswer(COUNTS);
  // λ = softplus(u): (a − 1) log λ − b λ + log sigmoid(u), with the posterior's a, b.
  const g = (u: number): number => (ans.a - 1) * Math.log(softplus(u)) - ans.b * softplus(u) - softplus(-u);
  return positiveCase('Gamma–Poisson', gammaPoissonModel, COUNTS, ans, 'rate', g, (ans.a - 1) / ans.b, 'gamma');
}

export const MODEL_CASES: Readonly<Record<string, () => ModelCase>> = {
  normalMean: normalMeanCase,
  regression: regressionCase,
  local: localCase,
  hierarchical: hierarchicalCase,
  beta: betaCase,
  gamma: gammaCase,
};

/** Minibatch sizes: the whole data set, N/2, N/5 and 1. */
export const BATCH_SIZES = (n: number): number[] => [n, n / 2, n / 5, 1];
void GAMMA_PRIOR;
