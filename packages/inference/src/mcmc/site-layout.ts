/**
 * Where each latent site of a model lives in the flat unconstrained vector of the samplers, and
 * the maps between that vector and the sites' constrained values.
 *
 * @module
 */
import { ModelError, tf, type Constraint, type Runnable, type Tensor, type Transform } from '@aevb/core';
import { prototypeOf } from '../guides/prototype.js';
import { baseSupport, requireBijection, supportTransform, toUnconstrained } from '../guides/transforms.js';

/**
 * One latent site's block of the unconstrained vector u: `u[offset … offset + size)`, reshaped to
 * `unconstrainedShape`, is mapped to the site's value by `transform` (the support's default
 * bijector, as the automatic guides use; none on the reals).
 *
 * @category MCMC
 */
export interface SiteLayout {
  /** Site name. */
  readonly name: string;
  /** Shape of the site's (constrained) value. */
  readonly shape: readonly number[];
  /** How many of the rightmost dimensions of `shape` are the distribution's event dimensions. */
  readonly eventRank: number;
  /** Shape of its unconstrained block (differs from `shape` for bijectors such as stick breaking). */
  readonly unconstrainedShape: readonly number[];
  /** First coordinate of the block. */
  readonly offset: number;
  /** Number of coordinates of the block. */
  readonly size: number;
  /** Name of the site's support. */
  readonly support: string;
  /** Unconstrained block → value; `undefined` on the reals. */
  readonly transform: Transform | undefined;
}

/** A model's latent layout and the particle dimension for vectorized runs. @internal */
export interface ModelLayout {
  readonly sites: SiteLayout[];
  /** Left of every batch dimension a sample site uses: where `vectorize` may put the chains. */
  readonly particleDim: number;
}

/**
 * The layout of a model's latent sites, learned from one hidden run (the guides' prototype).
 * Refuses discrete latents and plates that subsample (their density would be a random estimate).
 *
 * @internal
 */
export function layoutOf<A extends readonly unknown[]>(model: Runnable<A, unknown>, args: A): ModelLayout {
  // The prototype's tensors live only inside this scope; keep plain data (supports hold no tensors).
  let latents: Array<{ name: string; shape: readonly number[]; eventRank: number; support: Constraint; initial: Float32Array }> = [];
  let batchRank = 0;
  tf.tidy(() => {
    const proto = prototypeOf(model, args);
    for (const s of Object.values(proto.trace)) {
      if (s.type !== 'sample') continue;
      batchRank = Math.max(batchRank, s.fn.batchShape.length);
      const sub = s.plates.find((p) => p.size !== p.fullSize);
      if (sub !== undefined) {
        throw new ModelError(
          `sits in plate '${sub.name}' subsampled to ${sub.size} of ${sub.fullSize}: HMC and NUTS need the full-data density (run the model without subsampling)`,
          s.name,
        );
      }
    }
    latents = proto.latents.map((l) => ({ name: l.name, shape: l.shape, eventRank: l.eventRank, support: l.prior.support, initial: l.initial }));
  });
  let offset = 0;
  const sites = latents.map((site) => {
    const base = baseSupport(site.support);
    if (!base.isContinuous) {
      throw new ModelError(`has discrete support '${base.name}': HMC and NUTS need continuous latents (marginalize it out or condition on it)`, site.name);
    }
    const transform = supportTransform(site.name, site.support);
    // The Cholesky bijectors ignore the upper triangle: those coordinates would have a flat potential (an improper target).
    requireBijection(site.name, site.support, transform, 'HMC and NUTS');
    const unconstrainedShape = tf.tidy(() => toUnconstrained(tf.tensor(site.initial, [...site.shape]), transform).shape);
    const size = unconstrainedShape.reduce((a, b) => a * b, 1);
    const layout = { name: site.name, shape: site.shape, eventRank: site.eventRank, unconstrainedShape, offset, size, support: site.support.name, transform };
    offset += size;
    return layout;
  });
  return { sites, particleDim: -(batchRank + 1) };
}

/** The constrained values of `count` unconstrained states (row-major [count, D]), per site [count, …shape]. @internal */
export function constrainStates(layout: readonly SiteLayout[], u: Float64Array, count: number, dim: number): Record<string, Float64Array> {
  const out: Record<string, Float64Array> = {};
  for (const s of layout) {
    const block = new Float32Array(count * s.size);
    for (let k = 0; k < count; k++) block.set(u.subarray(k * dim + s.offset, k * dim + s.offset + s.size), k * s.size);
    const values = tf.tidy(() => {
      const x = tf.tensor(block, [count, ...s.unconstrainedShape]);
      return (s.transform === undefined ? x : s.transform.forward(x)).dataSync() as Float32Array;
    });
    out[s.name] = Float64Array.from(values);
  }
  return out;
}

/** The unconstrained state of constrained site values (each site's values in row-major order). @internal */
export function unconstrainValues(layout: readonly SiteLayout[], values: Readonly<Record<string, ArrayLike<number>>>, dim: number): Float64Array {
  const u = new Float64Array(dim);
  for (const s of layout) {
    const v = values[s.name];
    const n = s.shape.reduce((a, b) => a * b, 1);
    if (v === undefined) throw new ModelError('has no initial value (give one for every latent site)', s.name);
    if (v.length !== n) throw new ModelError(`initial value has ${v.length} entries; the site's shape [${s.shape.join(', ')}] has ${n}`, s.name);
    const block = tf.tidy(() => toUnconstrained(tf.tensor(Float32Array.from(v), [...s.shape]), s.transform).dataSync() as Float32Array);
    if (!block.every(Number.isFinite)) throw new ModelError(`initial value lies outside the support '${s.support}'`, s.name);
    u.set(block, s.offset);
  }
  for (const name of Object.keys(values)) {
    if (!layout.some((s) => s.name === name)) throw new ModelError('is not a latent site of the model (initial values name latent sites only)', name);
  }
  return u;
}

/** The site values of one unconstrained state (a Tensor1D), and log |det J| of the map. @internal */
export function constrainTensor(layout: readonly SiteLayout[], u: Tensor): { values: Record<string, Tensor>; logDet: Tensor } {
  const values: Record<string, Tensor> = {};
  let logDet: Tensor = tf.scalar(0);
  for (const s of layout) {
    const block = tf.reshape(tf.slice(u, [s.offset], [s.size]), [...s.unconstrainedShape]);
    if (s.transform === undefined) values[s.name] = block;
    else {
      values[s.name] = s.transform.forward(block);
      logDet = tf.add(logDet, tf.sum(s.transform.forwardLogDetJacobian(block)));
    }
  }
  return { values, logDet };
}
