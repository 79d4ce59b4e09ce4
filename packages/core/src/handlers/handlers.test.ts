import { describe, expect, it, beforeEach } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor1D } from '@tensorflow/tfjs-core';
import {
  block,
  clearParamStore,
  condition,
  logProbSum,
  mask,
  model,
  ModelError,
  replay,
  scale,
  seed,
  siteScale,
  subsample,
  substitute,
  trace,
  latentSites,
  uncondition,
} from '../index.js';
import { stackDepth } from '../runtime.js';
import { ToyNormal } from '../testing/toy-normal.js';

const m = model('normal-mean', { mu: 1 }, (ctx, x: Tensor1D) => {
  const mu = ctx.sample('mu', new ToyNormal(tf.zeros([1]), tf.ones([1])));
  ctx.plate('data', x.shape[0], () => {
    ctx.observe('x', new ToyNormal(tf.broadcastTo(mu, x.shape), tf.onesLike(x)), x);
  });
  return mu;
});

const x = tf.tensor1d([1, 2, 3, 4]);

beforeEach(() => clearParamStore());

describe('handlers', () => {
  describe('trace', () => {
    it('records every site with its kind, value, plates and scale', () => {
      const t = trace(seed(m, 1)).getTrace(x);
      expect(Object.keys(t)).toEqual(['mu', 'x']);
      const mu = t['mu'];
      const obs = t['x'];
      expect(mu?.type).toBe('sample');
      if (mu?.type !== 'sample' || obs?.type !== 'sample') throw new Error('unreachable');
      expect(mu.isObserved).toBe(false);
      expect(mu.plates).toEqual([]);
      expect(obs.isObserved).toBe(true);
      expect(obs.plates).toEqual([{ name: 'data', size: 4, fullSize: 4, dim: -1, scale: 1, subsample: undefined }]);
      expect(obs.scale).toBe(1);
      expect(Object.isFrozen(t)).toBe(true);
      expect(Object.isFrozen(obs)).toBe(true);
    });
    it('stores log-densities when asked', () => {
      const t = trace(seed(m, 1), { logProbs: true }).getTrace(x);
      const obs = t['x'];
      if (obs?.type !== 'sample' || obs.logProb === undefined) throw new Error('expected logProb');
      expect(obs.logProb.shape).toEqual([4]);
    });
    it('pops the handler stack when the model throws', () => {
      const bad = model('bad', { a: 1 }, (ctx) => {
        ctx.sample('a', new ToyNormal(tf.zeros([1]), tf.ones([1])));
        ctx.sample('a', new ToyNormal(tf.zeros([1]), tf.ones([1])));
      });
      expect(() => trace(seed(bad, 0)).getTrace()).toThrow(/site 'a': duplicate site name/);
      expect(stackDepth()).toBe(0);
    });
  });

  describe('seed', () => {
    it('seeds observed sites too, so that an outer uncondition draws them reproducibly, without changing the latent draws', () => {
      const draw = (): [number[], number[]] => {
        const t = trace(uncondition(seed(m, 5))).getTrace(x);
        return [Array.from(t['mu']?.value?.dataSync() ?? []), Array.from(t['x']?.value?.dataSync() ?? [])];
      };
      const [mu1, x1] = draw();
      const [mu2, x2] = draw();
      expect(x1).toEqual(x2); // before: drawn from the global stream (seeded by the clock at import)
      expect(mu1).toEqual(mu2);
      // The latent draw is the one the seeded model makes with its data observed.
      expect(mu1).toEqual(Array.from(trace(seed(m, 5)).getTrace(x)['mu']?.value?.dataSync() ?? []));
      // Successive runs of one seeded model draw fresh fantasies.
      const seeded = uncondition(seed(m, 5));
      const first = Array.from(trace(seeded).getTrace(x)['x']?.value?.dataSync() ?? []);
      const second = Array.from(trace(seeded).getTrace(x)['x']?.value?.dataSync() ?? []);
      expect(first).toEqual(x1);
      expect(second).not.toEqual(first);
    });
    it('gives the same draws for the same seed and different ones for another', () => {
      const a = trace(seed(m, 7)).getTrace(x)['mu']?.value?.arraySync();
      const b = trace(seed(m, 7)).getTrace(x)['mu']?.value?.arraySync();
      const c = trace(seed(m, 8)).getTrace(x)['mu']?.value?.arraySync();
      expect(a).toEqual(b);
      expect(a).not.toEqual(c);
    });
    it('continues its stream across runs', () => {
      const s = seed(m, 7);
      const a = trace(s).getTrace(x)['mu']?.value?.arraySync();
      const b = trace(s).getTrace(x)['mu']?.value?.arraySync();
      expect(a).not.toEqual(b);
      expect(s.seeds.position).toBe(2);
    });
  });

  describe('replay', () => {
    it('reuses the latent values of another trace and keeps observed data', () => {
      const guideTrace = trace(seed(m, 3)).getTrace(x);
      const t = trace(replay(seed(m, 4), guideTrace)).getTrace(x);
      expect(t['mu']?.value).toBe(guideTrace['mu']?.value);
      expect(t['x']?.value).toBe(x);
    });
  });

  describe('condition', () => {
    it('makes a latent site observed at the given value', () => {
      const v = tf.tensor1d([0.5]);
      const t = trace(condition(m, { mu: v })).getTrace(x);
      const mu = t['mu'];
      if (mu?.type !== 'sample') throw new Error('unreachable');
      expect(mu.isObserved).toBe(true);
      expect(mu.value).toBe(v);
      expect(latentSites(t)).toEqual([]);
    });
  });

  describe('substitute', () => {
    it('fixes a latent value without observing it', () => {
      const v = tf.tensor1d([0.5]);
      const t = trace(substitute(m, { mu: v })).getTrace(x);
      const mu = t['mu'];
      if (mu?.type !== 'sample') throw new Error('unreachable');
      expect(mu.isObserved).toBe(false);
      expect(mu.value).toBe(v);
    });
  });

  describe('block', () => {
    it('hides the chosen sites from outer handlers', () => {
      expect(Object.keys(trace(block(seed(m, 0), { hide: ['mu'] })).getTrace(x))).toEqual(['x']);
      expect(Object.keys(trace(block(seed(m, 0), { expose: ['mu'] })).getTrace(x))).toEqual(['mu']);
      expect(Object.keys(trace(block(seed(m, 0))).getTrace(x))).toEqual([]);
    });
    it('does not hide from handlers installed inside it', () => {
      const inner = trace(seed(m, 0));
      let seen: string[] = [];
      const wrapped = block({ run: (y: Tensor1D) => (seen = Object.keys(inner.getTrace(y))) });
      trace(wrapped).getTrace(x);
      expect(seen).toEqual(['mu', 'x']);
    });
  });

  describe('scale, subsample and mask', () => {
    it('scale multiplies and composes', () => {
      const t = trace(scale(scale(seed(m, 0), 2), 3)).getTrace(x);
      const obs = t['x'];
      expect(obs?.type === 'sample' && obs.scale).toBe(6);
    });
    it('subsample scales plate sites by N/M and leaves global sites alone', () => {
      const t = trace(subsample(seed(m, 0), { data: 100 })).getTrace(x);
      const obs = t['x'];
      const mu = t['mu'];
      if (obs?.type !== 'sample' || mu?.type !== 'sample') throw new Error('unreachable');
      expect(obs.scale).toBe(1); // the handler scale; the plate carries N/M
      expect(obs.plates[0]?.scale).toBe(25);
      expect(siteScale(obs)).toBe(25);
      expect(obs.plates[0]?.fullSize).toBe(100);
      expect(siteScale(mu)).toBe(1);
      const full = tf.tidy(() => logProbSum(t, (s) => s.name === 'x').arraySync());
      const plain = tf.tidy(() => logProbSum(trace(condition(m, { mu: mu.value as Tensor1D })).getTrace(x), (s) => s.name === 'x').arraySync());
      expect(full).toBeCloseTo((plain as number) * 25, 3);
    });
    it('mask drops masked members from the log-density', () => {
      const keep = tf.tensor1d([1, 1, 0, 0], 'bool');
      const t = trace(mask(seed(m, 0), keep)).getTrace(x);
      const mu = t['mu'];
      if (mu?.type !== 'sample') throw new Error('unreachable');
      const masked = tf.tidy(() => logProbSum(t, (s) => s.name === 'x').arraySync() as number);
      const lp = tf.tidy(() => new ToyNormal(tf.broadcastTo(mu.value as Tensor1D, [4]), tf.ones([4])).logProb(x).arraySync() as number[]);
      expect(masked).toBeCloseTo((lp[0] as number) + (lp[1] as number), 4);
    });
    it('a mask that does not broadcast names the site and both shapes', () => {
      const bad = tf.tensor1d([1, 0, 1], 'bool');
      expect(() => trace(mask(seed(m, 0), bad)).getTrace(x)).toThrow(/site 'x': mask of shape \[3\] does not broadcast to batch shape \[4\]/);
    });
  });
});

describe('model errors', () => {
  it('names both shapes when an observed value has the wrong shape', () => {
    const wrong = model('wrong', { mu: 1 }, (ctx, y: Tensor1D) => {
      ctx.observe('y', new ToyNormal(tf.zeros([3]), tf.ones([3])), y);
    });
    expect(() => wrong.run(x)).toThrow(ModelError);
    expect(() => wrong.run(x)).toThrow(/site 'y': observed value has shape \[4\].*values of shape \[3\]/);
  });
  it('names the plate when its size disagrees with the data', () => {
    const wrong = model('wrong', { mu: 1 }, (ctx, y: Tensor1D) => {
      ctx.plate('data', 10, () => ctx.observe('y', new ToyNormal(tf.zeros([4]), tf.ones([4])), y));
    });
    expect(() => wrong.run(x)).toThrow(/site 'y': plate 'data' has size 10 but .* has size 4/);
  });
  it('rejects a primitive called after its run ended', () => {
    let saved: ((n: string) => void) | undefined;
    const leaky = model('leaky', { a: 1 }, (ctx) => {
      ctx.sample('a', new ToyNormal(tf.zeros([1]), tf.ones([1])));
      saved = (n) => void ctx.sample(n as 'a', new ToyNormal(tf.zeros([1]), tf.ones([1])));
    });
    leaky.run();
    expect(() => saved?.('a')).toThrow(/called outside a run of model 'leaky'/);
  });
  it('rejects non-finite observed values', () => {
    const y = tf.tensor1d([1, NaN, 3, 4]);
    const obs = model('nan', { mu: 1 }, (ctx, v: Tensor1D) => {
      ctx.observe('y', new ToyNormal(tf.zeros([4]), tf.ones([4])), v);
    });
    expect(() => obs.run(y)).toThrow(/site 'y': observed value contains NaN or Infinity/);
  });
});
