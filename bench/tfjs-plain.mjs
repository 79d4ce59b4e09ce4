// Column (b): the VAE 784-500-20 (tanh) written the way a TF.js user would: tf.variable parameters,
// tf.variableGrads over a closure, tf.train.adam(1e-3). Bernoulli decoder on logits, analytic
// Gaussian KL, M = 100, one latent sample per datapoint. Prints one JSON line.
import { batchStarts, benchArgs, D, loadMnist, loadTf, report, startTimer } from './lib/env.mjs';

const tf = await loadTf();
const { warmup, steps, m } = benchArgs();
const data = loadMnist();
const H = 500;
const Z = 20;
const glorot = (i, o, seed) => tf.variable(tf.randomUniform([i, o], -Math.sqrt(6 / (i + o)), Math.sqrt(6 / (i + o)), 'float32', seed));
const vars = {
  w1: glorot(D, H, 1), b1: tf.variable(tf.zeros([H])),
  wMu: glorot(H, Z, 2), bMu: tf.variable(tf.zeros([Z])),
  wLv: glorot(H, Z, 3), bLv: tf.variable(tf.zeros([Z])),
  w3: glorot(Z, H, 4), b3: tf.variable(tf.zeros([H])),
  w4: glorot(H, D, 5), b4: tf.variable(tf.zeros([D])),
};
const optimizer = tf.train.adam(1e-3);
const xAll = tf.tensor2d(data.subarray(0, 8000 * D), [8000, D]);
const starts = batchStarts(m);

function negElbo(x, seed) {
  const h = tf.tanh(tf.add(tf.matMul(x, vars.w1), vars.b1));
  const mu = tf.add(tf.matMul(h, vars.wMu), vars.bMu);
  const logVar = tf.add(tf.matMul(h, vars.wLv), vars.bLv);
  const eps = tf.randomNormal([m, Z], 0, 1, 'float32', seed);
  const z = tf.add(mu, tf.mul(tf.exp(tf.mul(logVar, 0.5)), eps));
  const h2 = tf.tanh(tf.add(tf.matMul(z, vars.w3), vars.b3));
  const logits = tf.add(tf.matMul(h2, vars.w4), vars.b4);
  // log p(x|z) = sum x*l - softplus(l);  KL = -0.5 sum(1 + logVar - mu^2 - exp(logVar))
  const logLik = tf.sum(tf.sub(tf.mul(x, logits), tf.softplus(logits)));
  const kl = tf.mul(-0.5, tf.sum(tf.sub(tf.sub(tf.add(1, logVar), tf.square(mu)), tf.exp(logVar))));
  return tf.div(tf.sub(kl, logLik), m);
}

let lastLoss = NaN;
function step(i) {
  tf.tidy(() => {
    const x = tf.slice(xAll, [starts[i % starts.length], 0], [m, D]);
    const { value, grads } = tf.variableGrads(() => negElbo(x, i));
    optimizer.applyGradients(grads);
    if (i % 50 === 0) lastLoss = value.dataSync()[0]; // off the timed hot path except every 50th step
  });
}

for (let i = 0; i < warmup; i++) step(i);
const tensorsBefore = tf.memory().numTensors;
const stop = startTimer();
for (let i = warmup; i < warmup + steps; i++) step(i);
await tf.ready();
tf.tidy(() => vars.b4.sum().dataSync()); // wait for all work
const { seconds, cpuSeconds } = stop();
report({
  column: 'b', name: 'tfjs-plain', backend: tf.getBackend(), threads: 1, m, steps,
  examplesPerSec: (steps * m) / seconds, msPerStep: (seconds * 1000) / steps, cpuMsPerStep: (cpuSeconds * 1000) / steps,
  loss: lastLoss, tensorsBefore, tensorsAfter: tf.memory().numTensors,
});
