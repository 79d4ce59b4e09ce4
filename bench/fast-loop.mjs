// Column (d): the same VAE hand-written with aevb's fast ops (packages/core/dist/ops: fusedDense with
// its hand-written gradient), to show what the framework can reach on this backend. The encoder's
// two heads (mu, log sigma^2) are one 500->40 dense layer split in two. Adam lr 1e-3 from tf.train.
// Run `npx tsc -b` in packages/core first.
import { batchStarts, benchArgs, D, loadMnist, loadTf, report, startTimer, ROOT } from './lib/env.mjs';

const tf = await loadTf(undefined, { aevb: true });
const { fusedDense } = await import(`${ROOT}packages/core/dist/ops/index.js`);
const { backendInfo } = await import(`${ROOT}packages/core/dist/index.js`);
const { warmup, steps, m } = benchArgs();
const data = loadMnist();
const H = 500;
const Z = 20;
const glorot = (i, o, seed) => tf.variable(tf.randomUniform([i, o], -Math.sqrt(6 / (i + o)), Math.sqrt(6 / (i + o)), 'float32', seed));
const vars = {
  w1: glorot(D, H, 1), b1: tf.variable(tf.zeros([H])),
  w2: glorot(H, 2 * Z, 2), b2: tf.variable(tf.zeros([2 * Z])),
  w3: glorot(Z, H, 4), b3: tf.variable(tf.zeros([H])),
  w4: glorot(H, D, 5), b4: tf.variable(tf.zeros([D])),
};
const varList = Object.values(vars);
const optimizer = tf.train.adam(1e-3);
const xAll = tf.tensor2d(data.subarray(0, 8000 * D), [8000, D]);
const starts = batchStarts(m);

function negElbo(x, seed) {
  const h = fusedDense(x, vars.w1, vars.b1, 'tanh');
  const [mu, logVar] = tf.split(fusedDense(h, vars.w2, vars.b2), 2, 1);
  const eps = tf.randomNormal([m, Z], 0, 1, 'float32', seed);
  const z = tf.add(mu, tf.mul(tf.exp(tf.mul(logVar, 0.5)), eps));
  const logits = fusedDense(fusedDense(z, vars.w3, vars.b3, 'tanh'), vars.w4, vars.b4);
  const logLik = tf.sum(tf.sub(tf.mul(x, logits), tf.softplus(logits)));
  const kl = tf.mul(-0.5, tf.sum(tf.sub(tf.sub(tf.add(1, logVar), tf.square(mu)), tf.exp(logVar))));
  return tf.div(tf.sub(kl, logLik), m);
}

let lastLoss = NaN;
function step(i) {
  tf.tidy(() => {
    const x = tf.slice(xAll, [starts[i % starts.length], 0], [m, D]);
    const { value, grads } = tf.variableGrads(() => negElbo(x, i), varList);
    optimizer.applyGradients(grads);
    if (i % 50 === 0) lastLoss = value.dataSync()[0];
  });
}

for (let i = 0; i < warmup; i++) step(i);
const tensorsBefore = tf.memory().numTensors;
const stop = startTimer();
for (let i = warmup; i < warmup + steps; i++) step(i);
tf.tidy(() => vars.b4.sum().dataSync());
const { seconds, cpuSeconds } = stop();
report({
  column: 'd', name: 'fast-ops', backend: tf.getBackend(), threads: backendInfo()?.threads, m, steps,
  examplesPerSec: (steps * m) / seconds, msPerStep: (seconds * 1000) / steps, cpuMsPerStep: (cpuSeconds * 1000) / steps,
  loss: lastLoss, tensorsBefore, tensorsAfter: tf.memory().numTensors,
});
