import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ArgumentError, tf } from '@aevb/core';
import { PAPER_DEFAULTS, checkPaperConfig, checkpoints } from './config.js';
import { runPaper } from './run.js';

describe('pnpm paper (Figure 2)', () => {
  it('runs AEVB and wake-sleep end to end on a tiny budget and writes the figure, table and JSON', async () => {
    const out = mkdtempSync(join(tmpdir(), 'aevb-paper-'));
    const before = tf.memory().numTensors;
    const r = await runPaper(
      { ...PAPER_DEFAULTS, data: 'embedded', budget: 800, pilotBudget: 200, latents: [3], hidden: 50, learningRates: [0.02, 0.1], curveEvalSize: 200, llTestSize: 20, llSamples: 5, out },
      () => {},
    );
    expect(tf.memory().numTensors).toBe(before);
    expect(r.results.map((x) => x.method)).toEqual(['aevb', 'wake-sleep']);
    for (const x of r.results) {
      expect(x.curve.map((p) => p.samples)).toEqual([100, 200, 400, 800]);
      expect([0.02, 0.1]).toContain(x.lr);
      // Bernoulli on 784 grey values: a bound per datapoint must be negative and finite, and the
      // IS estimate of log p(x) (K = 5) is at least the ELBO up to noise on 20 points.
      for (const v of [x.trainBound, x.testBound, x.testLogMarginal, ...x.curve.flatMap((p) => [p.train, p.test])]) {
        expect(Number.isFinite(v)).toBe(true);
        expect(v).toBeLessThan(0);
      }
      expect(x.rejected).toBe(0);
    }
    // AEVB ascends its bound: after 8 steps of Adagrad the training bound beats the first point.
    const aevb = r.results[0]?.curve ?? [];
    expect((aevb[aevb.length - 1]?.train ?? -Infinity) > (aevb[0]?.train ?? Infinity)).toBe(true);
    const svg = readFileSync(join(out, 'figure2-nz3.svg'), 'utf8');
    expect(svg).toContain('AEVB train');
    expect(svg).toContain('Wake-Sleep test');
    const md = readFileSync(join(out, 'results.md'), 'utf8');
    expect(md.split('\n').filter((l) => l.startsWith('| 3 |'))).toHaveLength(2);
    expect(existsSync(join(out, 'results.json'))).toBe(true);
    rmSync(out, { recursive: true, force: true });
  });

  it('--resume reuses the pairs an interrupted run saved, refuses other options; a run without it starts over', async () => {
    const out = mkdtempSync(join(tmpdir(), 'aevb-paper-resume-'));
    const cfg = { ...PAPER_DEFAULTS, data: 'embedded', budget: 200, pilotBudget: 100, latents: [3, 5], methods: ['aevb' as const], hidden: 20, learningRates: [0.02], curveEvalSize: 50, llTestSize: 10, llSamples: 2, out };
    const first = await runPaper(cfg, () => {});
    expect(readdirSync(join(out, 'runs')).sort()).toEqual(['nz3-aevb.json', 'nz5-aevb.json']);
    rmSync(join(out, 'runs', 'nz5-aevb.json')); // as if interrupted during the second pair
    const lines: string[] = [];
    const resumed = await runPaper({ ...cfg, resume: true }, (l) => lines.push(l));
    expect(resumed.results[0]).toEqual(first.results[0]); // read back, seconds included: not trained again
    expect(lines.filter((l) => l.includes('saved by an earlier run'))).toEqual([expect.stringMatching(/^N_z=3 AEVB \(saved by an earlier run, --resume\)/)]);
    expect(lines.some((l) => l.startsWith('N_z=5 AEVB: pilot'))).toBe(true);
    expect(resumed.results.map((r) => r.latent)).toEqual([3, 5]);
    await expect(runPaper({ ...cfg, budget: 300, resume: true }, () => {})).rejects.toThrow(
      `paper: argument '--resume' cannot reuse the saved pair '${join(out, 'runs', 'nz3-aevb.json')}': it was run with budget 200, this run asks 300`,
    );
    await expect(runPaper({ ...cfg, data: 'mnist', resume: true }, () => {})).rejects.toThrow(/it was run with data "embedded", this run asks "mnist"/);
    const again: string[] = [];
    await runPaper(cfg, (l) => again.push(l));
    expect(again.some((l) => l.includes('saved by an earlier run'))).toBe(false);
    rmSync(out, { recursive: true, force: true });
  });

  it('checks its options and spaces the checkpoints geometrically', () => {
    expect(checkpoints(1000, 100)).toEqual([100, 200, 400, 800, 1000]);
    expect(checkpoints(250, 100)).toEqual([100, 200]);
    expect(() => checkPaperConfig({ ...PAPER_DEFAULTS, budget: 50 })).toThrow(ArgumentError);
    expect(() => checkPaperConfig({ ...PAPER_DEFAULTS, latents: [] })).toThrow(/--latents/);
    expect(() => checkPaperConfig({ ...PAPER_DEFAULTS, learningRates: [0] })).toThrow(/--lrs/);
  });
});
