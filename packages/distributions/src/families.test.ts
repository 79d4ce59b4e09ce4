import { tf } from '@aevb/core';
import { describe, expect, it } from 'vitest';
import { build, fixtures, flat, valueOf } from './testing/battery.js';

const N = 20_000; // draws for the moment tests
const Z = 5; // tolerance in standard errors: a correct sampler fails one check with probability ~6e-7

// float32 evaluation of a log-density: a few ops, each with relative error 6e-8, on terms of
// magnitude up to ~50 (lgamma, x/scale), so ~1e-5 absolute plus 1e-5 relative is ample.
function closeF32(actual: ArrayLike<number>, expected: readonly number[]): void {
  expect(actual.length).toBe(expected.length);
  expected.forEach((e, i) => {
    const a = actual[i] as number;
    expect(Math.abs(a - e), `element ${i}: ${a} vs ${e}`).toBeLessThanOrEqual(3e-5 + 1e-5 * Math.abs(e));
  });
}

/** Per-column mean and variance (divisor N) of a row-major [N, cols] array, in float64. */
function columnMoments(x: ArrayLike<number>, cols: number): { m: number[]; s2: number[] } {
  const n = x.length / cols;
  const m = new Array<number>(cols).fill(0);
  const s2 = new Array<number>(cols).fill(0);
  for (let i = 0; i < x.length; i++) m[i % cols] = (m[i % cols] as number) + (x[i] as number) / n;
  for (let i = 0; i < x.length; i++) s2[i % cols] = (s2[i % cols] as number) + ((x[i] as number) - (m[i % cols] as number)) ** 2 / n;
  return { m, s2 };
}

describe.each(fixtures.map((f) => [f.name, f] as const))('%s', (_, f) => {
  it('logProb matches SciPy and has the batch shape', () => {
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      const d = build(f);
      const lp = d.logProb(valueOf(f));
      expect(lp.shape).toEqual([...d.batchShape]);
      closeF32(lp.dataSync(), f.logProb);
    });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('mean, variance and entropy match SciPy', () => {
    tf.tidy(() => {
      const d = build(f);
      if (f.closedFormEntropy === false) expect(() => d.entropy()).toThrowError(/not available/);
      else closeF32(d.entropy().dataSync(), f.entropy);
      if (f.mean !== undefined) closeF32(d.mean().dataSync(), flat(f.mean));
      if (f.variance !== undefined) closeF32(d.variance().dataSync(), flat(f.variance));
    });
  });

  it('draws have the right shape, lie in the support and are deterministic per seed', () => {
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      const d = build(f);
      const x = d.sample({ seed: 7 });
      expect(x.shape).toEqual([...d.batchShape, ...d.eventShape]);
      const xs = d.sampleN(5, { seed: 7 });
      expect(xs.shape).toEqual([5, ...d.batchShape, ...d.eventShape]);
      expect(Array.from(d.support.check(xs).dataSync()).every((v) => v === 1)).toBe(true);
      expect(Array.from(d.sample({ seed: 7 }).dataSync())).toEqual(Array.from(x.dataSync()));
      const fifty = Array.from(d.sampleN(50, { seed: 7 }).dataSync());
      expect(Array.from(d.sampleN(50, { seed: 7 }).dataSync())).toEqual(fifty);
      expect(Array.from(d.sampleN(50, { seed: 8 }).dataSync())).not.toEqual(fifty);
    });
    expect(tf.memory().numTensors).toBe(before);
  });

  // The fused log-density scores the exact draw; logProb scores the value after the draw's
  // float32 roundings (a few ulps: at most 4 here), which moves it by up to
  // 4·2⁻²⁴·Σ_i |∂ log p/∂x_i · x_i| at first order (large for an AR(1) with mean 50 and noise 0.1).
  it('sampleAndLogProb: the fused log-density equals logProb of the value, and the value equals sample() with that seed', () => {
    tf.tidy(() => {
      const d = build(f);
      const { value, logProb } = d.sampleAndLogProb({ seed: 31 });
      expect(logProb.shape).toEqual([...d.batchShape]);
      const want = d.logProb(value).dataSync();
      const e = d.eventShape.length;
      const sens = d.support.isContinuous
        ? tf.sum(tf.abs(tf.mul(tf.grad((v: tf.Tensor) => tf.sum(d.logProb(v)))(value), value)), Array.from({ length: e }, (_, i) => value.rank - 1 - i)).dataSync()
        : new Float32Array(want.length);
      const got = logProb.dataSync();
      want.forEach((w, i) => {
        const tol = 3e-5 + 1e-5 * Math.abs(w) + 4 * 2 ** -24 * (sens[i] as number);
        expect(Math.abs((got[i] as number) - w), `element ${i}: ${got[i]} vs ${w}`).toBeLessThanOrEqual(tol);
      });
      expect(Array.from(value.dataSync())).toEqual(Array.from(d.sample({ seed: 31 }).dataSync()));
    });
  });

  it('sample moments agree with the analytic ones within 5 standard errors', () => {
    tf.tidy(() => {
      const d = build(f);
      const xs = d.sampleN(N, { seed: 12345 });
      if (f.family === 'Categorical') {
        // Frequency of each category: SE sqrt(p(1 − p)/N).
        const freq = tf.mean(tf.oneHot(xs, 3), 0).dataSync();
        flat(f.probs).forEach((p, i) => {
          expect(Math.abs((freq[i] as number) - p)).toBeLessThanOrEqual(Z * Math.sqrt((p * (1 - p)) / N));
        });
        return;
      }
      if (f.mean === undefined) return; // no moments (Cauchy): the CDF test below covers it
      const mean = flat(f.mean);
      const variance = flat(f.variance);
      const { m, s2 } = columnMoments(xs.dataSync(), mean.length);
      // Sample mean: SE sqrt(var/N).
      mean.forEach((mu, i) => {
        const v = variance[i] as number;
        expect(Math.abs((m[i] as number) - mu), `mean[${i}]`).toBeLessThanOrEqual(Z * Math.sqrt(v / N));
      });
      if (f.excessKurtosis !== undefined) {
        // Sample variance: SE σ² sqrt((κ + 2)/N), κ the excess kurtosis.
        // Sample variance (divisor N): SE σ² sqrt((κ + 2)/N), κ the excess kurtosis, plus the
        // squared deviation of the sample mean, below (Z σ/√N)², which the SE formula omits.
        variance.forEach((v, i) => {
          const k = f.excessKurtosis?.[i] as number;
          const tol = Z * v * Math.sqrt((k + 2) / N) + (Z * Z * v) / N;
          expect(Math.abs((s2[i] as number) - v), `variance[${i}]`).toBeLessThanOrEqual(tol);
        });
      }
    });
  });

  it('the Monte Carlo entropy −E[log p(x)] of its own draws matches the closed form', () => {
    tf.tidy(() => {
      const d = build(f);
      const lp = d.logProb(d.sampleN(N, { seed: 99 }));
      const { m, s2 } = columnMoments(lp.dataSync(), f.entropy.length);
      const sd = s2.map(Math.sqrt);
      // SE of the mean of −log p: sd/sqrt(N), plus the float32 tolerance of the closed form.
      f.entropy.forEach((h, i) => {
        const tol = Z * (sd[i] as number) / Math.sqrt(N) + 3e-5 + 1e-5 * Math.abs(h);
        expect(Math.abs(-(m[i] as number) - h), `entropy[${i}]`).toBeLessThanOrEqual(tol);
      });
    });
  });
});

describe.each(fixtures.filter((f) => f.cdf !== undefined).map((f) => [f.name, f] as const))(
  'empirical CDF of %s draws',
  (_, f) => {
    it('matches SciPy within 5 standard errors', () => {
      tf.tidy(() => {
        const d = build(f);
        const at = f.cdfAt as number[];
        const xs = d.sampleN(N, { seed: 777 }).dataSync();
        // Fraction of draws ≤ the point: binomial, SE sqrt(F(1 − F)/N).
        (f.cdf as number[]).forEach((p, i) => {
          let below = 0;
          for (let j = i; j < xs.length; j += at.length) if ((xs[j] as number) <= (at[i] as number)) below++;
          expect(Math.abs(below / N - p), `cdf[${i}]`).toBeLessThanOrEqual(Z * Math.sqrt((p * (1 - p)) / N) + 1e-9);
        });
      });
    });
  },
);
