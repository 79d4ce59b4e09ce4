/**
 * A model's potential at C states in one run: the chains become a leading batch dimension through
 * core's `vectorize` handler, and the run is trusted only where it matches runs one state at a time.
 *
 * @module
 */
import {
  ModelError,
  latentSites,
  sampleSites,
  siteLogProb,
  siteScale,
  substitute,
  tf,
  trace,
  vectorize,
  withValidation,
  type Runnable,
  type Tensor,
  type Tensor1D,
  type Tensor2D,
} from '@aevb/core';
import type { SiteLayout } from './site-layout.js';

/**
 * The site values of the C states `u` ([C, D]), each shaped [C, 1, …, 1, …site shape] so that the
 * chains sit at batch dimension `particleDim` of a vectorized run, and log |det J_T| per chain ([C]).
 *
 * @internal
 */
export function constrainBatch(layout: readonly SiteLayout[], u: Tensor2D, particleDim: number): { values: Record<string, Tensor>; logDet: Tensor1D } {
  const c = u.shape[0];
  const values: Record<string, Tensor> = {};
  let logDet: Tensor = tf.zeros([c]);
  for (const s of layout) {
    const block = tf.reshape(tf.slice(u, [0, s.offset], [c, s.size]), [c, ...s.unconstrainedShape]);
    let z = block;
    if (s.transform !== undefined) {
      z = s.transform.forward(block);
      const ld = s.transform.forwardLogDetJacobian(block);
      logDet = tf.add(logDet, ld.rank > 1 ? tf.sum(ld, [...Array(ld.rank).keys()].slice(1)) : ld);
    }
    const pad = -particleDim - 1 - (s.shape.length - s.eventRank);
    values[s.name] = tf.reshape(z, [c, ...new Array<number>(pad).fill(1), ...s.shape]);
  }
  return { values, logDet: logDet as Tensor1D };
}

/**
 * U at C states in one vectorized run of `run` ([C]): every sample site's log-density, masked,
 * summed over every axis but the chains' and scaled by its plates, plus the Jacobian terms.
 * Throws a {@link ModelError} when a site's shape is not the layout's with the chains in front.
 *
 * @internal
 */
export function vectorizedPotential<A extends readonly unknown[]>(
  run: Runnable<A, unknown>,
  args: A,
  layout: readonly SiteLayout[],
  particleDim: number,
  u: Tensor2D,
): Tensor1D {
  const c = u.shape[0];
  const { values, logDet } = constrainBatch(layout, u, particleDim);
  const t = withValidation(false, () => trace(substitute(vectorize(run, { count: c, dim: particleDim }), values)).getTrace(...args));
  for (const l of latentSites(t)) {
    const expected = (values[l.name] as Tensor | undefined)?.shape;
    const shape = [...l.fn.batchShape, ...l.fn.eventShape];
    if (expected === undefined || !tf.util.arraysEqual(shape, expected)) {
      throw new ModelError(`has shape [${shape.join(', ')}] in a vectorized run, expected [${expected?.join(', ') ?? '?'}]`, l.name);
    }
  }
  let total: Tensor = logDet;
  for (const s of sampleSites(t)) {
    let lp = siteLogProb(s);
    if (s.mask !== undefined) lp = tf.where(s.mask, lp, tf.zerosLike(lp));
    const axis = lp.rank + particleDim;
    if (axis < 0 || lp.shape[axis] !== c) throw new ModelError(`log-density of shape [${lp.shape.join(', ')}] has no chain dimension of size ${c} at ${particleDim}`, s.name);
    const others = [...Array(lp.rank).keys()].filter((a) => a !== axis);
    const perChain = others.length === 0 ? lp : tf.sum(lp, others);
    const k = siteScale(s);
    total = tf.add(total, k === 1 ? perChain : tf.mul(perChain, k));
  }
  return tf.neg(total) as Tensor1D;
}

/** Are U and ∇U of two implementations at the same states equal up to float32 rounding? @internal */
export function sameAnswers(a: { value: Float64Array; gradient: Float64Array }, b: { value: Float64Array; gradient: Float64Array }): boolean {
  const close = (x: number, y: number, tol: number): boolean => (Number.isFinite(x) && Number.isFinite(y) ? Math.abs(x - y) <= tol * (1 + Math.abs(y)) : Object.is(x, y) || (Number.isNaN(x) && Number.isNaN(y)));
  if (a.value.length !== b.value.length || a.gradient.length !== b.gradient.length) return false;
  for (let i = 0; i < a.value.length; i++) if (!close(a.value[i] as number, b.value[i] as number, 1e-4)) return false;
  for (let i = 0; i < a.gradient.length; i++) if (!close(a.gradient[i] as number, b.gradient[i] as number, 1e-3)) return false;
  return true;
}
