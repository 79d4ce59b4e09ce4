// Runs every benchmark column in its own process, prints a table and writes bench/results/<time>.json.
//   node bench/run.mjs [--steps 200] [--warmup 20] [--repeat 3] [--only a,b,c1,small] [--quick] [--backend cpu]
// Columns: (a) the framework's own VAE path on aevb's default backend (wasm: the threaded build, one
// thread per core), minibatches by core's gatherRows as `fit` makes them, (a1) the same on one
// thread, (a2) with tf.slice minibatches as in (b) (wasm's Slice kernel reads the whole data set
// per call, ~10 ms here), (b) plain TF.js (tfjs's own
// single-threaded wasm), (c1, c2) PyTorch on 1 and 2 threads (BLAS and OpenMP pools of that size),
// (d) hand-written loop on aevb's fast ops (default backend), (e) the same split over 2 worker threads.
// All columns train the same model (784-500-20 tanh, Bernoulli decoder on logits, analytic KL,
// Adam 1e-3) on the same data and batches (M = 100). Columns run round-robin `--repeat` times
// (interleaved, so load from other processes hits every column alike); each column reports its
// median. Ratios compare equal thread counts (a/c2, a1/c1), from wall time and CPU time.
// 'small' adds the small-model rows: one SVI step of three small models on wasm and cpu against
// hand-written PyTorch steps (bench/small-models.mjs, bench/torch_small.py), with per-phase times.
// Column (a)'s first round also measures encoding throughput, logMarginal cost and epoch time at
// 10k and 60k examples (unless --quick). Backend: --backend (or AEVB_BACKEND), default wasm.
// --baseline <dir>: also run the small-model rows from another built checkout of aevb (e.g. main's, for a
// before/after in one run), interleaved with this one's.
// Needs the packages built (`pnpm -s build`); PyTorch (python3-torch) and OpenBLAS are installed
// with apt-get when missing and running as root (bench/lib/torch.mjs).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parseBenchOptions } from './lib/args.mjs';
import { ROOT, loadMnist } from './lib/env.mjs';
import { torchEnv, torchReference } from './lib/torch.mjs';

const COLUMN_IDS = ['a', 'a1', 'a2', 'b', 'c1', 'c2', 'd', 'e', 'small'];
const opts = parseBenchOptions('bench', (p, { intOption, listOption, choiceOption }) =>
  p
    .option('--steps <n>', 'timed steps per column', intOption('steps', { min: 1 }), 200)
    .option('--warmup <n>', 'warm-up steps per column', intOption('warmup', { min: 0 }), 20)
    .option('--repeat <n>', 'interleaved rounds', intOption('repeat', { min: 1 }), 3)
    .option('--only <ids>', `columns to run (${COLUMN_IDS.join(',')})`, listOption('only', choiceOption('only', COLUMN_IDS)))
    .option('--quick', 'skip the extras and the scaling run')
    .option('--baseline <dir>', 'a built checkout of aevb whose small-model rows to run alongside (before/after)')
    .option('--backend <name>', 'wasm, cpu or tensorflow', choiceOption('backend', ['wasm', 'cpu', 'tensorflow']), process.env.AEVB_BACKEND ?? process.env.BENCH_BACKEND ?? 'wasm'),
);
const steps = String(opts.steps);
const warmup = String(opts.warmup);
const repeat = opts.repeat;
const quick = opts.quick === true;
const only = opts.only;
const backend = opts.backend;
const env = { ...process.env, BENCH_BACKEND: backend, AEVB_BACKEND: backend };
const one = { ...env, AEVB_WASM_THREADS: '1' };
const common = ['--steps', steps, '--warmup', warmup, '--m', '100'];
const wanted = (id) => only === undefined || only.includes(id);
const torch = wanted('c1') || wanted('c2') || wanted('small') ? torchReference() : { error: 'not run' };
const python = torch.python ?? 'python3';

const columns = [
  { id: 'a', label: '(a) aevb framework VAE (DSL + autoAmortized + SVI)', cmd: 'node', args: [`${ROOT}bench/framework-vae.mjs`, ...common, '--batches', 'gatherRows'], first: quick ? [] : ['--extras', '--scaling'], env },
  { id: 'a1', label: '(a) same, wasm on 1 thread', cmd: 'node', args: [`${ROOT}bench/framework-vae.mjs`, ...common, '--batches', 'gatherRows'], env: one },
  { id: 'a2', label: '(a) same, minibatches by tf.slice as in (b)', cmd: 'node', args: [`${ROOT}bench/framework-vae.mjs`, ...common], env },
  { id: 'b', label: '(b) plain TF.js (variableGrads + adam)', cmd: 'node', args: [`${ROOT}bench/tfjs-plain.mjs`, ...common], env },
  { id: 'c1', label: `(c) PyTorch ${torch.torch ?? ''} + ${torch.blas ?? '?'}, 1 thread`, cmd: python, args: [`${ROOT}bench/torch_vae.py`, '--threads', '1', ...common], env: torchEnv(process.env, 1), threads: 1 },
  { id: 'c2', label: `(c) PyTorch ${torch.torch ?? ''} + ${torch.blas ?? '?'}, 2 threads`, cmd: python, args: [`${ROOT}bench/torch_vae.py`, '--threads', '2', ...common], env: torchEnv(process.env, 2), threads: 2 },
  { id: 'd', label: '(d) fast ops, hand-written loop', cmd: 'node', args: [`${ROOT}bench/fast-loop.mjs`, ...common], env },
  { id: 'e', label: '(e) fast ops, 2 workers data-parallel', cmd: 'node', args: [`${ROOT}bench/fast-parallel.mjs`, '--workers', '2', ...common], env, threads: 2 },
].filter((c) => wanted(c.id) && !(c.id.startsWith('c') && torch.error !== undefined));
const smallSteps = quick ? '100' : '300';
const baseline = opts.baseline === undefined ? undefined : `${opts.baseline.replace(/\/+$/, '')}/`;
if (baseline !== undefined && !existsSync(`${baseline}bench/small-models.mjs`)) {
  console.error(`bench: --baseline ${opts.baseline} has no bench/small-models.mjs`);
  process.exit(2);
}
const smallRuns = wanted('small')
  ? [
      ...(baseline === undefined
        ? []
        : [
            { id: 'wasm-before', cmd: 'node', args: [`${baseline}bench/small-models.mjs`, '--steps', smallSteps], env: { ...env, AEVB_BACKEND: 'wasm' } },
            { id: 'cpu-before', cmd: 'node', args: [`${baseline}bench/small-models.mjs`, '--steps', smallSteps], env: { ...env, AEVB_BACKEND: 'cpu' } },
          ]),
      { id: 'wasm', cmd: 'node', args: [`${ROOT}bench/small-models.mjs`, '--steps', smallSteps], env: { ...env, AEVB_BACKEND: 'wasm' } },
      { id: 'cpu', cmd: 'node', args: [`${ROOT}bench/small-models.mjs`, '--steps', smallSteps], env: { ...env, AEVB_BACKEND: 'cpu' } },
      ...(torch.error === undefined ? [{ id: 'torch', cmd: python, args: [`${ROOT}bench/torch_small.py`, '--steps', smallSteps], env: torchEnv(process.env, 1) }] : []),
    ]
  : [];

loadMnist(); // writes the shared data file PyTorch reads
const load = { before: loadavg() };
const runs = new Map([...columns, ...smallRuns].map((c) => [c.id, []]));
const runOne = (c, extra = []) => {
  try {
    const out = execFileSync(c.cmd, [...c.args, ...extra], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], cwd: ROOT, env: c.env });
    const line = out.trim().split('\n').filter((l) => l.startsWith('{')).pop();
    return { ...JSON.parse(line), loadavg1: loadavg()[0] };
  } catch (e) {
    return { error: String(e.message ?? e).split('\n')[0] };
  }
};
for (let round = 0; round < repeat; round++) {
  for (const c of columns) {
    process.stderr.write(`bench: round ${round + 1}/${repeat} ${c.label} ...\n`);
    runs.get(c.id).push(runOne(c, round === 0 ? (c.first ?? []) : []));
  }
  for (const c of smallRuns) {
    process.stderr.write(`bench: round ${round + 1}/${repeat} small models, ${c.id} ...\n`);
    runs.get(c.id).push(runOne(c, round === 0 && c.id !== 'torch' && !c.id.endsWith('-before') ? ['--phases'] : []));
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
  aOverB: ratio(a, row('b'), 'examplesPerSec'), aOverBcpu: ratio(a, row('b'), 'cpuMsPerStep'),
  aOverC2: ratio(a, row('c2'), 'examplesPerSec'), aOverC1: ratio(a, row('c1'), 'examplesPerSec'),
  a1OverC1: ratio(row('a1'), row('c1'), 'examplesPerSec'), a1OverC1cpu: ratio(row('a1'), row('c1'), 'cpuMsPerStep'),
  a2OverC2: ratio(row('a2'), row('c2'), 'examplesPerSec'), dOverC2: ratio(row('d'), row('c2'), 'examplesPerSec'),
  eOverC2: ratio(row('e'), row('c2'), 'examplesPerSec'), a2OverD: ratio(row('a2'), row('d'), 'examplesPerSec'),
  a2OverB: ratio(row('a2'), row('b'), 'examplesPerSec'), a2OverBcpu: ratio(row('a2'), row('b'), 'cpuMsPerStep'),
  aOverA1: ratio(a, row('a1'), 'examplesPerSec'),
};
const fmt = (x, d = 0) => (x === undefined || Number.isNaN(x) ? '-' : x.toFixed(d));
const threadsOf = (r) => r.threads ?? columns.find((c) => c.id === r.id)?.threads ?? 1;
const torchAt = (t) => row(t >= 2 ? 'c2' : 'c1')?.examplesPerSec;
const plain = row('b')?.examplesPerSec;
const header = ['column', 'threads', 'examples/s', 'ms/step', 'CPU ms/step', 'x PyTorch (same threads)', 'x plain TF.js', 'peak RSS MB', 'tensors before/after', 'loss'];
const table = rows.map((r) =>
  r.error
    ? [r.label, '', r.error, '', '', '', '', '', '', '']
    : [
        r.label, String(threadsOf(r)), fmt(r.examplesPerSec), fmt(r.msPerStep, 1), fmt(r.cpuMsPerStep, 1),
        torchAt(threadsOf(r)) ? fmt(r.examplesPerSec / torchAt(threadsOf(r)), 2) : '-', plain ? fmt(r.examplesPerSec / plain, 2) : '-',
        fmt(r.peakRssMB), r.tensorsBefore === undefined ? '-' : `${r.tensorsBefore}/${r.tensorsAfter}`, fmt(r.loss, 1),
      ],
);
const printTable = (head, body) => {
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((t) => String(t[i]).length)));
  const line = (cells) => cells.map((c, i) => String(c).padEnd(widths[i])).join(' | ');
  console.log(line(head));
  console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
  body.forEach((t) => console.log(line(t)));
};
const loadText = `load average ${load.before.map((x) => x.toFixed(1)).join(' ')} -> ${load.after.map((x) => x.toFixed(1)).join(' ')}`;
if (torch.error === undefined) {
  console.log(`PyTorch reference: torch ${torch.torch} on ${torch.blas} (${torch.libs.filter((l) => /blas/.test(l)).join(', ') || 'no BLAS library'})` +
    `${torch.installed.length > 0 ? `; installed now: ${torch.installed.join(', ')}` : ''}; OPENBLAS/OMP/MKL_NUM_THREADS = the column's threads, ` +
    'OMP_WAIT_POLICY=PASSIVE, OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset');
} else if (columns.length > 0 || smallRuns.length > 0) console.log(`PyTorch reference: ${torch.error}`);
if (columns.length > 0) {
  console.log(`VAE 784-500-20 tanh, M=100, Adam 1e-3, ${steps} timed steps after ${warmup} warm-up, backend ${backend}, ` +
    `median of ${repeat} interleaved runs; ${loadText}`);
  printTable(header, table);
  console.log(`\nequal threads: a/c2 (2 vs 2) = ${fmt(ratios.aOverC2, 2)}; a1/c1 (1 vs 1) = ${fmt(ratios.a1OverC1, 2)} (CPU time: ${fmt(ratios.a1OverC1cpu, 2)}); ` +
    `d/c2 = ${fmt(ratios.dOverC2, 2)}; e/c2 = ${fmt(ratios.eOverC2, 2)}; threads: a/a1 = ${fmt(ratios.aOverA1, 2)}`);
  console.log(`same minibatching (tf.slice): a2/b = ${fmt(ratios.a2OverB, 2)} (CPU time: ${fmt(ratios.a2OverBcpu, 2)}); ` +
    `framework overhead a2/d (the same ops in a hand-written loop) = ${fmt(ratios.a2OverD, 2)}`);
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

// Small models: medians of ms/step per model and backend.
const small = {};
for (const c of smallRuns) {
  const ok = runs.get(c.id).filter((r) => r.error === undefined);
  if (ok.length === 0) {
    small[c.id] = { error: runs.get(c.id)[0]?.error };
    continue;
  }
  const names = ok[0].models.map((m) => m.name);
  small[c.id] = Object.fromEntries(names.map((n) => {
    const ms = ok.map((r) => r.models.find((m) => m.name === n));
    return [n, { msPerStep: median(ms.map((m) => m.msPerStep)), cpuMsPerStep: median(ms.map((m) => m.cpuMsPerStep)),
      kernelsPerStep: ms[0].kernelsPerStep, phases: ms.find((m) => m.phases !== undefined)?.phases, tensors: ms[0].tensorsBefore === undefined ? undefined : `${ms[0].tensorsBefore}/${ms[0].tensorsAfter}` }];
  }));
}
if (smallRuns.length > 0) {
  console.log(`\nsmall models: one SVI step (Adam, analytic KL where closed), ms/step (CPU ms), median of ${repeat}; ${loadText}`);
  const names = Object.keys(small.wasm ?? small.cpu ?? {});
  const cell = (b, n) => (small[b]?.[n] ? `${fmt(small[b][n].msPerStep, 2)} (${fmt(small[b][n].cpuMsPerStep, 2)})` : small[b]?.error ?? '-');
  const x = (b, n, key = 'msPerStep') => (small[b]?.[n] && small.torch?.[n] ? fmt(small[b][n][key] / small.torch[n][key], 1) : '-');
  printTable(['model', 'aevb wasm', 'aevb cpu', 'PyTorch 1 thread', 'wasm / PyTorch', 'cpu / PyTorch', '(CPU time)', 'kernels/step', 'tensors before/after'],
    names.map((n) => [n, cell('wasm', n), cell('cpu', n), cell('torch', n), x('wasm', n), x('cpu', n), `${x('wasm', n, 'cpuMsPerStep')}, ${x('cpu', n, 'cpuMsPerStep')}`,
      String(small.wasm?.[n]?.kernelsPerStep ?? '-'), small.wasm?.[n]?.tensors ?? '-']));
  if (baseline !== undefined) {
    console.log(`\nbefore (${baseline}) / after (this checkout), same run: ms/step (CPU ms), kernels/step`);
    const ratioCell = (b, n) => (small[`${b}-before`]?.[n] && small[b]?.[n] ? fmt(small[`${b}-before`][n].cpuMsPerStep / small[b][n].cpuMsPerStep, 2) : '-');
    printTable(['model', 'wasm before', 'wasm after', 'cpu before', 'cpu after', 'CPU time before/after wasm', 'cpu', 'kernels before/after'],
      names.map((n) => [n, cell('wasm-before', n), cell('wasm', n), cell('cpu-before', n), cell('cpu', n), ratioCell('wasm', n), ratioCell('cpu', n),
        `${small['wasm-before']?.[n]?.kernelsPerStep ?? '-'}/${small.wasm?.[n]?.kernelsPerStep ?? '-'}`]));
  }
  for (const b of ['wasm', 'cpu']) {
    for (const n of names) {
      const ph = small[b]?.[n]?.phases;
      if (ph) console.log(`  ${b} ${n}: model+guide+objective forward ${fmt(ph.forwardMs, 2)} ms, forward+backward ${fmt(ph.gradientMs, 2)} ms, one read-back ${fmt(ph.readBackMs, 2)} ms, optimizer update ${fmt(ph.updateMs, 2)} ms`);
    }
  }
}

mkdirSync(`${ROOT}bench/results`, { recursive: true });
const file = `${ROOT}bench/results/bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
writeFileSync(file, JSON.stringify({ date: new Date().toISOString(), node: process.version, backend, steps: Number(steps), warmup: Number(warmup), repeat, loadavg: load, torch, ratios, rows, small }, null, 2));
console.log(`wrote ${file}`);
