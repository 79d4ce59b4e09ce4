// One data-parallel worker of bench/fast-parallel.mjs (see there).
import { workerData, parentPort } from 'node:worker_threads';
import { batchStarts, D, loadMnist, loadTf, ROOT } from './env.mjs';

const { rank, workers, shapes, N, shared, warmup, steps, m } = workerData;
const tf = await loadTf();
const { fusedDense } = await import(`${ROOT}packages/core/dist/ops/index.js`);
const Z = 20;
const mw = m / workers; // rows per worker
const data = loadMnist();
const xAll = tf.tensor2d(data.subarray(0, 8000 * D), [8000, D]);
const starts = batchStarts(m);
const sizes = shapes.map((s) => s.reduce((a, b) => a * b, 1));
const offsets = sizes.map((_, i) => sizes.slice(0, i).reduce((a, b) => a + b, 0));
const { params, grads, control } = shared;

if (rank === 0) {
  // Glorot-uniform kernels, zero biases.
  shapes.forEach((s, i) => {
    if (s.length === 2) {
      const l = Math.sqrt(6 / (s[0] + s[1]));
      params.set(tf.randomUniform(s, -l, l, 'float32', i + 1).dataSync(), offsets[i]);
    }
  });
}

function barrier() {
  const gen = Atomics.load(control, 1);
  if (Atomics.add(control, 0, 1) === workers - 1) {
    Atomics.store(control, 0, 0);
    Atomics.add(control, 1, 1);
    Atomics.notify(control, 1);
  } else {
    Atomics.wait(control, 1, gen);
  }
}

function negElbo(x, p, seed) {
  const [w1, b1, w2, b2, w3, b3, w4, b4] = p;
  const h = fusedDense(x, w1, b1, 'tanh');
  const [mu, logVar] = tf.split(fusedDense(h, w2, b2), 2, 1);
  const eps = tf.randomNormal([mw, Z], 0, 1, 'float32', seed);
  const z = tf.add(mu, tf.mul(tf.exp(tf.mul(logVar, 0.5)), eps));
  const logits = fusedDense(fusedDense(z, w3, b3, 'tanh'), w4, b4);
  const logLik = tf.sum(tf.sub(tf.mul(x, logits), tf.softplus(logits)));
  const kl = tf.mul(-0.5, tf.sum(tf.sub(tf.sub(tf.add(1, logVar), tf.square(mu)), tf.exp(logVar))));
  return tf.div(tf.sub(kl, logLik), m); // divided by the full M: worker gradients sum to the batch gradient
}

// Adam on this worker's slice of the flat vector.
const lo = Math.floor((rank * N) / workers);
const hi = Math.floor(((rank + 1) * N) / workers);
const b1 = 0.9, b2 = 0.999, lr = 1e-3, eps = 1e-8;
function adam(t) {
  const { m: mm, v } = shared;
  const lrT = (lr * Math.sqrt(1 - b2 ** t)) / (1 - b1 ** t);
  for (let i = lo; i < hi; i++) {
    let g = 0;
    for (let w = 0; w < workers; w++) g += grads[w][i];
    const mi = b1 * mm[i] + (1 - b1) * g;
    const vi = b2 * v[i] + (1 - b2) * g * g;
    mm[i] = mi;
    v[i] = vi;
    params[i] -= (lrT * mi) / (Math.sqrt(vi) + eps);
  }
}

let loss = NaN;
function step(i) {
  tf.tidy(() => {
    const p = shapes.map((s, k) => tf.tensor(params.subarray(offsets[k], offsets[k] + sizes[k]), s));
    const x = tf.slice(xAll, [starts[i % starts.length] + rank * mw, 0], [mw, D]);
    const { value, grads: g } = tf.valueAndGrads((...q) => negElbo(x, q, i * workers + rank))(p);
    g.forEach((t, k) => grads[rank].set(t.dataSync(), offsets[k]));
    if (i % 50 === 0) loss = value.dataSync()[0];
  });
  barrier(); // all gradients written
  adam(i + 1);
  barrier(); // all parameters updated
}

barrier(); // parameters initialized
for (let i = 0; i < warmup; i++) step(i);
const tensorsBefore = tf.memory().numTensors;
const t0 = performance.now();
for (let i = warmup; i < warmup + steps; i++) step(i);
const seconds = (performance.now() - t0) / 1000;
parentPort.postMessage({ seconds, loss, backend: tf.getBackend(), tensorsBefore, tensorsAfter: tf.memory().numTensors });
