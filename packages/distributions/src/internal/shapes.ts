/**
 * Static shape arithmetic (NumPy broadcasting) for distribution constructors.
 *
 * @module
 * @internal
 */
import { ArgumentError, tf } from '@aevb/core';
import type { Tensor } from '@aevb/core';

/** Formats a shape as `[a, b, c]` for error messages. @internal */
export function showShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

/** Are two shapes equal? @internal */
export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/**
 * The NumPy broadcast of several shapes; throws an `ArgumentError` (from `@aevb/core`) naming `fn`
 * and the arguments when two of them are incompatible.
 *
 * @param fn - the distribution or function doing the broadcast (for the message)
 * @param shapes - named shapes, e.g. `{ loc: [3], scale: [2, 1] }`
 * @internal
 */
export function broadcastShapes(fn: string, shapes: Readonly<Record<string, readonly number[]>>): number[] {
  const entries = Object.entries(shapes);
  const rank = Math.max(0, ...entries.map(([, s]) => s.length));
  const out: number[] = new Array<number>(rank).fill(1);
  for (const [, shape] of entries) {
    for (let i = 0; i < shape.length; i++) {
      const j = rank - shape.length + i;
      const d = shape[i] as number;
      const cur = out[j] as number;
      if (cur === 1) out[j] = d;
      else if (d !== 1 && d !== cur) {
        const listed = entries.map(([n, s]) => `${n} ${showShape(s)}`).join(', ');
        throw new ArgumentError(fn, entries.map(([n]) => n).join('/'), `shapes do not broadcast: ${listed}`);
      }
    }
  }
  return out;
}

/** Number of elements of a shape. @internal */
export function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/**
 * `x` broadcast to `shape`, and `x` itself when it has that shape already (`tf.broadcastTo` would
 * run a copy kernel). The result may be the argument: do not dispose it separately. @internal
 */
export function broadcastAs(x: Tensor, shape: readonly number[]): Tensor {
  return sameShape(x.shape, shape) ? x : tf.broadcastTo(x, [...shape]);
}

/**
 * `x` as float32, and `x` itself when it is float32 already (`tf.cast` would run a kernel). The
 * result may be the argument: do not dispose it separately. @internal
 */
export function asFloat32(x: Tensor): Tensor {
  return x.dtype === 'float32' ? x : tf.cast(x, 'float32');
}
