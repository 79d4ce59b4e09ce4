import { describe, expect, it } from 'vitest';
import { model, tf, type Tensor2D } from '@aevb/core';
import { Independent, MultivariateNormal, Normal } from '@aevb/distributions';
import { Adam, SVI, autoAmortized, autoNormal, encode, fit } from '../index.js';
import { autocorrelated } from '../testing/tail.js';

// Per-datapoint latents with an event shape: z_i ~ MVN(0, I_2), x_i | z_i ~ N(z_i, 0.5² I_2).
// Exact posterior: z_i | x_i ~ N(x_i / 1.25, 0.2 I_2) (precision 1 + 4 per coordinate).
const m = model('mvn-latents', { z: 2 }, (ctx, x: Tensor2D) => {
  const n = x.shape[0];
  ctx.plate('data', n, () => {
    const z = ctx.sample('z', new MultivariateNormal(tf.zeros([n, 2]), { scaleTril: tf.eye(2) }));
    ctx.observe('x', new Independent(new Normal(z, 0.5), 1), x);
  });
});

describe('automatic guides on event-shaped (multivariate) latents', () => {
  const x = tf.tensor2d([[1, -0.5], [0.2, 0.8], [-1.2, 0.4], [0.6, 0.6]]);
  it('autoNormal: one Normal per element of the event, fitted to the exact posterior', async () => {
    const svi = new SVI({ model: m, guide: autoNormal(m), optimizer: new Adam({ learningRate: 0.05 }), seed: 1 });
    // The last 800 of 1,600 steps, averaged; 5 Monte Carlo SEs of a correlated sequence (as the matrix).
    const rows: number[][] = [];
    let i = 0;
    await fit(svi, { data: x, batchSize: 2, epochs: 800, onStep: () => void (i++ >= 800 && svi.params.read('auto/z/loc').forEach((v, k) => (rows[k] ??= []).push(v))) });
    const want = Array.from(x.dataSync()).map((v) => v / 1.25);
    rows.map((r) => autocorrelated(r)).forEach((e, k) => expect(Math.abs(e.mean - (want[k] as number)), `z[${k}]`).toBeLessThan(5 * e.se + 2e-3));
  });
  it('autoAmortized: the encoder outputs a Gaussian over each datapoint’s event', async () => {
    const svi = new SVI({ model: m, guide: autoAmortized(m, { hidden: [] }), seed: 1 });
    const h = await fit(svi, { data: x, batchSize: 2, epochs: 5 });
    expect(h.stepElbos.every(Number.isFinite)).toBe(true);
    tf.tidy(() => {
      const q = encode(svi, x).z;
      expect([q.batchShape, q.eventShape]).toEqual([[4], [2]]);
    });
  });
});
