import { describe, expect, it } from 'vitest';
import { model, tf, type Tensor, type Tensor1D, type Tensor2D } from '@aevb/core';
import { Bernoulli, Independent, Normal } from '@aevb/distributions';
import { mlp } from '@aevb/core';
import { Adam, SVI, analyticKlElbo, autoAmortized, autoNormal, cosineDecay, monteCarloElbo, type Objective } from '../index.js';
import { normalMean } from '../testing/conjugate.js';

const xs = [0.8, 1.9, 1.2, 0.3, 1.5, 2.2, 0.9, 1.1];

/** Closed-form ELBO of the conjugate model with q(mu) = N(a, s²), s = softplus(u) (float64). */
function closedElbo(a: number, u: number): number {
  const s = Math.log1p(Math.exp(u));
  const l2p = Math.log(2 * Math.PI);
  let e = 0;
  for (const x of xs) e += -0.5 * l2p - 0.5 * ((x - a) ** 2 + s * s);
  e += -0.5 * l2p - 0.5 * (a * a + s * s);
  e += 0.5 * Math.log(2 * Math.PI * Math.E * s * s);
  return e;
}

/** Per-draw gradients of the surrogate w.r.t. the named unconstrained parameters. */
function gradientDraws(svi: SVI<{ mu: Tensor1D }, Tensor1D>, x: Tensor1D, objective: Objective, names: string[], n: number): number[][] {
  const { model: m, guide: g } = svi.bind(x);
  const vars = svi.params.variables();
  const out: number[][] = [];
  for (let i = 0; i < n; i++) {
    const { value, grads } = tf.variableGrads(() => objective.evaluate(m, g, [x] as const).surrogate as tf.Scalar, names.map((k) => vars[k] as tf.Variable));
    out.push(names.map((k) => (grads[(vars[k] as tf.Variable).name] as Tensor).dataSync()[0] as number));
    tf.dispose([value, ...Object.values(grads)]);
  }
  return out;
}

function meanAndSe(rows: number[][], j: number): { mean: number; se: number } {
  const v = rows.map((r) => r[j] as number);
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  const sd = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / (v.length - 1));
  return { mean, se: sd / Math.sqrt(v.length) };
}

describe('SGVB gradient estimators', () => {
  it('are unbiased: their mean matches finite differences of the closed-form ELBO (A and B)', async () => {
    const x = tf.tensor1d(xs);
    const svi = new SVI({ model: normalMean, guide: autoNormal(normalMean, { initLoc: 'zero', initScale: 0.5 }), seed: 3 });
    await svi.evaluate(x); // creates the parameters
    svi.params.assignUnconstrained('auto/mu/loc', tf.tensor1d([0.4]));
    const u = svi.params.entry('auto/mu/scale').variable.dataSync()[0] as number;
    const a = 0.4;
    const h = 1e-5;
    const fdA = (closedElbo(a + h, u) - closedElbo(a - h, u)) / (2 * h);
    const fdU = (closedElbo(a, u + h) - closedElbo(a, u - h)) / (2 * h);
    for (const objective of [monteCarloElbo(), analyticKlElbo()]) {
      const rows = gradientDraws(svi, x, objective, ['auto/mu/loc', 'auto/mu/scale'], 400);
      const ga = meanAndSe(rows, 0);
      const gu = meanAndSe(rows, 1);
      // Unbiased estimators: the mean of 400 draws lies within 4 standard errors (plus float32 slack).
      expect(Math.abs(ga.mean - fdA)).toBeLessThan(4 * ga.se + 1e-3);
      expect(Math.abs(gu.mean - fdU)).toBeLessThan(4 * gu.se + 1e-3);
    }
    x.dispose();
  });

  it('estimator B has lower gradient variance than A on a small VAE', async () => {
    const D = 12;
    const Z = 2;
    const decoderNet = mlp({ sizes: [Z, 8, D], activation: 'tanh' });
    const smallVae = model('small-vae', { z: 2 }, (ctx, xb: Tensor2D) => {
      const n = xb.shape[0];
      const decode = ctx.net('decoder', decoderNet);
      ctx.plate('data', n, () => {
        const z = ctx.sample('z', new Independent(new Normal(0, 1).expand([n, Z]), 1));
        ctx.observe('x', new Independent(new Bernoulli({ logits: decode(z) }, { validateArgs: false }), 1), xb);
      });
    });
    const data = tf.tidy(() => tf.cast(tf.less(tf.randomUniform([32, D], 0, 1, 'float32', 5), 0.4), 'float32') as Tensor2D);
    const svi = new SVI({ model: smallVae, guide: autoAmortized(smallVae, { hidden: [8] }), seed: 4 });
    await svi.evaluate(data);
    const { model: m, guide: g } = svi.bind(data);
    const encVars = Object.entries(svi.params.variables()).filter(([k]) => k.startsWith('encoder/'));
    const variance = (objective: Objective): number => {
      const draws: Float32Array[] = [];
      for (let i = 0; i < 150; i++) {
        const { value, grads } = tf.variableGrads(() => objective.evaluate(m, g, [data] as const).surrogate as tf.Scalar, encVars.map(([, v]) => v));
        draws.push(Float32Array.from(encVars.flatMap(([, v]) => Array.from((grads[v.name] as Tensor).dataSync()))));
        tf.dispose([value, ...Object.values(grads)]);
      }
      const dim = draws[0]?.length ?? 0;
      let total = 0;
      for (let j = 0; j < dim; j++) {
        let mean = 0;
        for (const d of draws) mean += d[j] as number;
        mean /= draws.length;
        for (const d of draws) total += ((d[j] as number) - mean) ** 2;
      }
      return total / (draws.length - 1);
    };
    const vA = variance(monteCarloElbo());
    const vB = variance(analyticKlElbo());
    // The KL term's gradient is exact under B; only the reconstruction term is sampled. The log of a ratio of
    // two independent sample variances from n = 150 draws has SE ≈ sqrt(2/(n−1) + 2/(n−1)) ≈ 0.16 (normal
    // approximation, summed over coordinates it is smaller still): require vA/vB above exp(4 SE).
    const se = Math.sqrt(4 / 149);
    expect(Math.log(vA / vB)).toBeGreaterThan(4 * se);
    data.dispose();
  });

  it('a Bernoulli latent trains through the score-function estimator to the exact posterior', async () => {
    const prior = 0.3;
    const coin = model('coin', { z: 1 }, (ctx, x: Tensor1D) => {
      const z = ctx.sample('z', new Bernoulli({ probs: tf.tensor1d([prior]) }));
      ctx.observe('x', new Normal(tf.mul(z, 3), tf.ones([1])), x);
    });
    const q = (await import('@aevb/core')).guide(coin, 'q-coin', (ctx) => {
      const logit = ctx.param('q/logit', () => tf.zeros([1]));
      return { z: ctx.sample('z', new Bernoulli({ logits: logit })) };
    });
    const x = tf.tensor1d([1]);
    const steps = 1500;
    const optimizer = new Adam({ learningRate: cosineDecay({ initial: 0.05, decaySteps: steps, alpha: 0.05 }) });
    const svi = new SVI({ model: coin, guide: q, optimizer, objective: monteCarloElbo({ particles: 4 }), seed: 9 });
    const tail: number[] = [];
    for (let i = 0; i < steps; i++) {
      await svi.step(x);
      if (i >= steps - 500) tail.push(svi.params.value('q/logit').dataSync()[0] as number);
    }
    const npdf = (v: number, m: number) => Math.exp(-0.5 * (v - m) ** 2);
    const exact = (prior * npdf(1, 3)) / (prior * npdf(1, 3) + (1 - prior) * npdf(1, 0)); // 0.0873
    // Average the logit over the last 500 iterates; its standard error from 5 batch means (the iterates
    // are autocorrelated, the batch means nearly independent). The Bernoulli family holds the exact
    // posterior, so the only bias is the optimizer's lag at the final small step size: 4 SE + 0.05 logit.
    const blocks = [0, 1, 2, 3, 4].map((b) => tail.slice(b * 100, (b + 1) * 100).reduce((a, c) => a + c, 0) / 100);
    const mean = blocks.reduce((a, b) => a + b, 0) / 5;
    const se = Math.sqrt(blocks.reduce((a, b) => a + (b - mean) ** 2, 0) / 4 / 5);
    const exactLogit = Math.log(exact / (1 - exact));
    expect(Math.abs(mean - exactLogit)).toBeLessThan(4 * se + 0.05);
    x.dispose();
  });
});
