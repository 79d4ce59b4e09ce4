// Bijectors: round trips and log-det-Jacobians against the Jacobian built by autodiff (row by row
// for vector/matrix bijectors, determinant by Gaussian elimination in float64), property-tested
// with fast-check over random inputs. Tolerances: float32 round trips 1e-4 relative.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tf } from '@aevb/core';
import type { Tensor } from '@aevb/core';
import { AffineBijector } from './affine.js';
import type { Bijector } from './bijector.js';
import { ChainBijector } from './chain.js';
import { CholeskyOuterBijector } from './cholesky-outer.js';
import { ExpBijector } from './exp.js';
import { InverseBijector } from './inverse.js';
import { LowerCholeskyBijector } from './lower-cholesky.js';
import { PowerBijector } from './power.js';
import { SigmoidBijector } from './sigmoid.js';
import { SoftplusBijector } from './softplus.js';
import { StickBreakingBijector } from './stick-breaking.js';
import { TanhBijector } from './tanh.js';
import { interval, lessThan, positiveDefinite, simplex, positive, greaterThan } from '../constraints.js';

const close = (a: number, b: number, tol: number): boolean => Math.abs(a - b) <= tol * (1 + Math.abs(b));

function logAbsDet(m: number[][]): number {
  const a = m.map((r) => [...r]);
  const n = a.length;
  let acc = 0;
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(a[r]![c]!) > Math.abs(a[p]![c]!)) p = r;
    [a[c], a[p]] = [a[p]!, a[c]!];
    const piv = a[c]![c]!;
    acc += Math.log(Math.abs(piv));
    for (let r = c + 1; r < n; r++) {
      const f = a[r]![c]! / piv;
      for (let k = c; k < n; k++) a[r]![k]! -= f * a[c]![k]!;
    }
  }
  return acc;
}

const scalar: [string, Bijector, fc.Arbitrary<number>][] = [
  ['Exp', new ExpBijector(), fc.double({ min: -5, max: 5, noNaN: true })],
  ['Softplus', new SoftplusBijector(), fc.double({ min: -8, max: 15, noNaN: true })],
  ['Sigmoid', new SigmoidBijector(), fc.double({ min: -8, max: 8, noNaN: true })],
  ['Tanh', new TanhBijector(), fc.double({ min: -3, max: 3, noNaN: true })],
  ['Affine', new AffineBijector(1.5, -0.7), fc.double({ min: -50, max: 50, noNaN: true })],
  ['Power', new PowerBijector(2.5), fc.double({ min: 0.05, max: 10, noNaN: true })],
  ['Inverse(Exp)', new InverseBijector(new ExpBijector()), fc.double({ min: 0.01, max: 50, noNaN: true })],
  ['Chain(Sigmoid, Affine)', new ChainBijector([new SigmoidBijector(), new AffineBijector(-2, 5)]), fc.double({ min: -6, max: 6, noNaN: true })],
];

describe.each(scalar)('%s (elementwise)', (_n, b, arb) => {
  it('round trip and log-det = log |dy/dx| by autodiff', () => {
    fc.assert(
      fc.property(fc.array(arb, { minLength: 1, maxLength: 6 }), (xs) => {
        tf.tidy(() => {
          const x = tf.tensor1d(xs);
          const back = b.inverse(b.forward(x)).dataSync();
          xs.forEach((v, i) => expect(close(back[i]!, v, 2e-4)).toBe(true));
          const dydx = tf.grad((t: Tensor) => tf.sum(b.forward(t)))(x).dataSync();
          const ldj = b.forwardLogDetJacobian(x).dataSync();
          const ildj = b.inverseLogDetJacobian(b.forward(x)).dataSync();
          xs.forEach((_, i) => {
            expect(close(ldj[i]!, Math.log(Math.abs(dydx[i]!)), 1e-4)).toBe(true);
            expect(close(ildj[i]!, -ldj[i]!, 1e-4)).toBe(true);
          });
        });
      }),
      { numRuns: 25, seed: 7 },
    );
  });
});

/** Jacobian of `f` restricted to input/output entries picked by the index lists. */
function jacobian(f: (x: Tensor) => Tensor, x: Tensor, inIdx: number[], outIdx: number[]): number[][] {
  return outIdx.map((o) => {
    const g = tf.grad((t: Tensor) => tf.sum(tf.slice(tf.reshape(f(t), [-1]), [o], [1])))(x).dataSync();
    return inIdx.map((i) => g[i]!);
  });
}

describe('vector and matrix bijectors', () => {
  const lowerIdx = (n: number): number[] => {
    const out: number[] = [];
    for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) out.push(i * n + j);
    return out;
  };
  it('StickBreaking: onto the simplex, round trip, log-det of the first K−1 outputs', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -4, max: 4, noNaN: true }), { minLength: 1, maxLength: 5 }), (xs) => {
        tf.tidy(() => {
          const b = new StickBreakingBijector();
          const x = tf.tensor1d(xs);
          const y = b.forward(x);
          expect(simplex.check(y).dataSync()[0]).toBe(1);
          const back = b.inverse(y).dataSync();
          xs.forEach((v, i) => expect(close(back[i]!, v, 1e-3)).toBe(true));
          const k = xs.length;
          const idx = Array.from({ length: k }, (_, i) => i);
          const want = logAbsDet(jacobian((t) => b.forward(t), x, idx, idx));
          expect(close(b.forwardLogDetJacobian(x).dataSync()[0]!, want, 1e-3)).toBe(true);
        });
      }),
      { numRuns: 20, seed: 3 },
    );
  });
  it.each([
    ['LowerCholesky', new LowerCholeskyBijector()],
    ['Chain(LowerCholesky, CholeskyOuter)', new ChainBijector([new LowerCholeskyBijector(), new CholeskyOuterBijector()])],
  ])('%s: round trip, log-det over the lower-triangular entries', (_n, b) => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 0, max: 1000 }), (n, s) => {
        tf.tidy(() => {
          const x = tf.mul(tf.linalg.bandPart(tf.randomNormal([n, n], 0, 1, 'float32', s), -1, 0), 1);
          const y = b.forward(x);
          const back = b.inverse(y).dataSync();
          const xs = x.dataSync();
          lowerIdx(n).forEach((i) => expect(close(back[i]!, xs[i]!, 1e-3)).toBe(true));
          const want = logAbsDet(jacobian((t) => b.forward(t), x, lowerIdx(n), lowerIdx(n)));
          expect(close(b.forwardLogDetJacobian(x).dataSync()[0]!, want, 1e-3)).toBe(true);
          if (b instanceof ChainBijector) expect(positiveDefinite.check(y).dataSync()[0]).toBe(1);
        });
      }),
      { numRuns: 15, seed: 5 },
    );
  });
});

describe('registry: defaultTransform lands in the constraint', () => {
  it.each([
    ['positive', positive],
    ['interval(-1, 3)', interval(-1, 3)],
    ['greaterThan(2)', greaterThan(2)],
    ['lessThan(-1)', lessThan(-1)],
  ])('%s', (_n, c) => {
    tf.tidy(() => {
      const y = c.defaultTransform!().forward(tf.tensor1d([-5, -0.3, 0, 0.7, 4]));
      expect(Array.from(c.check(y).dataSync())).toEqual([1, 1, 1, 1, 1]);
    });
  });
  it('simplex and positiveDefinite', () => {
    tf.tidy(() => {
      expect(simplex.check(simplex.defaultTransform!().forward(tf.tensor1d([0.5, -1, 2]))).dataSync()[0]).toBe(1);
      const pd = positiveDefinite.defaultTransform!().forward(tf.tensor2d([[0.1, 0], [2, -1]]));
      expect(positiveDefinite.check(pd).dataSync()[0]).toBe(1);
    });
  });
});
