// Runs every benchmark column in its own process, prints a table and writes bench/results/<time>.json.
//   node bench/run.mjs [--steps 200] [--warmup 20] [--only b,c1,d]
// Columns: (a) the framework's own VAE path, (b) plain TF.js, (c) PyTorch 1 and 2 threads,
// (d) hand-written loop on aevb's fast ops, (e) the same split over 2 worker threads.
// Needs packages/core built (`cd packages/core && npx tsc -b`) and python3-torch (/usr/bin/python3).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { ROOT, loadMnist } from './lib/env.mjs';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : dflt;
};
const steps = arg('steps', '200');
const warmup = arg('warmup', '20');
const only = arg('only', undefined)?.split(',');
const common = ['--steps', steps, '--warmup', warmup, '--m', '100'];
const python = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3'; // Debian's python3-torch

// ---------------------------------------------------------------------------------------------
// HOOK (column a): the framework's own path (model + guide + SVI with the fast ops). When the
// script below exists it is run like the others; it must print one JSON line with at least
// { examplesPerSec, msPerStep, loss, tensorsBefore, tensorsAfter, peakRssMB } (see lib/env.mjs report()).
const FRAMEWORK_SCRIPT = `${ROOT}bench/framework-vae.mjs`;
// ---------------------------------------------------------------------------------------------

const columns = [
  { id: 'a', label: '(a) aevb framework VAE', cmd: 'node', args: [FRAMEWORK_SCRIPT, ...common], missing: !existsSync(FRAMEWORK_SCRIPT) },
  { id: 'b', label: '(b) plain TF.js (variableGrads + adam)', cmd: 'node', args: [`${ROOT}bench/tfjs-plain.mjs`, ...common] },
  { id: 'c1', label: '(c) PyTorch, 1 thread', cmd: python, args: [`${ROOT}bench/torch_vae.py`, '--threads', '1', ...common] },
  { id: 'c2', label: '(c) PyTorch, 2 threads', cmd: python, args: [`${ROOT}bench/torch_vae.py`, '--threads', '2', ...common] },
  { id: 'd', label: '(d) fast ops, hand-written loop', cmd: 'node', args: [`${ROOT}bench/fast-loop.mjs`, ...common] },
  { id: 'e', label: '(e) fast ops, 2 workers data-parallel', cmd: 'node', args: [`${ROOT}bench/fast-parallel.mjs`, '--workers', '2', ...common] },
];

loadMnist(); // writes the shared data file PyTorch reads
const load = { before: loadavg() };
const rows = [];
for (const c of columns) {
  if (only !== undefined && !only.includes(c.id)) continue;
  if (c.missing === true) {
    rows.push({ id: c.id, label: c.label, error: 'not implemented yet (hook)' });
    continue;
  }
  process.stderr.write(`bench: ${c.label} ...\n`);
  try {
    const out = execFileSync(c.cmd, c.args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], cwd: ROOT });
    const line = out.trim().split('\n').filter((l) => l.startsWith('{')).pop();
    rows.push({ id: c.id, label: c.label, ...JSON.parse(line) });
  } catch (e) {
    rows.push({ id: c.id, label: c.label, error: String(e.message ?? e).split('\n')[0] });
  }
}
load.after = loadavg();

const torch1 = rows.find((r) => r.id === 'c1' && r.examplesPerSec)?.examplesPerSec;
const plain = rows.find((r) => r.id === 'b' && r.examplesPerSec)?.examplesPerSec;
const fmt = (x, d = 0) => (x === undefined || Number.isNaN(x) ? '-' : x.toFixed(d));
const header = ['column', 'examples/s', 'ms/step', 'x PyTorch-1t', 'x plain TF.js', 'peak RSS MB', 'tensors before/after', 'loss'];
const table = rows.map((r) =>
  r.error
    ? [r.label, r.error, '', '', '', '', '', '']
    : [
        r.label,
        fmt(r.examplesPerSec),
        fmt(r.msPerStep, 1),
        torch1 ? fmt(r.examplesPerSec / torch1, 2) : '-',
        plain ? fmt(r.examplesPerSec / plain, 2) : '-',
        fmt(r.peakRssMB),
        r.tensorsBefore === undefined ? '-' : `${r.tensorsBefore}/${r.tensorsAfter}`,
        fmt(r.loss, 1),
      ],
);
const widths = header.map((h, i) => Math.max(h.length, ...table.map((t) => String(t[i]).length)));
const line = (cells) => cells.map((c, i) => String(c).padEnd(widths[i])).join(' | ');
console.log(`VAE 784-500-20 tanh, M=100, Adam 1e-3, ${steps} timed steps after ${warmup} warm-up; load average ${load.before.map((x) => x.toFixed(1)).join(' ')} -> ${load.after.map((x) => x.toFixed(1)).join(' ')}`);
console.log(line(header));
console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
table.forEach((t) => console.log(line(t)));

mkdirSync(`${ROOT}bench/results`, { recursive: true });
const file = `${ROOT}bench/results/bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
writeFileSync(file, JSON.stringify({ date: new Date().toISOString(), node: process.version, steps: Number(steps), warmup: Number(warmup), loadavg: load, rows }, null, 2));
console.log(`wrote ${file}`);
