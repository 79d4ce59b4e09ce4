/**
 * Elementwise special functions evaluated on the host (float64 JS) where tensor data already
 * lives in JS-readable memory (the `cpu` and `wasm` backends), with their exact derivatives
 * attached by `tf.customGrad`. On those backends a series like lgamma costs ~50 small kernels
 * forward and ~100 more backward as tensor ops (each a fixed dispatch cost, the whole cost for
 * the small tensors of variational parameters), against one read and one upload here. Backends
 * whose data lives on a device (`webgl`, `tensorflow`) keep the tensor versions: a read-back
 * there stalls the pipeline.
 *
 * @module
 * @internal
 */
import { tf } from '@aevb/core';
import type { Tensor } from '@aevb/core';
import { asFloat32, broadcastAs } from './shapes.js';

let forced: boolean | undefined;

/** Whether special functions run on the host (tests force either path with {@link forceHostPath}). @internal */
export function onHost(): boolean {
  if (forced !== undefined) return forced;
  const b = tf.getBackend();
  return b === 'cpu' || b === 'wasm';
}

/** Forces the host path on (true) or off (false), or back to the backend's choice (undefined). @internal */
export function forceHostPath(on: boolean | undefined): void {
  forced = on;
}

function map1(x: Tensor, f: (v: number) => number): Tensor {
  const v = x.dataSync();
  const out = new Float32Array(v.length);
  for (let i = 0; i < v.length; i++) out[i] = f(v[i] as number);
  return tf.tensor(out, x.shape, 'float32');
}

/**
 * `f` elementwise, with gradient dy · `df(x)` (`df` itself a host op, so second derivatives
 * work where `df` has one).
 *
 * @internal
 */
export function hostUnary(x: Tensor, f: (v: number) => number, df: (x: Tensor) => Tensor): Tensor {
  const op = tf.customGrad((...args: (Tensor | tf.GradSaveFunc)[]) => {
    const input = args[0] as Tensor;
    (args[1] as tf.GradSaveFunc)([input]);
    return {
      value: map1(input, f),
      gradFunc: (dy: Tensor | Tensor[], saved: Tensor[]) => [tf.mul(dy as Tensor, df(saved[0] as Tensor))],
    };
  });
  return tf.tidy(() => op(asFloat32(x)));
}

/**
 * `f(a, b)` elementwise after broadcasting, with gradients dy · `da(a, b)` and dy · `db(a, b)`
 * (reduced back to each input's shape by the broadcast's own gradient).
 *
 * @internal
 */
export function hostBinary(
  a: Tensor,
  b: Tensor,
  f: (x: number, y: number) => number,
  da: (a: Tensor, b: Tensor) => Tensor,
  db: (a: Tensor, b: Tensor) => Tensor,
): Tensor {
  const op = tf.customGrad((...args: (Tensor | tf.GradSaveFunc)[]) => {
    const x = args[0] as Tensor;
    const y = args[1] as Tensor;
    (args[2] as tf.GradSaveFunc)([x, y]);
    const xv = x.dataSync();
    const yv = y.dataSync();
    const out = new Float32Array(xv.length);
    for (let i = 0; i < xv.length; i++) out[i] = f(xv[i] as number, yv[i] as number);
    return {
      value: tf.tensor(out, x.shape, 'float32'),
      gradFunc: (dy: Tensor | Tensor[], saved: Tensor[]) => {
        const [sx, sy] = saved as [Tensor, Tensor];
        return [tf.mul(dy as Tensor, da(sx, sy)), tf.mul(dy as Tensor, db(sx, sy))];
      },
    };
  });
  return tf.tidy(() => {
    const shape = tf.broadcast_util.assertAndGetBroadcastShape(a.shape, b.shape);
    return op(broadcastAs(asFloat32(a), shape), broadcastAs(asFloat32(b), shape));
  });
}

/** `f(a, b)` elementwise after broadcasting, not differentiated (a derivative's own kernel). @internal */
export function hostBinaryNoGrad(a: Tensor, b: Tensor, f: (x: number, y: number) => number): Tensor {
  return tf.tidy(() => {
    const shape = tf.broadcast_util.assertAndGetBroadcastShape(a.shape, b.shape);
    const av = broadcastAs(a, shape).dataSync();
    const bv = broadcastAs(b, shape).dataSync();
    const out = new Float32Array(av.length);
    for (let i = 0; i < av.length; i++) out[i] = f(av[i] as number, bv[i] as number);
    return tf.tensor(out, shape, 'float32');
  });
}
