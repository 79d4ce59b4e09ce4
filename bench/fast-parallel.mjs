// Column (e): the fast loop split data-parallel over worker_threads (default 2, one per core).
// Each worker owns a wasm backend; per step every worker reads the shared parameters, computes the
// gradient of its share of the minibatch (M / workers rows) with the fast ops, writes it to shared
// memory, and after a barrier applies Adam (lr 1e-3) to its slice of the flat parameter vector in
// plain JS (the average of the workers' gradients = the full-batch gradient). Prints one JSON line.
import { Worker } from 'node:worker_threads';
import { benchArgs, loadMnist, peakRssMB } from './lib/env.mjs';

const { warmup, steps, m } = benchArgs();
const workers = process.argv.includes('--workers') ? Number(process.argv[process.argv.indexOf('--workers') + 1]) : 2;
loadMnist(); // make sure the cache file exists before the workers read it
const D = 784;
const H = 500;
const Z = 20;
const shapes = [[D, H], [H], [H, 2 * Z], [2 * Z], [Z, H], [H], [H, D], [D]];
const N = shapes.reduce((a, s) => a + s.reduce((x, y) => x * y, 1), 0);
const f32 = (n) => new Float32Array(new SharedArrayBuffer(4 * n));
const shared = {
  params: f32(N), m: f32(N), v: f32(N),
  grads: Array.from({ length: workers }, () => f32(N)),
  control: new Int32Array(new SharedArrayBuffer(16)),
};
const results = await Promise.all(
  Array.from({ length: workers }, (_, rank) =>
    new Promise((resolve, reject) => {
      const w = new Worker(new URL('./lib/parallel-worker.mjs', import.meta.url), {
        workerData: { rank, workers, shapes, N, shared, warmup, steps, m },
      });
      w.on('message', resolve);
      w.on('error', reject);
    }),
  ),
);
const seconds = Math.max(...results.map((r) => r.seconds));
process.stdout.write(`${JSON.stringify({
  column: 'e', name: `fast-ops x${workers} workers`, backend: results[0].backend, m, steps, workers,
  examplesPerSec: (steps * m) / seconds, msPerStep: (seconds * 1000) / steps, loss: results.reduce((a, r) => a + r.loss, 0), // each worker reports its share of the batch loss
  tensorsBefore: results[0].tensorsBefore, tensorsAfter: results[0].tensorsAfter, peakRssMB: peakRssMB(),
})}\n`);
