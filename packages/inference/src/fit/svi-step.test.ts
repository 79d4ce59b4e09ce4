import { describe, expect, it } from 'vitest';
import { guide, model, tf, type Tensor1D } from '@aevb/core';
import { Normal } from '@aevb/distributions';
import { SGD, SVI, autoNormal } from '../index.js';
import { normalMean } from '../testing/conjugate.js';

// A model whose bound is finite at w = 0 while its gradient is not: ∂√w/∂w = 1/(2√w) = ∞ at 0,
// so ∂/∂w log N(x; √w, 1) = (x − √w)/(2√w) is ±∞ (NaN where x = 0).
const sqrtModel = model('sqrt-loc', {}, (ctx, x: Tensor1D) => {
  const w = ctx.param('w', () => tf.zeros([1]));
  ctx.plate('data', x.shape[0], () => {
    ctx.observe('x', new Normal(tf.broadcastTo(tf.sqrt(w), x.shape), tf.onesLike(x)), x);
  });
});
const noLatents = guide(sqrtModel, 'empty', () => ({}));

describe('SVI.step rejects non-finite steps with one read-back', () => {
  it('rejects a step whose bound is finite but whose gradient is not, leaving parameters alone', async () => {
    const x = tf.tensor1d([0.5, 1.5, 2]);
    const svi = new SVI({ model: sqrtModel, guide: noLatents, optimizer: new SGD({ learningRate: 0.1 }), seed: 3 });
    const r = await svi.step(x);
    expect(r.accepted).toBe(false);
    expect(Number.isNaN(r.elbo)).toBe(true);
    expect(svi.rejectedSteps).toBe(1);
    expect(svi.stepCount).toBe(0);
    expect(Array.from(svi.params.value('w').dataSync())).toEqual([0]);
    // The bound itself was finite: evaluate reports it.
    expect(Number.isFinite(await svi.evaluate(x))).toBe(true);
    x.dispose();
  });

  it('accepts finite steps and leaves no tensors behind', async () => {
    const x = tf.tensor1d([0.8, 1.9, 1.2, 0.3]);
    const svi = new SVI({ model: normalMean, guide: autoNormal(normalMean), seed: 1 });
    await svi.step(x); // creates the parameters and the optimizer's slots
    await svi.step(x);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) {
      const r = await svi.step(x);
      expect(r.accepted).toBe(true);
      expect(Number.isFinite(r.elbo)).toBe(true);
    }
    expect(tf.memory().numTensors).toBe(before);
    expect(svi.stepCount).toBe(7);
    x.dispose();
  });
});
