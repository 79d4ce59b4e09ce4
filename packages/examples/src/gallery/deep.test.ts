import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PNG } from 'pngjs';
import { cvaeEntry } from './cvae.js';
import { compareDlgmVae } from './dlgm.js';

// The deep models have no closed-form answer; at a small budget the tests check that the
// automatic amortized guide trains them: the test ELBO is finite and improves on the
// initialization by far more than its evaluation noise (2 passes over 500 test digits: the
// per-digit bound's SE is well under 1 nat, the improvements are tens of nats).
describe('gallery: deep models on MNIST (small budget)', () => {
  it('two-layer DLGM and one-layer VAE: finite test ELBOs that improve, at the same budget', async () => {
    const m = await compareDlgmVae({ steps: 60, seed: 1, hidden: 64, pool: 1000 });
    for (const v of Object.values(m)) expect(Number.isFinite(v)).toBe(true);
    expect(m['test ELBO per digit, DLGM (after)']!).toBeGreaterThan(m['test ELBO per digit, DLGM (before)']! + 20);
    expect(m['test ELBO per digit, VAE (after)']!).toBeGreaterThan(m['test ELBO per digit, VAE (before)']! + 20);
  });

  it('conditional VAE: improves, and writes one PNG with 8 samples of each of the 10 classes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aevb-cvae-'));
    try {
      const { metrics, files } = await cvaeEntry.run({ steps: 60, seed: 1, outDir: dir });
      expect(metrics['test ELBO per digit (after)']!).toBeGreaterThan(metrics['test ELBO per digit (before)']! + 20);
      expect(files).toHaveLength(1);
      const png = PNG.sync.read(readFileSync(files[0]!));
      // 8 columns × 10 rows of 28-pixel digits, 1-pixel padding, scale 2.
      expect(png.width).toBe(2 * (8 * 28 + 9));
      expect(png.height).toBe(2 * (10 * 28 + 11));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
