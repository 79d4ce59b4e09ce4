/**
 * K particles of a model and guide in one vectorized run, and the check that decides whether a
 * model allows it: a vectorized run must give, particle by particle, the log-weights of
 * sequential runs on the same draws.
 *
 * @module
 */
import {
  ModelError,
  latentSites,
  replay,
  sampleSites,
  siteLogProb,
  tf,
  trace,
  vectorize,
  type Runnable,
  type SampleSite,
  type Site,
  type Tensor,
  type Trace,
} from '@aevb/core';
import { runParticle } from './particle.js';
import { splitByPlate } from './per-datum.js';

/** The log importance weights of K particles. @internal */
export interface LogWeights {
  /** Per datum of the data plate, `[K, M]` (undefined without sites in the plate). */
  readonly perDatum: Tensor | undefined;
  /** Terms outside the data plate, `[K]`. */
  readonly global: Tensor;
}

/**
 * The batch dimension for particles: left of every batch dimension a site of the model or the
 * guide uses (Pyro's `-max_plate_nesting - 1`, counting unplated batch dimensions too).
 *
 * @internal
 */
export function particleDim(model: Trace, guide: Trace): number {
  let rank = 0;
  for (const s of [...sampleSites(model), ...latentSites(guide)]) rank = Math.max(rank, s.fn.batchShape.length);
  return -(rank + 1);
}

/** A site's log-density reduced to `[K, M]` (in `plate`) or `[K]`, with its scale but not the plate's own N/M. */
function reduceSite(s: SampleSite, dim: number, plate: string): { perDatum: boolean; value: Tensor } {
  let lp = siteLogProb(s);
  if (s.mask !== undefined) lp = tf.where(s.mask, lp, tf.zerosLike(lp));
  const pa = lp.rank + dim;
  const frame = s.plates.find((f) => f.name === plate);
  let own = s.scale;
  for (const f of s.plates) if (f !== frame) own *= f.scale;
  const keep = frame === undefined ? [pa] : [pa, lp.rank + frame.dim];
  const axes = [...Array(lp.rank).keys()].filter((a) => !keep.includes(a));
  const summed = axes.length === 0 ? lp : tf.sum(lp, axes);
  if (frame === undefined) return { perDatum: false, value: own === 1 ? summed : tf.mul(summed, own) };
  return { perDatum: true, value: own === 1 ? summed : tf.mul(summed, own) };
}

/** Σ over the model's sample sites minus Σ over the guide's latents, reduced per particle. */
function weightsOf(model: Trace, guide: Trace, dim: number, plate: string): LogWeights {
  let perDatum: Tensor | undefined;
  let global: Tensor | undefined;
  const add = (s: SampleSite, sign: 1 | -1): void => {
    const r = reduceSite(s, dim, plate);
    const v = sign === 1 ? r.value : tf.neg(r.value);
    if (r.perDatum) perDatum = perDatum === undefined ? v : tf.add(perDatum, v);
    else global = global === undefined ? v : tf.add(global, v);
  };
  for (const s of sampleSites(model)) add(s, 1);
  for (const s of latentSites(guide)) add(s, -1);
  return { perDatum, global: global ?? tf.zeros([1]) };
}

/**
 * Log importance weights `log p(x, z_k) − log q(z_k | x)` of `count` particles drawn in one
 * vectorized run of the guide, scored by one vectorized run of the model.
 *
 * @internal
 */
export function vectorizedLogWeights<A extends readonly unknown[]>(
  model: Runnable<A, unknown>,
  guide: Runnable<A, unknown>,
  args: A,
  count: number,
  dim: number,
  plate: string,
): LogWeights {
  const g = trace(vectorize(guide, { count, dim })).getTrace(...args);
  const m = trace(replay(vectorize(model, { count, dim }), g)).getTrace(...args);
  const w = weightsOf(m, g, dim, plate);
  const global = w.global.rank === 1 && w.global.shape[0] === count ? w.global : tf.add(w.global, tf.zeros([count]));
  return { perDatum: w.perDatum, global };
}

/** Particle `k` of a vectorized trace's latent values (a replay source). */
function sliceTrace(t: Trace, k: number, dim: number, sequential: Trace): Trace {
  const out: Record<string, Site> = {};
  for (const s of latentSites(t)) {
    const v = s.value as Tensor;
    const axis = v.rank - s.fn.eventShape.length + dim;
    const one = tf.unstack(v, axis)[k] as Tensor;
    // The vectorized value also has the size-1 dimensions between the particle dimension and the
    // site's own batch dimensions: give particle k the shape the site has in a sequential run.
    const shape = (sequential[s.name]?.value as Tensor | undefined)?.shape ?? one.shape;
    if (shape.reduce((a, b) => a * b, 1) !== one.size) throw new ModelError(`particle ${k} has shape [${one.shape.join(", ")}], the sequential run [${shape.join(", ")}]`, s.name);
    out[s.name] = { ...s, value: tf.reshape(one, shape) };
  }
  return out;
}

/**
 * Does a vectorized run of this model and guide give what sequential runs give? Draws two
 * vectorized particles and scores each one's draws again sequentially; any error, or a
 * log-weight that differs by more than float32 rounding, means the model mixes particles (it
 * reduces over all axes, reshapes its latents, …) and must run one particle at a time.
 *
 * @internal
 */
export function vectorizationHolds<A extends readonly unknown[]>(model: Runnable<A, unknown>, guide: Runnable<A, unknown>, args: A, plate: string): number | undefined {
  try {
    return tf.tidy(() => {
      const seqRun = runParticle(model, guide, args);
      const dim = particleDim(seqRun.model, seqRun.guide);
      const g = trace(vectorize(guide, { count: 2, dim })).getTrace(...args);
      const m = trace(replay(vectorize(model, { count: 2, dim }), g)).getTrace(...args);
      const vec = weightsOf(m, g, dim, plate);
      const vecPer = vec.perDatum === undefined ? undefined : vec.perDatum.arraySync() as number[][];
      const vecGlobal = tf.add(vec.global, tf.zeros([2])).arraySync() as number[];
      for (let k = 0; k < 2; k++) {
        const gk = trace(replay(guide, sliceTrace(g, k, dim, seqRun.guide))).getTrace(...args);
        const mk = trace(replay(model, gk)).getTrace(...args);
        const pm = splitByPlate(sampleSites(mk), plate, 1);
        const pq = splitByPlate(latentSites(gk), plate, -1);
        const seqGlobal = tf.add(pm.global, pq.global).dataSync()[0] as number;
        if (!close(vecGlobal[k] as number, seqGlobal)) return undefined;
        const seqPer = pm.perDatum === undefined ? pq.perDatum : pq.perDatum === undefined ? pm.perDatum : tf.add(pm.perDatum, pq.perDatum);
        if ((vecPer === undefined) !== (seqPer === undefined)) return undefined;
        if (vecPer !== undefined && seqPer !== undefined) {
          const a = vecPer[k] as number[];
          const b = Array.from(seqPer.dataSync());
          if (a.length !== b.length || a.some((x, i) => !close(x, b[i] as number))) return undefined;
        }
      }
      return dim;
    });
  } catch {
    return undefined;
  }
}

function close(a: number, b: number): boolean {
  if (!Number.isFinite(a) || !Number.isFinite(b)) return a === b;
  return Math.abs(a - b) <= 1e-4 * (1 + Math.abs(b));
}
