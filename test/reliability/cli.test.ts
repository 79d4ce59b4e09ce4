// The command-line tools as a user meets them (built `dist/` run in child processes): strict
// options, one exit-code convention (0 help, 2 usage, 1 failure), no stack trace for a user
// error, sizes checked up front, flags of subcommands honoured, a page build that never deletes
// a training run, and NaN recovery by --resume with a lower --lr.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tf } from '@aevb/core';
import { NonFiniteError } from '@aevb/inference';
import { VAE_DEFAULTS, runVae } from '@aevb/examples';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DIST = join(ROOT, 'packages/examples/dist');
const root = mkdtempSync(join(tmpdir(), 'aevb-cli-'));
let n = 0;
const fresh = (): string => join(root, `d${n++}`);

interface Result {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}
function run(script: string, args: readonly string[], cwd = root): Promise<Result> {
  return new Promise((done) => {
    execFile('node', [script, ...args], { cwd, env: { ...process.env, AEVB_BACKEND: 'cpu' }, maxBuffer: 1 << 24 }, (err, stdout, stderr) => {
      done({ code: err === null ? 0 : typeof err.code === 'number' ? err.code : -1, stdout, stderr });
    });
  });
}
const vae = (...a: string[]): Promise<Result> => run(join(DIST, 'vae/cli.js'), a);
const paper = (...a: string[]): Promise<Result> => run(join(DIST, 'paper/cli.js'), a);
const example = (...a: string[]): Promise<Result> => run(join(DIST, 'example-cli.js'), a);
const demo = (...a: string[]): Promise<Result> => run(join(DIST, 'web/demo.js'), a);
const STACK = /\n\s+at /;
const TINY = ['--data', 'embedded', '--latent', '2', '--hidden', '16', '--epochs', '1', '--train', '300', '--ll-samples', '2', '--eval-passes', '1', '--no-progress'];
const quiet = { log: (): void => {}, progress: false } as const;
const tiny = { ...VAE_DEFAULTS, data: 'embedded', latent: 2, hidden: 16, epochs: 1, train: 300, llSamples: 2, evalPasses: 1 };

let model: string;
beforeAll(async () => {
  const out = fresh();
  await runVae({ ...tiny, out }, quiet);
  model = join(out, 'model');
}, 120_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('one exit-code convention and strict options', () => {
  it('--help exits 0 in every tool; usage errors exit 2 naming the flag, without a stack trace', async () => {
    for (const r of await Promise.all([vae('--help'), paper('--help'), example('--help'), demo('--help')])) {
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^Usage: /);
    }
    // A working directory holding folders named like the data set keywords.
    const amb = fresh();
    for (const k of ['mnist', 'embedded']) mkdirSync(join(amb, k), { recursive: true });
    const cases: [Promise<Result>, RegExp][] = [
      [example('linear-regression', '--steps', '1e3'), /--steps needs an integer, got '1e3'/],
      [example('linear-regression', '--steps', '10abc'), /--steps needs an integer, got '10abc'/],
      [example('linear-regression', '--seed', 'abc'), /--seed needs an integer, got 'abc'/],
      [example('linear-regression', '--steps', 'abc'), /--steps needs an integer, got 'abc'/],
      [example(), /name a model to run, or --list them/],
      [example('nope'), /unknown model 'nope'/],
      [paper('--methods', 'aevb,aevb'), /--methods lists aevb twice/],
      [paper('--latents', '3,x'), /--latents needs an integer, got 'x'/],
      [vae('--out', ''), /--out needs a path, got an empty value/],
      [vae('--latnet', '3'), /unknown option '--latnet'/],
      [vae('--resume', fresh(), '--force'), /--resume continues a run and --force replaces one/],
      [vae('--data', ''), /--data needs a path, got an empty value/],
      [paper('--data', ' '), /--data needs a path, got an empty value/],
      [run(join(DIST, 'vae/cli.js'), ['--data', 'mnist', '--out', fresh()], amb), /--data 'mnist' is ambiguous: it names a packaged data set and a folder here; write '.\/mnist' for the folder/],
      [run(join(DIST, 'paper/cli.js'), ['--data', 'embedded', '--out', fresh()], amb), /--data 'embedded' is ambiguous/],
      [run(join(DIST, 'vae/cli.js'), ['encode', '--model', fresh(), '--data', 'mnist'], amb), /--data 'mnist' is ambiguous/],
      [paper('--data', fresh()), /loadMnistIdx: data directory '.*' is missing/],
      [run(join(ROOT, 'bench/run.mjs'), ['--steps', '-5']), /--steps must be at least 1, got -5/],
    ];
    for (const [p, message] of cases) {
      const r = await p;
      expect(r.code, message.source).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(STACK);
    }
  }, 120_000);

  it('sizes are checked up front: a batch above the data, a hidden layer too large for memory, image counts', async () => {
    const p = await paper('--data', 'embedded', '--budget', '10000', '--batch', '9000', '--latents', '3', '--out', fresh());
    expect(p.code).toBe(2);
    expect(p.stderr).toMatch(/paper: argument '--batch' 9000 is larger than the training data \(7996 examples/);
    const out = fresh();
    const started = Date.now();
    const h = await vae('--hidden', '100000000', '--out', out);
    expect(h.code).toBe(2);
    expect(h.stderr).toMatch(/vae: argument '--hidden' 100000000 makes a 784×100000000 weight matrix/);
    expect(h.stderr).not.toMatch(/RangeError|Invalid typed array length/);
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(existsSync(out)).toBe(false);
    for (const count of ['-1', '100000000']) {
      const s = await vae('sample', '--model', model, '--n', count, '--out', join(fresh(), 's.png'));
      expect(s.code).toBe(2);
      expect(s.stderr).toMatch(/--n must be at least 1, got -1|argument '--n' 100000000 images need about/);
      expect(s.stderr).not.toMatch(STACK);
    }
  }, 120_000);
});

describe('flags of the subcommands reach them', () => {
  it('vae sample --out writes where it says; encode --data refuses a missing folder', async () => {
    const dir = fresh();
    const s = await vae('sample', '--model', model, '--n', '4', '--seed', '3', '--out', join(dir, 'sub', 's.png'));
    expect(s.code).toBe(0);
    expect(existsSync(join(dir, 'sub', 's.png'))).toBe(true);
    expect(existsSync(join(root, 'samples.png'))).toBe(false);
    const e = await vae('encode', '--model', model, '--data', join(dir, 'nope'), '--out', join(dir, 'z.json'));
    expect(e.code).toBe(2);
    expect(e.stderr).toMatch(/data directory '.*nope' is missing/);
    expect(existsSync(join(dir, 'z.json'))).toBe(false);
  }, 120_000);

  it('--model given a training run\'s folder names the model folder inside it', async () => {
    const s = await vae('sample', '--model', dirname(model), '--n', '4', '--out', join(fresh(), 's.png'));
    expect(s.code).toBe(2);
    expect(s.stderr).toContain(`is a training run's folder, its model is --model ${model}`);
  }, 120_000);
});

describe('the demo build never deletes a training run', () => {
  it('refuses a non-empty folder that is not a page build, and a file, leaving both intact', async () => {
    const runDir = join(model, '..');
    const before = readdirSync(runDir).sort();
    const r = await demo('--build', runDir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/is not empty .* and is not a page built by pnpm demo; aevb never deletes files it did not write/);
    expect(readdirSync(runDir).sort()).toEqual(before);
    expect(existsSync(join(runDir, 'checkpoints', 'checkpoint-0.aevb'))).toBe(true);
    const file = join(fresh() + '.txt');
    writeFileSync(file, 'mine');
    const f = await demo('--build', file);
    expect(f.code).toBe(2);
    expect(f.stderr).toMatch(/demo --build: '.*' is a file, not a folder/);
    expect(f.stderr).not.toMatch(STACK);
    expect(readFileSync(file, 'utf8')).toBe('mine');
  }, 120_000);
});

describe('NaN recovery', () => {
  it('a diverging run exits 1 without a model; --resume with a lower --lr applies it, says so, and recovers', async () => {
    const out = fresh();
    const bad = await vae(...TINY, '--epochs', '2', '--lr', '1e30', '--out', out);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(new RegExp(`--resume ${out} with a lower --lr \\(now 1e\\+30\\) restarts the run from its beginning`));
    expect(existsSync(join(out, 'model'))).toBe(false);
    expect(existsSync(join(out, 'metrics.json'))).toBe(false);
    const good = await vae('--resume', out, '--lr', '1e-3', '--no-progress');
    expect(good.code).toBe(0);
    expect(good.stderr).toContain('resume: --lr 0.001 (was 1e+30)');
    const m = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8')) as { trainElbo: number; testElbo: number; config: { lr: number } };
    expect(Number.isFinite(m.trainElbo) && Number.isFinite(m.testElbo)).toBe(true);
    expect(m.config.lr).toBe(1e-3);
  }, 180_000);

  it('with fewer than 10 bad steps the run still exits 1 on its non-finite final metric', async () => {
    const out = fresh();
    const r = await vae(...TINY, '--lr', '1e30', '--out', out);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/vae: the final training ELBO is NaN, so no model or metrics were written/);
    expect(existsSync(join(out, 'model'))).toBe(false);
  }, 120_000);

  it('runVae frees its tensors when training diverges', async () => {
    const before = tf.memory().numTensors;
    const err = await runVae({ ...tiny, lr: 1e30, epochs: 2, out: fresh() }, quiet).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NonFiniteError);
    expect(tf.memory().numTensors).toBe(before);
  }, 120_000);

  it('paper names --lrs when every step size diverges', async () => {
    const r = await paper('--data', 'embedded', '--lrs', '1e30', '--latents', '3', '--methods', 'aevb', '--budget', '200', '--pilot-budget', '100', '--hidden', '16', '--curve-eval-size', '50', '--ll-test-size', '10', '--ll-samples', '2', '--out', fresh());
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/paper: N_z=3 AEVB: training diverged at every --lrs value \(1e\+30\); try smaller step sizes/);
    expect(r.stderr).not.toMatch(/linePlot/);
  }, 120_000);
});

describe('an output folder has one owner', () => {
  it('a fresh run over a finished run is refused; the lock of a live run is refused naming it', async () => {
    const runDir = join(model, '..');
    const r = await vae(...TINY, '--out', runDir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/holds the run recorded in .*run-config\.json; continue it with --resume .*, replace it with --force/);
    const { acquireFolderLock } = await import('@aevb/inference/node');
    const lock = await acquireFolderLock(runDir, { command: 'the test holding the folder' });
    try {
      const busy = await vae('--resume', runDir, '--epochs', '2');
      expect(busy.code).toBe(2);
      expect(busy.stderr).toMatch(new RegExp(`is in use by pid ${process.pid} .*the test holding the folder.*still running`));
    } finally {
      await lock.release();
    }
  }, 120_000);

  it('resume refuses architecture flags that differ; a forced run killed before its first checkpoint resumes as itself, not as a hybrid', async () => {
    const out = fresh();
    await runVae({ ...tiny, out }, quiet); // run A, finished
    const r = await vae('--resume', out, '--latent', '3');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/vae: argument '--latent' is 3 but the run in '.*' was started with 2; a resumed run keeps its architecture/);
    // Run B replaces A (--force) and "dies" before its first checkpoint: only its run-config is written.
    const { prepareVae } = await import('@aevb/examples');
    const b = { ...tiny, latent: 3, seed: 5, out };
    const job = await prepareVae(b, { ...quiet, mode: 'force' });
    await job.folder.release();
    expect(readdirSync(join(out, 'checkpoints'))).toEqual([]);
    expect(existsSync(join(out, 'model', 'params.bin'))).toBe(false);
    const resumed = await runVae({ ...b, out }, { ...quiet, mode: 'resume', overrides: {} });
    const reference = await runVae({ ...b, out: fresh() }, quiet);
    expect(resumed.config.latent).toBe(3);
    expect(resumed.epochs.map((e) => e.trainElbo)).toEqual(reference.epochs.map((e) => e.trainElbo));
  }, 180_000);

  it('output folders that are files are refused before anything is written', async () => {
    const file = join(fresh() + '.txt');
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, 'mine');
    const r = await vae(...TINY, '--out', file);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/output folder '.*' cannot be written: it is a file/);
    expect(readFileSync(file, 'utf8')).toBe('mine');
  }, 60_000);
});
