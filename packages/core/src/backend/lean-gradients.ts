/**
 * TF.js's gradient functions without their no-op kernels, for the lean tape (`lean-tape.ts`).
 *
 * TF.js's gradients of the elementwise kernels cast float32 tensors to float32 and reshape
 * tensors to the shape they already have, each a kernel dispatch; the gradient of `Tile` (of
 * every `tf.broadcastTo`) adds the upstream gradient one slice at a time, 2 kernels per copy
 * (61 kernels for a scalar broadcast over 30 rows). The versions here run the same arithmetic
 * kernels in the same order and skip only what computes nothing, so gradients are bit for bit
 * TF.js's; `Tile`'s sums its slices on the host in the same order, rounding each addition to
 * float32 as the `Add` kernel does. They apply on cpu and wasm when no gradient of a gradient is
 * being recorded (the skipped kernels would be on that tape); otherwise TF.js's own run.
 *
 * @module
 * @internal
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import { aliasTensor, leanNow } from './lean-tape.js';

type Grads = Record<string, () => Tensor>;
type Lean = (dy: Tensor, saved: Tensor[], attrs: tf.NamedAttrMap) => Grads | undefined;

const f32 = (t: Tensor): Tensor => (t.dtype === 'float32' ? t : tf.cast(t, 'float32'));
const sameShape = (a: readonly number[], b: readonly number[]): boolean => a.length === b.length && a.every((d, i) => d === b[i]);
const toShape = (t: Tensor, shape: number[]): Tensor => (sameShape(t.shape, shape) ? t : tf.reshape(t, shape));
/** A new handle on `t` (a gradient must not be the same object as another input's or as dy). */
const fresh = (t: Tensor): Tensor => aliasTensor(t) ?? tf.reshape(t, t.shape);

/** `res` (of the broadcast shape) summed over the axes `shape` was broadcast along. */
function reduceTo(res: Tensor, shape: number[]): Tensor {
  const axes = tf.broadcast_util.getReductionAxes(shape, res.shape);
  return axes.length > 0 ? toShape(tf.sum(res, axes), shape) : toShape(res, shape);
}

/** The gradient of `Add` or `Sub` for one input: dy reduced to its shape, negated for Sub's b. */
function passThrough(dy: Tensor, shape: number[], negate: boolean): Tensor {
  const axes = tf.broadcast_util.getReductionAxes(shape, dy.shape);
  const res = axes.length > 0 ? tf.sum(dy, axes) : dy;
  if (negate) return toShape(tf.neg(res), shape);
  return res === dy && sameShape(dy.shape, shape) ? fresh(dy) : toShape(res, shape);
}

/** Tile's gradient on the host: each slice added in TF.js's order (reps lexicographic), float32 rounding. */
function tileGrad(dy: Tensor, x: Tensor, reps: number[]): Tensor {
  const shape = x.shape;
  const rank = shape.length;
  const dyShape = dy.shape;
  const stride = new Array<number>(rank).fill(1);
  for (let i = rank - 2; i >= 0; i--) stride[i] = (stride[i + 1] as number) * (dyShape[i + 1] as number);
  // Offset in dy of each element of x within the first tile.
  const n = x.size;
  const base = new Int32Array(n);
  for (let e = 0; e < n; e++) {
    let rest = e;
    let off = 0;
    for (let i = rank - 1; i >= 0; i--) {
      const d = shape[i] as number;
      off += (rest % d) * (stride[i] as number);
      rest = Math.floor(rest / d);
    }
    base[e] = off;
  }
  const v = dy.dataSync() as Float32Array;
  const acc = new Float32Array(n);
  const tile = new Array<number>(rank).fill(0);
  const tiles = reps.reduce((a, b) => a * b, 1);
  for (let t = 0; t < tiles; t++) {
    let off = 0;
    for (let i = 0; i < rank; i++) off += (tile[i] as number) * (shape[i] as number) * (stride[i] as number);
    for (let e = 0; e < n; e++) acc[e] = (acc[e] as number) + (v[off + (base[e] as number)] as number);
    for (let i = rank - 1; i >= 0; i--) {
      tile[i] = (tile[i] as number) + 1;
      if ((tile[i] as number) < (reps[i] as number)) break;
      tile[i] = 0;
    }
  }
  return tf.tensor(acc, shape, 'float32');
}

const LEAN: Record<string, Lean> = {
  Add: (dy, [a, b]) => ({ a: () => passThrough(dy, (a as Tensor).shape, false), b: () => passThrough(dy, (b as Tensor).shape, false) }),
  Sub: (dy, [a, b]) => ({ a: () => passThrough(dy, (a as Tensor).shape, false), b: () => passThrough(dy, (b as Tensor).shape, true) }),
  Multiply: (dy, [a, b]) => ({
    a: () => reduceTo(tf.mul(dy, f32(b as Tensor)), (a as Tensor).shape),
    b: () => reduceTo(tf.mul(dy, f32(a as Tensor)), (b as Tensor).shape),
  }),
  RealDiv: (dy, [a, b]) => ({
    a: () => reduceTo(tf.div(dy, f32(b as Tensor)), (a as Tensor).shape),
    b: () => tf.neg(tf.div(reduceTo(tf.mul(dy, f32(a as Tensor)), (b as Tensor).shape), f32(tf.square(b as Tensor)))),
  }),
  Square: (dy, [x]) => ({ x: () => tf.mul(dy, tf.mul(f32(x as Tensor), 2)) }),
  Log: (dy, [x]) => ({ x: () => tf.div(dy, f32(x as Tensor)) }),
  Sqrt: (dy, [x]) => ({ x: () => tf.div(dy, tf.mul(tf.sqrt(f32(x as Tensor)), 2)) }),
  Identity: (dy) => (dy.dtype === 'float32' ? { x: () => fresh(dy) } : undefined),
  Cast: (dy) => ({ x: () => fresh(dy) }),
  // Zeros made on the host (TF.js: a ZerosLike kernel).
  OnesLike: (dy) => ({ x: () => tf.zeros(dy.shape, dy.dtype) }),
  ZerosLike: (dy) => ({ x: () => tf.zeros(dy.shape, dy.dtype) }),
  Select: (dy, [condition]) => ({
    condition: () => tf.zeros((condition as Tensor).shape, 'float32'),
    t: () => tf.mul(dy, tf.cast(condition as Tensor, dy.dtype)),
    e: () => tf.mul(dy, tf.cast(tf.logicalNot(condition as Tensor), dy.dtype)),
  }),
  Tile: (dy, [x], attrs) => {
    const reps = attrs['reps'] as number[];
    const xt = x as Tensor;
    // Up to rank 4 as TF.js; on the host where the loop is cheaper than 2 kernels per slice.
    if (dy.dtype !== 'float32' || xt.rank > 4 || (dy.size > 65_536 && reps.reduce((p, q) => p * q, 1) < 8)) return undefined;
    return { x: () => tileGrad(dy, xt, reps) };
  },
};

/** The gradient functions registered here (so that registering twice wraps once). */
const ours = new WeakSet<object>();

/**
 * Wraps the registered gradient functions of the kernels in `LEAN`: the lean versions when
 * `leanNow(0)`, the wrapped ones otherwise. Idempotent, and again effective after something
 * registered TF.js's gradients anew (loading `@tensorflow/tfjs` does): `initBackend` calls it
 * before and after loading a backend.
 *
 * @internal
 */
export function registerLeanGradients(): void {
  for (const [kernelName, lean] of Object.entries(LEAN)) {
    const original = tf.getGradient(kernelName);
    if (original === undefined || ours.has(original.gradFunc)) continue;
    const gradFunc: tf.GradFunc = (dy, saved, attrs) => {
      const grads = leanNow(0) && !Array.isArray(dy) ? lean(dy as Tensor, saved, attrs) : undefined;
      return grads ?? original.gradFunc(dy, saved, attrs);
    };
    ours.add(gradFunc);
    tf.registerGradient({ ...original, gradFunc });
  }
}
