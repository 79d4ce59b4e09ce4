import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ArgumentError, tf } from '@aevb/core';
import { FIGURE3_DEFAULTS, checkFigure3Config, figure3Marks } from './config.js';
import { requestedFigure } from './cli.js';
import { runFigure3 } from './run.js';

describe('pnpm paper --figure 3', () => {
  it('runs AEVB, wake-sleep and MCEM end to end on a tiny budget and writes the figure, table and JSON', async () => {
    const out = mkdtempSync(join(tmpdir(), 'aevb-figure3-'));
    const before = tf.memory().numTensors;
    const r = await runFigure3({ ...FIGURE3_DEFAULTS, data: 'embedded', trainSizes: [200], budget: 400, marks: 2, hidden: 20, evalSize: 4, evalWarmup: 60, evalDraws: 200, out }, () => {});
    expect(tf.memory().numTensors).toBe(before);
    expect(r.results.map((x) => x.method)).toEqual(['aevb', 'wake-sleep', 'mcem']);
    for (const x of r.results) {
      expect(x.curve.map((p) => p.samples)).toEqual([100, 400]);
      // Soft-Bernoulli log p(x) of 784 grey values is negative and finite, with a positive SE. Short
      // chains (60 + 200 transitions, two per datapoint) may leave a datapoint's estimate refused (a
      // chain's tail, or two chains that disagree): it is counted, not averaged. With 30 + 100
      // transitions the two chains disagreed on half the datapoints.
      for (const p of x.curve) {
        for (const v of [p.train, p.test]) expect(v).toBeLessThan(0);
        expect(p.trainSe).toBeGreaterThan(0);
        expect(p.refused).toBeLessThan(4);
      }
    }
    expect(r.results[2]?.hmc?.acceptRate).toBeGreaterThan(0);
    expect(readFileSync(join(out, 'figure3-n200.svg'), 'utf8')).toContain('MCEM test');
    const md = readFileSync(join(out, 'results.md'), 'utf8');
    // Six rows of method × mark, and two of the table over the datapoints every method kept.
    expect(md.split('\n').filter((l) => l.startsWith('| 200 |'))).toHaveLength(8);
    expect(md).toContain('| N train | samples evaluated | kept (train / test) | AEVB | Wake-Sleep | MCEM |');
    for (const x of r.results) for (const p of x.curve) expect([p.trainValues.length, p.testValues.length]).toEqual([4, 4]);
    expect(JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')).results).toHaveLength(3);
    rmSync(out, { recursive: true, force: true });
  }, 300_000);

  it('checks its options, refuses training sets larger than the data, and spaces the marks by 4', async () => {
    expect(figure3Marks(100_000, 100, 4)).toEqual([1500, 6200, 25_000, 100_000]);
    expect(figure3Marks(300, 100, 3)).toEqual([100, 300]);
    expect(() => checkFigure3Config({ ...FIGURE3_DEFAULTS, methods: ['mcem', 'mcem'] })).toThrow(/'--methods' lists mcem twice/);
    expect(() => checkFigure3Config({ ...FIGURE3_DEFAULTS, truncation: 0 })).toThrow(/--truncation/);
    expect(() => checkFigure3Config({ ...FIGURE3_DEFAULTS, evalDraws: 10 })).toThrow(ArgumentError);
    expect(FIGURE3_DEFAULTS.data).toBe('mnist');
    await expect(runFigure3({ ...FIGURE3_DEFAULTS, data: 'embedded', trainSizes: [50_000], out: mkdtempSync(join(tmpdir(), 'aevb-figure3-')) }, () => {})).rejects.toThrow(
      /--train-sizes.*50000 exceeds the 7996 training digits.*needs full MNIST/,
    );
    expect(requestedFigure(['--budget', '5', '--figure', '3'])).toBe('3');
    expect(requestedFigure(['--figure=3'])).toBe('3');
    expect(requestedFigure(['--budget', '5'])).toBe('2');
  });
});
