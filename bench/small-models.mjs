// Small models: the time of one SVI step, as a user writes it (`new SVI(...)`, `await svi.step(data)`),
// for the README's normal-mean model (autoNormal), non-centered eight schools (the gallery's
// mean-field guide) and Beta–Bernoulli with a Beta guide (the gallery's). Same models, guides,
// objectives (analytic KL where closed, Monte Carlo otherwise) and optimizer (Adam) as
// bench/torch_small.py. With --phases, also where a step's time goes: the model and guide
// programs with the objective (forward only), the gradient (forward + backward), the one
// read-back, and the optimizer update, each timed on its own over the same number of steps.
//   node bench/small-models.mjs [--steps 300] [--warmup 30] [--phases]   (backend: AEVB_BACKEND)
import { ROOT, startTimer, report } from './lib/env.mjs';

const core = await import(`${ROOT}packages/core/dist/index.js`);
core.setBackendReporter(() => {});
const info = await core.initBackend();
const { tf } = core;
const dist = await import(`${ROOT}packages/distributions/dist/index.js`);
const inf = await import(`${ROOT}packages/inference/dist/index.js`);
const { betaBernoulliModel, betaGuide, coinFlips } = await import(`${ROOT}packages/examples/dist/gallery/beta-bernoulli.js`);
const { eightSchoolsNonCentered, SCHOOLS } = await import(`${ROOT}packages/examples/dist/gallery/eight-schools.js`);
const { schoolsGuideNonCentered } = await import(`${ROOT}packages/examples/dist/gallery/eight-schools-guide.js`);
const get = (n, d) => (process.argv.includes(`--${n}`) ? Number(process.argv[process.argv.indexOf(`--${n}`) + 1]) : d);
const steps = get('steps', 300);
const warmup = get('warmup', 30);
const phases = process.argv.includes('--phases');

// The README's model.
const normalMean = core.model('normal-mean', { mu: 1 }, (ctx, x) => {
  const mu = ctx.sample('mu', new dist.Normal(tf.zeros([1]), tf.ones([1])));
  ctx.plate('data', x.shape[0], () => {
    ctx.observe('x', new dist.Normal(tf.broadcastTo(mu, x.shape), tf.onesLike(x)), x);
  });
});

const cases = [
  { name: 'normal-mean', model: normalMean, guide: inf.autoNormal(normalMean), lr: 0.05, beta2: 0.999, data: () => tf.tensor1d([0.8, 1.9, 1.2, 0.3, 1.5]) },
  { name: 'eight-schools', model: eightSchoolsNonCentered, guide: schoolsGuideNonCentered, lr: 0.05, beta2: 0.999, data: () => ({ y: tf.tensor1d([...SCHOOLS.y]), sigma: tf.tensor1d([...SCHOOLS.sigma]) }) },
  { name: 'beta-bernoulli', model: betaBernoulliModel, guide: betaGuide, lr: 0.15, beta2: 0.98, data: () => tf.tensor1d(coinFlips(30)) },
];

const results = [];
for (const c of cases) {
  const data = c.data();
  const svi = new inf.SVI({ model: c.model, guide: c.guide, optimizer: new inf.Adam({ learningRate: c.lr, beta2: c.beta2 }), objective: inf.analyticKlElbo(), seed: 0 });
  let elbo = NaN;
  for (let i = 0; i < warmup; i++) elbo = (await svi.step(data)).elbo;
  const tensorsBefore = tf.memory().numTensors;
  const stop = startTimer();
  for (let i = 0; i < steps; i++) elbo = (await svi.step(data)).elbo;
  const t = stop();
  const profile = await tf.profile(() => svi.step(data));
  await profile.result;
  const row = {
    name: c.name, msPerStep: (t.seconds * 1000) / steps, cpuMsPerStep: (t.cpuSeconds * 1000) / steps,
    kernelsPerStep: profile.kernels.filter((k) => tf.getKernel(k.name, tf.getBackend()) !== undefined).length,
    elbo, tensorsBefore, tensorsAfter: tf.memory().numTensors,
  };
  if (phases) row.phases = await measurePhases(svi, data);
  results.push(row);
  tf.dispose(data instanceof tf.Tensor ? [data] : Object.values(data));
}

/** Per-phase ms of the step's pieces, each repeated `steps` times (validation off, as in svi.step). */
async function measurePhases(svi, data) {
  const { model, guide, dispose } = svi.bind(data);
  const vars = svi.engine.variables();
  const time = async (f) => {
    for (let i = 0; i < 10; i++) await f();
    const stop = startTimer();
    for (let i = 0; i < steps; i++) await f();
    return (stop().seconds * 1000) / steps;
  };
  const noCheck = (f) => () => core.withValidation(false, f);
  const forward = await time(noCheck(() => tf.tidy(() => void svi.objective.evaluate(model, guide, [data]).bound.dataSync())));
  const gradient = await time(noCheck(() => {
    const { value, grads } = tf.variableGrads(() => tf.neg(svi.objective.evaluate(model, guide, [data]).surrogate), Object.values(vars));
    const s = tf.addN(Object.values(grads).map((g) => tf.sum(g)));
    s.dataSync();
    tf.dispose([value, s, ...Object.values(grads)]);
  }));
  const grads = tf.tidy(() => Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, tf.keep(tf.zerosLike(v))])));
  const optimizer = new inf.Adam({ learningRate: 0 });
  const update = await time(() => optimizer.apply(vars, grads));
  const readBack = await time(async () => {
    const x = tf.tidy(() => tf.stack([tf.scalar(1), tf.scalar(2)]));
    await x.data();
    x.dispose();
  });
  tf.dispose(Object.values(grads));
  dispose();
  return { forwardMs: forward, gradientMs: gradient, readBackMs: readBack, updateMs: update };
}

report({ backend: info.name, threads: info.threads, steps, models: results });
