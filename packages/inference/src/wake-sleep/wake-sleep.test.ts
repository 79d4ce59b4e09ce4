import { describe, expect, it } from 'vitest';
import { ModelError, guide, model, tf, type Tensor2D } from '@aevb/core';
import { Independent, MultivariateNormal, Normal, positive } from '@aevb/distributions';
import { Adam, WakeSleep, autoAmortized, type Optimizer } from '../index.js';
import { dataSlots, fantasyBatch } from './split.js';

// Linear-Gaussian factor analysis: z_i ~ N(0, I_K), x_i | z_i ~ N(z_i W + b, σ² I_D), θ = (W, b, σ).
// Its posterior is Gaussian with a mean linear in x and a constant covariance, so a linear
// recognition model (autoAmortized with no hidden layer) can represent it exactly.
const K = 2;
const D = 5;
const lg = model('linear-gaussian', { z: 2 }, (ctx, x: Tensor2D) => {
  const n = x.shape[0];
  const w = ctx.param('W', (s) => tf.randomNormal([K, D], 0, 0.1, 'float32', s));
  const b = ctx.param('b', () => tf.zeros([D]));
  const sigma = ctx.param('sigma', () => tf.scalar(2), { constraint: positive });
  ctx.plate('data', n, () => {
    const z = ctx.sample('z', new Independent(new Normal(0, 1).expand([n, K]), 1));
    const mean = tf.add(tf.matMul(z, w), b);
    ctx.observe('x', new Independent(new Normal(mean, tf.mul(tf.onesLike(mean), sigma)), 1), x);
  });
});

/** N datapoints from fixed true parameters (seeded). */
function data(n: number): Tensor2D {
  return tf.tidy(() => {
    const w = tf.tensor2d([1.5, -1, 0.5, 2, 0, 0, 1, -1.5, 1, 0.7], [K, D]);
    const z = tf.randomNormal([n, K], 0, 1, 'float32', 11);
    return tf.add(tf.add(tf.matMul(z, w), tf.tensor1d([1, -1, 0, 2, 0.5])), tf.randomNormal([n, D], 0, 0.3, 'float32', 12)) as Tensor2D;
  });
}

/** Exact log p(x) per datapoint under the current θ: x ~ N(b, WᵀW + σ² I). */
function exactLogLik(ws: WakeSleep<{ z: Tensor2D }, Tensor2D>, x: Tensor2D): number {
  return tf.tidy(() => {
    const w = ws.params.value('W');
    const b = ws.params.value('b');
    const s = ws.params.value('sigma');
    const cov = tf.add(tf.matMul(w, w, true, false), tf.mul(tf.eye(D), tf.square(s)));
    const mvn = new MultivariateNormal(tf.broadcastTo(b, x.shape), { covariance: tf.broadcastTo(cov, [x.shape[0], D, D]) });
    return tf.mean(mvn.logProb(x)).dataSync()[0] as number;
  });
}

function make(seed = 3, opts: Partial<{ optimizer: Optimizer; recognitionOptimizer: Optimizer }> = {}) {
  return new WakeSleep({ model: lg, guide: autoAmortized(lg, { hidden: [] }), optimizer: new Adam({ learningRate: 0.02 }), seed, ...opts });
}

/** An optimizer that records the names it is asked to update and delegates. */
function spy(inner: Optimizer, seen: Set<string>): Optimizer {
  return {
    name: `spy(${inner.name})`,
    apply: (v, g) => {
      for (const k of Object.keys(g)) seen.add(k);
      inner.apply(v, g);
    },
    getState: () => inner.getState(),
    setState: (s) => inner.setState(s),
    dispose: () => inner.dispose(),
  };
}

describe('WakeSleep', () => {
  it('improves the ELBO on a linear-Gaussian model and closes the gap to the exact log-likelihood', async () => {
    const N = 500;
    const M = 50;
    const x = data(N);
    const ws = make();
    // Evaluations average 20 passes of the analytic-KL ELBO over 500 points: the standard error
    // is below 0.01 nats per datapoint, far below the gaps asserted here.
    await ws.step(tf.slice(x, [0, 0], [M, D]) as Tensor2D, N); // creates the parameters
    const before = await ws.evaluate(x, 20);
    const gapBefore = exactLogLik(ws, x) - before;
    for (let epoch = 0; epoch < 60; epoch++) {
      for (let i = 0; i < N; i += M) {
        const b = tf.slice(x, [i, 0], [M, D]) as Tensor2D;
        const r = await ws.step(b, N);
        expect(r.accepted).toBe(true);
        b.dispose();
      }
    }
    const after = await ws.evaluate(x, 20);
    const exact = exactLogLik(ws, x);
    expect(after).toBeGreaterThan(before + 2);
    // The ELBO is a lower bound on the exact log-likelihood (up to its standard error) ...
    expect(after).toBeLessThan(exact + 0.02);
    // ... and the sleep-trained recognition model tracks the posterior: the gap E KL(q || p(z | x))
    // shrinks (measured: 52 nats after the first step, 0.4-1.4 nats after 60 epochs across runs;
    // wake-sleep is slow here because x → z and z → x are learned from each other, from W ≈ 0).
    expect(gapBefore).toBeGreaterThan(10);
    expect(exact - after).toBeLessThan(3);
    // The generative model fits: σ falls from its initial 2 towards the true noise 0.3.
    const sigma = ws.params.value('sigma');
    expect(sigma.dataSync()[0]).toBeLessThan(1.7);
    sigma.dispose();
    x.dispose();
  });

  it('splits parameters by trace: θ from the model run, φ from the guide run, each updated by its phase only', async () => {
    const x = data(40);
    const wakeSeen = new Set<string>();
    const sleepSeen = new Set<string>();
    const ws = make(1, { optimizer: spy(new Adam({ learningRate: 0.01 }), wakeSeen), recognitionOptimizer: spy(new Adam({ learningRate: 0.01 }), sleepSeen) });
    await ws.step(x);
    expect(ws.split?.model).toEqual(['W', 'b', 'sigma']);
    expect(ws.split?.guide).toEqual(['encoder/0/kernel', 'encoder/0/bias']);
    expect([...wakeSeen].sort()).toEqual(['W', 'b', 'sigma']);
    expect([...sleepSeen].sort()).toEqual(['encoder/0/bias', 'encoder/0/kernel']);
    x.dispose();
  });

  it('refuses a parameter shared by model and guide', async () => {
    const q = guide(lg, 'shares-W', (ctx, x) => {
      const w = ctx.param('W', (s) => tf.randomNormal([K, D], 0, 0.1, 'float32', s));
      const loc = tf.matMul(x, w, false, true);
      return { z: ctx.plate('data', x.shape[0], () => ctx.sample('z', new Independent(new Normal(loc, 1), 1))) };
    });
    const ws = new WakeSleep({ model: lg, guide: q });
    const x = data(10);
    await expect(ws.step(x)).rejects.toThrow(ModelError);
    await expect(ws.step(x)).rejects.toThrow(/'W'|W/);
    x.dispose();
  });

  it('is reproducible: the same seed gives the same parameters, fantasies included', async () => {
    // The sleep phase's fantasies x̃ are the model's observed site, unconditioned outside the seed
    // handler; they were once drawn from the global stream (seeded by the clock), so two runs with
    // one seed differed from the first step.
    const x = data(40);
    const run = async (): Promise<number[]> => {
      const ws = make(5);
      for (let i = 0; i < 3; i++) await ws.step(x, 40);
      const w = Array.from(ws.params.read('W'));
      const enc = ws.split?.guide.flatMap((n) => Array.from(ws.params.read(n))) ?? [];
      ws.params.clear();
      return [...w, ...enc];
    };
    const a = await run();
    expect(a.length).toBeGreaterThan(10);
    expect(await run()).toEqual(a);
    x.dispose();
  });

  it('leaks no tensors across steps', async () => {
    const x = data(30);
    const ws = make(2);
    await ws.step(x); // parameters and optimizer slots are created here
    await ws.step(x);
    const n0 = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) await ws.step(x);
    await ws.evaluate(x, 2);
    expect(tf.memory().numTensors).toBe(n0);
    x.dispose();
  });

  it('puts fantasy data where the batch held the observations', () => {
    const x = tf.zeros([3, 2]) as Tensor2D;
    const y = tf.ones([3, 2]);
    const t = { x: { type: 'sample', name: 'x', value: x, isObserved: true } } as never;
    expect(dataSlots(t, x)).toEqual([{ site: 'x', key: undefined }]);
    expect(fantasyBatch(dataSlots(t, x), { x: y }, x)).toBe(y);
    const rec = { x, label: y };
    expect(dataSlots(t, rec)).toEqual([{ site: 'x', key: 'x' }]);
    expect(fantasyBatch(dataSlots(t, rec), { x: y }, rec)).toEqual({ x: y, label: y });
    expect(() => dataSlots(t, { other: y })).toThrow(ModelError);
    tf.dispose([x, y]);
  });
});
