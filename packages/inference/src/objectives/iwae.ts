/**
 * Importance-weighted bounds: IWAE (Burda et al. 2016) and the Rényi family (Li & Turner 2016).
 *
 * @module
 */
import { ArgumentError, ModelError, latentSites, sampleSites, tf, type Runnable, type Tensor } from '@aevb/core';
import type { Objective, ObjectiveValue } from './objective.js';
import { findDataPlate } from '../fit/data-plan.js';
import type { Batch } from '../fit/data.js';
import { runParticle } from './particle.js';
import { splitByPlate } from './per-datum.js';

/** Options of {@link iwaeBound} and {@link renyiBound}. @category Objectives */
export interface ImportanceWeightedOptions {
  /** Number of importance samples K per datapoint. Default 5. */
  readonly particles?: number;
  /** The data plate whose members get their own importance weights. Default: the plate over the data's rows, found as fitting finds it. */
  readonly plate?: string;
}

/**
 * Log importance weights of K particles: per datum (shape `[K, M]`) for sites in the data
 * plate and a global part (shape `[K]`) for sites outside it, plus the plate's N/M factor.
 *
 * @category Objectives
 */
export function logImportanceWeights<A extends readonly unknown[]>(
  model: Runnable<A, unknown>,
  guide: Runnable<A, unknown>,
  args: A,
  K: number,
  plate?: string,
): { perDatum: Tensor | undefined; global: Tensor; plateScale: number; hasGlobal: boolean; globalLatent: string | undefined; plate: string | undefined } {
  let hasGlobal = false;
  let globalLatent: string | undefined;
  const per: Tensor[] = [];
  const glob: Tensor[] = [];
  let plateScale = 1;
  let dataPlate = plate;
  for (let k = 0; k < K; k++) {
    const p = runParticle(model, guide, args);
    // The plate over the data's rows, found as fitting finds it (once).
    if (k === 0 && dataPlate === undefined) dataPlate = findDataPlate(p.model, args[0] as Batch).plate;
    const name = dataPlate ?? '';
    const m = splitByPlate(sampleSites(p.model), name, 1);
    const guideLatents = latentSites(p.guide);
    const q = splitByPlate(guideLatents, name, -1);
    plateScale = Math.max(m.plateScale, q.plateScale);
    hasGlobal = hasGlobal || m.globalSites + q.globalSites > 0;
    globalLatent ??= guideLatents.find((s) => !s.plates.some((f) => f.name === name))?.name;
    glob.push(tf.add(m.global, q.global));
    const pd = m.perDatum === undefined ? q.perDatum : q.perDatum === undefined ? m.perDatum : tf.add(m.perDatum, q.perDatum);
    if (pd !== undefined) per.push(pd);
  }
  if (per.length !== 0 && per.length !== K) throw new ModelError(`particles disagree on which sites are in plate '${dataPlate ?? ''}'`);
  return { perDatum: per.length === 0 ? undefined : tf.stack(per), global: tf.stack(glob), plateScale, hasGlobal, globalLatent, plate: dataPlate };
}

/**
 * Rényi's α-bound on the per-datum weights: `1/(1−α) · log 1/K Σ_k w_k^{1−α}`; α = 0 is IWAE.
 * Observed sites outside the plate add their plain Monte Carlo average; a latent outside the plate
 * makes the bound joint over the batch.
 *
 * @internal
 */
function alphaBound(w: ReturnType<typeof logImportanceWeights>, K: number, alpha: number, name: string): Tensor {
  const globalPart = tf.mean(w.global);
  if (w.perDatum === undefined || w.globalLatent !== undefined) {
    // No plate, or a latent shared by all datapoints: the datapoints are not independent given the
    // particle, so the whole joint log-weight is one importance-weighted term. From a minibatch it
    // cannot be estimated without bias (the log of a sum over the whole data set does not split).
    if (w.perDatum !== undefined && w.plateScale !== 1) {
      throw new ModelError(
        `${name}: latent '${w.globalLatent ?? ''}' is shared by all rows of the data plate '${w.plate ?? ''}', so the importance weights ` +
          `do not factor over rows and a minibatch cannot estimate the bound; fit all rows at once (batchSize = N) or use an ELBO objective`,
        w.globalLatent,
      );
    }
    const joint = w.perDatum === undefined ? w.global : tf.add(w.global, tf.sum(w.perDatum, 1));
    return tf.div(tf.sub(tf.logSumExp(tf.mul(joint, 1 - alpha)), Math.log(K)), 1 - alpha);
  }
  const lse = tf.div(tf.sub(tf.logSumExp(tf.mul(w.perDatum, 1 - alpha), 0), Math.log(K)), 1 - alpha);
  return tf.add(globalPart, tf.mul(tf.sum(lse), w.plateScale));
}

/**
 * The importance-weighted bound with K samples per datapoint,
 *
 * ```text
 * L_K = Σ_i log 1/K Σ_k p(x_i, z_ik) / q(z_ik | x_i)  ≥  ELBO,
 * ```
 *
 * tighter as K grows (L_1 is the ELBO). Weights are per datapoint when every latent is local to
 * the data plate; with a latent shared across the plate, the joint weight of the whole batch is used.
 *
 * @category Objectives
 */
export function iwaeBound(options: ImportanceWeightedOptions = {}): Objective {
  return renyiBound({ ...options, alpha: 0 }, 'iwae');
}

/**
 * The Rényi α-divergence bound (variational Rényi, Li & Turner 2016) with K samples:
 * α = 0 is IWAE, α → 1 the ELBO, α < 0 an upper-bound direction; α must not be 1.
 *
 * @category Objectives
 */
export function renyiBound(options: ImportanceWeightedOptions & { readonly alpha: number }, name = 'renyi'): Objective {
  const K = options.particles ?? 5;
  if (!Number.isInteger(K) || K < 1) throw new ArgumentError(name, 'particles', `must be a positive integer, got ${K}`);
  if (options.alpha === 1 || !Number.isFinite(options.alpha)) {
    throw new ArgumentError(name, 'alpha', `must be finite and not 1 (use the ELBO for alpha = 1), got ${options.alpha}`);
  }
  const plate = options.plate;
  const alpha = options.alpha;
  return {
    name: name === 'iwae' ? `iwae(K=${K})` : `renyi(alpha=${alpha}, K=${K})`,
    evaluate<A extends readonly unknown[]>(model: Runnable<A, unknown>, guide: Runnable<A, unknown>, args: A): ObjectiveValue {
      const w = logImportanceWeights(model, guide, args, K, plate);
      const bound = alphaBound(w, K, alpha, name);
      return { bound, surrogate: bound };
    },
  };
}
