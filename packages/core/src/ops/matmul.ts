/**
 * A 2-D matrix product whose gradient avoids the slow transposed matMul kernels.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor, Tensor2D } from '@tensorflow/tfjs-core';
import { ArgumentError, formatShape } from '../errors.js';
import { customOp } from './custom-op.js';

/**
 * `a^T b` (or `a b^T` when `side` is 'right') computed with one explicit transpose and a plain
 * matMul. The wasm backend runs `matMul` with `transposeA`/`transposeB` as a naive loop
 * (measured ~12x slower than the plain kernel), so we transpose explicitly, choosing the
 * cheaper of the two equivalent forms by element count:
 *   a^T b = transpose(b^T a)   and   a b^T = transpose(b a^T).
 * @internal
 */
export function matMulT(a: Tensor2D, b: Tensor2D, which: 'transposeA' | 'transposeB'): Tensor2D {
  const out = which === 'transposeA' ? a.shape[1] * b.shape[1] : a.shape[0] * b.shape[0];
  if (which === 'transposeA') {
    // a^T b: transpose a (size a), or transpose b and the result (size b + out).
    if (a.size <= b.size + out) return tf.matMul(tf.transpose(a), b);
    return tf.transpose(tf.matMul(tf.transpose(b), a)) as Tensor2D;
  }
  // a b^T: transpose b (size b), or transpose a and the result (size a + out).
  if (b.size <= a.size + out) return tf.matMul(a, tf.transpose(b));
  return tf.transpose(tf.matMul(b, tf.transpose(a))) as Tensor2D;
}

/** Plain product honouring the flags through explicit transposes. @internal */
export function plainMatMul(a: Tensor2D, b: Tensor2D, transposeA: boolean, transposeB: boolean): Tensor2D {
  if (!transposeA && !transposeB) return tf.matMul(a, b);
  if (transposeA && !transposeB) return matMulT(a, b, 'transposeA');
  if (!transposeA && transposeB) return matMulT(a, b, 'transposeB');
  return tf.transpose(tf.matMul(b, a)) as Tensor2D; // a^T b^T = (b a)^T
}

/** Checks that `x` is a float32 matrix; `fn` and `arg` name the caller in the error. @internal */
export function checkMatrix(fn: string, arg: string, x: Tensor): asserts x is Tensor2D {
  if (!(x instanceof tf.Tensor)) throw new ArgumentError(fn, arg, 'must be a tf.Tensor');
  if (x.rank !== 2) throw new ArgumentError(fn, arg, `must be rank 2, got shape ${formatShape(x.shape)}`);
  if (x.dtype !== 'float32') throw new ArgumentError(fn, arg, `must be float32, got ${x.dtype}`);
}

/** The differentiable product: saved a, b; lazy gradients per input. */
function product(a: Tensor2D, b: Tensor2D, transposeA: boolean, transposeB: boolean): Tensor2D {
  const [c] = customOp({
    inputs: [a, b],
    forward: (save) => {
      save([a, b]);
      return [plainMatMul(a, b, transposeA, transposeB)];
    },
    backward: (dys, saved) => {
      const g = dys[0] as Tensor2D;
      const sa = saved[0] as Tensor2D;
      const sb = saved[1] as Tensor2D;
      // C = op(A) op(B):  d op(A) = dC op(B)^T,  d op(B) = op(A)^T dC.
      if (!transposeA && !transposeB) return [() => matMulT(g, sb, 'transposeB'), () => matMulT(sa, g, 'transposeA')];
      if (transposeA && !transposeB) return [() => matMulT(sb, g, 'transposeB'), () => tf.matMul(sa, g)];
      if (!transposeA && transposeB) return [() => tf.matMul(g, sb), () => matMulT(g, sa, 'transposeA')];
      return [() => tf.transpose(tf.matMul(g, sb)), () => tf.transpose(tf.matMul(sa, g))];
    },
  });
  return c as Tensor2D;
}

/**
 * Matrix product `C = op(a) op(b)` of two float32 matrices (`op` transposes when the flag is
 * set), differentiable, with a backward pass built from explicit transposes and plain
 * matMuls: dA = dC B^T and dB = A^T dC, each computed in whichever equivalent form moves
 * fewer elements through a transpose. Same values as `tf.matMul`; on wasm the step of a
 * 784-500-20 VAE runs ~3x faster than with tf's own gradient (which uses the transposed
 * kernels).
 *
 * @example
 * ```ts
 * const c = matMul(x, w);            // [n, k] x [k, m] -> [n, m]
 * const g = tf.grad((w) => matMul(x, w).sum())(w);
 * ```
 * @param a - left matrix, shape [n, k] ([k, n] when `transposeA`)
 * @param b - right matrix, shape [k, m] ([m, k] when `transposeB`)
 * @param transposeA - use a^T
 * @param transposeB - use b^T
 * @throws ArgumentError when an input is not a float32 matrix or the inner dimensions differ
 * @category Ops
 */
export function matMul(a: Tensor2D, b: Tensor2D, transposeA = false, transposeB = false): Tensor2D {
  checkMatrix('matMul', 'a', a);
  checkMatrix('matMul', 'b', b);
  const ka = transposeA ? a.shape[0] : a.shape[1];
  const kb = transposeB ? b.shape[1] : b.shape[0];
  if (ka !== kb) {
    throw new ArgumentError(
      'matMul',
      'b',
      `inner dimensions differ: a ${formatShape(a.shape)}${transposeA ? '^T' : ''} x b ${formatShape(b.shape)}${transposeB ? '^T' : ''}`,
    );
  }
  return product(a, b, transposeA, transposeB);
}
