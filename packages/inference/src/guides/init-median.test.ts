// Automatic guides start at the elementwise median of 15 prior draws (Pyro's init_to_median).
import { describe, expect, it } from 'vitest';
import { model, tf, type Tensor1D } from '@aevb/core';
import { Dirichlet, HalfNormal, Normal } from '@aevb/distributions';
import { prototypeOf } from './prototype.js';

const m = model('many-scales', { s: 1, w: 1 }, (ctx, y: Tensor1D) => {
  const s = ctx.plate('scales', 200, () => ctx.sample('s', new HalfNormal(tf.ones([200]))));
  const w = ctx.sample('w', new Dirichlet(tf.ones([4])));
  ctx.plate('data', y.shape[0], () => ctx.observe('y', new Normal(tf.mul(tf.sum(w), tf.onesLike(y)), tf.mul(tf.mean(s), tf.onesLike(y))), y));
});

describe('guides/prototype', () => {
  describe('prototypeOf (median initialization)', () => {
    // HalfNormal(1) has median m = 0.6745 and density 2φ(m) = 0.6356 there, so the median of 15
    // draws has sd ≈ 1 / (2 · 0.6356 · √15) = 0.203 (one draw: sd 0.603). Over 200 independent
    // sites the mean of the medians is within 4 SE = 4 · 0.203 / √200 = 0.058 of m, and their sd
    // is far below a single draw's (we require < 0.35; 0.203 expected).
    it('starts each latent element at the median of 15 prior draws', () => {
      const y = tf.tensor1d([0.5, 1.5]);
      const proto = prototypeOf(m, [y]);
      const s = Array.from(proto.latents.find((l) => l.name === 's')!.initial);
      const mean = s.reduce((a, b) => a + b) / s.length;
      const sd = Math.sqrt(s.reduce((a, b) => a + (b - mean) ** 2, 0) / (s.length - 1));
      expect(Math.abs(mean - 0.6745), `mean of medians ${mean}`).toBeLessThan(0.058);
      expect(sd, 'spread of the medians').toBeLessThan(0.35);
      const draw = Array.from(prototypeOf(m, [y], 'sample').latents.find((l) => l.name === 's')!.initial);
      const drawMean = draw.reduce((a, b) => a + b) / draw.length;
      const drawSd = Math.sqrt(draw.reduce((a, b) => a + (b - drawMean) ** 2, 0) / (draw.length - 1));
      expect(drawSd, "'sample' keeps single prior draws").toBeGreaterThan(0.45);
      y.dispose();
    });

    it('keeps a simplex latent on the simplex (the median is taken in unconstrained space)', () => {
      const y = tf.tensor1d([0.5]);
      const w = Array.from(prototypeOf(m, [y]).latents.find((l) => l.name === 'w')!.initial);
      expect(w).toHaveLength(4);
      for (const v of w) expect(v).toBeGreaterThan(0);
      expect(w.reduce((a, b) => a + b)).toBeCloseTo(1, 5);
      y.dispose();
    });
  });
});
