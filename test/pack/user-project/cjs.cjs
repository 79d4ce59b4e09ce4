// What a CommonJS user sees: require() of aevb's ES modules (Node ^20.19 and >= 22.12 load them;
// older Node throws ERR_REQUIRE_ESM and names dynamic import()). One SVI step shows they work.
const { model, tf } = require('@aevb/core');
const { Normal } = require('@aevb/distributions');
const { Adam, SVI, autoNormal } = require('@aevb/inference');
const { GALLERY } = require('@aevb/examples');

const m = model('cjs-normal-mean', { mu: 1 }, (ctx, x) => {
  const mu = ctx.sample('mu', new Normal(tf.zeros([1]), tf.ones([1])));
  ctx.plate('data', x.shape[0], () => ctx.observe('x', new Normal(tf.broadcastTo(mu, x.shape), tf.onesLike(x)), x));
});
const svi = new SVI({ model: m, guide: autoNormal(m), optimizer: new Adam({ learningRate: 0.01 }) });
svi.step(tf.tensor1d([0.5, 1.5])).then((r) => {
  if (!Number.isFinite(r.elbo)) throw new Error(`cjs: non-finite bound ${r.elbo}`);
  console.log('ok', typeof model, typeof Normal, typeof SVI, typeof GALLERY);
});
