// The VAE job end to end (one small epoch) and the CLI's answers to bad input.
import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { tf } from '@aevb/core';
import { VAE_DEFAULTS } from './config.js';
import { resumeConfig } from './run-config.js';
import { runVae } from './train.js';

const run = promisify(execFile);
const CLI = new URL('../../dist/vae/cli.js', import.meta.url).pathname;

async function cli(args: string[]): Promise<{ code: number; stderr: string }> {
  try {
    await run('node', [CLI, ...args], { env: { ...process.env, AEVB_BACKEND: 'cpu' } });
    return { code: 0, stderr: '' };
  } catch (e) {
    const err = e as { code: number; stderr: string };
    return { code: err.code, stderr: err.stderr };
  }
}

describe('pnpm vae', () => {
  it('trains one small epoch and writes metrics, pictures and a reusable model; resume extends it', async () => {
    const out = mkdtempSync(join(tmpdir(), 'aevb-vae-'));
    const before = tf.memory().numTensors;
    const cfg = { ...VAE_DEFAULTS, data: 'embedded', latent: 2, hidden: 64, epochs: 1, train: 600, llSamples: 4, evalPasses: 1, out };
    const quiet = { log: () => {}, progress: false } as const;
    const m = await runVae(cfg, quiet);
    expect(tf.memory().numTensors).toBe(before);
    expect(m.epochs).toHaveLength(1);
    expect(m.trainElbo).toBeLessThan(0);
    expect(m.testElbo).toBeLessThan(0);
    // The importance-sampled log-likelihood is a tighter bound than the ELBO (allowing MC noise of ~1 nat at K=4).
    expect(m.testLogLikelihood).toBeGreaterThan(m.testElbo - 1);
    expect(m.examplesPerSecond).toBeGreaterThan(0);
    for (const f of ['metrics.json', 'samples.png', 'reconstructions.png', 'elbo.svg', 'denoised.png', 'manifold.png', 'latent-scatter.svg', 'model/params.bin', 'model/config.json']) {
      expect(existsSync(join(out, f)), f).toBe(true);
    }
    const metrics = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8')) as Record<string, unknown>;
    for (const k of ['backend', 'config', 'epochs', 'trainElbo', 'testElbo', 'testLogLikelihood', 'examplesPerSecond']) expect(metrics).toHaveProperty(k);
    // metrics.json says which data set and split the run used.
    expect(metrics['data']).toMatchObject({ set: 'embedded', train: 600, test: 2004 });
    expect((metrics['data'] as { split: string }).split).toMatch(/^80\/20 per-digit split .*first 600 training examples/);
    expect(metrics['config']).toMatchObject({ data: 'embedded' });
    const resumed = await runVae(resumeConfig(out, { epochs: 2 }), { ...quiet, mode: 'resume' });
    expect(resumed.epochs).toHaveLength(2);
    expect(resumed.epochs[0]?.trainElbo).toBe(m.epochs[0]?.trainElbo);
    // The resumed second epoch follows exactly the trajectory of an uninterrupted two-epoch run.
    const full = await runVae({ ...cfg, epochs: 2, out: mkdtempSync(join(tmpdir(), 'aevb-vae-full-')) }, quiet);
    expect(resumed.epochs[1]?.trainElbo).toBe(full.epochs[1]?.trainElbo);
    expect(resumed.epochs[1]?.testElbo).toBe(full.epochs[1]?.testElbo);
  }, 120_000);

  it('rejects unknown and malformed options with a message and exit code 2', async () => {
    const unknown = await cli(['--latnet', '3']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown option '--latnet'/);
    const malformed = await cli(['--latent', 'two']);
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toMatch(/--latent needs an integer, got 'two'/);
    const zero = await cli(['--batch', '0', '--epochs', '1']);
    expect(zero.code).toBe(2);
    expect(zero.stderr).toMatch(/--batch must be at least 1, got 0/);
  }, 60_000);

  it('names a missing or corrupt IDX folder and an unwritable output folder', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aevb-idx-'));
    const missing = await cli(['--data', join(dir, 'nope'), '--out', join(dir, 'o')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/data directory '.*nope' is missing/);
    for (const f of ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte', 't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte']) {
      writeFileSync(join(dir, f), Buffer.from([0, 0, 9, 9, 0, 0, 0, 0])); // declares rank 9: truncated
    }
    const corrupt = await cli(['--data', dir, '--out', join(dir, 'o')]);
    expect(corrupt.code).toBe(2);
    expect(corrupt.stderr).toMatch(/IDX file '.*train-images-idx3-ubyte' is truncated/);
    const file = join(dir, 'a-file');
    writeFileSync(file, 'x');
    const unwritable = await cli(['--out', join(file, 'sub'), '--epochs', '1']);
    expect(unwritable.code).toBe(2);
    expect(unwritable.stderr).toMatch(/output folder '.*a-file\/sub' cannot be written/);
  }, 60_000);

  it('--resume names a folder that holds no run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aevb-none-'));
    const r = await cli(['--resume', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--resume .*: cannot read .*run-config.json/);
  }, 60_000);
});
