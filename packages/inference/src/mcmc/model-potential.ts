/**
 * The potential energy of any model over its latent sites in unconstrained space.
 *
 * @module
 */
import {
  ArgumentError,
  ModelError,
  getParamStore,
  hashString,
  latentSites,
  logProbSum,
  params,
  substitute,
  tf,
  trace,
  withValidation,
  type AnyModel,
  type ArgsOf,
  type ParamStore,
  type Runnable,
  type Tensor,
  type Tensor1D,
  type Tensor2D,
  type Trace,
} from '@aevb/core';
import { ChainRng } from './chain-rng.js';
import type { PotentialFn, PotentialValue } from './potential.js';
import { constrainStates, constrainTensor, layoutOf, unconstrainValues, type SiteLayout } from './site-layout.js';
import { sameAnswers, vectorizedPotential } from './vectorized-density.js';

/** Options of {@link modelPotential}. @category MCMC */
export interface ModelPotentialOptions {
  /** Where the model's `param` sites are read (the `params` handler). Default: the global store. */
  readonly params?: ParamStore;
  /**
   * Evaluate all chains in one vectorized run of the model (core's `vectorize` handler):
   * `'auto'` (default) when a check against runs one state at a time agrees, `true` to require
   * it (a {@link ModelError} if the model mixes chains), `false` to run states one at a time.
   */
  readonly vectorize?: 'auto' | boolean;
}

/**
 * A model's potential energy with the maps between its unconstrained vector and its sites.
 *
 * @category MCMC
 */
export interface ModelPotential {
  /** Number of unconstrained coordinates D. */
  readonly dim: number;
  /** Where each latent site lives in the vector, in execution order. */
  readonly sites: readonly SiteLayout[];
  /** U and ∇U at C states ([C, D]); every chain has the same target. */
  readonly potential: PotentialFn;
  /** Does `potential` evaluate all states in one vectorized run (else one run per state)? */
  readonly vectorized: boolean;
  /** Constrained values of `count` states (row-major [count, D]), per site [count, …shape]. */
  constrain(u: Float64Array, count: number): Record<string, Float64Array>;
  /** The unconstrained state of constrained values (every latent site, row-major). */
  unconstrain(values: Readonly<Record<string, ArrayLike<number>>>): Float64Array;
}

function checkStructure(t: Trace, layout: readonly SiteLayout[]): void {
  const latents = latentSites(t);
  for (const s of layout) {
    const site = latents.find((l) => l.name === s.name);
    if (site === undefined) throw new ModelError('was a latent site in the first run but not in this one: HMC and NUTS need a fixed set of latent sites', s.name);
  }
  for (const l of latents) {
    const s = layout.find((x) => x.name === l.name);
    if (s === undefined) throw new ModelError('is a latent site that the first run did not have: HMC and NUTS need a fixed set of latent sites', l.name);
    // The distribution's shape, not the value's (which is the substituted one): a site whose size
    // changed would otherwise broadcast the old value against it.
    const shape = [...l.fn.batchShape, ...l.fn.eventShape];
    if (!tf.util.arraysEqual(shape, [...s.shape])) {
      throw new ModelError(`has shape [${shape.join(', ')}] in this run but [${s.shape.join(', ')}] in the first: HMC and NUTS need fixed latent shapes`, l.name);
    }
  }
}

/**
 * The potential energy of `model` given `args` (the data), over its latent sites mapped to one
 * flat unconstrained vector u by the support bijectors the automatic guides use:
 *
 * ```text
 * z = T(u) (site by site),   U(u) = −[ log p(x, T(u)) + log |det J_T(u)| ]
 * ```
 * log p(x, z) is the model's trace log-density with every latent substituted (plates, `scale`
 * and `mask` apply as in the ELBO); parameters are read from `options.params`, not learned. The
 * gradient is taken by TF.js autodiff. The rows of u are evaluated in one run of the model with
 * the chains as a leading batch dimension (core's `vectorize`) when the model allows it: a check
 * at construction compares that run with runs one state at a time at two random states, and
 * models that mix the chains (reducing over all axes, reshaping latents) run one state at a time.
 *
 * Refused with a {@link ModelError} naming the site: discrete latents, subsampling plates, and
 * models whose latent sites change between runs.
 *
 * @example
 * ```ts
 * const target = modelPotential(normalMean, [x]);
 * const samples = sampleChains(target.potential, [new Float64Array(target.dim)], { seed: 0 });
 * ```
 * @category MCMC
 */
export function modelPotential<M extends AnyModel>(model: M, args: ArgsOf<M>, options: ModelPotentialOptions = {}): ModelPotential {
  const store = options.params ?? getParamStore();
  const withParams = params(model as unknown as Runnable<readonly unknown[], unknown>, store);
  const a = args as unknown as readonly unknown[];
  const { sites, particleDim } = layoutOf(withParams, a);
  const dim = sites.reduce((n, s) => n + s.size, 0);
  if (dim === 0) throw new ModelError(`model '${model.name}' has no latent sites to sample`);
  const negLogDensity = (u: Tensor1D): tf.Scalar => {
    const { values, logDet } = constrainTensor(sites, u);
    const t = withValidation(false, () => trace(substitute(withParams, values)).getTrace(...a));
    checkStructure(t, sites);
    return tf.neg(tf.add(logProbSum(t), logDet)) as tf.Scalar;
  };
  const valueAndGrad = tf.valueAndGrad(negLogDensity);
  const oneAtATime = (u: Tensor2D): PotentialValue => {
    const k = u.shape[0];
    const value = new Float64Array(k);
    const gradient = new Float64Array(k * dim);
    for (let i = 0; i < k; i++) {
      const r = tf.tidy(() => {
        const { value: v, grad } = valueAndGrad(tf.reshape(tf.slice(u, [i, 0], [1, dim]), [dim]) as Tensor1D);
        return tf.concat([tf.reshape(v, [1]), grad]);
      });
      const out = r.dataSync();
      r.dispose();
      value[i] = out[0] as number;
      gradient.set(out.subarray(1), i * dim);
    }
    return { value, gradient };
  };
  const allAtOnce = (u: Tensor2D): PotentialValue => {
    let value = new Float64Array(0);
    // The chains are independent, so the gradient of Σ_c U_c holds every chain's ∇U in its row.
    const g = tf.tidy(() =>
      tf.grad((x: Tensor) => {
        const v = vectorizedPotential(withParams, a, sites, particleDim, x as Tensor2D);
        value = Float64Array.from(v.dataSync());
        return tf.sum(v) as tf.Scalar;
      })(u),
    );
    const gradient = Float64Array.from(g.dataSync());
    g.dispose();
    return { value, gradient };
  };
  // Forward only: a failing vectorized run inside tf.grad would leave tensors behind.
  const valuesAtOnce = (u: Tensor2D): Float64Array =>
    Float64Array.from(tf.tidy(() => vectorizedPotential(withParams, a, sites, particleDim, u).dataSync() as Float32Array));
  const vectorized = vectorizationHolds(model.name, options.vectorize ?? 'auto', dim, oneAtATime, valuesAtOnce, allAtOnce);
  const potential: PotentialFn = (u) => {
    const d = u.shape[1];
    if (d !== dim) throw new ArgumentError('modelPotential', 'u', `has ${d} columns; model '${model.name}' has ${dim} unconstrained coordinates`);
    return vectorized ? allAtOnce(u) : oneAtATime(u);
  };
  return {
    dim,
    sites,
    potential,
    vectorized,
    constrain: (u, count) => constrainStates(sites, u, count, dim),
    unconstrain: (values) => unconstrainValues(sites, values, dim),
  };
}

/** Decides (and for `true`, demands) the vectorized evaluation by comparing both at two random states. */
function vectorizationHolds(
  name: string,
  mode: 'auto' | boolean,
  dim: number,
  oneAtATime: (u: Tensor2D) => PotentialValue,
  valuesAtOnce: (u: Tensor2D) => Float64Array,
  allAtOnce: (u: Tensor2D) => PotentialValue,
): boolean {
  if (mode === false) return false;
  const rng = new ChainRng(hashString(name));
  const u = tf.tensor2d(Float32Array.from({ length: 2 * dim }, () => 4 * rng.uniform() - 2), [2, dim]);
  try {
    const reference = oneAtATime(u);
    let problem: string | undefined;
    try {
      const values = valuesAtOnce(u);
      if (!sameAnswers({ value: values, gradient: reference.gradient }, reference) || !sameAnswers(allAtOnce(u), reference)) {
        problem = 'its potential or gradient differs from runs one state at a time';
      }
    } catch (e) {
      problem = e instanceof Error ? e.message : String(e);
    }
    if (problem !== undefined && mode === true) {
      throw new ModelError(`model '${name}' cannot evaluate chains in one vectorized run (${problem}); use vectorize: 'auto' or false`);
    }
    return problem === undefined;
  } finally {
    u.dispose();
  }
}
