// A user's model, compiled and run outside the monorepo by test/pack/pack-install.test.ts against
// the packed and npm-installed packages (and typechecked inside the repo with the rest of test/).
//
// mu ~ N(0, 1), x_i | mu ~ N(mu, 1): the posterior is N(Σx / (n + 1), 1 / (n + 1)). A mean-field
// Normal guide contains it, so the fitted loc and scale must match it up to the optimizer's noise.
import { model, setGlobalSeed, tf, type Tensor1D } from '@aevb/core';
import { Normal } from '@aevb/distributions';
import { Adam, SVI, autoNormal, fit } from '@aevb/inference';
import { disposeSvi, runSteps, seTolerance, tailRow } from '@aevb/examples';

const normalMean = model('normal-mean', { mu: 1 }, (ctx, x: Tensor1D) => {
  const mu = ctx.sample('mu', new Normal(tf.zeros([1]), tf.ones([1])));
  ctx.plate('data', x.shape[0], () => {
    ctx.observe('x', new Normal(tf.broadcastTo(mu, x.shape), tf.onesLike(x)), x);
  });
});

setGlobalSeed(1);
const xs = [0.8, 1.9, 1.2, 0.3, 1.5];
const x = tf.tensor1d(xs);
const exactMean = xs.reduce((s, v) => s + v, 0) / (xs.length + 1);
const exactSd = 1 / Math.sqrt(xs.length + 1);

const svi = new SVI({ model: normalMean, guide: autoNormal(normalMean), optimizer: new Adam({ learningRate: 0.01 }) });
// Burn-in with fit (full batch), then constant-step iterates whose tail average and batch-means
// standard error give the estimate and its tolerance (4 SE + float32 rounding; see seTolerance).
const history = await fit(svi, { data: x, batchSize: xs.length, epochs: 1000 });
const { tail } = await runSteps(svi, 2000, () => ({ data: x }), {}, () => [
  svi.params.read('auto/mu/loc')[0] as number,
  Math.log(svi.params.read('auto/mu/scale')[0] as number),
]);
const rows = [
  tailRow('posterior mean', exactMean, tail, (v) => v[0] as number),
  tailRow('posterior sd', exactSd, tail, (v) => Math.exp(v[1] as number)),
];
const checks = rows.map((r) => ({ ...r, ...seTolerance(r) }));
disposeSvi(svi);
x.dispose();
console.log(JSON.stringify({ epochs: history.epochs.length, backend: tf.getBackend(), checks }));
