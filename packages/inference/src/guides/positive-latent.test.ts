// Regression: a mean-field guide on a positive latent (TransformedDistribution through softplus) trains;
// it once read a pre-image freed by the draw's tidy scope.
import { it, expect } from 'vitest';
import { model, tf, type Tensor1D } from '@aevb/core';
import { Gamma, Poisson } from '@aevb/distributions';
import { SVI, autoNormal, Adam } from '@aevb/inference';
it('autoNormal on a positive latent', async () => {
  const m = model('gp', { rate: 1 }, (ctx, y: Tensor1D) => {
    const rate = ctx.sample('rate', new Gamma(tf.tensor1d([2]), tf.tensor1d([1])));
    ctx.plate('data', y.shape[0], () => ctx.observe('y', new Poisson(tf.broadcastTo(rate, y.shape)), y));
  });
  const svi = new SVI({ model: m, guide: autoNormal(m), optimizer: new Adam({ learningRate: 0.05 }) });
  const y = tf.tensor1d([3, 4, 2, 5]);
  for (let i = 0; i < 5; i++) expect((await svi.step(y)).accepted).toBe(true);
});
