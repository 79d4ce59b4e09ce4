import { describe, expect, it } from 'vitest';
import { ArgumentError, ModelError, ParamStore, model, subsample, tf, type Tensor1D } from '@aevb/core';
import { Bernoulli, Beta, Delta, Dirichlet, Exponential, Gamma, Independent, Normal, lowerCholesky } from '@aevb/distributions';
import { modelPotential } from './model-potential.js';

// s ~ Gamma(2, 3) (positive: softplus), p ~ Beta(2, 5) (unit interval: sigmoid), w ~ N(0, I₂),
// x_n ~ N(w₀ + w₁ + p, s²).
const mixed = model('mixed', { s: 0, p: 0, w: 1 }, (ctx, x: Tensor1D) => {
  const s = ctx.sample('s', new Gamma(2, 3));
  const p = ctx.sample('p', new Beta(2, 5));
  const w = ctx.sample('w', new Independent(new Normal(tf.zeros([2]), tf.ones([2])), 1));
  ctx.plate('data', x.shape[0], () => {
    ctx.observe('x', new Normal(tf.broadcastTo(tf.add(tf.sum(w), p), x.shape), tf.broadcastTo(s, x.shape)), x);
  });
});
const xs = [0.3, -0.2, 1.1];

/** U(u) of `mixed` in double precision, written out by hand (Jacobians included). */
function handU(u: readonly number[]): number {
  const [us, up, w0, w1] = u as [number, number, number, number];
  const s = Math.log1p(Math.exp(us));
  const p = 1 / (1 + Math.exp(-up));
  const logDet = -Math.log1p(Math.exp(-us)) + Math.log(p) + Math.log(1 - p);
  const half = -0.5 * Math.log(2 * Math.PI);
  let lp = 2 * Math.log(3) + Math.log(s) - 3 * s; // Gamma(2, 3): 3²/Γ(2) s e^{−3s}
  lp += Math.log(30) + Math.log(p) + 4 * Math.log(1 - p); // Beta(2, 5): 1/B(2, 5) = 30
  lp += 2 * half - 0.5 * (w0 * w0 + w1 * w1);
  for (const x of xs) lp += half - Math.log(s) - (x - (w0 + w1 + p)) ** 2 / (2 * s * s);
  return -(lp + logDet);
}

describe('mcmc/model-potential', () => {
  describe('modelPotential', () => {
    it('lays the latent sites out in execution order with their supports', () => {
      const x = tf.tensor1d(xs);
      const t = modelPotential(mixed, [x]);
      expect(t.dim).toBe(4);
      expect(t.sites.map((s) => [s.name, s.offset, s.size, s.support])).toEqual([
        ['s', 0, 1, 'positive'],
        ['p', 1, 1, 'interval(0, 1)'],
        ['w', 2, 2, 'independent(real, 1)'],
      ]);
      x.dispose();
    });

    it('gives U = −[log p(x, T(u)) + log|det J_T(u)|] and its gradient (vs a hand-written double-precision U)', () => {
      const x = tf.tensor1d(xs);
      const t = modelPotential(mixed, [x]);
      const states = [[0.2, -0.7, 0.4, -1.3], [-1.5, 1.2, 0.0, 0.8]];
      const u = tf.tensor2d(states);
      const { value, gradient } = t.potential(u, [0, 1]);
      states.forEach((st, i) => {
        // float32 evaluation: relative error ~1e-6 of terms of size ~10.
        expect(Math.abs(value[i]! - handU(st))).toBeLessThan(1e-4 * (1 + Math.abs(handU(st))));
        for (let j = 0; j < 4; j++) {
          const h = 1e-6;
          const up = st.slice();
          const dn = st.slice();
          up[j]! += h;
          dn[j]! -= h;
          const fd = (handU(up) - handU(dn)) / (2 * h);
          expect(Math.abs(gradient[i * 4 + j]! - fd), `∂U/∂u${j} at state ${i}`).toBeLessThan(1e-3 * (1 + Math.abs(fd)));
        }
      });
      tf.dispose([u, x]);
    });

    it('maps states to constrained site values and back', () => {
      const x = tf.tensor1d(xs);
      const t = modelPotential(mixed, [x]);
      const u = Float64Array.from([0.2, -0.7, 0.4, -1.3, -1.5, 1.2, 0.0, 0.8]);
      const v = t.constrain(u, 2);
      expect(v.s![0]).toBeCloseTo(Math.log1p(Math.exp(0.2)), 6);
      expect(v.p![1]).toBeCloseTo(1 / (1 + Math.exp(-1.2)), 6);
      expect(Array.from(v.w!)).toEqual([0.4, -1.3, 0, 0.8].map(Math.fround));
      const back = t.unconstrain({ s: [v.s![0]!], p: [v.p![0]!], w: [v.w![0]!, v.w![1]!] });
      back.forEach((b, i) => expect(b).toBeCloseTo(u[i]!, 5));
      x.dispose();
    });

    it('handles shape-changing bijectors: a simplex of K = 3 has 2 unconstrained coordinates', () => {
      const dir = model('dirichlet', { pi: 1 }, (ctx) => {
        ctx.sample('pi', new Dirichlet(tf.tensor1d([2, 3, 4])));
      });
      const t = modelPotential(dir, []);
      expect(t.dim).toBe(2);
      expect(t.sites[0]!.unconstrainedShape).toEqual([2]);
      const pi = t.constrain(Float64Array.from([0.3, -0.4]), 1).pi!;
      expect(pi.length).toBe(3);
      expect(pi.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
      const u = tf.tensor2d([[0.3, -0.4]]);
      expect(Number.isFinite(t.potential(u, [0]).value[0]!)).toBe(true);
      u.dispose();
    });

    it('reads parameters from the given store', () => {
      const withParam = model('with-param', { z: 0 }, (ctx) => {
        const loc = ctx.param('loc', () => tf.scalar(0));
        ctx.sample('z', new Normal(loc, tf.scalar(1)));
      });
      const a = new ParamStore();
      const b = new ParamStore();
      modelPotential(withParam, [], { params: b }); // creates 'loc' = 0 in b
      b.assignUnconstrained('loc', tf.scalar(2));
      const u = tf.tensor2d([[0.5]]);
      // U = ½ (z − loc)² + ½ log 2π.
      const c = 0.5 * Math.log(2 * Math.PI);
      expect(modelPotential(withParam, [], { params: a }).potential(u, [0]).value[0]).toBeCloseTo(0.125 + c, 5);
      expect(modelPotential(withParam, [], { params: b }).potential(u, [0]).value[0]).toBeCloseTo(1.125 + c, 5);
      u.dispose();
      a.clear();
      b.clear();
    });

    it('leaves no tensors behind', () => {
      const x = tf.tensor1d(xs);
      const t = modelPotential(mixed, [x]);
      const u = tf.tensor2d([[0.2, -0.7, 0.4, -1.3]]);
      const before = tf.memory().numTensors;
      for (let i = 0; i < 3; i++) t.potential(u, [0]);
      t.constrain(Float64Array.from([0.2, -0.7, 0.4, -1.3]), 1);
      t.unconstrain({ s: [1], p: [0.5], w: [0, 0] });
      expect(tf.memory().numTensors).toBe(before);
      tf.dispose([u, x]);
    });
  });

  describe('modelPotential: chains in one vectorized run', () => {
    // Written with broadcasting only (no plate, no reduction over all axes): the chains can be a
    // leading batch dimension. s ~ Exponential(1) (softplus), w ~ N(0, I₂), y ~ N(X w, s²).
    const X = tf.tensor2d([[1, 0.5], [0.2, -1], [1.5, 0.3]]);
    const y = tf.tensor1d([0.7, -0.4, 1.9]);
    const regression = model('vectorizable', { s: 0, w: 1 }, (ctx) => {
      const s = ctx.sample('s', new Exponential(tf.scalar(1)));
      const w = ctx.sample('w', new Independent(new Normal(tf.zeros([2]), tf.ones([2])), 1));
      const mean = tf.sum(tf.mul(X, tf.expandDims(w, -2)), -1);
      ctx.observe('y', new Independent(new Normal(mean, tf.mul(tf.expandDims(s, -1), tf.onesLike(y))), 1), y);
    });

    it('evaluates all chains at once where the model allows, with the answers of runs one state at a time', () => {
      const t = modelPotential(regression, []);
      expect(t.vectorized).toBe(true);
      const one = modelPotential(regression, [], { vectorize: false });
      expect(one.vectorized).toBe(false);
      const u = tf.tensor2d([[0.3, -1, 2], [-1.2, 0.4, 0.1], [2, 0, -0.5], [0, 1.5, 0.7], [-0.6, -0.2, -1.4]]);
      const before = tf.memory().numTensors;
      const a = t.potential(u, [0, 1, 2, 3, 4]);
      const b = one.potential(u, [0, 1, 2, 3, 4]);
      expect(tf.memory().numTensors).toBe(before);
      a.value.forEach((v, i) => expect(v).toBeCloseTo(b.value[i]!, 4));
      a.gradient.forEach((g, i) => expect(g).toBeCloseTo(b.gradient[i]!, 3));
      u.dispose();
    });

    it('falls back to one state at a time when a vectorized run mixes the chains, and refuses it on demand', () => {
      // `mixed` sums w over all axes, which would add the chains' weights together.
      const x = tf.tensor1d(xs);
      const before = tf.memory().numTensors;
      expect(modelPotential(mixed, [x]).vectorized).toBe(false);
      expect(tf.memory().numTensors).toBe(before);
      expect(() => modelPotential(mixed, [x], { vectorize: true })).toThrow(/model 'mixed' cannot evaluate chains in one vectorized run/);
      x.dispose();
    });
  });

  describe('modelPotential: refusals', () => {
    it('refuses a discrete latent, naming the site', () => {
      const discrete = model('discrete', { k: 0 }, (ctx) => {
        ctx.sample('k', new Bernoulli({ probs: 0.3 }));
      });
      expect(() => modelPotential(discrete, [])).toThrow(ModelError);
      expect(() => modelPotential(discrete, [])).toThrow(/site 'k': has discrete support/);
    });

    it('refuses a support whose bijector ignores coordinates (a flat, improper potential), naming the site', () => {
      const chol = model('cholesky', { L: 2 }, (ctx) => {
        ctx.sample('L', new Delta(tf.eye(2), { eventRank: 2, support: lowerCholesky }));
      });
      expect(() => modelPotential(chol, [])).toThrow(/site 'L': the bijector LowerCholesky .* not a bijection of an unconstrained tensor; HMC and NUTS support/);
    });

    it('refuses a subsampled plate (the density would be a rescaled minibatch estimate)', () => {
      const x = tf.tensor1d(xs);
      expect(() => modelPotential(subsample(mixed, { data: 100 }), [x])).toThrow(/site 'x': sits in plate 'data' subsampled to 3 of 100/);
      x.dispose();
    });

    it('refuses a model whose latent shapes change between runs, naming the site', () => {
      // z has 2 entries when a > 0, else 1: a state from the other side must not be scored by
      // broadcasting the old value.
      const dynamic = model('dynamic', { a: 0, z: 1 }, (ctx) => {
        const a = ctx.sample('a', new Normal(tf.scalar(0), tf.scalar(1)));
        const n = (a.dataSync()[0] as number) > 0 ? 2 : 1;
        ctx.sample('z', new Normal(tf.zeros([n]), tf.ones([n])));
      });
      const t = modelPotential(dynamic, [], { vectorize: false }); // (no evaluation at construction)
      const other = t.dim === 3 ? -1 : 1;
      const states = tf.tensor2d([[other, ...new Array<number>(t.dim - 1).fill(0)]]);
      expect(() => t.potential(states, [0])).toThrow(/site 'z': has shape \[\d\] in this run but \[\d\] in the first/);
      states.dispose();
    });

    it('refuses states of the wrong width and initial values of unknown sites or outside the support', () => {
      const x = tf.tensor1d(xs);
      const t = modelPotential(mixed, [x]);
      const u = tf.tensor2d([[0, 0, 0]]);
      expect(() => t.potential(u, [0])).toThrow(ArgumentError);
      expect(() => t.unconstrain({ s: [1], p: [0.5], w: [0, 0], q: [1] })).toThrow(/site 'q': is not a latent site/);
      expect(() => t.unconstrain({ s: [-1], p: [0.5], w: [0, 0] })).toThrow(/site 's': initial value lies outside the support 'positive'/);
      expect(() => t.unconstrain({ s: [1], p: [0.5] })).toThrow(/site 'w': has no initial value/);
      tf.dispose([u, x]);
    });
  });
});
