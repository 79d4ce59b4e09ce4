// Implicit reparameterization gradients (Figurnov et al. 2018) of Gamma, Beta and Dirichlet draws:
// per-draw pathwise gradients dz_i/dθ are averaged and compared with the analytic derivative of
// E[z]. Each batch element has its own copy of the parameter, so one backward pass gives N
// independent per-draw gradients; the tolerance is 4 standard errors (sd / sqrt N) of their mean.
import { describe, expect, it } from 'vitest';
import { tf } from '@aevb/core';
import type { Tensor } from '@aevb/core';
import { Beta } from './beta.js';
import { Dirichlet } from './dirichlet.js';
import { Gamma } from './gamma.js';

const N = 4000;

function meanAndSe(g: Float32Array | Int32Array | Uint8Array): { mean: number; se: number } {
  const xs = Array.from(g);
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const v = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1);
  return { mean, se: Math.sqrt(v / xs.length) };
}

describe('implicit reparameterization gradients', () => {
  it.each([0.05, 0.3, 1, 2.5, 40, 2000])('Gamma(α = %f, β = 2): d/dα E[z] = 1/β', (alpha) => {
    const g = tf.tidy(() =>
      tf.grad((a: Tensor) => tf.sum(new Gamma(a, 2).rsample({ seed: 11 })))(tf.fill([N], alpha)).dataSync(),
    );
    const { mean, se } = meanAndSe(g);
    expect(Math.abs(mean - 0.5)).toBeLessThan(4 * se + 1e-6);
  });

  it('Gamma: d/dβ E[z] = −α/β² through the 1/β scaling', () => {
    const g = tf.tidy(() =>
      tf.grad((b: Tensor) => tf.sum(new Gamma(3, b).rsample({ seed: 5 })))(tf.fill([N], 2)).dataSync(),
    );
    const { mean, se } = meanAndSe(g);
    expect(Math.abs(mean - -3 / 4)).toBeLessThan(4 * se + 1e-6);
  });

  it('Gamma: d/dα E[log z] = trigamma(α) (a nonlinear f)', () => {
    const alpha = 0.7;
    // trigamma(0.7) by series sum 1/(α+k)^2 with an asymptotic tail
    let tri = 0;
    for (let k = 0; k < 100000; k++) tri += 1 / (alpha + k) ** 2;
    tri += 1 / (alpha + 100000);
    const g = tf.tidy(() =>
      tf.grad((a: Tensor) => tf.sum(tf.log(new Gamma(a, 1).rsample({ seed: 8 }))))(tf.fill([N], alpha)).dataSync(),
    );
    const { mean, se } = meanAndSe(g);
    expect(Math.abs(mean - tri)).toBeLessThan(4 * se);
  });

  it.each([
    [0.5, 0.5],
    [2, 3],
    [30, 4],
  ])('Beta(%f, %f): d/dα E[z] = β/(α+β)² and d/dβ E[z] = −α/(α+β)²', (a, b) => {
    const [ga, gb] = tf.tidy(() => {
      const grads = tf.grads((x: Tensor, y: Tensor) => tf.sum(new Beta(x, y).rsample({ seed: 21 })));
      return grads([tf.fill([N], a), tf.fill([N], b)]).map((t) => t.dataSync());
    }) as [Float32Array, Float32Array];
    const s = (a + b) ** 2;
    const ra = meanAndSe(ga);
    const rb = meanAndSe(gb);
    expect(Math.abs(ra.mean - b / s)).toBeLessThan(4 * ra.se);
    expect(Math.abs(rb.mean + a / s)).toBeLessThan(4 * rb.se);
  });

  it('Dirichlet([0.8, 2, 5]): d/dα₁ E[z₁] = (α₀ − α₁)/α₀²', () => {
    const alpha = [0.8, 2, 5];
    const a0 = 7.8;
    const g = tf.tidy(() => {
      const base = tf.tile(tf.tensor2d([alpha]), [N, 1]);
      const f = (a: Tensor): Tensor => {
        const z = new Dirichlet(a).rsample({ seed: 31 });
        return tf.sum(tf.slice(z, [0, 0], [-1, 1]));
      };
      return tf.slice(tf.grad(f)(base), [0, 0], [-1, 1]).dataSync();
    });
    const { mean, se } = meanAndSe(g);
    expect(Math.abs(mean - (a0 - 0.8) / a0 ** 2)).toBeLessThan(4 * se);
  });

  it('leaves no tensors behind', () => {
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      tf.grad((a: Tensor) => tf.sum(new Gamma(a, 1).rsample({ seed: 1 })))(tf.fill([10], 1.5));
    });
    expect(tf.memory().numTensors).toBe(before);
  });
});
