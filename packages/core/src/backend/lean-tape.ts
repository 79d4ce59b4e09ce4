/**
 * A leaner gradient tape on the `cpu` and `wasm` backends: the same gradients, bit for bit, with
 * fewer kernels.
 *
 * TF.js's tape is generic. Every tensor a gradient function will need is copied with an
 * `Identity` kernel when it is saved (on wasm a real copy, on cpu a shared buffer), and that copy
 * gets a tape node of its own (needed only when the backward pass is itself differentiated).
 * On a small model these copies are a third of a step's kernels (47 of 165 in a normal-mean SVI
 * step), each a full kernel dispatch. Here, while one gradient is recorded (not a gradient of a
 * gradient), a saved tensor is a new handle on the same buffer, made the way the cpu backend's
 * own `Identity` and `Reshape` kernels make theirs (a reference count, no copy, no kernel) and
 * with no tape node; everything else, including every other backend and nested gradients, goes
 * through TF.js unchanged. Buffers are immutable in TF.js, so a shared buffer holds the same
 * values a copy would.
 *
 * The gradient functions' own no-op kernels are in `lean-gradients.ts`. `AEVB_LEAN_TAPE=0` (in
 * the environment) or `setLeanTape(false)` turns both off.
 *
 * @module
 * @internal
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';

/** The engine members used below, as they exist at runtime in tfjs-core 4.22 (pinned). */
interface EngineInternals {
  readonly state: {
    gradientDepth: number;
    readonly tensorInfo: WeakMap<object, { readonly backend: unknown }>;
  };
  readonly backendName: string;
  readonly backend: { incRef(dataId: object): void };
  makeTensorFromTensorInfo(info: { dataId: object; shape: number[]; dtype: tf.DataType }): Tensor;
  clone(x: Tensor): Tensor;
}

let enabled = typeof process === 'undefined' || process.env?.['AEVB_LEAN_TAPE'] !== '0';
let installed = false;

let checked: EngineInternals | null | undefined;

/** The engine, when it has the members this module relies on (checked once: it is one object). */
function engineInternals(): EngineInternals | undefined {
  if (checked === undefined) {
    const e = tf.engine() as unknown as Partial<EngineInternals>;
    const ok =
      typeof e.clone === 'function' &&
      typeof e.makeTensorFromTensorInfo === 'function' &&
      e.state !== undefined &&
      typeof e.state.gradientDepth === 'number' &&
      e.state.tensorInfo instanceof WeakMap;
    checked = ok ? (e as EngineInternals) : null;
  }
  return checked ?? undefined;
}

/**
 * Whether the lean paths apply now: enabled, on cpu or wasm, and no gradient of a gradient is
 * being recorded (`depth` is the recording depth at which the caller is fine: 1 while saving
 * tensors of a forward pass, 0 in a backward pass).
 *
 * @internal
 */
export function leanNow(depth: number): boolean {
  if (!enabled) return false;
  const e = engineInternals();
  return e !== undefined && e.state.gradientDepth <= depth && (e.backendName === 'cpu' || e.backendName === 'wasm');
}

/**
 * A new tensor handle on `x`'s buffer, with `shape` (same size), made without a kernel: what
 * the cpu backend's `Identity`/`Reshape` kernels return. `undefined` when `x`'s buffer belongs to
 * another backend than the current one, or `x` is not a plain numeric tensor.
 *
 * @internal
 */
export function aliasTensor(x: Tensor, shape: readonly number[] = x.shape): Tensor | undefined {
  const e = engineInternals();
  if (e === undefined || x.dtype === 'string' || x.dtype === 'complex64') return undefined;
  const backend = e.backend;
  if (e.state.tensorInfo.get(x.dataId as object)?.backend !== backend) return undefined;
  backend.incRef(x.dataId as object);
  return e.makeTensorFromTensorInfo({ dataId: x.dataId as object, shape: shape.slice(), dtype: x.dtype });
}

/**
 * Installs the lean copy of saved tensors on the engine (idempotent; called by `initBackend`, with
 * `registerLeanGradients`).
 *
 * @internal
 */
export function installLeanTape(): void {
  if (installed) return;
  const e = engineInternals();
  if (e === undefined) return;
  installed = true;
  const original = e.clone;
  e.clone = function leanClone(this: EngineInternals, x: Tensor): Tensor {
    // Saving for one recorded gradient (depth 1): its backward pass runs unrecorded, so the
    // copy needs no tape node.
    return (leanNow(1) ? aliasTensor(x) : undefined) ?? original.call(this, x);
  };
}

/**
 * Turns the lean tape on or off (default on; `AEVB_LEAN_TAPE=0` starts it off). Gradients are the
 * same either way; off, every step runs TF.js's own copies and gradient functions. Returns the
 * previous setting.
 *
 * @internal
 */
export function setLeanTape(on: boolean): boolean {
  const was = enabled;
  enabled = on;
  return was;
}
