// Per-kernel profile of one training step of the framework's VAE (column a) and of the plain
// TF.js loop's model (column b): kernel counts and time by kernel name, total kernel time, and
// the rest of the step's wall time (JavaScript: DSL, handlers, tape, optimizer bookkeeping).
//   node bench/profile-step.mjs [--steps 20] [--m 100] [--json]
// Uses tf.profile (kernels run synchronously on wasm and cpu, so kernelTimeMs is exact there).
import { D, loadMnist, loadTf, N_TRAIN, ROOT } from './lib/env.mjs';

const tf = await loadTf(undefined, { aevb: true });
const core = await import(`${ROOT}packages/core/dist/index.js`);
await core.initBackend({ order: [tf.getBackend()] });
core.setValidation(false);
const inf = await import(`${ROOT}packages/inference/dist/index.js`);
const { vae } = await import(`${ROOT}packages/examples/dist/vae/model.js`);
const get = (n, d) => (process.argv.includes(`--${n}`) ? Number(process.argv[process.argv.indexOf(`--${n}`) + 1]) : d);
const steps = get('steps', 20);
const m = get('m', 100);
const data = loadMnist();
const xAll = tf.tensor2d(data.subarray(0, N_TRAIN * D), [N_TRAIN, D]);

const model = vae({ dataDim: D, latent: 20, hidden: 500, decoder: 'bernoulli', init: 'glorot' });
const svi = new inf.SVI({ model, guide: inf.autoAmortized(model, { hidden: [500] }), optimizer: new inf.Adam({ learningRate: 1e-3, beta2: 0.999 }), seed: 0 });
// Minibatches by core's gatherRows for both, so the profile shows the training step itself.
const batch = (i) => core.gatherRows(xAll, { start: (i * m) % (N_TRAIN - m), size: m });

/** Profiles `steps` calls of `run(i)`; returns per-step kernel totals by name and wall times. */
async function profile(label, run) {
  for (let i = 0; i < 5; i++) await run(i); // warm-up (and parameter creation)
  const byName = new Map();
  let kernelMs = 0;
  let kernels = 0;
  let wall = 0;
  for (let i = 0; i < steps; i++) {
    const t0 = performance.now();
    const info = await tf.profile(() => run(i + 5));
    await info.result;
    wall += performance.now() - t0;
    for (const k of info.kernels) {
      // Custom ops (runKernelFunc) appear as well as the kernels they run: count real kernels only.
      if (tf.getKernel(k.name, tf.getBackend()) === undefined) continue;
      const ms = typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
      const e = byName.get(k.name) ?? { count: 0, ms: 0 };
      e.count++;
      e.ms += ms;
      byName.set(k.name, e);
      kernelMs += ms;
      kernels++;
    }
  }
  // Wall time without the profiler (tf.profile adds per-kernel bookkeeping).
  const t1 = performance.now();
  const c1 = process.cpuUsage();
  for (let i = 0; i < steps; i++) await run(i + 5 + steps);
  const plainWall = (performance.now() - t1) / steps;
  const cu = process.cpuUsage(c1);
  const cpuMs = (cu.user + cu.system) / 1000 / steps;
  const rows = [...byName.entries()]
    .map(([name, e]) => ({ name, perStep: e.count / steps, ms: e.ms / steps }))
    .sort((a, b) => b.ms - a.ms);
  return { label, kernelsPerStep: kernels / steps, kernelMsPerStep: kernelMs / steps, profiledWallMs: wall / steps, wallMs: plainWall, cpuMs, rows };
}

const framework = await profile('(a) framework: svi.step', async (i) => {
  const x = batch(i);
  await svi.step(x, N_TRAIN);
  x.dispose();
});

// Column (b)'s model (tf.variableGrads + tf.train.adam), same shapes.
const glorot = (i, o, s) => tf.variable(tf.randomUniform([i, o], -Math.sqrt(6 / (i + o)), Math.sqrt(6 / (i + o)), 'float32', s));
const v = { w1: glorot(D, 500, 1), b1: tf.variable(tf.zeros([500])), wMu: glorot(500, 20, 2), bMu: tf.variable(tf.zeros([20])), wLv: glorot(500, 20, 3), bLv: tf.variable(tf.zeros([20])), w3: glorot(20, 500, 4), b3: tf.variable(tf.zeros([500])), w4: glorot(500, D, 5), b4: tf.variable(tf.zeros([D])) };
const adam = tf.train.adam(1e-3);
const plain = await profile('(b) plain TF.js step', async (i) => {
  tf.tidy(() => {
    const x = batch(i);
    const { grads } = tf.variableGrads(() => {
      const h = tf.tanh(tf.add(tf.matMul(x, v.w1), v.b1));
      const mu = tf.add(tf.matMul(h, v.wMu), v.bMu);
      const lv = tf.add(tf.matMul(h, v.wLv), v.bLv);
      const z = tf.add(mu, tf.mul(tf.exp(tf.mul(lv, 0.5)), tf.randomNormal([m, 20], 0, 1, 'float32', i)));
      const l = tf.add(tf.matMul(tf.tanh(tf.add(tf.matMul(z, v.w3), v.b3)), v.w4), v.b4);
      const ll = tf.sum(tf.sub(tf.mul(x, l), tf.softplus(l)));
      const kl = tf.mul(-0.5, tf.sum(tf.sub(tf.sub(tf.add(1, lv), tf.square(mu)), tf.exp(lv))));
      return tf.div(tf.sub(kl, ll), m);
    });
    adam.applyGradients(grads);
  });
});

const out = { backend: tf.getBackend(), m, steps, profiles: [framework, plain] };
if (process.argv.includes('--json')) {
  process.stdout.write(`${JSON.stringify(out)}\n`);
} else {
  for (const p of out.profiles) {
    console.log(`\n${p.label} on ${out.backend}: ${p.wallMs.toFixed(1)} ms/step, CPU ${p.cpuMs.toFixed(1)} ms/step (profiled ${p.profiledWallMs.toFixed(1)}), ` +
      `${p.kernelsPerStep.toFixed(0)} kernels/step taking ${p.kernelMsPerStep.toFixed(1)} ms; rest (JS, tape, handlers) ≈ ${(p.wallMs - p.kernelMsPerStep).toFixed(1)} ms`);
    console.log('kernel'.padEnd(22), 'calls/step'.padStart(10), 'ms/step'.padStart(8), ' share');
    for (const r of p.rows.slice(0, 25)) {
      console.log(r.name.padEnd(22), r.perStep.toFixed(1).padStart(10), r.ms.toFixed(2).padStart(8), `${((100 * r.ms) / p.kernelMsPerStep).toFixed(1).padStart(5)}%`);
    }
  }
}
