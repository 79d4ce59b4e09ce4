#!/usr/bin/env node
/**
 * Throughput of the page's training loop: Node's wasm backend against the browser's wasm and
 * webgl backends in headless Chromium, same settings, same machine (Node).
 * `node packages/examples/dist/web/bench.js [--train N] [--hidden H] [--latent Z] [--batch M] [--repeat R]`;
 * prints a table and writes `out/web-bench.json`. The second epoch is timed (the first one
 * includes kernel compilation); the configurations run interleaved R times (default 3) and the
 * best and median are reported, since other load on the machine only ever slows a run down.
 *
 * @module
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command, Option } from 'commander';
import { initBackend, setBackendReporter } from '@aevb/core';
import { runCli } from '../cli/exit.js';
import { intOption, numberOption } from '../cli/options.js';
import { loadEmbeddedMnist } from '../data/mnist-embedded.js';
import { buildPage } from './build-page.js';
import { CHROMIUM_HELP, findChromium, launchChromium, type LaunchedChromium } from './chromium.js';
import { DEMO_DEFAULTS, randomSubset, settingsFromQuery, type DemoSettings } from './settings.js';
import { serveStatic } from './static-server.js';
import { VaeTrainer } from './trainer.js';

/** One measured configuration. @category Web */
export interface BenchRow {
  /** Where it ran: `node` or `browser`. */
  readonly where: 'node' | 'browser';
  /** The backend actually used. */
  readonly backend: string;
  /** Examples per second of step time in the timed epoch (undefined when the backend was unavailable). */
  readonly examplesPerSecond: number | undefined;
  /** Why it did not run, if it did not. */
  readonly note: string;
}

const SOFTWARE_WEBGL = ['--enable-unsafe-swiftshader', '--use-angle=swiftshader', '--ignore-gpu-blocklist'];

function queryOf(s: DemoSettings): string {
  return `latent=${s.latent}&hidden=${s.hidden}&train=${s.trainSize}&test=${s.testSize}&batch=${s.batch}&epochs=${s.epochs}&lr=${s.lr}&seed=${s.seed}`;
}

async function nodeRow(s: DemoSettings): Promise<BenchRow> {
  setBackendReporter(() => {});
  const info = await initBackend();
  const split = loadEmbeddedMnist();
  const t = new VaeTrainer(randomSubset(split.train, s.trainSize, s.seed + 101), randomSubset(split.test, s.testSize, s.seed + 202), s);
  const epochs: number[] = [];
  await t.run({ onEpoch: (r) => void epochs.push(r.examplesPerSecond) });
  t.dispose();
  return { where: 'node', backend: info.name + (info.simd ? ' (SIMD)' : ''), examplesPerSecond: epochs[epochs.length - 1], note: '' };
}

async function browserPass(url: string, browser: LaunchedChromium, s: DemoSettings): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const backend of ['wasm', 'webgl', 'cpu']) {
    const page = await browser.context.newPage();
    await page.goto(`${url}?backend=${backend}&${queryOf(s)}`);
    await page.waitForFunction(() => ['ready', 'error'].includes(document.body.dataset['state'] ?? ''), undefined, { timeout: 120_000 });
    const err = await page.evaluate(() => (window as unknown as { aevbDemo: { error?: string } }).aevbDemo.error);
    if (err !== undefined) {
      rows.push({ where: 'browser', backend, examplesPerSecond: undefined, note: err.slice(0, 160) });
      await page.close();
      continue;
    }
    const renderer = await page.evaluate(() => {
      const gl = document.createElement('canvas').getContext('webgl2');
      return gl === null ? 'no WebGL2' : String(gl.getParameter(gl.RENDERER));
    });
    await page.click('#start');
    await page.waitForFunction(() => ['done', 'error'].includes(document.body.dataset['state'] ?? ''), undefined, { timeout: 900_000 });
    const st = await page.evaluate(() => (window as unknown as { aevbDemo: { backend: { name: string }; epochs: { examplesPerSecond: number }[] } }).aevbDemo);
    rows.push({ where: 'browser', backend: st.backend.name, examplesPerSecond: st.epochs[st.epochs.length - 1]?.examplesPerSecond, note: backend === 'webgl' ? `renderer: ${renderer}` : '' });
    await page.close();
  }
  return rows;
}

/** Best and median of each configuration over interleaved repeats (other load only slows a run down). */
function summarize(runs: readonly BenchRow[][]): (BenchRow & { best: number | undefined; median: number | undefined; runs: number[] })[] {
  const first = runs[0] ?? [];
  return first.map((row, i) => {
    const v = runs.map((r) => r[i]?.examplesPerSecond).filter((x): x is number => x !== undefined).sort((a, b) => a - b);
    const median = v.length === 0 ? undefined : v[Math.floor(v.length / 2)];
    return { ...row, best: v[v.length - 1], median, runs: v };
  });
}

async function main(o: Record<string, number | undefined>): Promise<void> {
  const q = new URLSearchParams();
  for (const k of ['latent', 'hidden', 'train', 'test', 'batch', 'lr', 'seed']) if (o[k] !== undefined) q.set(k, String(o[k]));
  const repeat = o['repeat'] ?? 3;
  const s = { ...settingsFromQuery(q, { ...DEMO_DEFAULTS, trainSize: 1000, testSize: 200 }), epochs: 2 };
  process.stdout.write(`settings: Nz=${s.latent}, hidden=${s.hidden}, M=${s.batch}, ${s.trainSize} digits per epoch; epoch 2 timed; ${repeat} interleaved repeats\n`);
  const exe = findChromium();
  if (exe === undefined) process.stdout.write(`browser rows skipped: ${CHROMIUM_HELP}\n`);
  const dir = mkdtempSync(join(tmpdir(), 'aevb-bench-'));
  const runs: BenchRow[][] = [];
  try {
    if (exe !== undefined) await buildPage(dir);
    const server = exe === undefined ? undefined : await serveStatic(dir);
    const browser = exe === undefined ? undefined : await launchChromium(exe, SOFTWARE_WEBGL);
    try {
      for (let r = 0; r < repeat; r++) {
        const pass = [await nodeRow(s)];
        if (browser !== undefined && server !== undefined) pass.push(...(await browserPass(server.url, browser, s)));
        runs.push(pass);
      }
    } finally {
      await browser?.close();
      await server?.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const rows = summarize(runs);
  for (const r of rows) {
    const f = (x: number | undefined): string => (x === undefined ? 'n/a' : x.toFixed(0));
    process.stdout.write(`${r.where.padEnd(8)} ${r.backend.padEnd(12)} best ${f(r.best).padStart(6)}  median ${f(r.median).padStart(6)} examples/s  ${r.note}\n`);
  }
  mkdirSync('out', { recursive: true });
  writeFileSync(join('out', 'web-bench.json'), JSON.stringify({ settings: s, repeat, rows }, null, 2));
}

const int = (name: string, min = 1): ((v: string) => number) => intOption(name, { min });
const program = new Command('web-bench')
  .description("Throughput of the page's training loop in Node and in headless Chromium.")
  .addOption(new Option('--train <n>', 'training digits per epoch').argParser(int('train')))
  .addOption(new Option('--test <n>', 'test digits').argParser(int('test')))
  .addOption(new Option('--hidden <n>', 'hidden units').argParser(int('hidden')))
  .addOption(new Option('--latent <n>', 'dimension of z').argParser(int('latent')))
  .addOption(new Option('--batch <n>', 'minibatch size').argParser(int('batch')))
  .addOption(new Option('--lr <x>', 'learning rate').argParser(numberOption('lr', { positive: true })))
  .addOption(new Option('--seed <n>', 'seed').argParser(int('seed', 0)))
  .addOption(new Option('--repeat <n>', 'interleaved repeats (default 3)').argParser(int('repeat')))
  .showHelpAfterError('(add --help for the options)')
  .action(async (o: Record<string, number | undefined>) => main(o));

await runCli(program, process.argv.slice(2));
