// Column (a): the framework's own path. The paper's VAE exactly as a user writes it:
// `vae(cfg)` from @aevb/examples, `autoAmortized(model, { hidden: [500] })`, `new SVI(...)` with
// Adam(1e-3) and the default objective (analytic KL, estimator B), `svi.step(batch, N)`.
// Same data, batches (M = 100), architecture (784-500-20 tanh) and step counts as column (b).
// Needs the packages built (`npx tsc -b packages/examples` or `pnpm -s build`).
//   node bench/framework-vae.mjs [--steps 200] [--warmup 20] [--m 100] [--extras] [--scaling] [--batches gatherRows]
// --extras adds encoding throughput and logMarginal cost; --scaling adds epoch times at 10k and
// 60k same-shape synthetic examples, with RSS and numTensors after each epoch.
import { batchStarts, benchArgs, D, loadMnist, loadTf, N_TRAIN, peakRssMB, report, ROOT, startTimer } from './lib/env.mjs';

const tf = await loadTf(undefined, { aevb: true });
const core = await import(`${ROOT}packages/core/dist/index.js`);
await core.initBackend({ order: [tf.getBackend()] });
core.setValidation?.(false);
const inf = await import(`${ROOT}packages/inference/dist/index.js`);
const { vae } = await import(`${ROOT}packages/examples/dist/vae/model.js`);

const { warmup, steps, m } = benchArgs();
const flag = (name) => process.argv.includes(`--${name}`);
const data = loadMnist();
const xAll = tf.tensor2d(data.subarray(0, N_TRAIN * D), [N_TRAIN, D]);
const starts = batchStarts(m);

/** A fresh SVI for the paper's VAE (glorot init and Adam beta2 0.999, like columns b-e). */
function makeSvi(seed = 0) {
  const model = vae({ dataDim: D, latent: 20, hidden: 500, decoder: 'bernoulli', init: 'glorot' });
  const guide = inf.autoAmortized(model, { hidden: [500] });
  return new inf.SVI({ model, guide, optimizer: new inf.Adam({ learningRate: 1e-3, beta2: 0.999 }), seed });
}

const svi = makeSvi();
let lastLoss = NaN;
// Minibatches: `tf.slice` as in column (b) (default), or `--batches gatherRows`, core's op that
// copies only the batch's rows (wasm's Slice kernel reads the whole 25 MB data set per call).
const fastBatches = process.argv.includes('--batches') && process.argv[process.argv.indexOf('--batches') + 1] === 'gatherRows';
async function step(i) {
  const start = starts[i % starts.length];
  const x = fastBatches ? core.gatherRows(xAll, { start, size: m }) : tf.slice(xAll, [start, 0], [m, D]);
  const r = await svi.step(x, N_TRAIN);
  if (i % 50 === 0) lastLoss = -r.elbo;
  x.dispose();
}

for (let i = 0; i < warmup; i++) await step(i);
const tensorsBefore = tf.memory().numTensors;
const stop = startTimer();
for (let i = warmup; i < warmup + steps; i++) await step(i);
tf.tidy(() => tf.sum(xAll).dataSync()); // wait for all work
const { seconds, cpuSeconds } = stop();
const tensorsAfter = tf.memory().numTensors;
const result = {
  column: 'a', name: fastBatches ? 'aevb-framework-gatherRows' : 'aevb-framework', backend: tf.getBackend(), threads: core.backendInfo()?.threads, m, steps,
  examplesPerSec: (steps * m) / seconds, msPerStep: (seconds * 1000) / steps, cpuMsPerStep: (cpuSeconds * 1000) / steps,
  loss: lastLoss, tensorsBefore, tensorsAfter, rejectedSteps: svi.rejectedSteps,
  peakRssMB: peakRssMB(), // after training, before the extras below
};

if (flag('extras')) {
  // Amortized inference: posterior means E_q[z | x] for 1,000 held-out digits, batches of 100.
  const test = tf.tensor2d(data.subarray(N_TRAIN * D, (N_TRAIN + 1000) * D), [1000, D]);
  const encodeOnce = async () => {
    for (let i = 0; i < 1000; i += m) {
      const xb = tf.slice(test, [i, 0], [m, D]);
      const { z } = inf.encodeMean(svi, xb);
      await z.data();
      tf.dispose([xb, z]);
    }
  };
  await encodeOnce(); // warm-up
  const te = performance.now();
  await encodeOnce();
  result.encodeExamplesPerSec = 1000 / ((performance.now() - te) / 1000);
  // logMarginal: importance sampling with K = 100 particles per datapoint on 200 digits.
  const lmData = tf.slice(test, [0, 0], [200, D]);
  const tl = performance.now();
  const lm = await inf.logMarginal(svi, lmData, { particles: 100, batchSize: 100 });
  const lmSec = (performance.now() - tl) / 1000;
  result.logMarginal = { examples: 200, particles: 100, seconds: lmSec, msPerExample: (lmSec * 1000) / 200, meanNats: lm.mean };
  tf.dispose([test, lmData]);
  result.tensorsAfterExtras = tf.memory().numTensors;
}

if (flag('scaling')) {
  // Epoch time through `fit` on same-shape synthetic data (uniform grey values), fresh SVI each.
  // The 10k run lasts 10 epochs: its per-epoch RSS and tensor counts show memory stays flat.
  result.scaling = [];
  for (const n of [10000, 60000]) {
    const s = makeSvi(1);
    const x = tf.randomUniform([n, D], 0, 1, 'float32', 7);
    const perEpoch = [];
    let cpu = process.cpuUsage();
    await inf.fit(s, {
      data: x, batchSize: m, epochs: n === 10000 ? 10 : 2,
      onEpoch: (e) => {
        const c = process.cpuUsage(cpu);
        cpu = process.cpuUsage();
        perEpoch.push({ seconds: e.seconds, cpuSeconds: (c.user + c.system) / 1e6, numTensors: tf.memory().numTensors, rssMB: Math.round(process.memoryUsage().rss / 2 ** 20) });
      },
    });
    const last = perEpoch.at(-1);
    result.scaling.push({ examples: n, epochs: perEpoch, usPerExample: (last.seconds * 1e6) / n, cpuUsPerExample: (last.cpuSeconds * 1e6) / n });
    x.dispose();
    s.params.dispose?.();
  }
}

report({ ...result, peakRssMBAtEnd: peakRssMB() });
