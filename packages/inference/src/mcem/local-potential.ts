/**
 * The potential energy of each datapoint's own latents: for a model whose latent sites all lie
 * in its data plate, −log p(x_i, z_i) row by row, so that HMC runs one chain per datapoint.
 *
 * @module
 */
import {
  ModelError,
  latentSites,
  params as paramsHandler,
  sampleSites,
  siteLogProb,
  substitute,
  tf,
  trace,
  withValidation,
  type Model,
  type LatentSpec,
  type ParamStore,
  type Runnable,
  type SampleSite,
  type Tensor,
  type Tensor1D,
  type Tensor2D,
} from '@aevb/core';
import { isRealConstraint } from '@aevb/core/internal';
import { takeRows, type Batch } from '../fit/data.js';
import type { PotentialFn } from '../mcmc/potential.js';

/** A model's latents, one row per datapoint. @category Monte Carlo EM */
export interface LocalLatents {
  /** Unconstrained (here: real) coordinates per datapoint, the sum of the sites' member sizes. */
  readonly dim: number;
  /** The latent sites in execution order, with their member shapes (the value's shape without the plate axis). */
  readonly sites: readonly { readonly name: string; readonly shape: readonly number[]; readonly size: number }[];
  /** The data plate. */
  readonly plate: string;
}

/** The plate axis (≥ 0) of a site's batch shape, or an error naming the site. */
function plateAxis(site: SampleSite, plate: string): number {
  const frame = site.plates.find((p) => p.name === plate);
  if (frame === undefined) throw new ModelError(`is outside the data plate '${plate}': Monte Carlo EM samples per-datapoint latents only (learn global quantities as parameters)`, site.name);
  const batchRank = site.fn.batchShape.length;
  const axis = batchRank + frame.dim;
  if (axis !== 0) throw new ModelError(`indexes the data plate '${plate}' on batch axis ${axis}; per-datapoint sampling needs it on the leading axis`, site.name);
  return axis;
}

/**
 * Per-datapoint log p(x_i, z_i) of a traced run: every sample site's log-density summed over
 * all axes but the leading (data plate) one, masks applied. [rows].
 *
 * @internal
 */
export function rowLogJoint(t: Readonly<Record<string, unknown>>, plate: string, rows: number): Tensor1D {
  return tf.tidy(() => {
    let total: Tensor = tf.zeros([rows]);
    for (const site of sampleSites(t as never)) {
      plateAxis(site, plate);
      let lp = siteLogProb(site);
      if (site.mask !== undefined) lp = tf.where(site.mask, lp, tf.zerosLike(lp));
      if (lp.rank > 1) lp = tf.sum(lp, Array.from({ length: lp.rank - 1 }, (_, i) => i + 1));
      total = tf.add(total, site.scale === 1 ? lp : tf.mul(lp, site.scale));
    }
    return total as Tensor1D;
  });
}

/**
 * Finds the latent sites of `model` on `batch` and checks that per-datapoint sampling applies:
 * every latent site is real-valued and inside the data plate (on the leading axis), and so is
 * every observed site. The plate is `plate`, or the one plate enclosing every latent site.
 *
 * @example
 * ```ts
 * const local = localLatents(vae, x, store); // { dim: 3, sites: [{ name: 'z', … }], plate: 'data' }
 * ```
 * @category Monte Carlo EM
 */
export function localLatents<L extends LatentSpec, D extends Batch>(model: Model<L, readonly [D], unknown>, batch: D, store: ParamStore, plate?: string): LocalLatents {
  return tf.tidy(() => {
    const run = paramsHandler(model as unknown as Runnable<readonly [D], unknown>, store);
    const t = withValidation(false, () => trace(run).getTrace(batch));
    const latents = latentSites(t);
    if (latents.length === 0) throw new ModelError(`model '${model.name}' has no latent sites to sample`);
    let name = plate;
    if (name === undefined) {
      const common = latents[0]?.plates.map((p) => p.name).filter((p) => latents.every((s) => s.plates.some((q) => q.name === p))) ?? [];
      if (common.length !== 1) throw new ModelError(`model '${model.name}': its latent sites share ${common.length} plates (${common.join(', ')}); name the data plate with the 'plate' option`);
      name = common[0] as string;
    }
    const sites = latents.map((s) => {
      plateAxis(s, name as string);
      if (!isRealConstraint(s.fn.support)) throw new ModelError('is not real-valued: per-datapoint HMC here samples real latents only', s.name);
      const shape = [...s.fn.batchShape, ...s.fn.eventShape].slice(1);
      return { name: s.name, shape, size: shape.reduce((a, b) => a * b, 1) };
    });
    for (const s of sampleSites(t)) plateAxis(s, name);
    return { dim: sites.reduce((a, s) => a + s.size, 0), sites, plate: name };
  });
}

/** The site values of states u ([rows, dim]): each site's columns reshaped to [rows, …member shape]. @internal */
export function siteValues(local: LocalLatents, u: Tensor2D): Record<string, Tensor> {
  const rows = u.shape[0];
  const out: Record<string, Tensor> = {};
  let at = 0;
  for (const s of local.sites) {
    out[s.name] = tf.reshape(tf.slice(u, [0, at], [rows, s.size]), [rows, ...s.shape]);
    at += s.size;
  }
  return out;
}

/**
 * The potential U_i(z) = −log p(x_i, z) of each datapoint of `batch` under `model` with the
 * parameters of `store`: row r of the states is evaluated against datapoint `chains[r]`, so
 * one HMC chain per datapoint moves all of them with one run of the model per leapfrog step.
 *
 * ```text
 * U(u)[r] = −log p(x_{chains[r]}, z = u[r])   (the latents' member values, concatenated)
 * ```
 *
 * @example
 * ```ts
 * const { potential } = localPotential(vae, x, store, local);
 * ```
 * @category Monte Carlo EM
 */
export function localPotential<L extends LatentSpec, D extends Batch>(model: Model<L, readonly [D], unknown>, batch: D, store: ParamStore, local: LocalLatents): { readonly potential: PotentialFn } {
  const run = paramsHandler(model as unknown as Runnable<readonly [D], unknown>, store);
  const potential: PotentialFn = (u, chains) => {
    let value = new Float64Array(0);
    const g = tf.tidy(() => {
      const idx = tf.tensor1d(Int32Array.from(chains), 'int32');
      const rows = takeRows(batch, idx);
      return tf.grad((x: Tensor) => {
        const values = siteValues(local, x as Tensor2D);
        const t = withValidation(false, () => trace(substitute(run, values)).getTrace(rows));
        const lp = rowLogJoint(t, local.plate, chains.length);
        value = Float64Array.from(lp.dataSync(), (v) => -v);
        return tf.neg(tf.sum(lp)) as tf.Scalar;
      })(u);
    });
    const gradient = Float64Array.from(g.dataSync());
    g.dispose();
    return { value, gradient };
  };
  return { potential };
}
