// Runs every benchmark column in its own process, prints a table and writes bench/results/<time>.json.
//   node bench/run.mjs [--steps 200] [--warmup 20] [--repeat 3] [--only a,b,c1] [--quick] [--backend cpu]
// Columns: (a) the framework's own VAE path (a2: with core's gatherRows minibatches instead of
// tf.slice, whose wasm kernel reads the whole data set per call), (b) plain TF.js, (c) PyTorch 1 and 2 threads,
// (d) hand-written loop on aevb's fast ops, (e) the same split over 2 worker threads.
// All columns train the same model (784-500-20 tanh, Bernoulli decoder on logits, analytic KL,
// Adam 1e-3) on the same data and batches (M = 100). Columns run round-robin `--repeat` times
// (interleaved, so load from other processes hits every column alike); each column reports its
// median. Ratios a/b and a/c are given from wall time and from CPU time (robust to load).
// Column (a)'s first round also measures encoding throughput, logMarginal cost and epoch time at
// 10k and 60k examples (unless --quick). Backend: --backend (or AEVB_BACKEND), default wasm.
// Needs the packages built (`pnpm -s build`) and python3-torch (/usr/bin/python3) for (c).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parseBenchOptions } from './lib/args.mjs';
import { ROOT, loadMnist } from './lib/env.mjs';

const COLUMN_IDS = ['a', 'a2', 'b', 'c1', 'c2', 'd', 'e'];
const opts = parseBenchOptions('bench', (p, { intOption, listOption, choiceOption }) =>
  p
    .option('--steps <n>', 'timed steps per column', intOption('steps', { min: 1 }), 200)
    .option('--warmup <n>', 'warm-up steps per column', intOption('warmup', { min: 0 }), 20)
    .option('--repeat <n>', 'interleaved rounds', intOption('repeat', { min: 1 }), 3)
    .option('--only <ids>', `columns to run (${COLUMN_IDS.join(',')})`, listOption('only', choiceOption('only', COLUMN_IDS)))
    .option('--quick', 'skip the extras and the scaling run')
    .option('--backend <name>', 'wasm, cpu or tensorflow', choiceOption('backend', ['wasm', 'cpu', 'tensorflow']), process.env.AEVB_BACKEND ?? process.env.BENCH_BACKEND ?? 'wasm'),
);
const steps = String(opts.steps);
const warmup = String(opts.warmup);
const repeat = opts.repeat;
const quick = opts.quick === true;
const only = opts.only;
const backend = opts.backend;
const env = { ...process.env, BENCH_BACKEND: backend, AEVB_BACKEND: backend };
const common = ['--steps', steps, '--warmup', warmup, '--m', '100'];
const python = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3'; // Debian's python3-torch

const columns = [
  { id: 'a', label: '(a) aevb framework VAE (DSL + autoAmortized + SVI)', cmd: 'node', args: [`${ROOT}bench/framework-vae.mjs`, ...common], first: quick ? [] : ['--extras', '--scaling'] },
  { id: 'a2', label: '(a) same, minibatches by gatherRows', cmd: 'node', args: [`${ROOT}bench/framework-vae.mjs`, ...common, '--batches', 'gatherRows'] },
  { id: 'b', label: '(b) plain TF.js (variableGrads + adam)', cmd: 'node', args: [`${ROOT}bench/tfjs-plain.mjs`, ...common] },
  { id: 'c1', label: '(c) PyTorch, 1 thread', cmd: python, args: [`${ROOT}bench/torch_vae.py`, '--threads', '1', ...common] },
  { id: 'c2', label: '(c) PyTorch, 2 threads', cmd: python, args: [`${ROOT}bench/torch_vae.py`, '--threads', '2', ...common] },
  { id: 'd', label: '(d) fast ops, hand-written loop', cmd: 'node', args: [`${ROOT}bench/fast-loop.mjs`, ...common] },
  { id: 'e', label: '(e) fast ops, 2 workers data-parallel', cmd: 'node', args: [`${ROOT}bench/fast-parallel.mjs`, '--workers', '2', ...common] },
].filter((c) => only === undefined || only.includes(c.id));

loadMnist(); // writes the shared data file PyTorch reads
const load = { before: loadavg() };
const runs = new Map(columns.map((c) => [c.id, []]));
for (let round = 0; round < repeat; round++) {
  for (const c of columns) {
    process.stderr.write(`bench: round ${round + 1}/${repeat} ${c.label} ...\n`);
    const extra = round === 0 ? (c.first ?? []) : [];
    try {
      const out = execFileSync(c.cmd, [...c.args, ...extra], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], cwd: ROOT, env });
      const line = out.trim().split('\n').filter((l) => l.startsWith('{')).pop();
      runs.get(c.id).push({ ...JSON.parse(line), loadavg1: loadavg()[0] });
    } catch (e) {
      runs.get(c.id).push({ error: String(e.message ?? e).split('\n')[0] });
    }
  }
}
load.after = loadavg();

const median = (xs) => {
  const s = xs.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((p, q) => p - q);
  if (s.length === 0) return undefined;
  return s.length % 2 === 1 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const rows = columns.map((c) => {
  const rs = runs.get(c.id);
  const ok = rs.filter((r) => r.error === undefined);
  if (ok.length === 0) return { id: c.id, label: c.label, error: rs[0]?.error ?? 'no run' };
  const extras = ok.find((r) => r.encodeExamplesPerSec !== undefined || r.scaling !== undefined) ?? {};
  return {
    ...ok[ok.length - 1], ...extras, id: c.id, label: c.label, runs: ok.length,
    examplesPerSec: median(ok.map((r) => r.examplesPerSec)),
    msPerStep: median(ok.map((r) => r.msPerStep)),
    cpuMsPerStep: median(ok.map((r) => r.cpuMsPerStep)),
    peakRssMB: Math.max(...ok.map((r) => r.peakRssMB ?? 0)),
    all: ok.map((r) => ({ examplesPerSec: r.examplesPerSec, cpuMsPerStep: r.cpuMsPerStep, loadavg1: r.loadavg1 })),
  };
});

const row = (id) => rows.find((r) => r.id === id && r.examplesPerSec !== undefined);
const ratio = (x, y, key) => (x && y && x[key] && y[key] ? (key === 'examplesPerSec' ? x[key] / y[key] : y[key] / x[key]) : undefined);
const a = row('a');
const ratios = {
  aOverB: ratio(a, row('b'), 'examplesPerSec'), aOverC1: ratio(a, row('c1'), 'examplesPerSec'),
  aOverBcpu: ratio(a, row('b'), 'cpuMsPerStep'), aOverC1cpu: ratio(a, row('c1'), 'cpuMsPerStep'),
  a2OverB: ratio(row('a2'), row('b'), 'examplesPerSec'), a2OverC1: ratio(row('a2'), row('c1'), 'examplesPerSec'),
  a2OverC1cpu: ratio(row('a2'), row('c1'), 'cpuMsPerStep'),
};
const fmt = (x, d = 0) => (x === undefined || Number.isNaN(x) ? '-' : x.toFixed(d));
const torch1 = row('c1')?.examplesPerSec;
const plain = row('b')?.examplesPerSec;
const header = ['column', 'examples/s', 'ms/step', 'CPU ms/step', 'x PyTorch-1t', 'x plain TF.js', 'peak RSS MB', 'tensors before/after', 'loss'];
const table = rows.map((r) =>
  r.error
    ? [r.label, r.error, '', '', '', '', '', '', '']
    : [
        r.label, fmt(r.examplesPerSec), fmt(r.msPerStep, 1), fmt(r.cpuMsPerStep, 1),
        torch1 ? fmt(r.examplesPerSec / torch1, 2) : '-', plain ? fmt(r.examplesPerSec / plain, 2) : '-',
        fmt(r.peakRssMB), r.tensorsBefore === undefined ? '-' : `${r.tensorsBefore}/${r.tensorsAfter}`, fmt(r.loss, 1),
      ],
);
const widths = header.map((h, i) => Math.max(h.length, ...table.map((t) => String(t[i]).length)));
const line = (cells) => cells.map((c, i) => String(c).padEnd(widths[i])).join(' | ');
console.log(`VAE 784-500-20 tanh, M=100, Adam 1e-3, ${steps} timed steps after ${warmup} warm-up, backend ${backend}, ` +
  `median of ${repeat} interleaved runs; load average ${load.before.map((x) => x.toFixed(1)).join(' ')} -> ${load.after.map((x) => x.toFixed(1)).join(' ')}`);
console.log(line(header));
console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
table.forEach((t) => console.log(line(t)));
console.log(`\nframework overhead a/b = ${fmt(ratios.aOverB, 2)} (CPU time: ${fmt(ratios.aOverBcpu, 2)}); ` +
  `a/c (PyTorch 1 thread) = ${fmt(ratios.aOverC1, 2)} (CPU time: ${fmt(ratios.aOverC1cpu, 2)})`);
if (row('a2') !== undefined) {
  console.log(`with gatherRows minibatches: a2/b = ${fmt(ratios.a2OverB, 2)}; a2/c = ${fmt(ratios.a2OverC1, 2)} (CPU time: ${fmt(ratios.a2OverC1cpu, 2)})`);
}
if (a?.encodeExamplesPerSec !== undefined) {
  console.log(`encoding (amortized inference, encodeMean, batches of 100): ${fmt(a.encodeExamplesPerSec)} examples/s`);
  const lm = a.logMarginal;
  console.log(`logMarginal (K = ${lm.particles} importance samples): ${fmt(lm.msPerExample, 2)} ms/example (${lm.examples} examples in ${fmt(lm.seconds, 2)} s; ${fmt(lm.meanNats, 1)} nats)`);
}
for (const s of a?.scaling ?? []) {
  const ep = s.epochs.map((e) => `${fmt(e.seconds, 1)} s, CPU ${fmt(e.cpuSeconds, 1)} s (rss ${e.rssMB} MB, ${e.numTensors} tensors)`).join('; ');
  console.log(`fit, epochs over ${s.examples} examples: ${ep}; last epoch ${fmt(s.usPerExample, 0)} µs/example, CPU ${fmt(s.cpuUsPerExample, 0)} µs/example`);
}
if (a?.tensorsBefore !== undefined) console.log(`numTensors before/after training (a): ${a.tensorsBefore}/${a.tensorsAfter}`);

mkdirSync(`${ROOT}bench/results`, { recursive: true });
const file = `${ROOT}bench/results/bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
writeFileSync(file, JSON.stringify({ date: new Date().toISOString(), node: process.version, backend, steps: Number(steps), warmup: Number(warmup), repeat, loadavg: load, ratios, rows }, null, 2));
console.log(`wrote ${file}`);
