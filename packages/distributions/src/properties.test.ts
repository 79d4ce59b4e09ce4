// Property tests (fast-check) over every family with parameters spanning many orders of
// magnitude: draws lie in the support and score finite log-densities; with validation off, a value
// outside the support scores −∞ (Bernoulli excepted by design: it scores grey levels as binary
// cross-entropy) and with validation on it throws an ArgumentError naming family and value.
import { ArgumentError, tf } from '@aevb/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { families } from './testing/family-table.js';

const RUNS = 12;

describe.each(families.map((f) => [f.name, f] as const))('%s properties', (_, f) => {
  it('draws lie in the support and their logProb is finite', () => {
    fc.assert(
      fc.property(f.params, fc.integer({ min: 0, max: 1e6 }), (p, seed) => {
        tf.tidy(() => {
          const d = f.build(p, { validateArgs: true });
          const xs = d.sampleN(16, { seed });
          const inside = d.support.check(xs).dataSync();
          expect(Array.from(inside).every((v) => v === 1), `params ${p}: ${xs.dataSync()}`).toBe(true);
          const lp = d.logProb(xs).dataSync();
          expect(Array.from(lp).every(Number.isFinite), `params ${p}: logProb ${lp}`).toBe(true);
        });
      }),
      { numRuns: RUNS, seed: 7 },
    );
  });
  const outside = f.outside;
  if (outside !== undefined) {
    it('logProb is −∞ outside the support without validation, and throws with it', () => {
      fc.assert(
        fc.property(f.params, (p) => {
          tf.tidy(() => {
            const d = f.build(p, { validateArgs: false });
            const lp = d.logProb(outside(d)).dataSync();
            expect(Array.from(lp).every((v) => v === -Infinity), `params ${p}: ${lp}`).toBe(true);
            const checked = f.build(p, { validateArgs: true });
            expect(() => checked.logProb(outside(checked))).toThrowError(ArgumentError);
          });
        }),
        { numRuns: RUNS, seed: 11 },
      );
    });
  }
  it('does not leak tensors', () => {
    const before = tf.memory().numTensors;
    const d = f.build(fc.sample(f.params, { numRuns: 1, seed: 3 })[0] as number[], {});
    const x = d.sample({ seed: 1 });
    const lp = d.logProb(x);
    tf.dispose([x, lp]);
    tf.dispose(Object.values(d.parameters));
    expect(tf.memory().numTensors).toBeLessThanOrEqual(before + 2);
  });
});
