// Per-step framework overhead, isolated from kernel arithmetic: the same VAE at toy size
// (D = 8, hidden 4, latent 2, M = 4), where kernels cost almost nothing, trained by
// (a) the framework's path (vae + autoAmortized + SVI.step) and (b) the plain TF.js loop.
// Reports CPU ms per step and kernels per step; their difference is the cost of the DSL,
// handlers, traces, objective bookkeeping, finiteness check and optimizer dispatch.
//   node bench/overhead.mjs [--steps 300]
import { loadTf, ROOT, startTimer } from './lib/env.mjs';

const tf = await loadTf();
const core = await import(`${ROOT}packages/core/dist/index.js`);
await core.initBackend({ order: [tf.getBackend()] });
core.setValidation(false);
const inf = await import(`${ROOT}packages/inference/dist/index.js`);
const { vae } = await import(`${ROOT}packages/examples/dist/vae/model.js`);
const steps = process.argv.includes('--steps') ? Number(process.argv[process.argv.indexOf('--steps') + 1]) : 300;
const D = 8;
const H = 4;
const Z = 2;
const M = 4;
const x = tf.randomUniform([M, D], 0, 1, 'float32', 1);

async function measure(run) {
  for (let i = 0; i < 30; i++) await run(i);
  const info = await tf.profile(() => run(30));
  await info.result;
  const kernels = info.kernels.filter((k) => tf.getKernel(k.name, tf.getBackend()) !== undefined).length;
  const stop = startTimer();
  for (let i = 0; i < steps; i++) await run(i);
  const t = stop();
  return { cpuMsPerStep: (t.cpuSeconds * 1000) / steps, msPerStep: (t.seconds * 1000) / steps, kernelsPerStep: kernels };
}

const model = vae({ dataDim: D, latent: Z, hidden: H, decoder: 'bernoulli', init: 'glorot' });
const svi = new inf.SVI({ model, guide: inf.autoAmortized(model, { hidden: [H] }), optimizer: new inf.Adam({ learningRate: 1e-3, beta2: 0.999 }), seed: 0 });
const framework = await measure(() => svi.step(x, 1000));

const g = (i, o, s) => tf.variable(tf.randomUniform([i, o], -0.5, 0.5, 'float32', s));
const v = { w1: g(D, H, 1), b1: tf.variable(tf.zeros([H])), w2: g(H, 2 * Z, 2), b2: tf.variable(tf.zeros([2 * Z])), w3: g(Z, H, 3), b3: tf.variable(tf.zeros([H])), w4: g(H, D, 4), b4: tf.variable(tf.zeros([D])) };
const adam = tf.train.adam(1e-3);
const plain = await measure(async (i) => {
  tf.tidy(() => {
    const { grads } = tf.variableGrads(() => {
      const h = tf.tanh(tf.add(tf.matMul(x, v.w1), v.b1));
      const [mu, lv] = tf.split(tf.add(tf.matMul(h, v.w2), v.b2), 2, 1);
      const z = tf.add(mu, tf.mul(tf.exp(tf.mul(lv, 0.5)), tf.randomNormal([M, Z], 0, 1, 'float32', i)));
      const l = tf.add(tf.matMul(tf.tanh(tf.add(tf.matMul(z, v.w3), v.b3)), v.w4), v.b4);
      const ll = tf.sum(tf.sub(tf.mul(x, l), tf.softplus(l)));
      const kl = tf.mul(-0.5, tf.sum(tf.sub(tf.sub(tf.add(1, lv), tf.square(mu)), tf.exp(lv))));
      return tf.div(tf.sub(kl, ll), M);
    });
    adam.applyGradients(grads);
  });
});
const out = { backend: tf.getBackend(), framework, plain, overheadCpuMs: framework.cpuMsPerStep - plain.cpuMsPerStep, tensorsAfter: tf.memory().numTensors };
process.stdout.write(`${JSON.stringify(out)}\n`);
