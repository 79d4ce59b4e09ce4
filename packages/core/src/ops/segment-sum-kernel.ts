/**
 * An `UnsortedSegmentSum` kernel for the wasm backend, which TF.js 4.22 does not ship. The
 * gradient of `tf.gather` is a segment sum, so without it indexing a parameter by a minibatch's
 * rows (random effects `u[group]`, per-member parameters of a subsampled plate) cannot be
 * differentiated on wasm ("Kernel 'UnsortedSegmentSum' not registered for backend 'wasm'").
 *
 * ```text
 * out[s, …] = Σ_{p : ids[p] = s} x[p, …]        (ids outside [0, numSegments) are dropped)
 * ```
 *
 * The sums run in JavaScript over the wasm heap: one pass over `x`, fine for the parameter
 * gradients it serves.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';

/** The wasm backend methods used below, as they exist at runtime in tfjs-backend-wasm 4.22. */
interface HeapBackend {
  typedArrayFromHeap(t: tf.TensorInfo): Float32Array | Int32Array | Uint8Array;
  makeOutput(shape: number[], dtype: tf.DataType, memoryOffset?: number, values?: Float32Array | Int32Array): tf.TensorInfo;
}

/**
 * `out[s] = Σ_{ids[p] = s} x[p]` on host arrays: `x` has `ids.length` rows of `inner` values.
 *
 * @internal
 */
export function segmentSum(x: ArrayLike<number>, ids: ArrayLike<number>, numSegments: number, inner: number, out: Float32Array | Int32Array): void {
  for (let p = 0; p < ids.length; p++) {
    const s = ids[p] as number;
    if (s < 0 || s >= numSegments) continue;
    const from = p * inner;
    const to = s * inner;
    for (let j = 0; j < inner; j++) (out[to + j] as number) += x[from + j] as number;
  }
}

let registered = false;

/**
 * Registers the wasm `UnsortedSegmentSum` kernel when the backend has none (idempotent; called
 * by `initBackend`).
 *
 * @internal
 */
export function registerSegmentSumKernel(): void {
  if (registered) return;
  registered = true;
  if (tf.getKernel('UnsortedSegmentSum', 'wasm') !== undefined) return;
  tf.registerKernel({
    kernelName: 'UnsortedSegmentSum',
    backendName: 'wasm',
    kernelFunc: ({ inputs, attrs, backend }) => {
      const b = backend as unknown as HeapBackend;
      const x = inputs['x'] as tf.TensorInfo;
      const segmentIds = inputs['segmentIds'] as tf.TensorInfo;
      const numSegments = attrs?.['numSegments'] as number;
      const rows = segmentIds.shape.reduce((a, d) => a * d, 1);
      const innerShape = x.shape.slice(segmentIds.shape.length);
      const inner = innerShape.reduce((a, d) => a * d, 1);
      const out = x.dtype === 'int32' ? new Int32Array(numSegments * inner) : new Float32Array(numSegments * inner);
      // Copies: the heap views are invalidated by the allocation of the output.
      const heapX = b.typedArrayFromHeap(x);
      const xs = x.dtype === 'int32' ? Int32Array.from(heapX) : Float32Array.from(heapX);
      const ids = Int32Array.from(b.typedArrayFromHeap(segmentIds)).subarray(0, rows);
      segmentSum(xs, ids, numSegments, inner, out);
      return b.makeOutput([numSegments, ...innerShape], x.dtype, undefined, out);
    },
  });
}
